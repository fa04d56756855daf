/** The HTTP status COS answers each error code with (COS doc 436/7730; FileAlreadyExists: PUT Object, COS doc 436/139720). */
export const COS_ERROR_STATUS: Readonly<Record<string, number>> = {
  BadDigest: 400,
  EntityTooLarge: 400,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidURI: 400,
  MalformedXML: 400,
  AccessDenied: 403,
  ExpiredToken: 403,
  InvalidAccessKeyId: 403,
  PathStyleDomainForbidden: 403,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  MethodNotAllowed: 405,
  BucketAlreadyExists: 409,
  BucketAlreadyExistsDiffRegion: 409,
  BucketAlreadyOwnedByYou: 409,
  FileAlreadyExists: 409,
  PathConflict: 409,
  MissingContentLength: 411,
  PreconditionFailed: 412,
  InternalError: 500,
  NotImplemented: 501,
  ServiceUnavailable: 503,
  SlowDown: 503,
};

/** A COS error answer: `<Error><Code/><Message/>…</Error>` with its HTTP status. */
export class CosError extends Error {
  override readonly name = 'CosError';
  readonly code: string;
  readonly status: number;

  /** The status is the code's documented one unless given (an unknown code is a 500). */
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status ?? COS_ERROR_STATUS[code] ?? 500;
  }
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c] ?? ''};`);
}

/** COS's error body (COS doc 436/7730). */
export function errorXml(error: CosError, resource: string, requestId: string, traceId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    `<Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message><Resource>${xmlEscape(resource)}</Resource>` +
    `<RequestId>${xmlEscape(requestId)}</RequestId><TraceId>${xmlEscape(traceId)}</TraceId></Error>`
  );
}
