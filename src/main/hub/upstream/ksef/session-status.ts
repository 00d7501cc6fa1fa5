/**
 * Session and invoice statuses (research §6): `GET /sessions/{ref}`, `GET /sessions/{ref}/invoices` (every page,
 * following the continuation token) and `GET /sessions/{ref}/invoices/{invoiceRef}`, read field by field into the
 * typed views.
 */
import { UpstreamError } from '../workers/upstream-error.js';
import { segment } from './ksef-http.js';
import { ShapeReader } from './ksef-shape.js';
import type { InvoiceStatusView, KsefContext, SessionStatusView, UpoPageView } from './ksef-types.js';

/** The most a session's invoice list is paged through: 10,000 invoices per session at 1000 a page, with room. */
const MAX_PAGES = 50;
const PAGE_SIZE = 1000;

export async function getSessionStatus(
  ctx: KsefContext,
  sessionRef: string,
  signal: AbortSignal,
): Promise<SessionStatusView> {
  const what = `reading the status of session ${sessionRef}`;
  const { json } = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.json({ method: 'GET', path: `/sessions/${segment(sessionRef)}`, bearer, signal, what }),
  );
  return parseSessionStatus(json, what);
}

export async function listSessionInvoices(
  ctx: KsefContext,
  sessionRef: string,
  signal: AbortSignal,
): Promise<InvoiceStatusView[]> {
  const all: InvoiceStatusView[] = [];
  let continuation: string | null = null;
  for (let page = 1; ; page += 1) {
    if (page > MAX_PAGES) {
      throw new UpstreamError(
        'server',
        `KSeF kept paging the invoices of session ${sessionRef} past ${MAX_PAGES} pages`,
      );
    }
    const what = `listing the invoices of session ${sessionRef} (page ${page})`;
    const headers: Record<string, string> = continuation === null ? {} : { 'x-continuation-token': continuation };
    const answer = await ctx.auth.withAuth(signal, (bearer) =>
      ctx.http.json({
        method: 'GET',
        path: `/sessions/${segment(sessionRef)}/invoices`,
        query: { pageSize: PAGE_SIZE },
        headers,
        bearer,
        signal,
        what,
      }),
    );
    const shape = new ShapeReader(what);
    const body = shape.record(answer.json, 'the answer');
    const invoices = shape.array(body, 'invoices');
    for (const item of invoices) all.push(parseInvoiceStatus(item, what));
    const next = shape.nullableString(body, 'continuationToken') ?? answer.headers.get('x-continuation-token');
    if (next === null || next === '' || next === continuation) return all;
    continuation = next;
  }
}

export async function getInvoiceStatus(
  ctx: KsefContext,
  sessionRef: string,
  invoiceRef: string,
  signal: AbortSignal,
): Promise<InvoiceStatusView> {
  const what = `reading the status of invoice ${invoiceRef} in session ${sessionRef}`;
  const { json } = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.json({
      method: 'GET',
      path: `/sessions/${segment(sessionRef)}/invoices/${segment(invoiceRef)}`,
      bearer,
      signal,
      what,
    }),
  );
  return parseInvoiceStatus(json, what);
}

/** `SessionStatusResponse` as a view. */
export function parseSessionStatus(json: unknown, what: string): SessionStatusView {
  const shape = new ShapeReader(what);
  const body = shape.record(json, 'the answer');
  const status = shape.record(body['status'], 'status');
  const upoPages: UpoPageView[] = [];
  const upo = body['upo'];
  if (upo !== undefined && upo !== null) {
    const pages = shape.array(shape.record(upo, 'upo'), 'pages', 'upo.pages');
    for (const [index, item] of pages.entries()) {
      const page = shape.record(item, `upo.pages[${index}]`);
      upoPages.push({
        referenceNumber: shape.string(page, 'referenceNumber', `upo.pages[${index}].referenceNumber`),
        downloadUrl: shape.string(page, 'downloadUrl', `upo.pages[${index}].downloadUrl`),
        downloadUrlExpirationDate: shape.nullableString(page, 'downloadUrlExpirationDate') ?? '',
      });
    }
  }
  return {
    code: shape.integer(status, 'code', 'status.code'),
    description: shape.nullableString(status, 'description', 'status.description') ?? '',
    details: shape.strings(status, 'details'),
    invoiceCount: shape.nullableInteger(body, 'invoiceCount'),
    successfulInvoiceCount: shape.nullableInteger(body, 'successfulInvoiceCount'),
    failedInvoiceCount: shape.nullableInteger(body, 'failedInvoiceCount'),
    dateCreated: shape.string(body, 'dateCreated'),
    dateUpdated: shape.nullableString(body, 'dateUpdated'),
    validUntil: shape.nullableString(body, 'validUntil'),
    upoPages,
  };
}

/** `SessionInvoiceStatusResponse` as a view. */
export function parseInvoiceStatus(json: unknown, what: string): InvoiceStatusView {
  const shape = new ShapeReader(what);
  const body = shape.record(json, 'the invoice status');
  const status = shape.record(body['status'], 'status');
  let extensions: Record<string, string | null> | null = null;
  const given = status['extensions'];
  if (given !== undefined && given !== null) {
    extensions = {};
    for (const [name, value] of Object.entries(shape.record(given, 'status.extensions'))) {
      extensions[name] = typeof value === 'string' ? value : value === null ? null : String(value);
    }
  }
  const givenMode = shape.nullableString(body, 'invoicingMode');
  let mode: 'Online' | 'Offline' | null = null;
  if (givenMode === 'Online' || givenMode === 'Offline') mode = givenMode;
  else if (givenMode !== null) shape.fail(`invoicingMode is ${JSON.stringify(givenMode)}`);
  return {
    referenceNumber: shape.string(body, 'referenceNumber'),
    ordinalNumber: shape.integer(body, 'ordinalNumber'),
    invoiceNumber: shape.nullableString(body, 'invoiceNumber'),
    ksefNumber: shape.nullableString(body, 'ksefNumber'),
    invoiceHash: shape.string(body, 'invoiceHash'),
    invoiceFileName: shape.nullableString(body, 'invoiceFileName'),
    acquisitionDate: shape.nullableString(body, 'acquisitionDate'),
    invoicingDate: shape.nullableString(body, 'invoicingDate'),
    permanentStorageDate: shape.nullableString(body, 'permanentStorageDate'),
    invoicingMode: mode,
    upoDownloadUrl: shape.nullableString(body, 'upoDownloadUrl'),
    upoDownloadUrlExpirationDate: shape.nullableString(body, 'upoDownloadUrlExpirationDate'),
    status: {
      code: shape.integer(status, 'code', 'status.code'),
      description: shape.nullableString(status, 'description', 'status.description') ?? '',
      details: shape.strings(status, 'details'),
      extensions,
    },
  };
}
