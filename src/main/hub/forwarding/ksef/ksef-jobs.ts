/**
 * The contract between the hub's wiring and the KSeF connector (issue 10): one job per invoice's bytes owed to KSeF,
 * and what the connector found out. The bytes themselves are read from the invoice when it is sent, so the job stays
 * small and a technical correction's new bytes get a job of their own.
 */
import type { InvoiceNumberedPayload, InvoiceRejectedPayload } from '../../../../shared/protocol/invoice-payloads.js';
import { KSEF_CONNECTOR } from '../../../../shared/protocol/ksef-views.js';
import { UpstreamError } from '../../upstream/workers/upstream-error.js';

export { KSEF_CONNECTOR };

export const KSEF_JOB_KIND = 'invoice';

export interface KsefJobPayload {
  invoiceId: string;
  /** The hash of the bytes this job sends: a later correction's bytes are another job's. */
  sha256: string;
}

export type KsefJobResult =
  | { outcome: 'numbered'; numbered: InvoiceNumberedPayload }
  | { outcome: 'rejected'; rejected: InvoiceRejectedPayload }
  /** Nothing to send any more (numbered already, or these bytes were replaced by a correction). */
  | { outcome: 'settled'; reason: string };

export function parseKsefJob(kind: string, payload: unknown): KsefJobPayload {
  const fields = payload as Partial<KsefJobPayload> | null;
  if (kind !== KSEF_JOB_KIND || typeof fields?.invoiceId !== 'string' || typeof fields.sha256 !== 'string') {
    throw new UpstreamError('validation', `malformed KSeF job (${kind})`);
  }
  return { invoiceId: fields.invoiceId, sha256: fields.sha256 };
}
