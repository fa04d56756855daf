import type { Config } from '../config/config';
import { AppError, type ErrorCode } from '../kernel/errors';
import type { EcmInstance } from '../ports/cloud-ports';
import type { TriggerKind } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { formatSelector } from '../request/selector';
import { isAllowed } from './allow-list';
import type { Decision } from './decision';
import type { InstanceHistory } from './instance-history';

export type Plan =
  | { kind: 'rejected'; error: AppError }
  | {
      kind: 'planned';
      decisions: Decision[];
      /** Instances to reset, in request order. */
      toReset: EcmInstance[];
      /** Instances whose refused attempt counts toward escalation. */
      attempts: EcmInstance[];
      /** Instances that just crossed the escalation budget: ask a human, once. */
      escalate: EcmInstance[];
    };

export type GuardConfig = Pick<Config, 'allow' | 'maxInstances' | 'maxInstancesTimer' | 'maxPerHour' | 'cooldownSeconds' | 'escalateAfter' | 'allowDataWipe'>;

export interface PlanInput {
  request: ResetRequest;
  triggerKind: TriggerKind;
  resultId: string;
  /** Instances found for the request's targets. */
  instances: readonly EcmInstance[];
  /** Requested ids that DescribeInstances did not find. */
  missingIds: readonly string[];
  /** Resets started by this function in the last hour, all instances together. */
  resetsLastHour: number;
  /** Each instance's history, as the ledger keeps it. */
  history: (instanceId: string) => InstanceHistory;
  /** Instances earlier records of the same invocation (a queue batch) already reset. */
  resetThisInvocation?: number;
  config: GuardConfig;
  /** Unix seconds. */
  now: number;
}

const DAY_SECONDS = 86_400;

const reject = (code: ErrorCode, message: string): Plan => ({ kind: 'rejected', error: new AppError(code, message) });

const list = (ids: readonly string[]): string => (ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);

/**
 * Applies every guardrail to a request, with no I/O: data safety, allow-list, per-instance
 * state (duplicate, in progress, escalation, cooldown), blast radius and the hourly budget.
 */
export function planReset(input: PlanInput): Plan {
  const { request, config, now } = input;

  if (!request.keepData && !config.allowDataWipe) {
    return reject('Guard.DataWipe', 'keepData: false would wipe the data disks; this function is not configured to allow it (RESET_ALLOW_DATA_WIPE)');
  }

  const allowed = input.instances.filter((i) => isAllowed(config.allow, i.instanceId, i.tags));
  const decisions: Decision[] = [];

  if (request.target.kind === 'ids') {
    // Naming one instance you may not reset refuses the whole request: never act on part of a mistake.
    // An unknown id only counts as allowed when the allow-list names it; otherwise existence is not revealed.
    const refused = [
      ...input.instances.filter((i) => !allowed.includes(i)).map((i) => i.instanceId),
      ...input.missingIds.filter((id) => !config.allow.any && !config.allow.instanceIds.has(id)),
    ];
    if (refused.length > 0) {
      return reject('Guard.NotAllowed', `not allowed to reset ${list(refused)} (RESET_ALLOW)`);
    }
    for (const id of input.missingIds) {
      decisions.push({ instanceId: id, action: 'fail', code: 'ResourceNotFound.InstanceNotExist', message: 'no such ECM instance' });
    }
  } else {
    const selector = formatSelector(request.target.selector);
    // Matches that are not allowed read as no match: a caller must not learn what exists beyond its allow-list.
    if (allowed.length === 0) return reject('Guard.NoMatch', `no allowed instance matches ${selector} (RESET_ALLOW)`);
  }

  const toReset: EcmInstance[] = [];
  const attempts: EcmInstance[] = [];
  const escalate: EcmInstance[] = [];
  for (const instance of allowed) {
    const history = input.history(instance.instanceId);
    const decide = (action: Decision['action'], code: string, message: string) => decisions.push({ instanceId: instance.instanceId, action, code, message });

    // A refused attempt redelivered (e.g. Cloud Monitor's retries) is a duplicate too: it must not count twice.
    if (history.handledBy.has(input.resultId)) {
      decide('skip', 'Guard.Duplicate', `already handled by ${input.resultId}`);
      continue;
    }
    // Left for a human, it stays left until a human releases it (DESIGN, guarantee 1).
    if (history.escalatedAt !== null) {
      decide(
        'skip',
        'Guard.Escalated',
        `left alone for a human since ${new Date(history.escalatedAt * 1000).toISOString()} (RESET_ESCALATE_AFTER=${config.escalateAfter}); release it with POST /release (\`npx ecm-reset call --release\`)`,
      );
      continue;
    }
    const lastDay = history.lastDay.filter((e) => e.at > now - DAY_SECONDS && e.at <= now + 300);
    if (lastDay.length >= config.escalateAfter) {
      decide('skip', 'Guard.Escalated', `${lastDay.length} reset requests in 24 h (RESET_ESCALATE_AFTER=${config.escalateAfter}): left alone for a human`);
      escalate.push(instance);
      continue;
    }
    if (instance.latestOperationState === 'OPERATING') {
      decide('skip', 'Guard.InProgress', `${instance.latestOperation ?? 'an operation'} is still in progress`);
      attempts.push(instance);
      continue;
    }
    const lastReset = history.last?.at ?? null;
    if (lastReset !== null && now - lastReset < config.cooldownSeconds) {
      const wait = config.cooldownSeconds - (now - lastReset);
      decide('skip', 'Guard.Cooldown', `reset ${now - lastReset} s ago; cooldown ${config.cooldownSeconds} s (${wait} s left)`);
      attempts.push(instance);
      continue;
    }
    decide('reset', 'Planned', 'passes every guardrail');
    toReset.push(instance);
  }

  const max = input.triggerKind === 'timer' ? config.maxInstancesTimer : config.maxInstances;
  const maxName = input.triggerKind === 'timer' ? 'RESET_MAX_INSTANCES_TIMER' : 'RESET_MAX_INSTANCES';
  const earlier = input.resetThisInvocation ?? 0;
  if (toReset.length > 0 && earlier + toReset.length > max) {
    // A batch of records is one invocation: ten records of ten ids must not make 100 resets.
    return reject(
      'Guard.BlastRadius',
      earlier === 0
        ? `${toReset.length} instances would be reset; at most ${max} per invocation (${maxName})`
        : `${toReset.length} instances would be reset after ${earlier} reset by earlier records of this batch; at most ${max} per invocation (${maxName})`,
    );
  }
  if (toReset.length > 0 && input.resetsLastHour + toReset.length > config.maxPerHour) {
    return reject(
      'Guard.HourlyBudget',
      `${toReset.length} more resets would make ${input.resetsLastHour + toReset.length} in the last hour; at most ${config.maxPerHour} (RESET_MAX_PER_HOUR)`,
    );
  }
  return { kind: 'planned', decisions, toReset, attempts, escalate };
}
