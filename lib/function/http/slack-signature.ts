/**
 * Slack's `v0` request signature ("Verifying requests from Slack"): HMAC-SHA256 with the app's
 * signing secret over `v0:<X-Slack-Request-Timestamp>:<raw body>`, sent as
 * `X-Slack-Signature: v0=<hex>`. Slack asks receivers to drop requests more than five minutes old.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '../kernel/errors';
import type { ReplayGuard } from './replay-guard';
import { hexDigestEquals, readHeader } from './v1-signature';

export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_MAX_SKEW_SECONDS = 300;

const UNIX_SECONDS = /^\d{1,12}$/;

export interface VerifySlackSignatureInput {
  headers: Readonly<Record<string, string>>;
  rawBody: string;
  signingSecret: string;
  nowMs: number;
  /**
   * Optional: remembers accepted signatures, as for `v1`. Slack itself does not require it, but
   * a captured slash command replayed within five minutes would otherwise run again.
   */
  replay?: ReplayGuard;
}

/** true when the request carries a valid, fresh Slack signature; otherwise `Auth.Unauthenticated`. */
export function verifySlackSignature({ headers, rawBody, signingSecret, nowMs, replay }: VerifySlackSignatureInput): true | AppError {
  const timestampText = readHeader(headers, SLACK_TIMESTAMP_HEADER)?.trim();
  const signatureText = readHeader(headers, SLACK_SIGNATURE_HEADER)?.trim();
  if (!timestampText || !signatureText) {
    return unauthenticated('Missing Slack signature: X-Slack-Request-Timestamp and X-Slack-Signature are required');
  }
  if (!UNIX_SECONDS.test(timestampText) || !signatureText.startsWith('v0=')) {
    return unauthenticated('Malformed Slack signature headers');
  }
  if (Math.abs(nowMs - Number(timestampText) * 1000) > SLACK_MAX_SKEW_SECONDS * 1000) {
    return unauthenticated(`Stale Slack request: timestamp is more than ${SLACK_MAX_SKEW_SECONDS} s from the server clock`);
  }
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestampText}:${rawBody}`, 'utf8').digest('hex');
  if (!hexDigestEquals(expected, signatureText.slice(3))) {
    return unauthenticated('Bad Slack signature: X-Slack-Signature does not match the request');
  }
  if (replay?.seen(`slack:${expected}`, nowMs) === true) {
    return unauthenticated('Replayed Slack request: this signature was already used');
  }
  return true;
}

function unauthenticated(message: string): AppError {
  return new AppError('Auth.Unauthenticated', message);
}
