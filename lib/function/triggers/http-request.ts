/**
 * The HTTP request as the function sees it, whatever front carried it (SCF function URL, a
 * legacy API Gateway trigger, the local dev server): what the HTTP trigger events normalise to.
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
