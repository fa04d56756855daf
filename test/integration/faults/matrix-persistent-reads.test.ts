import { persistentMatrix } from './persistent-matrix';

persistentMatrix(['DescribeInstances', 'GetSecretValue']);
