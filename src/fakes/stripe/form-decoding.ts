import { invalidParam } from './stripe-errors.js';

/**
 * Decodes Stripe v1 form parameters (`application/x-www-form-urlencoded` bodies and GET query strings) the way the API
 * reads them: `metadata[sale_id]=42` is a hash, `expand[0]=latest_charge` and `expand[]=latest_charge` are arrays.
 */

export type ParamValue = string | ParamValue[] | Params;
export interface Params {
  [name: string]: ParamValue;
}

type Node = string | Map<string, Node>;

export function decodeForm(encoded: string): Params {
  const root = new Map<string, Node>();
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const segments = splitKey(rawKey);
    let container = root;
    for (let i = 0; i < segments.length; i += 1) {
      // An empty `[]` appends, so each one takes the next free index of its array.
      const segment = segments[i] === '' ? String(container.size) : segments[i]!;
      const isLast = i === segments.length - 1;
      const existing = container.get(segment);
      if (isLast) {
        if (existing !== undefined && typeof existing !== 'string') throw invalidHash(rawKey);
        container.set(segment, value);
      } else if (existing === undefined) {
        const child = new Map<string, Node>();
        container.set(segment, child);
        container = child;
      } else if (typeof existing === 'string') {
        throw invalidHash(rawKey);
      } else {
        container = existing;
      }
    }
  }
  return toParams(root);
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const pattern = /\[([^\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null) {
    segments.push(match[1]!);
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length) throw invalidParam(key, `Invalid parameter name: ${key}`);
  return segments;
}

function invalidHash(key: string) {
  return invalidParam(key, `Invalid hash: ${key} is given both as a value and as a hash or array`);
}

function toParams(node: Map<string, Node>): Params {
  const out: Params = {};
  for (const [key, child] of node) out[key] = toValue(child);
  return out;
}

function toValue(node: Node): ParamValue {
  if (typeof node === 'string') return node;
  const keys = [...node.keys()];
  const isArray = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isArray) return toParams(node);
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => toValue(node.get(key)!));
}

/** A key-order-free rendering, so the idempotency layer compares what was asked rather than how it was spelled. */
export function canonicalParams(value: ParamValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalParams(value[key]!)}`).join(',')}}`;
}
