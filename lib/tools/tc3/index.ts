export { parseAuthorization, buildAuthorization } from './authorization';
export type { Tc3Authorization, ParseAuthorizationResult } from './authorization';
export { canonicalRequest, signedHeaderNames } from './canonical-request';
export type { CanonicalRequestInput } from './canonical-request';
export {
  TC3_ALGORITHM,
  TC3_TERMINATOR,
  constantTimeEqual,
  credentialScope,
  hmacSha256,
  sha256Hex,
  tc3Date,
} from './primitives';
export { computeSignature, deriveSigningKey, stringToSign } from './signature';
export type { SignatureInput } from './signature';
export { signTc3Request } from './sign-request';
export type { SignTc3RequestInput } from './sign-request';
