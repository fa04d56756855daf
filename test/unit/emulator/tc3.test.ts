import { describe, expect, it } from 'vitest';
import {
  buildAuthorization,
  canonicalRequest,
  computeSignature,
  parseAuthorization,
  sha256Hex,
  signTc3Request,
  stringToSign,
  tc3Date,
} from '../../../lib/tools/tc3/index';

// Official worked example (Signature v3, https://www.tencentcloud.com/document/api/213/30654). The \u escapes are literal ASCII.
const PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const HEADERS = { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' };
const TIMESTAMP = 1551113065;
const KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the canonical request of Vector A', () => {
    const canonical = canonicalRequest({ method: 'POST', headers: HEADERS, payload: PAYLOAD });
    expect(canonical).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n' +
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(sha256Hex(canonical)).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
  });

  it('reproduces the string to sign, signature and Authorization of Vector A', () => {
    const canonical = canonicalRequest({ method: 'POST', headers: HEADERS, payload: PAYLOAD });
    expect(tc3Date(TIMESTAMP)).toBe('2019-02-25');
    expect(stringToSign(TIMESTAMP, '2019-02-25/cvm/tc3_request', canonical)).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    const signature = computeSignature({ secretKey: KEY, service: 'cvm', timestampSeconds: TIMESTAMP, canonicalRequest: canonical });
    expect(signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(
      buildAuthorization({
        secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
        date: '2019-02-25',
        service: 'cvm',
        signedHeaders: ['content-type', 'host'],
        signature,
      }),
    ).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it("reproduces Vector A' (the older doc's masked key)", () => {
    const canonical = canonicalRequest({ method: 'POST', headers: HEADERS, payload: PAYLOAD });
    const signature = computeSignature({
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
      service: 'cvm',
      timestampSeconds: TIMESTAMP,
      canonicalRequest: canonical,
    });
    expect(signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
  });

  it('reproduces the GET Vector B', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      query: 'Limit=10&Offset=0',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'cvm.tencentcloudapi.com' },
      payload: '',
    });
    expect(canonical).toBe(
      'GET\n/\nLimit=10&Offset=0\ncontent-type:application/x-www-form-urlencoded\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(computeSignature({ secretKey: KEY, service: 'cvm', timestampSeconds: 1539084154, canonicalRequest: canonical })).toBe(
      '5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474',
    );
  });

  it('sorts headers and lower-cases their names in the canonical request', () => {
    const canonical = canonicalRequest({ method: 'post', headers: { Host: 'h', 'X-TC-Action': ' A ', 'Content-Type': 'c' }, payload: '' });
    expect(canonical.split('\n').slice(0, 7)).toEqual(['POST', '/', '', 'content-type:c', 'host:h', 'x-tc-action:A', '']);
    expect(canonical.split('\n')[7]).toBe('content-type;host;x-tc-action');
  });

  it('signs a request whose Authorization verifies with the same algorithm', () => {
    const headers = signTc3Request({
      secretId: 'AKIDX',
      secretKey: 'k',
      token: 't',
      action: 'DescribeInstances',
      version: '2019-07-19',
      region: 'ap-guangzhou',
      service: 'ecm',
      host: '127.0.0.1:4566',
      body: '{}',
      timestamp: TIMESTAMP,
    });
    expect(headers).toMatchObject({ 'X-TC-Token': 't', 'X-TC-Region': 'ap-guangzhou', 'X-TC-Timestamp': '1551113065', Host: '127.0.0.1:4566' });
    const parsed = parseAuthorization(headers.Authorization);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const canonical = canonicalRequest({ method: 'POST', headers: { 'content-type': 'application/json', host: '127.0.0.1:4566' }, payload: '{}' });
    expect(parsed.value.signature).toBe(computeSignature({ secretKey: 'k', service: 'ecm', timestampSeconds: TIMESTAMP, canonicalRequest: canonical }));
  });
});

describe('parseAuthorization', () => {
  const valid =
    'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';

  it('splits a valid header into its parts', () => {
    expect(parseAuthorization(valid)).toEqual({
      ok: true,
      value: {
        secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
        date: '2019-02-25',
        service: 'cvm',
        signedHeaders: ['content-type', 'host'],
        signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
      },
    });
  });

  it('accepts fields in another order and without spaces after commas', () => {
    const reordered =
      'TC3-HMAC-SHA256 Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168,SignedHeaders=content-type;host,Credential=A/2019-02-25/cvm/tc3_request';
    expect(parseAuthorization(reordered).ok).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['another algorithm', valid.replace('TC3-HMAC-SHA256', 'HMAC-SHA1')],
    ['a missing Signature', valid.replace(/, Signature=.*/, '')],
    ['a wrong terminator', valid.replace('tc3_request', 'tc2_request')],
    ['an extra scope segment', valid.replace('/tc3_request', '/x/tc3_request')],
    ['a malformed date', valid.replace('2019-02-25', '20190225')],
    ['a non-hex signature', valid.replace(/Signature=\w+/, 'Signature=xyz')],
    ['a garbled field list', 'TC3-HMAC-SHA256 garbage'],
  ])('rejects %s', (_name, header) => {
    const parsed = parseAuthorization(header);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/\w/);
  });
});
