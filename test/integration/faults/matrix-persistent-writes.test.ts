import { persistentMatrix } from '../../support/persistent-matrix';

persistentMatrix(['ResetInstances', 'PublishCmqMsg']);
