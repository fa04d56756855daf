import { build } from 'esbuild';
import { type BundleResult, bundleFunction, bundleOptions, FUNCTIONS, ROOT } from '../lib/tools/build/bundle';
import { type Bench, functionEnv, log } from './context';
import { median, round } from './stats';
import { timedNode, timedRequire } from './timed-spawn';

const COLD_LOAD_ROUNDS = 21;

export interface Bundles {
  bundle: BundleResult;
  naive: { file: string; bytes: number };
  /** `node -e ''`: process start to exit, ms. */
  bareWallMs: number;
}

/** The same function bundled by esbuild with the SDK's own dependencies: the baseline the shims improve on. */
async function naiveBundle(outdir: string, entry: string): Promise<{ file: string; bytes: number }> {
  const file = `${outdir}/naive/index.js`;
  const r = await build(bundleOptions(entry, file));
  return { file, bytes: Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0) };
}

/** Bundle size, and the cold load (require) against the SDK and a naive bundle, interleaved so noise hits all alike. */
export async function measureLoad(b: Bench): Promise<Bundles> {
  log('building bundles');
  const fn = FUNCTIONS[0];
  if (fn === undefined) throw new Error('no function');
  const bundle = await bundleFunction(fn, b.work);
  const naive = await naiveBundle(b.work, fn.entry);
  b.rows.push({
    metric: 'bundle size',
    value: `${bundle.bytes.toLocaleString('en')} B`,
    baseline: `${naive.bytes.toLocaleString('en')} B (esbuild, SDK deps as-is)`,
    ratio: `${round(naive.bytes / bundle.bytes)}× smaller`,
    target: '≤ 150 KB',
    pass: bundle.bytes <= 150 * 1024,
  });
  log(`cold load: ${COLD_LOAD_ROUNDS} rounds`);
  const env = functionEnv(b);
  const load = {
    bare: [] as number[],
    sdkWall: [] as number[],
    sdk: [] as number[],
    bundleWall: [] as number[],
    bundle: [] as number[],
    naive: [] as number[],
  };
  for (let i = 0; i < COLD_LOAD_ROUNDS; i++) {
    load.bare.push(timedNode('', { cwd: b.work, env }).wallMs);
    const sdk = timedNode(timedRequire('tencentcloud-sdk-nodejs'), { cwd: ROOT, env });
    load.sdkWall.push(sdk.wallMs);
    load.sdk.push(Number(sdk.reported));
    const bu = timedNode(timedRequire(bundle.file), { cwd: b.work, env });
    load.bundleWall.push(bu.wallMs);
    load.bundle.push(Number(bu.reported));
    load.naive.push(Number(timedNode(timedRequire(naive.file), { cwd: b.work, env }).reported));
  }
  const loadBundle = median(load.bundle);
  const loadSdk = median(load.sdk);
  b.rows.push({
    metric: 'cold load: require() time',
    value: `${round(loadBundle)} ms`,
    baseline: `full SDK ${round(loadSdk)} ms; naive bundle ${round(median(load.naive))} ms`,
    ratio: `${round(loadSdk / loadBundle)}× faster than the SDK`,
    target: '≥ 20× faster than the SDK',
    pass: loadSdk / loadBundle >= 20,
  });
  const overBare = median(load.bundleWall) - median(load.bare);
  b.rows.push({
    metric: 'cold load: process, above bare node',
    value: `+${round(overBare)} ms (${round(median(load.bundleWall))} ms)`,
    baseline: `\`node -e ''\` ${round(median(load.bare))} ms; SDK +${round(median(load.sdkWall) - median(load.bare))} ms`,
    ratio: `${round((median(load.sdkWall) - median(load.bare)) / overBare)}× less than the SDK`,
    target: '≤ 15 ms above bare node',
    pass: overBare <= 15,
  });
  b.raw['bundleBytes'] = bundle.bytes;
  b.raw['naiveBundleBytes'] = naive.bytes;
  b.raw['coldLoadMs'] = load;
  return { bundle, naive, bareWallMs: median(load.bare) };
}
