import canonicalizeImport from 'canonicalize';

// canonicalize ships CommonJS typings with `export =`; normalise the default import across bundlers.
const canonicalizeFn = canonicalizeImport as unknown as (value: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON: the exact bytes that are hashed and signed. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/**
 * JCS of an object from its members' canonical texts, so a member serialised once can be part of several wholes
 * (an event inside its ledger record, an envelope with and without its signature). Members are ordered as JCS
 * orders keys: by UTF-16 code units, which is what the default sort compares.
 */
export function canonicalObject(members: Readonly<Record<string, string>>): string {
  const keys = Object.keys(members).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${members[key]}`).join(',')}}`;
}
