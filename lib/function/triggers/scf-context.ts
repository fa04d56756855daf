import * as v from 'valibot';
import type { PlatformFacts } from '../config/config';

/**
 * The SCF `context` object (tencentcloud.com/document/product/583/9210). Only what we use is
 * checked; the runtime may add fields. `getRemainingTimeInMillis` is not documented for SCF,
 * so the deadline comes from `time_limit_in_ms`.
 */
export const ScfContextSchema = v.looseObject({
  request_id: v.optional(v.string()),
  time_limit_in_ms: v.optional(v.number()),
  memory_limit_in_mb: v.optional(v.number()),
  function_name: v.optional(v.string()),
  function_version: v.optional(v.string()),
  namespace: v.optional(v.string()),
  tencentcloud_region: v.optional(v.string()),
  tencentcloud_appid: v.optional(v.string()),
  tencentcloud_uin: v.optional(v.string()),
});

export type ScfContext = v.InferOutput<typeof ScfContextSchema>;

/** The region and UIN the context names (`tencentcloud_region`, `tencentcloud_uin`): the configuration's fallback for them. */
export const platformFacts = (context: ScfContext): PlatformFacts => ({ region: context.tencentcloud_region, uin: context.tencentcloud_uin });
