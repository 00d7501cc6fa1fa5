import type { ParamValue, Params } from './form-decoding.js';
import { invalidParam } from './stripe-errors.js';

/** Readers for decoded parameters that fail the way Stripe's parameter validation does (400, not saved). */

export function rejectUnknown(params: Params, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) throw invalidParam(name, `Received unknown parameter: ${name}`, 'parameter_unknown');
  }
}

export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(name, `Invalid string: ${describe(value)}`);
  return value;
}

export function optionalEnum<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParam(name, `Invalid ${name}: must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalPositiveInteger(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw invalidParam(name, `Invalid integer: ${describe(value)}`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw invalidParam(name, `This value must be greater than or equal to 1.`);
  }
  return parsed;
}

/** `metadata[k]=v` sets a key; Stripe unsets a key given an empty value. */
export function optionalMetadata(params: Params): Record<string, string> | undefined {
  const value = params.metadata;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam('metadata', 'Invalid hash');
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw invalidParam(`metadata[${key}]`, 'Invalid string: metadata values are strings');
    out[key] = entry;
  }
  return out;
}

export function expansions(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw invalidParam('expand', 'Invalid array');
  }
  return value as string[];
}

function describe(value: ParamValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
