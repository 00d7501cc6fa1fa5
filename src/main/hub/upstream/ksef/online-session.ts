/**
 * Interactive (online) sessions (research §4): open with a fresh AES key wrapped for the MF `SymmetricKeyEncryption`
 * key, send invoices encrypted from their stored bytes, close. Each call goes through `auth.withAuth` (one
 * re-authentication on a 401); opening retries once with a reloaded key list on 21470.
 */
import { UpstreamError } from '../workers/upstream-error.js';
import { encryptInvoice } from './invoice-encryption.js';
import { KsefCode, ksefCodeOf } from './ksef-errors.js';
import { segment } from './ksef-http.js';
import { ShapeReader } from './ksef-shape.js';
import type { FormCode, InvoiceToSend, KsefContext } from './ksef-types.js';
import { createSessionKey, encryptionInfoOf, type SessionKey } from './session-crypto.js';

export interface OnlineSession {
  referenceNumber: string;
  validUntil: string;
  key: SessionKey;
}

/** Opens an interactive session with a key and IV of its own. */
export async function openOnlineSession(
  ctx: KsefContext,
  formCode: FormCode,
  signal: AbortSignal,
): Promise<OnlineSession> {
  try {
    return await openOnce(ctx, formCode, signal);
  } catch (error) {
    if (ksefCodeOf(error) !== KsefCode.UNKNOWN_PUBLIC_KEY) throw error;
    ctx.keys.invalidate();
    return openOnce(ctx, formCode, signal);
  }
}

async function openOnce(ctx: KsefContext, formCode: FormCode, signal: AbortSignal): Promise<OnlineSession> {
  const what = 'opening an interactive session';
  const key = createSessionKey();
  const mfKey = await ctx.keys.get('SymmetricKeyEncryption', signal);
  const body = { formCode, encryption: encryptionInfoOf(key, mfKey) };
  const { json } = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.json({ method: 'POST', path: '/sessions/online', body, bearer, signal, what }),
  );
  const shape = new ShapeReader(what);
  const answer = shape.record(json, 'the answer');
  return {
    referenceNumber: shape.string(answer, 'referenceNumber'),
    validUntil: shape.nullableString(answer, 'validUntil') ?? '',
    key,
  };
}

/** A technical correction names the corrected invoice's hash and must be sent in offline mode (research §9). */
export function checkInvoiceToSend(invoice: InvoiceToSend): void {
  if (invoice.bytes.byteLength === 0) {
    throw new UpstreamError('validation', `invoice ${invoice.id} has no bytes to send`);
  }
  if (invoice.hashOfCorrectedInvoice !== undefined) {
    if (!invoice.offlineMode) {
      throw new UpstreamError(
        'validation',
        `invoice ${invoice.id} is a technical correction (hashOfCorrectedInvoice), which KSeF takes only in offline mode`,
      );
    }
    if (!/^[A-Za-z0-9+/]{43}=$/.test(invoice.hashOfCorrectedInvoice)) {
      throw new UpstreamError(
        'validation',
        `invoice ${invoice.id}: hashOfCorrectedInvoice is not a Base64 SHA-256 (44 characters)`,
      );
    }
  }
}

/** Sends one invoice; resolves with KSeF's reference for it and the hash of the bytes sent. */
export async function sendOnlineInvoice(
  ctx: KsefContext,
  session: OnlineSession,
  invoice: InvoiceToSend,
  signal: AbortSignal,
): Promise<{ invoiceRef: string; invoiceHash: string }> {
  checkInvoiceToSend(invoice);
  const what = `sending invoice ${invoice.id} in session ${session.referenceNumber}`;
  const encrypted = encryptInvoice(invoice.bytes, session.key.key, session.key.iv);
  const body: Record<string, unknown> = { ...encrypted, offlineMode: invoice.offlineMode };
  if (invoice.hashOfCorrectedInvoice !== undefined) body['hashOfCorrectedInvoice'] = invoice.hashOfCorrectedInvoice;
  const { json } = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.json({
      method: 'POST',
      path: `/sessions/online/${segment(session.referenceNumber)}/invoices`,
      body,
      bearer,
      signal,
      what,
    }),
  );
  const shape = new ShapeReader(what);
  return {
    invoiceRef: shape.string(shape.record(json, 'the answer'), 'referenceNumber'),
    invoiceHash: encrypted.invoiceHash,
  };
}

/** Closes the session, which starts its collective UPO. */
export async function closeOnlineSession(
  ctx: KsefContext,
  referenceNumber: string,
  signal: AbortSignal,
): Promise<void> {
  const what = `closing interactive session ${referenceNumber}`;
  await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.call({
      method: 'POST',
      path: `/sessions/online/${segment(referenceNumber)}/close`,
      bearer,
      signal,
      what,
    }),
  );
}
