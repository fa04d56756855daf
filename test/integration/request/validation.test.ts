import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `ein-${String(i).padStart(8, '0')}`);
const ok = { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' };

/** Each bad request, the path its issue must name, and a word its message must contain. */
const CASES: { name: string; body: unknown; raw?: string; path: string; says: RegExp }[] = [
  { name: 'an instance id in the wrong format', body: { ...ok, instanceIds: ['ein-AAAAAAAA'] }, path: 'instanceIds.0', says: /not an ECM instance id/ },
  { name: 'a CVM instance id', body: { ...ok, instanceIds: ['ein-aaaaaaaa', 'ins-12345678'] }, path: 'instanceIds.1', says: /not an ECM instance id/ },
  { name: 'more than 100 instance ids', body: { ...ok, instanceIds: ids(101) }, path: 'instanceIds', says: /at most 100/ },
  { name: 'no instance ids', body: { ...ok, instanceIds: [] }, path: 'instanceIds', says: /at least one/ },
  { name: 'the same id twice', body: { ...ok, instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-aaaaaaaa'] }, path: 'instanceIds.2', says: /listed twice/ },
  { name: 'an image id in the wrong format', body: { ...ok, imageId: 'img-XYZ' }, path: 'imageId', says: /not an ECM image id/ },
  { name: 'an unknown field', body: { ...ok, force: true }, path: 'force', says: /unknown field "force"/ },
  {
    name: 'an unknown field in enhancedService',
    body: { ...ok, enhancedService: { monitor: true, agent: true } },
    path: 'enhancedService.agent',
    says: /unknown field "agent"/,
  },
  { name: 'a missing reason', body: { instanceIds: ['ein-aaaaaaaa'] }, path: 'reason', says: /reason is required/ },
  { name: 'an empty reason', body: { ...ok, reason: '   ' }, path: 'reason', says: /must not be empty/ },
  { name: 'a reason over 256 characters', body: { ...ok, reason: 'x'.repeat(257) }, path: 'reason', says: /at most 256/ },
  {
    name: 'keepImageLogin while a password secret is configured',
    body: { ...ok, keepImageLogin: true },
    path: 'keepImageLogin',
    says: /RESET_PASSWORD_SECRET/,
  },
  { name: 'both instanceIds and selector', body: { ...ok, selector: 'tag:env=staging' }, path: '', says: /either instanceIds or selector/ },
  { name: 'neither instanceIds nor selector', body: { reason: 'disk full' }, path: '', says: /instanceIds .* or selector/ },
  { name: 'a selector that is not tag:KEY=VALUE', body: { selector: 'env=staging', reason: 'disk full' }, path: 'selector', says: /tag:KEY=VALUE/ },
  { name: 'a body that is not JSON', body: null, raw: 'instanceIds=ein-aaaaaaaa', path: '', says: /not JSON/ },
  { name: 'a JSON list instead of an object', body: [ok], path: '', says: /JSON object/ },
  { name: 'instanceIds as a string', body: { ...ok, instanceIds: 'ein-aaaaaaaa' }, path: 'instanceIds', says: /list of instance ids/ },
  { name: 'reason as a number', body: { ...ok, reason: 42 }, path: 'reason', says: /reason/ },
  { name: 'keepData as a string', body: { ...ok, keepData: 'false' }, path: 'keepData', says: /true or false/ },
  { name: 'dryRun as a string', body: { ...ok, dryRun: 'yes' }, path: 'dryRun', says: /true or false/ },
  { name: 'enhancedService.monitor as a string', body: { ...ok, enhancedService: { monitor: 'on' } }, path: 'enhancedService.monitor', says: /true or false/ },
  { name: 'a bad idempotencyKey', body: { ...ok, idempotencyKey: 'has spaces in it' }, path: 'idempotencyKey', says: /idempotencyKey/ },
];

describe('POST /reset refuses every invalid request with 400 and the field at fault', () => {
  let fut: FunctionUnderTest;
  let seenMessages = 0;
  beforeAll(async () => {
    fut = await startFunction();
  });
  afterAll(() => fut.close());
  beforeEach(() => {
    seenMessages = fut.messages().length;
  });

  it.each(CASES)('$name → 400 at "$path", published reset.rejected, no ResetInstances', async ({ body, raw, path, says }) => {
    const r = httpAnswer(await fut.invoke(signedResetEvent(body, raw === undefined ? {} : { raw })));
    expect(r.status).toBe(400);
    const error = r.body['error'] as { code: string; message: string; issues: { path: string; message: string }[] };
    expect(error.code).toBe('Request.Invalid');
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(error.issues.find((i) => i.path === path)?.message).toMatch(says);
    expect(error.message).toMatch(says);

    const published = fut.messages().slice(seenMessages);
    expect(published).toHaveLength(1);
    expect(v.is(ResultMessageSchema, published[0])).toBe(true);
    expect(published[0]).toMatchObject({ type: 'reset.rejected', trigger: { kind: 'http' }, error: { code: 'Request.Invalid', issues: error.issues } });
    expect(fut.calls('ResetInstances')).toEqual([]);
  });

  it('names every bad field of one request at once', async () => {
    const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['bad'], imageId: 'bad', keepData: 1, reason: '' })));
    expect(r.status).toBe(400);
    const paths = (r.body['error'] as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['instanceIds.0', 'imageId', 'keepData', 'reason']));
  });

  it('counts characters as people do: 256 emoji are a valid reason, 257 are not', async () => {
    const fits = await fut.invoke({ ...ok, dryRun: true, reason: '🔥'.repeat(256) });
    expect(fits).toMatchObject({ type: 'reset.dry-run', status: 202 });
    const over = await fut.invoke({ ...ok, dryRun: true, reason: '🔥'.repeat(257) });
    expect(over).toMatchObject({ status: 400, error: { issues: [{ path: 'reason', message: 'reason must be at most 256 characters' }] } });
  });

  it('refuses the same way whatever the trigger: a direct invocation gets status 400 and the issues', async () => {
    const answer = await fut.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'x', force: true });
    expect(answer).toMatchObject({ type: 'reset.rejected', status: 400, error: { code: 'Request.Invalid', issues: [{ path: 'force' }] } });
    expect(fut.calls('ResetInstances')).toEqual([]);
  });
});

describe('keepImageLogin without a password secret', () => {
  it('is accepted by validation (the API decides whether the image allows it)', async () => {
    const fut = await startFunction({ env: { RESET_PASSWORD_SECRET: '' } });
    try {
      const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['ein-bbbbbbbb'], keepImageLogin: true, reason: 'keep login' })));
      expect(r.status).toBe(202);
      expect(fut.calls('ResetInstances')[0]?.params).toMatchObject({ InstanceIdSet: ['ein-bbbbbbbb'], KeepImageLogin: 'TRUE' });
      expect(fut.calls('ResetInstances')[0]?.params).not.toHaveProperty('Password');
      expect(fut.calls('GetSecretValue').filter((c) => JSON.stringify(c.params).includes('root-password'))).toEqual([]);
    } finally {
      await fut.close();
    }
  });
});
