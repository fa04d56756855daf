import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import { detectTrigger } from '../../../lib/function/triggers/detect-trigger';
import { functionRoute, isTextBody, type RawRequest, toApiGatewayEvent } from '../../../lib/tools/dev/api-gateway-server';

const BODY = '{"instanceIds":["ein-aaaaaaaa"],"reason":"disk full"}';

function request(overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    method: 'POST',
    url: '/reset',
    headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', 'x-reset-timestamp': '1700000000' },
    body: Buffer.from(BODY),
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

/** What the function's own adapter makes of the event. */
function asFunctionSeesIt(event: unknown) {
  const detected = detectTrigger(event, {}, { now: Date.now() });
  if (isAppError(detected) || detected.kind !== 'http') throw new Error(`not an HTTP event: ${JSON.stringify(detected)}`);
  return detected.request;
}

describe('toApiGatewayEvent', () => {
  it('builds the integrated-request event of SCF’s API Gateway trigger', () => {
    const event = toApiGatewayEvent(request(), '0123456789abcdef0123456789abcdef');
    expect(event).toMatchObject({
      httpMethod: 'POST',
      path: '/reset',
      body: BODY,
      isBase64Encoded: false,
      queryString: {},
      queryStringParameters: {},
      headers: { 'content-type': 'application/json', 'x-api-requestid': '0123456789abcdef0123456789abcdef', requestsource: 'APIGW' },
      requestContext: {
        serviceId: 'service-local',
        path: '/reset',
        httpMethod: 'POST',
        requestId: '0123456789abcdef0123456789abcdef',
        stage: 'release',
        sourceIp: '127.0.0.1',
        identity: {},
      },
    });
    const seen = asFunctionSeesIt(event);
    expect(seen).toMatchObject({ method: 'POST', path: '/reset', rawBody: BODY, sourceIp: '127.0.0.1', requestId: '0123456789abcdef0123456789abcdef' });
    expect(seen.headers['x-reset-timestamp']).toBe('1700000000');
  });

  it('base64-encodes bodies that are not text, and the function gets the same bytes back', () => {
    const event = toApiGatewayEvent(request({ headers: { 'content-type': 'application/octet-stream' } }), 'id');
    expect(event['isBase64Encoded']).toBe(true);
    expect(event['body']).toBe(Buffer.from(BODY).toString('base64'));
    expect(asFunctionSeesIt(event).rawBody).toBe(BODY);
  });

  it('passes the full query string, repeated names as lists, and the real method', () => {
    const event = toApiGatewayEvent(request({ method: 'GET', url: '/alarm?token=abc&x=1&x=2', body: Buffer.alloc(0) }), 'id');
    expect(event['queryString']).toEqual({ token: 'abc', x: ['1', '2'] });
    expect(event['httpMethod']).toBe('GET');
    expect((event['requestContext'] as Record<string, unknown>)['httpMethod']).toBe('POST');
    expect(asFunctionSeesIt(event).query['token']).toBe('abc');
  });

  it('joins multi-value headers as the function expects', () => {
    const event = toApiGatewayEvent(request({ headers: { 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] } as RawRequest['headers'] }), 'id');
    expect((event['headers'] as Record<string, string>)['x-forwarded-for']).toBe('10.0.0.1, 10.0.0.2');
  });
});

describe('functionRoute', () => {
  it.each([
    ['/reset', '/reset'],
    ['/reset/', '/reset'],
    ['/release/reset', '/reset'],
    ['/health', '/health'],
    ['/slack', '/slack'],
    ['/alarm', '/alarm'],
    ['/', null],
    ['/_console/state', null],
    ['/resets', null],
    // The route POST /release has the name of the deployed stage: the stage's root is the route.
    ['/release', '/release'],
    ['/release/release', '/release'],
    ['/releases', null],
  ])('%s -> %s', (path, route) => {
    expect(functionRoute(path)).toBe(route);
  });
});

describe('isTextBody', () => {
  it.each([
    [undefined, true],
    ['application/json; charset=utf-8', true],
    ['application/x-www-form-urlencoded', true],
    ['text/plain', true],
    ['application/cloudevents+json', true],
    ['application/octet-stream', false],
    ['image/png', false],
  ])('%s -> %s', (type, text) => {
    expect(isTextBody(type)).toBe(text);
  });
});
