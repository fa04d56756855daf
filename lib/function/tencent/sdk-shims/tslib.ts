/**
 * The three tslib 1.x helpers the SDK's compiled CommonJS calls (`__importDefault`,
 * `__importStar`, `__exportStar`), with tslib's semantics, instead of all of tslib.
 */
type Module = Record<string, unknown>;

const isObject = (mod: unknown): mod is Module => (typeof mod === 'object' || typeof mod === 'function') && mod !== null;
const isEsModule = (mod: unknown): boolean => isObject(mod) && mod['__esModule'] === true;

export function __importDefault(mod: unknown): unknown {
  return isEsModule(mod) ? mod : { default: mod };
}

/**
 * Binds each export with a getter, as tslib 2 does, instead of copying values as tslib 1.13
 * does: copying `require('crypto')` (sign.js) reads every lazy getter of node:crypto and
 * loads webcrypto at cold start for nothing.
 */
export function __importStar(mod: unknown): unknown {
  if (isEsModule(mod)) return mod;
  const result: Module = {};
  if (isObject(mod)) {
    for (const k in mod) {
      if (Object.hasOwn(mod, k)) Object.defineProperty(result, k, { enumerable: true, get: () => mod[k] });
    }
  }
  result['default'] = mod;
  return result;
}

export function __exportStar(mod: Module, exports: Module): void {
  for (const p in mod) if (p !== 'default' && !Object.hasOwn(exports, p)) exports[p] = mod[p];
}
