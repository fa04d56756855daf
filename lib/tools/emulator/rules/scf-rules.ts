import { createHash } from 'node:crypto';

/**
 * The emulator's own copy of SCF's rules for a function's configuration, written from Tencent's docs
 * (SCF 2018-04-16 CreateFunction / UpdateFunctionConfiguration, tencentcloud-sdk-nodejs
 * `scf/v20180416/scf_models.d.ts`; quotas from doc 583/11637; error codes from tencentcloud-sdk-go
 * `scf/v20180416/errors.go`). Each check answers why SCF would refuse a value, or null.
 */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

const refuse = (code: string, message: string): Refusal => ({ code, message });

/** CreateFunction.Runtime's documented values (SDK v4.1.313); the default is Python2.7. */
export const RUNTIMES: readonly string[] = [
  'Python2.7',
  'Python3.6',
  'Python3.7',
  'Python3.9',
  'Python3.10',
  'Nodejs6.10',
  'Nodejs8.9',
  'Nodejs10.15',
  'Nodejs12.16',
  'Nodejs14.18',
  'Nodejs16.13',
  'Nodejs18.15',
  'Php5.6',
  'Php7',
  'Php7.4',
  'Php8.0',
  'Go1',
  'Java8',
  'CustomRuntime',
];

/** Letters, digits, `-` and `_`; starts with a letter, ends with neither `-` nor `_`; 2–60 characters. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
/** Namespace plus function name: at most 118 characters (doc 583/11637). */
const MAX_QUALIFIED_NAME = 118;

export function functionNameRefusal(name: string, namespace: string): Refusal | null {
  if (!FUNCTION_NAME.test(name)) {
    return refuse(
      'InvalidParameterValue.FunctionName',
      `the function name \`${name}\` must be 2-60 letters, digits, - or _, start with a letter and not end with - or _`,
    );
  }
  if (namespace.length + name.length > MAX_QUALIFIED_NAME) {
    return refuse('InvalidParameterValue.FunctionName', `namespace and function name together exceed ${MAX_QUALIFIED_NAME} characters`);
  }
  return null;
}

export function runtimeRefusal(runtime: string): Refusal | null {
  return RUNTIMES.includes(runtime) ? null : refuse('InvalidParameterValue.Runtime', `the runtime \`${runtime}\` is not one of ${RUNTIMES.join(', ')}`);
}

/** 64 MB, or 128–3072 MB in steps of 128 (doc 583/11637). */
export function memoryRefusal(memorySize: number): Refusal | null {
  const ok = memorySize === 64 || (Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 3072 && memorySize % 128 === 0);
  return ok ? null : refuse('InvalidParameterValue.MemorySize', `MemorySize ${memorySize} is not 64 or 128-3072 in steps of 128`);
}

/** 1–900 s (doc 583/11637). Above the limit is `LimitExceeded.Timeout` ("Timeout超出最大限制"). */
export function timeoutRefusal(timeout: number): Refusal | null {
  if (!Number.isInteger(timeout) || timeout < 1) return refuse('InvalidParameterValue', `Timeout ${timeout} must be a whole number of seconds, 1-900`);
  return timeout > 900 ? refuse('LimitExceeded.Timeout', `Timeout ${timeout} exceeds 900 seconds`) : null;
}

/**
 * `文件名称.方法名称`, each starting and ending with a letter, 2–60 characters (CreateFunction.Handler).
 * Checked for the Node.js, Python and PHP runtimes only: Java, Go and custom runtimes name handlers
 * their own way.
 */
const HANDLER_PART = /^[A-Za-z](?:[A-Za-z0-9_-]{0,58}[A-Za-z])$/;
export function handlerRefusal(runtime: string, handler: string): Refusal | null {
  if (!/^(Nodejs|Python|Php)/.test(runtime)) return null;
  const dot = handler.lastIndexOf('.');
  const file = handler.slice(0, dot);
  const method = handler.slice(dot + 1);
  if (dot > 0 && HANDLER_PART.test(file) && HANDLER_PART.test(method)) return null;
  return refuse('InvalidParameterValue.Handler', `the handler \`${handler}\` is not file.method, each 2-60 characters starting and ending with a letter`);
}

/** At most 4 KB of environment variables per function (doc 583/11637), counted as key plus value bytes. */
export const MAX_ENVIRONMENT_BYTES = 4096;
/** Prefixes SCF keeps for itself (its TENCENTCLOUD_* credentials among them): `InvalidParameterValue.EnvironmentSystemProtect`. */
export const RESERVED_ENV_PREFIXES: readonly string[] = ['SCF_', 'QCLOUD_', 'TENCENTCLOUD_'];

export function environmentRefusal(variables: readonly { readonly Key: string; readonly Value: string }[]): Refusal | null {
  const seen = new Set<string>();
  let bytes = 0;
  for (const { Key, Value } of variables) {
    if (Key === '' || Value === '') return refuse('InvalidParameterValue.Environment', `environment variable \`${Key}\`: names and values must not be empty`);
    if (seen.has(Key)) return refuse('InvalidParameterValue.Environment', `environment variable \`${Key}\` is given twice`);
    seen.add(Key);
    const reserved = RESERVED_ENV_PREFIXES.find((prefix) => Key.toUpperCase().startsWith(prefix));
    if (reserved !== undefined) {
      return refuse('InvalidParameterValue.EnvironmentSystemProtect', `environment variable \`${Key}\`: the prefix ${reserved} is reserved by SCF`);
    }
    bytes += Buffer.byteLength(Key) + Buffer.byteLength(Value);
  }
  return bytes > MAX_ENVIRONMENT_BYTES
    ? refuse('InvalidParameterValue.EnvironmentExceededLimit', `the environment variables take ${bytes} bytes; at most ${MAX_ENVIRONMENT_BYTES} are allowed`)
    : null;
}

/** At most 1000 characters (CreateFunction.Description). */
export function descriptionRefusal(description: string): Refusal | null {
  return description.length > 1000 ? refuse('InvalidParameterValue.Description', 'Description is longer than 1000 characters') : null;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A zip starts with a local file header, or is an empty archive (end of central directory). */
const ZIP_MAGIC = [Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0x50, 0x4b, 0x05, 0x06])];

/**
 * A `ZipFile` parameter: base64 of a zip (`InvalidParameterValue.ZipFileBase64BinasciiError` when it is
 * not base64, `InvalidParameterValue.ZipFile` when the bytes are not a zip). Returns its size and sha256.
 */
export function readZipFile(base64: string): { readonly size: number; readonly sha256: string } | Refusal {
  if (!BASE64.test(base64)) return refuse('InvalidParameterValue.ZipFileBase64BinasciiError', 'ZipFile is not valid base64');
  const bytes = Buffer.from(base64, 'base64');
  if (!ZIP_MAGIC.some((magic) => bytes.subarray(0, 4).equals(magic))) {
    return refuse('InvalidParameterValue.ZipFile', 'ZipFile is not a zip archive (no PK header)');
  }
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
