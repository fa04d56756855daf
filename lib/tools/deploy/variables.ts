/**
 * The variables of `serverless.yml`, resolved as Tencent's tooling resolves them, and nothing more.
 *
 * Tencent's resolver (serverless-tencent, the `scf` component's CLI) matches `${word:word}` only: a
 * pattern like `\$\{([\w:-]+)\}` finds `${env:NAME}` (an environment variable) and `${name}`, `${stage}`,
 * `${app}`, `${org}` (the file's top-level fields). The Serverless Framework's `${env:X, 'default'}` cannot
 * match it (a comma, a space, quotes) and would be deployed verbatim, so it is refused here with a fix,
 * as is any other `${…}`. An unset `${env:NAME}` is an error too (Tencent's resolver leaves the text).
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The top-level fields a `${word}` variable may name. */
export const TOP_LEVEL_VARIABLES = ['name', 'stage', 'app', 'org'] as const;

const VARIABLE = /\$\{([^}]*)\}/g;
const ENV_VARIABLE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export class VariableError extends Error {
  override readonly name = 'VariableError';
}

/**
 * Replaces every `${…}` in `text`. `where` names the field in errors (`inputs.region`).
 * @example
 * resolveText('${name}-${env:STAGE}', { STAGE: 'prod' }, { name: 'ecm-reset' }, 'inputs.name') // 'ecm-reset-prod'
 */
export function resolveText(text: string, env: Env, top: Readonly<Record<string, string | undefined>>, where: string): string {
  return text.replace(VARIABLE, (whole, inner: string) => {
    const fromEnv = ENV_VARIABLE.exec(inner);
    if (fromEnv?.[1] !== undefined) {
      const value = env[fromEnv[1]];
      if (value === undefined || value === '') throw new VariableError(`${where}: ${whole} is not set in the environment`);
      return value;
    }
    if ((TOP_LEVEL_VARIABLES as readonly string[]).includes(inner)) {
      const value = top[inner];
      if (value === undefined || value === '') throw new VariableError(`${where}: ${whole} names the top-level field "${inner}", which the file does not set`);
      return value;
    }
    const hint = /^env:[^,]+,/.test(inner)
      ? `Tencent's resolver has no default values (it matches \${word:word} only and would deploy the text as it is): write the value, or \${env:${inner.slice(4).split(',')[0]?.trim() ?? 'NAME'}} and set it`
      : `the variables Tencent's resolver knows are \${env:NAME}, \${name}, \${stage}, \${app} and \${org}`;
    throw new VariableError(`${where}: ${whole} is not a variable Tencent's tooling resolves; ${hint}`);
  });
}

/** Resolves every string in a parsed YAML document (values only; keys are left alone). */
export function resolveDocument(value: unknown, env: Env, top: Readonly<Record<string, string | undefined>>, where = ''): unknown {
  if (typeof value === 'string') return resolveText(value, env, top, where === '' ? '(top level)' : where);
  if (Array.isArray(value)) return value.map((item, i) => resolveDocument(item, env, top, `${where}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDocument(v, env, top, where === '' ? k : `${where}.${k}`)]));
  }
  return value;
}
