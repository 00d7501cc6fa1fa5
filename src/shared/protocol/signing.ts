import { canonicalJson, canonicalObject } from '../canonical-json.js';
import type { EventEnvelope, UnsignedEnvelope } from './envelope.js';

/** The exact bytes a device signs and the hub verifies: UTF-8 of the JCS form of the envelope without `sig`. */
export function signingBytes(envelope: UnsignedEnvelope | EventEnvelope): Uint8Array {
  const { sig: _sig, ...unsigned } = envelope as EventEnvelope;
  return new TextEncoder().encode(canonicalJson(unsigned));
}

/**
 * An envelope's JCS text without `sig` (what was signed) and with it (what the ledger record holds), each member
 * serialised once for both.
 */
export function canonicalEnvelope(envelope: EventEnvelope): { signed: string; whole: string } {
  const members: Record<string, string> = {};
  for (const [key, value] of Object.entries(envelope)) if (value !== undefined) members[key] = canonicalJson(value);
  const { sig: _sig, ...unsigned } = members;
  return { signed: canonicalObject(unsigned), whole: canonicalObject(members) };
}

/** Signs with a device key. Implementations: WebCrypto (browser tills, Node) in the device SDK. */
export interface EventSigner {
  /** base64url of the raw 32-byte Ed25519 public key, as sent at pairing. */
  readonly publicKey: string;
  sign(bytes: Uint8Array): Promise<string>;
}

export async function signEnvelope(unsigned: UnsignedEnvelope, signer: EventSigner): Promise<EventEnvelope> {
  return { ...unsigned, sig: await signer.sign(signingBytes(unsigned)) };
}
