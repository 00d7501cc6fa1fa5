/*
 * Node's X509Certificate does not expose the keyUsage extension (its `keyUsage` property is the *extended* key
 * usage), so the one bit KSeF cares about is read from the DER here. Only the path down to that bit is walked:
 * Certificate → tbsCertificate → [3] extensions → the extension 2.5.29.15 → its BIT STRING. Certificates use
 * single-byte tags along that path, so the high-tag-number form is not handled.
 */

const KEY_USAGE_OID = [0x55, 0x1d, 0x0f]; // 2.5.29.15
const EXTENSIONS_TAG = 0xa3; // tbsCertificate's [3] EXPLICIT
const NON_REPUDIATION = 0x40; // bit 1 of the first byte (bit 0 is the most significant: digitalSignature)

/**
 * Whether the certificate's keyUsage grants nonRepudiation (RFC 5280 §4.2.1.3; X.509 now calls it
 * contentCommitment). A certificate without the extension answers false: every KSeF certificate carries one, and
 * only the Offline type grants nonRepudiation. Throws RangeError on DER that does not hold together.
 */
export function grantsNonRepudiation(certificateDer: Uint8Array): boolean {
  const der = certificateDer;
  const certificate = readTlv(der, 0, der.length);
  const [tbs] = children(der, certificate);
  const wrapper = tbs && children(der, tbs).find((field) => field.tag === EXTENSIONS_TAG);
  if (!wrapper) return false;
  for (const extension of children(der, readTlv(der, wrapper.start, wrapper.end))) {
    const fields = children(der, extension); // extnID, critical (optional, defaults to false), extnValue
    const [id] = fields;
    const value = fields.at(-1);
    if (!id || !value || !sameBytes(der.subarray(id.start, id.end), KEY_USAGE_OID)) continue;
    const bits = readTlv(der, value.start, value.end); // the OCTET STRING holds a BIT STRING
    // Its first content byte counts the unused trailing bits; the usage bits follow.
    return bits.end - bits.start >= 2 && ((der[bits.start + 1] ?? 0) & NON_REPUDIATION) !== 0;
  }
  return false;
}

/** One DER element: its tag, and where its content starts and ends in the buffer. */
interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new RangeError('truncated DER');
  const tag = der[offset] ?? 0;
  const first = der[offset + 1] ?? 0;
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  if (start + length > limit) throw new RangeError('truncated DER');
  return { tag, start, end: start + length };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const found: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(der, offset, parent.end);
    found.push(child);
    offset = child.end; // always past `offset`: a tag and a length byte at least
  }
  return found;
}

function sameBytes(bytes: Uint8Array, expected: readonly number[]): boolean {
  return bytes.length === expected.length && expected.every((byte, i) => bytes[i] === byte);
}
