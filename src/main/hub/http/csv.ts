import type { FastifyReply } from 'fastify';
import { currencyFractionDigits } from '../../../shared/currency-digits.js';

/**
 * CSV downloads of the admin API (count sheets, sales exports): RFC 4180 text a spreadsheet opens as it is. Amounts
 * are written in major units, exact: the integer minor units are split by division and remainder, never through a
 * float.
 */

/** An amount as the CSV writes it: a number, never guarded against formulas. */
export class CsvAmount {
  constructor(readonly text: string) {}
}

export type CsvCell = string | number | CsvAmount | null;

/** 12345 PLN → "123.45", -5 PLN → "-0.05", 700 JPY → "700": the currency's own decimals, a dot, no grouping. */
export function csvAmount(minor: number, currency: string): CsvAmount {
  const digits = currencyFractionDigits(currency);
  const scale = 10 ** digits;
  const magnitude = Math.abs(minor);
  const fraction = digits > 0 ? `.${String(magnitude % scale).padStart(digits, '0')}` : '';
  return new CsvAmount(`${minor < 0 ? '-' : ''}${Math.floor(magnitude / scale)}${fraction}`);
}

/**
 * Text from the catalog or from devices (names, ids, reasons) could start like a formula, which a spreadsheet would
 * run when the file is opened: such a cell gets a leading apostrophe, which spreadsheets show as text.
 */
function guarded(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (cell instanceof CsvAmount) return cell.text;
  if (typeof cell === 'number') return String(cell);
  const text = guarded(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The document: a header row, then the rows, CRLF line ends, and a BOM so spreadsheets read it as UTF-8. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((row) => row.map(cellText).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Sends a CSV document as a download named `fileName` (letters, digits, dot, dash and underscore only). */
export function sendCsv(reply: FastifyReply, fileName: string, text: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9_.-]/g, '_')}"`)
    .send(text);
}
