/** `uuid` for the bundle: the SDK only calls `v4()` (X-TC-TraceId); Node has it built in. */
import { randomUUID } from 'node:crypto';

export const v4 = (): string => randomUUID();
