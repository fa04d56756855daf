import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { pruneClient, usedActions } from './used-actions';

const shim = (name: string): string => fileURLToPath(new URL(`../../function/tencent/sdk-shims/${name}.ts`, import.meta.url));

/**
 * What the bundle uses instead of the SDK's runtime dependencies (see each shim for why it is
 * equivalent for the calls the function makes). node-fetch pulls in whatwg-url/tr46 (265 KB of
 * Unicode tables), form-data pulls in mime-db (137 KB): together most of the SDK's load time.
 */
export const SDK_SHIMS: Readonly<Record<string, string>> = {
  tslib: shim('tslib'),
  uuid: shim('uuid'),
  'json-bigint': shim('json-bigint'),
  'is-stream': shim('is-stream'),
  'get-stream': shim('get-stream'),
  'form-data': shim('form-data'),
};

/** Relative requires inside the SDK replaced as a whole, by the module that requires them. */
const SDK_RELATIVE: readonly { request: string; importer: RegExp; shim: string }[] = [
  { request: './fetch', importer: /tencentcloud[\\/]common[\\/]http[\\/]http_connection\.js$/, shim: shim('fetch') },
  { request: './sse_response_model', importer: /tencentcloud[\\/]common[\\/]abstract_client\.js$/, shim: shim('sse-response-model') },
];

/** The generated client classes, one per service and version. */
const SDK_CLIENT = /tencentcloud-sdk-nodejs[\\/]tencentcloud[\\/]services[\\/][^\\/]+[\\/][^\\/]+[\\/]\w+_client\.js$/;

/** Packages that must never reach the bundle: if one does, a new SDK path needs a shim. */
const FORBIDDEN = ['node-fetch', 'https-proxy-agent', 'agent-base', 'whatwg-url', 'tr46', 'mime-types', 'mime-db', 'bignumber.js', 'debug'];

export interface SdkShimsOptions {
  /** SDK actions the project calls (see usedActions); other client methods are dropped. */
  actions: ReadonlySet<string>;
}

export function sdkShimsPlugin(options: SdkShimsOptions = { actions: usedActions(fileURLToPath(new URL('../../function/tencent', import.meta.url))) }): Plugin {
  const names = Object.keys(SDK_SHIMS).join('|');
  return {
    name: 'ecm-reset-sdk-shims',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) => ({ path: SDK_SHIMS[args.path] ?? args.path }));
      build.onResolve({ filter: /^\.\/(fetch|sse_response_model)$/ }, (args) => {
        const replaced = SDK_RELATIVE.find((r) => r.request === args.path && r.importer.test(args.importer));
        return replaced === undefined ? undefined : { path: replaced.shim };
      });
      build.onLoad({ filter: SDK_CLIENT }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const pruned = pruneClient(source, options.actions);
        if (pruned === null) return { contents: source, loader: 'js', warnings: [{ text: `${args.path}: unexpected shape, kept whole` }] };
        return { contents: pruned.source, loader: 'js' };
      });
      build.onResolve({ filter: new RegExp(`^(${FORBIDDEN.join('|').replace(/\./g, '\\.')})(/.*)?$`) }, (args) => ({
        errors: [{ text: `${args.path} must not be bundled (imported by ${args.importer}); add a shim in lib/function/tencent/sdk-shims/` }],
      }));
    },
  };
}
