/**
 * A PUT Object that COS authorises and then refuses: its Content-MD5 is not the body's, so COS answers
 * 400 BadDigest (COS doc 436/7730) and stores nothing, while a credential without cos:PutObject gets 403
 * AccessDenied. The function's COS client always sends the right digest, so this one request is signed here
 * with the same signer (lib/function/tencent/cos/cos-signature.ts, COS doc 436/7778).
 */
import { createHash } from 'node:crypto';
import { CloudCallError } from '../../function/ports/cloud-error';
import { cosUrlEncode, signCosRequest } from '../../function/tencent/cos/cos-signature';
import { parseCosError } from '../../function/tencent/cos/cos-xml';
import fetch from '../../function/tencent/sdk-shims/fetch';
import type { Cloud } from '../deploy/cloud';

export async function putObjectWithWrongDigest(
  cloud: Cloud,
  ledger: { readonly bucket: string; readonly region: string },
  key: string,
): Promise<{ allowed: true; said: string } | { allowed: true; changed: string }> {
  const host = `${ledger.bucket}.cos.${ledger.region}.myqcloud.com`;
  const body = 'ecm-reset doctor probe';
  const headers: Record<string, string> = {
    host,
    'content-length': String(Buffer.byteLength(body)),
    // The digest of another text.
    'content-md5': createHash('md5').update(`${body}!`).digest('base64'),
    'x-cos-forbid-overwrite': 'true',
    ...(cloud.credentials.token === null ? {} : { 'x-cos-security-token': cloud.credentials.token }),
  };
  const now = Math.floor(Date.now() / 1000);
  const path = `/${key}`;
  const authorization = signCosRequest({
    secretId: cloud.credentials.secretId,
    secretKey: cloud.credentials.secretKey,
    method: 'PUT',
    path,
    params: {},
    headers,
    startSeconds: now - 60,
    endSeconds: now + 600,
  });
  const base = cloud.endpoint === null ? `https://${host}` : `${cloud.endpoint.protocol}//${cloud.endpoint.host}`;
  const res = await fetch(`${base}${path.split('/').map(cosUrlEncode).join('/')}`, {
    method: 'PUT',
    headers: { ...headers, authorization },
    body,
    timeout: 30_000,
  });
  const text = await res.text();
  const error = parseCosError(text);
  if (res.status === 200) {
    await cloud.cos(ledger.bucket, ledger.region).deleteObject(key);
    return { allowed: true, changed: `COS took a wrong Content-MD5 and stored ${key} (deleted again)` };
  }
  if (res.status === 403)
    throw new CloudCallError('cos', 'PutObject', 'rejected', error.message ?? 'HTTP 403', error.code ?? 'AccessDenied', error.requestId, null);
  return { allowed: true, said: error.code ?? `HTTP ${res.status}` };
}
