import { describe, expect, it } from 'vitest';
import { fromApiGatewayEvent, isApiGatewayEvent } from '../../../lib/function/triggers/api-gateway';
import { loadEvent, loadObject } from '../../support/fixtures';

const RESET_BODY = '{"instanceIds":["ein-aaaaaaaa"],"reason":"disk full, reinstall"}';

function request(event: unknown) {
  if (!isApiGatewayEvent(event)) throw new Error('fixture is not an API Gateway event');
  return fromApiGatewayEvent(event);
}

describe('fromApiGatewayEvent', () => {
  it('maps a real API Gateway event with lower-case headers to an HttpRequest', () => {
    const r = request(loadEvent('api-gateway', 'reset-lowercase-headers'));
    expect(r).toMatchObject({ method: 'POST', path: '/reset', rawBody: RESET_BODY, sourceIp: '123.58.10.238' });
    expect(r.headers['x-reset-timestamp']).toBe('1700000000');
    expect(r.headers['x-reset-signature']).toMatch(/^v1=/);
    expect(r.requestId).toBe('23a1b77297ab9167d5aa049021f6555d');
  });

  it('uses the real method, not the ANY the API was configured with', () => {
    const event = loadObject('api-gateway', 'reset-lowercase-headers');
    expect(event['requestContext']).toMatchObject({ httpMethod: 'ANY' });
    expect(request(event).method).toBe('POST');
  });

  it('upper-cases a lower-case method', () => {
    const event = loadObject('api-gateway', 'health-get');
    event['httpMethod'] = 'get';
    expect(request(event).method).toBe('GET');
  });

  it('lower-cases capitalised header names from the documented sample', () => {
    const r = request(loadEvent('api-gateway', 'doc-sample-uppercase-headers'));
    expect(r.headers['x-reset-signature']).toMatch(/^v1=/);
    expect(r.headers['content-type']).toBe('application/json');
    expect(Object.keys(r.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('takes the request id from requestContext when there is no x-api-requestid header', () => {
    expect(request(loadEvent('api-gateway', 'doc-sample-uppercase-headers')).requestId).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  });

  it('reads a function URL event and takes its request id from x-scf-request-id', () => {
    const r = request(loadEvent('api-gateway', 'function-url'));
    expect(r).toMatchObject({ method: 'POST', path: '/reset', rawBody: RESET_BODY, sourceIp: '203.0.113.7' });
    expect(r.requestId).toBe('5b1d7a3e-1f0b-4d5e-9d7a-2c0f4b8e6a11');
  });

  it('reads a function URL event as SCF doc 583/96099 describes it: no requestContext, the client IP in x-scf-remote-addr', () => {
    const event = loadObject('api-gateway', 'function-url');
    for (const k of ['headerParameters', 'isBase64Encoded', 'pathParameters', 'queryStringParameters', 'requestContext']) delete event[k];
    event['headers'] = { ...(event['headers'] as Record<string, string>), 'x-scf-remote-addr': '111.206.96.145' };
    expect(request(event)).toMatchObject({ method: 'POST', path: '/reset', rawBody: RESET_BODY, sourceIp: '111.206.96.145' });
  });

  it('decodes a base64 body to the exact bytes that were signed', () => {
    const event = loadObject('api-gateway', 'base64-body');
    expect(event['body']).not.toBe(RESET_BODY);
    expect(request(event).rawBody).toBe(RESET_BODY);
  });

  it('accepts isBase64Encoded written as the string "true"', () => {
    const event = loadObject('api-gateway', 'base64-body');
    event['isBase64Encoded'] = 'true';
    expect(request(event).rawBody).toBe(RESET_BODY);
  });

  it('prefers the full queryString over the declared queryStringParameters', () => {
    const r = request(loadEvent('api-gateway', 'doc-sample-uppercase-headers'));
    expect(r.query).toEqual({ foo: 'bar', bob: 'alice' });
  });

  it('reads the alarm token from the query string', () => {
    expect(request(loadEvent('api-gateway', 'alarm-callback')).query).toEqual({ token: 'placeholder-token' });
  });

  it('keeps the first value of a repeated query parameter and stringifies booleans', () => {
    const event = loadObject('api-gateway', 'health-get');
    event['queryString'] = { a: ['1', '2'], flag: true };
    expect(request(event).query).toEqual({ a: '1', flag: 'true' });
  });

  it('joins multi-value headers and headers that differ only by case with ", "', () => {
    const event = loadObject('api-gateway', 'health-get');
    event['headers'] = { Accept: 'a/b', accept: 'c/d', 'X-Forwarded-For': ['1.1.1.1', '2.2.2.2'] };
    const r = request(event);
    expect(r.headers['accept']).toBe('a/b, c/d');
    expect(r.headers['x-forwarded-for']).toBe('1.1.1.1, 2.2.2.2');
  });

  it('gives an empty body, no source ip and no request id when the event has none', () => {
    const r = request({ httpMethod: 'GET', path: '/health', headers: {} });
    expect(r).toEqual({ method: 'GET', path: '/health', headers: {}, query: {}, rawBody: '', sourceIp: null, requestId: null });
  });

  it('does not take an event without a path for an API Gateway event', () => {
    expect(isApiGatewayEvent({ httpMethod: 'POST', headers: {} })).toBe(false);
  });
});
