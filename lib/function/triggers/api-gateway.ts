/**
 * API Gateway trigger (integrated request) and SCF function URL events → HttpRequest.
 *
 * Source: qcloud-docs `product/计算与网络/无服务器云函数/开发指南/触发器/API 网关触发器/概述.md`;
 * https://tencentcloud.com/document/product/583/31439; scf-go-lib `cloudevents/scf/apigw.go`
 * (`isBase64Encoded`); real capture `yrosukedev/lark_bot_demo` `http_handler_test.go` (lower-case
 * headers, `requestContext.httpMethod: "ANY"`). Function URL events (SCF doc 583/96099, 函数 URL) are
 * the API Gateway event without `headerParameters`, `isBase64Encoded`, `pathParameters`,
 * `queryStringParameters` and `requestContext`; the client IP is the `x-scf-remote-addr` header.
 */
import * as v from 'valibot';
import type { HttpRequest } from './http-request';

/** Query values may be strings, booleans or lists of strings (scf-go-lib `events/apigw.go`). */
const QueryValueSchema = v.union([v.string(), v.number(), v.boolean(), v.array(v.unknown()), v.null()]);
const QuerySchema = v.optional(v.nullable(v.record(v.string(), QueryValueSchema)));

export const ApiGatewayEventSchema = v.looseObject({
  httpMethod: v.pipe(v.string(), v.minLength(1)),
  path: v.string(),
  // Values are strings in real events; multi-value headers may arrive as lists.
  headers: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  queryString: QuerySchema,
  queryStringParameters: QuerySchema,
  body: v.optional(v.nullable(v.string())),
  isBase64Encoded: v.optional(v.union([v.boolean(), v.picklist(['true', 'false'])])),
  // Tencent documents requestContext as additive-only: check what we read, keep the rest.
  requestContext: v.optional(
    v.looseObject({
      requestId: v.optional(v.string()),
      sourceIp: v.optional(v.string()),
      httpMethod: v.optional(v.string()),
    }),
  ),
});

export type ApiGatewayEvent = v.InferOutput<typeof ApiGatewayEventSchema>;

export const isApiGatewayEvent = (e: unknown): e is ApiGatewayEvent => v.is(ApiGatewayEventSchema, e);

/** The HTTP request the event describes: real method (never `ANY`), lower-case headers, decoded body. */
export function fromApiGatewayEvent(e: ApiGatewayEvent): HttpRequest {
  const headers = lowerCaseHeaders(e.headers ?? {});
  const base64 = e.isBase64Encoded === true || e.isBase64Encoded === 'true';
  const body = e.body ?? '';
  return {
    // requestContext.httpMethod is the method the API was configured with (may be ANY).
    method: e.httpMethod.toUpperCase(),
    path: e.path,
    headers,
    // queryString is the full actual query; queryStringParameters only the declared ones.
    query: { ...firstValues(e.queryStringParameters ?? {}), ...firstValues(e.queryString ?? {}) },
    rawBody: base64 ? Buffer.from(body, 'base64').toString('utf8') : body,
    // A function URL event has no requestContext: the client IP is its x-scf-remote-addr header.
    sourceIp: nonEmpty(e.requestContext?.sourceIp) ?? nonEmpty(headers['x-scf-remote-addr']),
    requestId: nonEmpty(headers['x-api-requestid']) ?? nonEmpty(e.requestContext?.requestId) ?? nonEmpty(headers['x-scf-request-id']),
  };
}

/** Header names lower-cased; lists and same-name-different-case headers joined with `, `. */
function lowerCaseHeaders(raw: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = headerText(value);
    if (text === null) continue;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  }
  return out;
}

function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map((x) => headerText(x))
      .filter((x) => x !== null)
      .join(', ');
  return null;
}

function firstValues(raw: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean') out[name] = String(first);
  }
  return out;
}

const nonEmpty = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);
