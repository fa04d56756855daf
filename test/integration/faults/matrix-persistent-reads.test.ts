import { persistentMatrix } from '../../support/persistent-matrix';

persistentMatrix(['DescribeInstances', 'GetSecretValue']);
