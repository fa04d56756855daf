export type { ParseAuthorizationResult, Tc3Authorization } from './authorization';
export { buildAuthorization, parseAuthorization } from './authorization';
export type { CanonicalRequestInput } from './canonical-request';
export { canonicalRequest, signedHeaderNames } from './canonical-request';
export {
  constantTimeEqual,
  credentialScope,
  hmacSha256,
  sha256Hex,
  TC3_ALGORITHM,
  TC3_TERMINATOR,
  tc3Date,
} from './primitives';
export type { SignTc3RequestInput } from './sign-request';
export { signTc3Request } from './sign-request';
export type { SignatureInput } from './signature';
export { computeSignature, deriveSigningKey, stringToSign } from './signature';
