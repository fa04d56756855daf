/**
 * What the doctor checks against: the function's configuration as it will run (serverless.yml's
 * variables, then the --env file, then RESET_* / TENCENTCLOUD_* of the shell, which win, as for
 * `npm run invoke`), the account of the credentials, and the clients.
 */
import { existsSync } from 'node:fs';
import type { AppError } from '../../function/kernel/errors';
import { isAppError } from '../../function/kernel/errors';
import { type FunctionSpec, readServerlessYml } from '../deploy/serverless-yml';
import { readDotenv } from '../dev/dotenv';

type Env = Readonly<Record<string, string | undefined>>;

export interface DoctorInput {
  /** serverless.yml (absent: the environment alone is checked). */
  readonly file: string;
  readonly envFile: string | null;
  readonly shell: Env;
}

export interface DoctorContext {
  /** serverless.yml's function; null when there is no file, or an error when it cannot be read. */
  readonly spec: FunctionSpec | AppError | null;
  /** Variables of the function's own configuration (serverless.yml and the --env file): the ones checked for unknown names. */
  readonly declared: Readonly<Record<string, string>>;
  /** Everything the function would read. */
  readonly env: Readonly<Record<string, string>>;
  readonly region: string;
}

const PASSED_THROUGH = /^(TENCENTCLOUD_|RESET_)/;

export async function readContext(input: DoctorInput): Promise<DoctorContext> {
  const spec = existsSync(input.file) ? await readServerlessYml(input.file, input.shell) : null;
  const fromYml = spec !== null && !isAppError(spec) ? spec.environment : {};
  const fromFile = input.envFile === null ? {} : readDotenv(input.envFile);
  const fromShell: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.shell)) if (PASSED_THROUGH.test(k) && v !== undefined) fromShell[k] = v;
  const merged: Record<string, string> = { ...fromYml, ...fromFile, ...fromShell };
  // As `npm run deploy` picks it: the function runs where serverless.yml deploys it, and reads that region from its SCF context.
  const ymlRegion = spec !== null && !isAppError(spec) ? spec.region : null;
  const region = ymlRegion || merged['TENCENTCLOUD_REGION']?.trim() || '';
  const env = region === '' ? merged : { ...merged, TENCENTCLOUD_REGION: region };
  return { spec, declared: { ...fromYml, ...fromFile }, env, region };
}
