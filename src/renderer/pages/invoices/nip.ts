import { isValidNip, normalizeNip } from '../../../shared/nip.js';

/** The normalized NIP, or what is wrong with it in words; `whose` names it ("the buyer’s NIP"). */
export function readNip(text: string, whose: string): { nip: string } | { problem: string } {
  if (text.trim() === '') return { problem: `Enter ${whose}.` };
  const nip = normalizeNip(text);
  if (!nip) return { problem: `${capital(whose)} is 10 digits (spaces, dashes and a PL in front are fine).` };
  if (!isValidNip(nip))
    return { problem: `${capital(whose)} ${nip} is not a valid NIP: its last digit does not match. Check for a typo.` };
  return { nip };
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
