/**
 * The events SCF's HTTP triggers build from one request, for the local stack and `npx ecm-reset
 * event`: the API Gateway trigger's (integrated request; SCF doc 583/31439) and the function URL's,
 * which is the API Gateway event without `headerParameters`, `isBase64Encoded`, `pathParameters`,
 * `queryStringParameters` and `requestContext`, the client IP in the `x-scf-remote-addr` header
 * (SCF doc 583/96099).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The routes serverless.yml binds to the function, with the method each API is configured with. */
export const FUNCTION_ROUTES: Readonly<Record<string, string>> = {
  '/reset': 'POST',
  '/release': 'POST',
  '/slack': 'POST',
  '/alarm': 'POST',
  '/health': 'GET',
};

export interface RawRequest {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  /** Node's lower-cased header names. */
  headers: IncomingMessage['headers'];
  body: Buffer;
  sourceIp: string;
}

/** `/reset`, or `/release/reset` as on the deployed URL; null for anything else. */
export function functionRoute(pathname: string): string | null {
  const path = pathname.replace(/\/+$/, '').replace(/^\/release(?=\/)/, '');
  return Object.hasOwn(FUNCTION_ROUTES, path) ? path : null;
}

/**
 * Bodies API Gateway passes as text; anything else arrives base64-encoded with
 * `isBase64Encoded: true`, which the function's adapter decodes.
 */
export function isTextBody(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === '') return true;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    ['application/json', 'application/x-www-form-urlencoded', 'application/xml', 'application/javascript'].includes(type)
  );
}

/** A new API Gateway request id: 32 hex digits, like `x-api-requestid` in real events. */
export const apiRequestId = (): string => randomBytes(16).toString('hex');

/** The API Gateway trigger event for one request (lower-case headers, raw body string). */
export function toApiGatewayEvent(req: RawRequest, requestId: string): Record<string, unknown> {
  const url = new URL(req.url, 'http://local');
  const route = functionRoute(url.pathname) ?? url.pathname;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Headers API Gateway adds on its way to the function.
  Object.assign(headers, {
    'x-api-requestid': requestId,
    'x-api-scheme': 'http',
    'x-qualifier': '$DEFAULT',
    requestsource: 'APIGW',
  });
  // queryString is the full actual query; repeated names become lists (scf-go-lib events/apigw.go).
  const queryString: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = queryString[name];
    queryString[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const text = isTextBody(req.headers['content-type']);
  return {
    requestContext: {
      serviceId: 'service-local',
      path: route,
      httpMethod: FUNCTION_ROUTES[route] ?? 'ANY',
      requestId,
      identity: {},
      sourceIp: req.sourceIp,
      stage: 'release',
    },
    headers,
    body: text ? req.body.toString('utf8') : req.body.toString('base64'),
    isBase64Encoded: !text,
    pathParameters: {},
    // Only parameters declared on the API appear here; serverless.yml declares none.
    queryStringParameters: {},
    headerParameters: {},
    stageVariables: {},
    path: url.pathname,
    queryString,
    httpMethod: req.method,
  };
}

/** The host of a function URL: `<appId>-<url id>.<region>.tencentscf.com` (SCF doc 583/96099). */
export const FUNCTION_URL_HOST = '1250000000-ecmresetlo.ap-guangzhou.tencentscf.com';

/** The function URL trigger's event for one request: lower-case headers, the body as text. */
export function toFunctionUrlEvent(req: RawRequest, requestId: string): Record<string, unknown> {
  const url = new URL(req.url, 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  Object.assign(headers, { 'x-scf-remote-addr': req.sourceIp, 'x-scf-request-id': requestId });
  const queryString: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = queryString[name];
    queryString[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return { body: req.body.toString('utf8'), headers, httpMethod: req.method, path: url.pathname, queryString };
}
