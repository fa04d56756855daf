/**
 * The HTTP request and response as the function sees them, whatever front carried them
 * (API Gateway, SCF function URL, the local dev server).
 */

export interface HttpRequest {
  /** Upper-case method of the actual request (not API Gateway's configured `ANY`). */
  method: string;
  /** Actual request path, e.g. `/reset` or `/release/reset` (see `routePath`). */
  path: string;
  /** Header names lower-cased; multi-value headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** Query string parameters (first value wins). */
  query: Readonly<Record<string, string>>;
  /** The raw body exactly as sent (base64 already decoded): signatures are over these bytes. */
  rawBody: string;
  sourceIp: string | null;
  /** The front's request id (API Gateway `x-api-requestid`, …), when present. */
  requestId: string | null;
}

/** API Gateway / function URL integrated response. */
export interface HttpResponse {
  isBase64Encoded: false;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    isBase64Encoded: false,
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
