/** An API 3.0 error: answered as `{"Response":{"Error":{"Code","Message"},"RequestId"}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
