/**
 * A party of an invoice as a form holds it (the seller in Settings, the buyer when issuing): NIP, name and the two
 * address lines, checked against the hub's InvoiceBuyer schema (src/shared/protocol/invoice-payloads.ts) in words.
 */
import type { InvoiceBuyer } from '../../api/invoices.js';
import { readNip } from './nip.js';

export interface PartyDraft {
  nip: string;
  name: string;
  line1: string;
  line2: string;
}

export const EMPTY_PARTY: PartyDraft = { nip: '', name: '', line1: '', line2: '' };

export function toPartyDraft(party: InvoiceBuyer | null): PartyDraft {
  if (!party) return EMPTY_PARTY;
  return { nip: party.nip, name: party.name, line1: party.address.line1, line2: party.address.line2 ?? '' };
}

/** The hub's bounds (InvoiceBuyer, InvoiceAddress). */
const MAX_NAME = 256;
const MAX_LINE = 512;

/**
 * The party as the hub takes it, or the first problem. `who` is "buyer" or "seller". The NIP goes as its 10 digits;
 * an empty second address line is left out (the schema has no empty strings).
 */
export function readParty(draft: PartyDraft, who: string): { party: InvoiceBuyer } | { problem: string } {
  const nip = readNip(draft.nip, `the ${who}’s NIP`);
  if ('problem' in nip) return nip;
  const name = draft.name.trim();
  const line1 = draft.line1.trim();
  const line2 = draft.line2.trim();
  if (name === '') return { problem: `Enter the ${who}’s name as it goes on the invoice.` };
  if (name.length > MAX_NAME) return { problem: `The ${who}’s name can be at most ${MAX_NAME} characters.` };
  if (line1 === '') return { problem: `Enter the ${who}’s address: street and number on the first line.` };
  if (line1.length > MAX_LINE || line2.length > MAX_LINE)
    return { problem: `An address line can be at most ${MAX_LINE} characters.` };
  return { party: { nip: nip.nip, name, address: { line1, ...(line2 ? { line2 } : {}) } } };
}
