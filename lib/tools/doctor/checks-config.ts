/** The doctor's checks of the configuration itself: credentials and UIN, the variables, serverless.yml. */
import type { Config } from '../../function/config/config';
import { configWarnings } from '../../function/config/config-warnings';
import { type AppError, isAppError } from '../../function/kernel/errors';
import { errorCode, errorMessage, isDenied } from '../deploy/cloud';
import type { Account } from '../deploy/setup';
import type { DoctorContext } from './context';
import { type Check, fail, ok, warn } from './report';

const BAD_KEY = /^AuthFailure\.(SecretIdNotFound|SignatureFailure|InvalidSecretId|TokenFailure|SignatureExpire|MFAFailure)$/;

/** The credentials work and name the account TENCENTCLOUD_UIN says (if it says one). */
export function credentialsCheck(context: DoctorContext, account: Account | null, error: unknown): Check {
  if (account === null) {
    const code = errorCode(error) ?? '';
    if (BAD_KEY.test(code))
      return fail(
        'credentials',
        `refused (${code})`,
        'check TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys) and the clock',
      );
    if (isDenied(error)) return fail('credentials', `cam:GetUserAppId denied (${code})`, 'allow cam:GetUserAppId to the user running the doctor');
    return fail('credentials', `CAM GetUserAppId failed: ${code || errorMessage(error)}`, 'check RESET_API_ENDPOINT, the network and the credentials');
  }
  const said = context.env['TENCENTCLOUD_UIN']?.trim();
  if (said !== undefined && said !== '' && said !== account.uin) {
    return fail(
      'credentials',
      `TENCENTCLOUD_UIN is ${said} but the credentials belong to uin ${account.uin}`,
      `set TENCENTCLOUD_UIN=${account.uin}, or leave it out (the function reads it from its SCF context)`,
    );
  }
  return ok('credentials', `uin ${account.uin}, appid ${account.appId}${said ? '' : ' (the function reads its UIN from the SCF context)'}`);
}

/** serverless.yml readable, and the configuration the function would load valid. */
export function configurationChecks(context: DoctorContext, config: Config | AppError): Check[] {
  const checks: Check[] = [];
  if (context.spec === null)
    checks.push(warn('serverless.yml', 'not found: checking the environment (and --env file) alone', 'run the doctor where serverless.yml is, or pass --file'));
  else if (isAppError(context.spec)) checks.push(fail('serverless.yml', context.spec.message, 'fix the file (docs/deploy.md)'));
  else checks.push(ok('serverless.yml', `function ${context.spec.functionName} in ${context.region}/${context.spec.namespace}`));
  if (context.region === '') checks.push(fail('region', 'neither serverless.yml (inputs.region) nor TENCENTCLOUD_REGION names one', 'set inputs.region'));
  if (isAppError(config)) {
    for (const issue of config.issues ?? [{ path: '', message: config.message }]) {
      checks.push(fail(`configuration ${issue.path || ''}`.trim(), issue.message, 'set it in serverless.yml (inputs.environment.variables) or the --env file'));
    }
  } else {
    const count = Object.keys(context.env).filter((k) => k.startsWith('RESET_')).length;
    checks.push(ok('configuration', `${count} RESET_* variables, all valid (tag resource form ${config.tagResourceForm})`));
  }
  return checks;
}

/**
 * The function's own configuration warnings (config-warnings.ts: RESET_* names it does not read, with
 * the closest known one, and allow-list entries holding a ';'), as doctor lines.
 */
export function variableChecks(context: DoctorContext): Check[] {
  const warnings = configWarnings(context.declared);
  if (warnings.length === 0) return [ok('variables', 'every RESET_* variable of the configuration is one the function reads')];
  return warnings.map((w) =>
    w.code === 'config.unknown-variable'
      ? warn(`variable ${w.variable}`, w.message, 'rename or remove it (docs/configuration.md)')
      : warn('variable RESET_ALLOW', w.message, 'separate entries with commas (docs/configuration.md)'),
  );
}
