import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignTc3RequestInput } from '../../../lib/tools/tc3/index';
import { signTc3Request } from '../../../lib/tools/tc3/index';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

const DEMO = { secretId: 'AKIDDEMO1234567890ABCDEFGHIJKLMNOPQR', secretKey: 'DemoSecretKeyDemoSecretKey123456' };
const TEMP = { secretId: 'AKIDTEMP1234567890ABCDEFGHIJKLMNOPQR', secretKey: 'TempSecretKeyTempSecretKey123456', token: 'demo-session-token-0123456789abcdef' };

interface ApiAnswer {
  Response: { Error?: { Code: string; Message: string }; RequestId: string; TotalCount?: number };
}

describe('TC3 signature verification (hand-built requests)', () => {
  let started: StartedEmulator;
  beforeAll(async () => {
    started = await startEmulator();
  });
  afterAll(() => started.close());

  const call = async (
    overrides: Partial<SignTc3RequestInput> = {},
    mutate?: (h: Record<string, string>, body: string) => [Record<string, string>, string],
  ): Promise<ApiAnswer> => {
    const body = overrides.body ?? '{"Limit":1}';
    const input: SignTc3RequestInput = {
      ...DEMO,
      action: 'DescribeInstances',
      version: '2019-07-19',
      service: 'ecm',
      host: started.endpoint,
      body,
      timestamp: Math.floor(Date.now() / 1000),
      ...overrides,
    };
    let headers = signTc3Request(input);
    let sent = body;
    if (mutate !== undefined) [headers, sent] = mutate(headers, body);
    const res = await fetch(`${started.emulator.url}/`, { method: 'POST', headers, body: sent });
    expect(res.status).toBe(200);
    return (await res.json()) as ApiAnswer;
  };
  const codeOf = async (...args: Parameters<typeof call>): Promise<string | undefined> => (await call(...args)).Response.Error?.Code;

  it('accepts a correct request scoped to the service name', async () => {
    const answer = await call();
    expect(answer.Response.Error).toBeUndefined();
    expect(answer.Response.TotalCount).toBe(9);
  });

  it('accepts the first DNS label of the host as scope service (what the SDK sends for an IP)', async () => {
    expect(await codeOf({ service: '127' })).toBeUndefined();
  });

  it('accepts application/json; charset=utf-8', async () => {
    expect(await codeOf({ contentType: 'application/json; charset=utf-8' })).toBeUndefined();
  });

  it('accepts host signed without its port', async () => {
    expect(
      await codeOf({ host: '127.0.0.1' }, (headers, body) => {
        headers.Host = started.endpoint;
        return [headers, body];
      }),
    ).toBeUndefined();
  });

  it('rejects a wrong key', async () => {
    expect(await codeOf({ secretKey: 'wrong' })).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a body changed after signing', async () => {
    expect(await codeOf({}, (headers) => [headers, '{"Limit":2}'])).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a scope service that is neither the product nor the host label', async () => {
    expect(await codeOf({ service: 'cvm' })).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a timestamp more than 300 s old', async () => {
    expect(await codeOf({ timestamp: Math.floor(Date.now() / 1000) - 301 })).toBe('AuthFailure.SignatureExpire');
  });

  it('rejects an unknown SecretId', async () => {
    expect(await codeOf({ secretId: 'AKIDUNKNOWN' })).toBe('AuthFailure.SecretIdNotFound');
  });

  it('rejects temporary credentials without their token, or with a wrong one', async () => {
    expect(await codeOf({ secretId: TEMP.secretId, secretKey: TEMP.secretKey })).toBe('AuthFailure.TokenFailure');
    expect(await codeOf({ ...TEMP, token: 'wrong' })).toBe('AuthFailure.TokenFailure');
    expect(await codeOf({ ...TEMP })).toBeUndefined();
  });

  it('rejects a missing or garbled Authorization', async () => {
    const strip = (headers: Record<string, string>, body: string): [Record<string, string>, string] => {
      const { Authorization: _dropped, ...rest } = headers;
      return [rest, body];
    };
    expect(await codeOf({}, strip)).toBe('AuthFailure.InvalidAuthorization');
    expect(await codeOf({}, (headers, body) => [{ ...headers, Authorization: 'Bearer x' }, body])).toBe('AuthFailure.InvalidAuthorization');
  });

  it('routes by version and action: unknown version and unknown action', async () => {
    expect(await codeOf({ version: '2000-01-01' })).toBe('NoSuchVersion');
    expect(await codeOf({ action: 'RunInstances' })).toBe('InvalidAction');
  });
});

