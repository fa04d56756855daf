import { persistentMatrix } from './persistent-matrix';

persistentMatrix(['ResetInstances', 'PublishCmqMsg']);
