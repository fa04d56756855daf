/**
 * Cloud Monitor alarm callback (告警回调) → AlarmIntent. Used by `POST /alarm` and by EventBridge.
 *
 * Source: intl-docs `yehe_doc/开发者服务/云监控/操作指南/告警服务/告警通知模板/告警回调_intl_en.md`
 * (= https://www.tencentcloud.com/document/product/248/38209) and the older `…/告警服务/告警回调_intl_en.md`
 * (event alarm, numeric `alarmStatus`); real capture `hhthuongbtr/tulc-10xu` `main.go`; ECM metrics:
 * https://cloud.tencent.com/document/product/248/45124 (namespace `QCE/ECM`, single dimension `UUID`).
 */
import * as v from 'valibot';
import { echo, echoJson } from '../kernel/echo';
import { AppError } from '../kernel/errors';
import { invalidInput } from '../kernel/issues';
import { INSTANCE_ID_PATTERN, UUID_PATTERN } from '../request/ids';
import type { AlarmIntent, AlarmTarget, TriggerRef } from '../request/intent';

/** `"1"` or `1` fires, `"0"` or `0` recovers: the docs show both a string and a number. */
export const AlarmStatusSchema = v.pipe(
  v.union([v.string(), v.number()], 'alarmStatus must be 1 (firing) or 0 (recovered)'),
  v.transform((s) => String(s).trim()),
  v.picklist(['1', '0'], 'alarmStatus must be 1 (firing) or 0 (recovered)'),
);

export const AlarmCallbackSchema = v.looseObject({
  sessionId: v.pipe(v.string('sessionId is required'), v.minLength(1, 'sessionId is required')),
  alarmStatus: AlarmStatusSchema,
  alarmType: v.optional(v.string()),
  alarmObjInfo: v.looseObject({
    namespace: v.optional(v.string()),
    region: v.optional(v.string()),
    // Values are mostly strings but `objDetail` is an object: keep them unknown.
    dimensions: v.optional(v.record(v.string(), v.unknown())),
  }),
  alarmPolicyInfo: v.optional(
    v.looseObject({
      policyName: v.optional(v.string()),
      conditions: v.optional(v.looseObject({ metricName: v.optional(v.string()), eventName: v.optional(v.string()) })),
    }),
  ),
  firstOccurTime: v.optional(v.string()),
});

export type AlarmCallback = v.InferOutput<typeof AlarmCallbackSchema>;

/**
 * Whether `x` is meant as a callback (its two keys are there), so that a malformed one is
 * reported as a bad alarm rather than taken for something else.
 */
export const looksLikeAlarmCallback = (x: unknown): boolean => typeof x === 'object' && x !== null && 'sessionId' in x && 'alarmStatus' in x;

/**
 * Reads a Cloud Monitor callback body (parsed JSON, or the raw JSON text).
 * @param trigger who delivered it; a null `trigger.id` is filled with the alarm's `sessionId`
 * @returns the alarm, or a `Request.Invalid` error naming what is wrong (never throws)
 */
export function parseAlarmCallback(body: unknown, trigger: TriggerRef): AlarmIntent | AppError {
  let input = body;
  if (typeof body === 'string') {
    try {
      input = JSON.parse(body) as unknown;
    } catch {
      return new AppError('Request.Invalid', 'the alarm callback body is not JSON');
    }
  }
  const parsed = v.safeParse(AlarmCallbackSchema, input);
  if (!parsed.success) return invalidInput('Request.Invalid', 'not a Cloud Monitor alarm callback', parsed.issues);
  const a = parsed.output;
  const d = a.alarmObjInfo.dimensions ?? {};
  const target = alarmTarget([d['unInstanceId'], d['InstanceId'], d['instanceId'], d['UUID'], d['uuid'], d['objId']], a.alarmObjInfo.namespace);
  if (target instanceof AppError) return target;
  const conditions = a.alarmPolicyInfo?.conditions;
  return {
    type: 'alarm',
    trigger: { kind: trigger.kind, id: trigger.id ?? a.sessionId },
    // Cloud Monitor pushes one alarm up to 3 times with the same sessionId: one identity.
    // The status is part of it because a recovery of the same alarm is a different event.
    identity: `alarm:${a.sessionId}:${a.alarmStatus}:${a.firstOccurTime ?? ''}`,
    firing: a.alarmStatus === '1',
    target,
    summary: alarmSummary(a.alarmPolicyInfo?.policyName, conditions?.metricName ?? conditions?.eventName),
  };
}

/** `policy: metric`, whichever parts the alarm has. */
export function alarmSummary(policyName: string | undefined, what: string | undefined): string {
  const policy = policyName === undefined || policyName === '' ? 'alarm' : `alarm policy ${policyName}`;
  return what === undefined || what === '' ? policy : `${policy}: ${what}`;
}

/**
 * The ECM instance an alarm names, from candidate dimension values in order of preference.
 * An `ein-` id wins; ECM metrics only carry the instance UUID. A CVM `ins-` id means the alarm
 * is about another product, and resetting "whatever that UUID is" would be wrong, so it is refused.
 * @param product namespace or EventBridge product of the alarm, when known (`qce/ecm`, `cvm`, …)
 */
export function alarmTarget(candidates: readonly unknown[], product: string | undefined): AlarmTarget | AppError {
  const values = candidates.filter((c): c is string => typeof c === 'string').map((c) => c.trim());
  const ecmIds = [...new Set(values.filter((c) => INSTANCE_ID_PATTERN.test(c)))];
  if (ecmIds.length > 1) {
    return new AppError(
      'Request.Invalid',
      `the alarm's dimensions name ${ecmIds.length} different instances (${ecmIds.join(', ')}): an alarm may reset only the one instance it is about`,
    );
  }
  const ecm = ecmIds[0];
  if (ecm !== undefined) {
    const uuids = [...new Set(values.filter((c) => UUID_PATTERN.test(c)).map((c) => c.toLowerCase()))];
    if (uuids.length > 1)
      return new AppError(
        'Request.Invalid',
        `the alarm's dimensions name ${ecm} and ${uuids.length} UUIDs: an alarm may reset only the one instance it is about`,
      );
    // Both given: resolve-alarm checks they are the same instance.
    return uuids[0] === undefined ? { instanceId: ecm } : { instanceId: ecm, uuid: uuids[0] };
  }
  const cvm = values.find((c) => c.startsWith('ins-'));
  if (cvm !== undefined) {
    return new AppError('Request.Invalid', `the alarm names CVM instance ${echo(cvm)}, not an ECM instance (ein-…): only ECM instances can be reset`);
  }
  const badEcm = values.find((c) => c.startsWith('ein-'));
  if (badEcm !== undefined) {
    return new AppError('Request.Invalid', `the alarm names ${echoJson(badEcm)}, which is not an ECM instance id (ein- and 8 lower-case letters or digits)`);
  }
  const uuid = values.find((c) => UUID_PATTERN.test(c));
  if (uuid !== undefined) {
    // The ECM namespace string in callbacks is unconfirmed (`qce/ecm` presumably): accept
    // anything mentioning ECM, refuse a UUID from a product that is clearly another one.
    if (product !== undefined && product !== '' && !/ecm/i.test(product)) {
      return new AppError('Request.Invalid', `the alarm comes from ${echo(product)}, not ECM (qce/ecm): its UUID ${uuid} is not an ECM instance`);
    }
    return { uuid };
  }
  return new AppError('Request.Invalid', 'the alarm names no ECM instance: expected a dimension unInstanceId/InstanceId/instanceId (ein-…) or UUID');
}
