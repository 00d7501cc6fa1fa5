import canonicalizeImport from 'canonicalize';

// canonicalize ships CommonJS typings with `export =`; normalise the default import across bundlers.
const canonicalizeFn = canonicalizeImport as unknown as (value: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON: the exact bytes that are hashed and signed. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}