describe('the GET form of API 3.0 (parameters in the query, application/x-www-form-urlencoded)', () => {
  let started: StartedEmulator;
  beforeAll(async () => {
    started = await startEmulator();
  });
  afterAll(() => started.close());

  const get = async (
    action: string,
    query: string,
    overrides: Partial<SignTc3RequestInput> = {},
  ): Promise<ApiAnswer & { Response: Record<string, unknown> }> => {
    const headers = signTc3Request({
      ...DEMO,
      action,
      version: '2019-07-19',
      service: 'ecm',
      host: started.endpoint,
      method: 'GET',
      query,
      body: '',
      timestamp: Math.floor(Date.now() / 1000),
      ...overrides,
    });
    const res = await fetch(`${started.emulator.url}/?${query}`, { method: 'GET', headers });
    expect(res.status).toBe(200);
    return (await res.json()) as ApiAnswer & { Response: Record<string, unknown> };
  };

  it('answers a signed GET, its dotted lists and numbers decoded as the JSON form would carry them', async () => {
    const answer = await get(
      'DescribeInstances',
      'Filters.0.Name=instance-id&Filters.0.Values.0=ein-aaaaaaaa&Filters.0.Values.1=ein-bbbbbbbb&Limit=1&Offset=1',
    );
    expect(answer.Response.Error).toBeUndefined();
    expect(answer.Response.TotalCount).toBe(2);
    expect((answer.Response['InstanceSet'] as { InstanceId: string }[]).map((i) => i.InstanceId)).toEqual(['ein-bbbbbbbb']);
  });

  it('resets through the documented GET form, and applies the same rules (KeepData must be "true"/"false")', async () => {
    const bad = await get('ResetInstances', 'InstanceIdSet.0=ein-web00003&KeepData=yes');
    expect(bad.Response.Error?.Code).toBe('InvalidParameter.InvalidDataFormat');
    const ok = await get('ResetInstances', 'InstanceIdSet.0=ein-web00003&KeepData=true');
    expect(ok.Response.Error).toBeUndefined();
    const state = (await (await fetch(`${started.emulator.url}/_emulator/state`)).json()) as {
      instances: { InstanceId: string; LatestOperationState: string | null }[];
    };
    expect(state.instances.find((i) => i.InstanceId === 'ein-web00003')?.LatestOperationState).toBe('OPERATING');
  });

  it('rejects a GET whose query changed after signing, a list with a gap, and a GET with a JSON content type', async () => {
    const headers = signTc3Request({
      ...DEMO,
      action: 'DescribeInstances',
      version: '2019-07-19',
      service: 'ecm',
      host: started.endpoint,
      method: 'GET',
      query: 'Limit=1',
      body: '',
      timestamp: Math.floor(Date.now() / 1000),
    });
    const tampered = (await (await fetch(`${started.emulator.url}/?Limit=100`, { headers })).json()) as ApiAnswer;
    expect(tampered.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect((await get('DescribeInstances', 'Filters.0.Name=instance-id&Filters.0.Values.1=ein-aaaaaaaa')).Response.Error?.Code).toBe('InvalidParameter');
    expect((await get('DescribeInstances', 'Limit=1', { contentType: 'application/json' })).Response.Error?.Code).toBe('UnsupportedProtocol');
  });
});
