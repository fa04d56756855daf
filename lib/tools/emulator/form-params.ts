import type * as v from 'valibot';
import { ApiError } from './api-error';

/**
 * API 3.0's GET form: parameters in the query string, flattened with dots and 0-based
 * indices (`InstanceIdSet.0=ein-…`, `Filters.0.Values.1=…`), every value a string.
 */
const formEncoded = new WeakSet<object>();

/** The query of a GET as the nested parameters a JSON body would carry (values still strings). */
export function paramsFromQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const path = key.split('.');
    if (path.some((part) => part === '')) throw new ApiError('InvalidParameter', `the query parameter \`${key}\` has an empty name part`);
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, index) => {
      const last = index === path.length - 1;
      const slot = Array.isArray(node) ? Number(part) : part;
      if (Array.isArray(node) && !/^\d+$/.test(part)) throw new ApiError('InvalidParameter', `the query parameter \`${key}\` mixes a list and names`);
      if (part === '__proto__' || part === 'constructor' || part === 'prototype')
        throw new ApiError('UnknownParameter', `the parameter \`${key}\` is not recognized`);
      const container = node as Record<string | number, unknown>;
      if (last) {
        if (container[slot] !== undefined) throw new ApiError('InvalidParameter', `the query parameter \`${key}\` is given twice`);
        container[slot] = value;
        return;
      }
      const next = path[index + 1] ?? '';
      container[slot] ??= /^\d+$/.test(next) ? [] : {};
      const child = container[slot];
      if (typeof child !== 'object' || child === null)
        throw new ApiError('InvalidParameter', `the query parameter \`${key}\` conflicts with \`${path.slice(0, index + 1).join('.')}\``);
      node = child as Record<string, unknown> | unknown[];
    });
  }
  checkDense(root, '');
  formEncoded.add(root);
  return root;
}

/** `InstanceIdSet.0` and `InstanceIdSet.2` without `.1` would leave a hole: the API counts from 0 without gaps. */
function checkDense(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) throw new ApiError('InvalidParameter', `the list \`${path}\` has no element ${i}`);
      checkDense(value[i], `${path}.${i}`);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, child] of Object.entries(value)) checkDense(child, path === '' ? k : `${path}.${k}`);
  }
}

/** True for parameters that came from a GET query (strings to coerce by the action's schema). */
export function isFormEncoded(params: unknown): boolean {
  return typeof params === 'object' && params !== null && formEncoded.has(params);
}

type AnySchema = v.GenericSchema & { type: string; wrapped?: AnySchema; item?: AnySchema; entries?: Record<string, AnySchema>; options?: readonly unknown[] };

/**
 * Turns the strings of a GET's parameters into the types the action's schema expects
 * (`Limit=10` → 10, `Enabled=true` → true); anything that does not convert is left as it
 * is, so the schema reports it exactly as it would a wrongly typed JSON value.
 */
export function coerceFormValue(schema: AnySchema, value: unknown): unknown {
  const base = unwrap(schema);
  switch (base.type) {
    case 'number':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array':
      return Array.isArray(value) && base.item ? value.map((item) => coerceFormValue(base.item as AnySchema, item)) : value;
    case 'object':
    case 'strict_object':
    case 'loose_object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !base.entries) return value;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(value)) out[k] = base.entries[k] ? coerceFormValue(base.entries[k], child) : child;
      return out;
    }
    default:
      return value;
  }
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  while (current.wrapped !== undefined) current = current.wrapped;
  return current;
}
