import { describe, expect, it } from 'vitest';
import { verifyCosRequest } from '../../../lib/tools/emulator/cos/cos-auth';
import { CosError } from '../../../lib/tools/emulator/cos/cos-error';
import { parseSeed } from '../../../lib/tools/emulator/index';

// The emulator's own check against COS doc 436/7778's worked examples (English 2019 version).
const seed = parseSeed({ credentials: [{ secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz' }] });
const credentials = new Map(seed.credentials.map((c) => [c.secretId, c]));

const putExample = {
  method: 'PUT',
  path: '/exampleobject(腾讯云)',
  query: new Map<string, string>(),
  headers: {
    date: 'Thu, 16 May 2019 06:45:51 GMT',
    host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
    'content-type': 'text/plain',
    'content-length': '13',
    'content-md5': 'mQ/fVh815F3k6TAUm8m0eg==',
    'x-cos-acl': 'private',
    'x-cos-grant-read': 'uin="100000000011"',
    authorization:
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351' +
      '&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=' +
      '&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
  },
  credentials,
  now: 1557989151_000 + 5_000,
};

const getExample = {
  method: 'GET',
  path: '/exampleobject(腾讯云)',
  query: new Map([
    ['response-content-type', 'application/octet-stream'],
    ['response-cache-control', 'max-age=600'],
  ]),
  headers: {
    date: 'Thu, 16 May 2019 06:55:53 GMT',
    host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
    authorization:
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953' +
      '&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012',
  },
  credentials,
  now: 1557989753_000 + 5_000,
};

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    if (e instanceof CosError) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'accepted';
};

describe('the emulator verifies q-sign Authorization as COS doc 436/7778 describes', () => {
  it('accepts both worked examples of the doc', () => {
    expect(verifyCosRequest(putExample).secretId).toBe('AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q');
    expect(verifyCosRequest(getExample).secretId).toBe('AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q');
  });

  it('refuses a signed header or parameter changed, a signed one left out, or another path', () => {
    expect(codeOf(() => verifyCosRequest({ ...putExample, headers: { ...putExample.headers, 'x-cos-acl': 'public-read' } }))).toBe('403 SignatureDoesNotMatch');
    const { 'content-md5': _md5, ...withoutMd5 } = putExample.headers;
    expect(codeOf(() => verifyCosRequest({ ...putExample, headers: withoutMd5 }))).toBe('403 SignatureDoesNotMatch');
    expect(codeOf(() => verifyCosRequest({ ...putExample, path: '/exampleobject(tencentcloud)' }))).toBe('403 SignatureDoesNotMatch');
    const query = new Map(getExample.query).set('response-cache-control', 'no-cache');
    expect(codeOf(() => verifyCosRequest({ ...getExample, query }))).toBe('403 SignatureDoesNotMatch');
  });

  it('judges the key time against the server clock: expired, 15 minutes skewed', () => {
    expect(codeOf(() => verifyCosRequest({ ...putExample, now: 1557996351_000 + 60_000 }))).toBe('403 ExpiredToken');
    expect(codeOf(() => verifyCosRequest({ ...putExample, now: 1557996351_000 + 16 * 60_000 }))).toBe('403 RequestTimeTooSkewed');
    expect(codeOf(() => verifyCosRequest({ ...putExample, now: 1557989151_000 - 16 * 60_000 }))).toBe('403 RequestTimeTooSkewed');
    // A signer a few minutes ahead of the server is tolerated.
    expect(codeOf(() => verifyCosRequest({ ...putExample, now: 1557989151_000 - 5 * 60_000 }))).toBe('accepted');
  });

  it('refuses an unsigned request, another algorithm, an unknown SecretId', () => {
    const { authorization, ...unsigned } = putExample.headers;
    expect(codeOf(() => verifyCosRequest({ ...putExample, headers: unsigned }))).toBe('403 AccessDenied');
    expect(codeOf(() => verifyCosRequest({ ...putExample, headers: { ...putExample.headers, authorization: authorization.replace('sha1', 'md5') } }))).toBe(
      '403 AccessDenied',
    );
    expect(codeOf(() => verifyCosRequest({ ...putExample, credentials: new Map() }))).toBe('403 InvalidAccessKeyId');
  });
});
