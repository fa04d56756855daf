/**
 * The deployed function against serverless.yml (the deployer's own plan, code left out: the doctor does
 * not build), and the triggers that need attention: an API Gateway trigger is being retired.
 */

import type { Cloud } from '../deploy/cloud';
import { errorCode, errorMessage, isDenied } from '../deploy/cloud';
import { describeChange, planDeploy } from '../deploy/plan';
import { readDeployed } from '../deploy/read-deployed';
import type { FunctionSpec } from '../deploy/serverless-yml';
import { desiredFunction } from '../deploy/state';
import { type Check, ok, warn } from './report';

/**
 * API Gateway triggers: none can be created since 2024-07-01; doc 583/107631 (as of 2025-05-28) took
 * existing ones offline on 2025-06-30, and the schedule the project tracks retires them from 2026-10-30
 * (which date applies to an account is UNCONFIRMED).
 */
const APIGW_RETIRED = 'API Gateway triggers are being retired (from 2026-10-30; doc 583/107631)';

export async function deployedChecks(cloud: Cloud, spec: FunctionSpec): Promise<Check[]> {
  const what = `function ${spec.functionName}`;
  let deployed: Awaited<ReturnType<typeof readDeployed>>;
  try {
    deployed = await readDeployed(cloud, spec.functionName, spec.namespace);
  } catch (e) {
    const code = errorCode(e) ?? errorMessage(e);
    return [warn(what, `cannot be read (${code})`, isDenied(e) ? 'allow scf:GetFunction and scf:ListTriggers to the user running the doctor' : undefined)];
  }
  if (deployed === null) return [warn(what, `not deployed in ${cloud.region}/${spec.namespace}`, 'npm run deploy')];
  const checks: Check[] = [];
  if (deployed.status !== 'Active')
    checks.push(warn(what, `is ${deployed.status}${deployed.statusReason === null ? '' : `: ${deployed.statusReason}`}`, 'npm run deploy'));
  // The code is compared by the deploy itself (it builds); here, everything else.
  const wanted = desiredFunction(spec, deployed.codeSha256 ?? '');
  const plan = planDeploy(wanted, { ...deployed, codeSha256: deployed.codeSha256 ?? '' }, { prune: false });
  const drift = plan.changes.filter((c) => c.kind !== 'update-code' || c.handler !== null);
  if (drift.length === 0) checks.push(ok(what, `deployed as serverless.yml says (configuration, variables, ${wanted.triggers.length} triggers)`));
  else
    checks.push(
      warn(
        what,
        `differs from serverless.yml: ${drift.map((c) => describeChange(c, wanted).replace(/^[-+~±!] /, '')).join(' | ')}`,
        'npm run deploy (npm run deploy -- --plan shows it)',
      ),
    );
  for (const trigger of deployed.triggers.filter((t) => t.type === 'apigw')) {
    checks.push(
      warn(
        `trigger ${trigger.name}`,
        `an API Gateway trigger: ${APIGW_RETIRED}`,
        'move its callers to the function URL (the http event), then delete it (npm run deploy -- --prune)',
      ),
    );
  }
  return checks;
}
