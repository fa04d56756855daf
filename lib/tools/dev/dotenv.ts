import { readFileSync } from 'node:fs';

/**
 * Reads a dotenv file: `KEY=VALUE` lines, `#` comments, optional `export `, values optionally
 * in single or double quotes. Throws with the line number on anything else.
 */
export function parseDotenv(text: string, source = 'env file'): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`${source}:${i + 1}: expected KEY=VALUE`);
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted && quoted[2] !== undefined) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n').replace(/\\"/g, '"') : quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  });
  return out;
}

export const readDotenv = (file: string): Record<string, string> => parseDotenv(readFileSync(file, 'utf8'), file);
