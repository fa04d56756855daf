import { persistentMatrix } from '../../support/persistent-matrix';

// The hourly budget's read (Tag GetResources): with no budget known, nothing is reset.
persistentMatrix(['GetResources']);
