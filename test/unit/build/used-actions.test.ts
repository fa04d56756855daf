import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionsIn, usedActions } from '../../../lib/tools/build/used-actions';

const TENCENT = fileURLToPath(new URL('../../../lib/function/tencent', import.meta.url));

describe('usedActions, the scan behind the SDK pruning and the CAM policy check', () => {
  it("finds client.request('Action', …) calls, in either quote, and the generated wrappers called directly", () => {
    const source = `
      const r = await client.request('DescribeInstances', req, options);
      const s = await client.request(
        "GetSecretValue",
        req,
      );
      await client.requestOctetStream('UploadThing', req);
      await client.ResetInstances(req);`;
    expect(actionsIn(source).sort()).toEqual(['DescribeInstances', 'GetSecretValue', 'ResetInstances', 'UploadThing']);
  });

  it('leaves out calls shown in comments', () => {
    expect(actionsIn(`/** e.g. client.request('Example', req) */\n// client.Other(req)\nconst url = 'http://x/'; client.request('Real', req);`)).toEqual([
      'Real',
    ]);
  });

  it('refuses a request( whose action it cannot read, rather than miss an action', () => {
    expect(() => actionsIn('await client.request(action, req, options);', 'ecm.ts')).toThrow(/ecm\.ts: .*not a literal/);
  });

  it('sees every action of the SDK adapters, each called through client.request so that it takes an abort signal', () => {
    const viaRequest = new Set<string>();
    for (const file of readdirSync(TENCENT).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(TENCENT, file), 'utf8');
      for (const m of source.matchAll(/await client\.request\('(\w+)'/g)) viaRequest.add(m[1] as string);
    }
    expect(viaRequest.size).toBeGreaterThan(0);
    expect(usedActions(TENCENT)).toEqual(viaRequest);
  });
});
