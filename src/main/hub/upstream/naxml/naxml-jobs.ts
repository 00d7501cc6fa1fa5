/**
 * The contract between the hub's wiring and the Conexxus connector (DESIGN §6): what a job carries and what
 * delivering it yields. The wiring builds each NAXML document once, stores its exact text in the payload and
 * enqueues it with `connector: CONEXXUS_CONNECTOR`; the connector only moves those bytes, so every resend is
 * byte-identical under the same file name.
 */
import { CONEXXUS_CONNECTOR } from '../../../../shared/protocol/conexxus-views.js';
import { UpstreamError } from '../workers/upstream-error.js';
import type { Acknowledgement } from './naxml-documents.js';
import { isPlainFileName } from './folder-drop.js';

export { CONEXXUS_CONNECTOR };

/** A POS journal entry (one per sale, refund or void) or an end-of-day movement report. */
export type NaxmlJobKind = 'journal' | 'movement';

export type NaxmlDocumentType = 'PJR' | 'ISM' | 'MCM' | 'TLM' | 'MSM';

export interface NaxmlJobPayload {
  type: NaxmlDocumentType;
  /** Deterministic, e.g. `PJR340…<seq>.xml`: the same on every resend, so a resend overwrites and never duplicates. */
  fileName: string;
  /** The exact XML text; sent as UTF-8, so it must not declare another encoding. */
  document: string;
  businessDate: string;
  /** Movement reports: the revision for the business date (its ReportSequenceNumber). */
  revision?: number;
  /** Journal entries: the sale the entry is about. */
  saleId?: string;
}

export type NaxmlJobResult =
  | { transport: 'folder'; path: string; deliveredAt: string }
  | { transport: 'https'; status: number; ack: Acknowledgement; deliveredAt: string };

/** DESIGN §6: up to 10 attempts with backoff; give the pool this as `maxAttempts`. */
export const NAXML_MAX_ATTEMPTS = 10;

const TYPES_OF_KIND: Record<NaxmlJobKind, readonly NaxmlDocumentType[]> = {
  journal: ['PJR'],
  movement: ['ISM', 'MCM', 'TLM', 'MSM'],
};

/**
 * The stored payload checked against the contract, so a malformed row goes dead with a reason instead of putting a
 * broken or mislabelled file on the back office.
 */
export function parseNaxmlJob(kind: string, payload: unknown): NaxmlJobPayload {
  if (kind !== 'journal' && kind !== 'movement') throw invalid(`unknown job kind '${kind}'`);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalid('payload must be an object');
  }
  const fields = payload as Record<string, unknown>;
  const type = fields['type'];
  if (!TYPES_OF_KIND[kind].includes(type as NaxmlDocumentType)) {
    throw invalid(`type '${String(type)}' is not a ${kind} document (${TYPES_OF_KIND[kind].join(', ')})`);
  }
  const fileName = text(fields, 'fileName');
  // It names the file on the back office's share and travels in a header: a plain name, as dropFile insists.
  if (!isPlainFileName(fileName)) throw invalid(`${JSON.stringify(fileName)} is not a plain file name`);
  const document = text(fields, 'document');
  const declared = declaredEncoding(document);
  if (declared !== null && !/^utf-?8$/i.test(declared)) {
    // The bytes leave as UTF-8; a declaration saying otherwise would make the back office misread every accent.
    throw invalid(`the document declares encoding '${declared}' but is sent as UTF-8`);
  }
  const businessDate = text(fields, 'businessDate');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(businessDate)) throw invalid(`businessDate '${businessDate}' is not YYYY-MM-DD`);
  const parsed: NaxmlJobPayload = { type: type as NaxmlDocumentType, fileName, document, businessDate };
  const revision = fields['revision'];
  if (revision !== undefined) {
    if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 1) {
      throw invalid('revision must be a positive integer');
    }
    parsed.revision = revision;
  }
  if (fields['saleId'] !== undefined) parsed.saleId = text(fields, 'saleId');
  return parsed;
}

function declaredEncoding(document: string): string | null {
  const declaration = /^\uFEFF?<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(document);
  return declaration ? declaration[1]! : null;
}

function text(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') throw invalid(`${name} must be a non-empty string`);
  return value;
}

function invalid(message: string): UpstreamError {
  return new UpstreamError('validation', `malformed Conexxus job: ${message}`);
}
