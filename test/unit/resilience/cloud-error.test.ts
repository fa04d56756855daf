import TencentCloudSDKHttpException from 'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception';
import { describe, expect, it } from 'vitest';
import { answeredError, toCloudError, unansweredError } from '../../../lib/function/tencent/to-cloud-error';

/** What the SDK (4.1.x) really throws: a TencentCloudSDKHttpException with code or httpCode, or only node-fetch's text. */
const sdkError = (message: string, extra: { code?: string; httpCode?: number; requestId?: string } = {}) => {
  const e = new TencentCloudSDKHttpException(message, extra.requestId ?? '', 'trace-1') as TencentCloudSDKHttpException & { code?: string; httpCode?: number };
  if (extra.code !== undefined) e.code = extra.code;
  if (extra.httpCode !== undefined) e.httpCode = extra.httpCode;
  return e;
};

const kind = (e: unknown) => toCloudError('ecm', 'ResetInstances', e).failure;

describe('toCloudError classifies what the SDK throws', () => {
  it.each([
    ['RequestLimitExceeded', 'throttled'],
    ['RequestLimitExceeded.UinLimitExceeded', 'throttled'],
    ['InternalError', 'ambiguous'],
    ['InternalError.SystemError', 'ambiguous'],
    ['FailedOperation.InternalOperationFailure', 'ambiguous'],
    ['ServiceUnavailable', 'ambiguous'],
    ['OperationDenied.InstanceOperationInProgress', 'rejected'],
    ['AuthFailure.SignatureFailure', 'rejected'],
  ])('API error %s → %s, code kept as it came', (code, expected) => {
    const e = toCloudError('ecm', 'ResetInstances', sdkError('msg', { code, requestId: 'req-1' }));
    expect(e.failure).toBe(expected);
    expect(e.tencentCode).toBe(code);
    expect(e.apiRequestId).toBe('req-1');
  });

  it.each([
    [429, 'throttled'],
    [500, 'ambiguous'],
    [502, 'ambiguous'],
    [503, 'ambiguous'],
    [504, 'ambiguous'],
    [403, 'rejected'],
  ])('HTTP %i without an API answer → %s', (httpCode, expected) => {
    expect(kind(sdkError('Service Unavailable', { httpCode }))).toBe(expected);
  });

  it.each([
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: connect ECONNREFUSED 10.0.0.1:443', 'unreachable'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: getaddrinfo ENOTFOUND ecm.tencentcloudapi.com', 'unreachable'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: getaddrinfo EAI_AGAIN ecm.tencentcloudapi.com', 'unreachable'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: connect ETIMEDOUT 10.0.0.1:443', 'unreachable'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: socket hang up', 'ambiguous'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: read ECONNRESET', 'ambiguous'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: read ETIMEDOUT', 'ambiguous'],
    ['network timeout at: https://ecm.tencentcloudapi.com/', 'ambiguous'],
    ['Response timeout while trying to fetch https://ecm.tencentcloudapi.com/ (over 10000ms)', 'ambiguous'],
    ['request to https://ecm.tencentcloudapi.com/ failed, reason: ', 'ambiguous'],
    // The call's signal fired (cloud-calls' timeout): the request may be at the API already.
    ['The user aborted a request.', 'ambiguous'],
  ])('transport failure %j → %s', (message, expected) => {
    expect(kind(sdkError(message))).toBe(expected);
  });

  it('treats anything unknown as ambiguous (the safe side for a write)', () => {
    expect(kind(new TypeError('boom'))).toBe('ambiguous');
    expect(kind('weird')).toBe('ambiguous');
  });
});

describe('answeredError classifies a COS XML error answer (COS doc 436/7730)', () => {
  const answer = (code: string | undefined, httpStatus: number) =>
    answeredError('cos', 'PutObject', { code, httpStatus, requestId: 'NjQ-1', message: 'msg' }, null);
  it.each([
    ['SlowDown', 503, 'throttled'],
    ['ServiceUnavailable', 503, 'ambiguous'],
    ['InternalError', 500, 'ambiguous'],
    ['SomethingNew', 502, 'ambiguous'],
    ['AccessDenied', 403, 'rejected'],
    ['NoSuchBucket', 404, 'rejected'],
    [undefined, 503, 'ambiguous'],
    [undefined, 429, 'throttled'],
  ])('%s with HTTP %i → %s, code and RequestId kept', (code, status, expected) => {
    const e = answer(code, status);
    expect(e).toMatchObject({ failure: expected, service: 'cos', action: 'PutObject', tencentCode: code, apiRequestId: 'NjQ-1' });
  });

  it('a transport failure without an answer follows the SDK rules', () => {
    expect(unansweredError('cos', 'GetObject', new Error('request to http://h/ failed, reason: connect ECONNREFUSED 127.0.0.1:1')).failure).toBe('unreachable');
    expect(unansweredError('cos', 'PutObject', new Error('request to http://h/ failed, reason: socket hang up')).failure).toBe('ambiguous');
    expect(unansweredError('cos', 'PutObject', new Error('The user aborted a request.')).failure).toBe('ambiguous');
  });
});
