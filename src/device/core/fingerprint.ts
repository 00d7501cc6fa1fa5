/** SHA-256 certificate fingerprints compare as hex digits: `ab:cd…`, `ABCD…` and `AB:CD…` are the same pin. */
export function sameFingerprint(a: string, b: string): boolean {
  return normalizeFingerprint(a) === normalizeFingerprint(b);
}

/** Colon-separated upper-case hex, the form Node's `fingerprint256` and the hub's mDNS TXT `fp` use. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replaceAll(':', '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new Error(`not a SHA-256 fingerprint: ${fingerprint}`);
  return hex.match(/../g)!.join(':');
}
