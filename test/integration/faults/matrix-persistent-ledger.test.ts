import { persistentMatrix } from '../../support/persistent-matrix';

// The guardrail ledger's reads and writes (COS GetObject, PutObject): with no ledger, nothing is reset.
persistentMatrix(['GetObject', 'PutObject']);
