/**
 * A strict RFC 4180 reader for price books. Strict where a lenient reader would guess: a quote inside an unquoted
 * field, text after a closing quote and a quoted field never closed are errors naming their row, never read as
 * something else. Lenient only where spreadsheets differ harmlessly: records end with CRLF, LF or CR, the last one
 * may lack its line break, and the separator is a comma or (Polish Excel) a semicolon.
 */

export type Separator = ',' | ';';

/** One record with its row number as a spreadsheet shows it (the first record, the header, is row 1). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * The separator the header uses: a semicolon if the header has one outside quotes, else a comma. The header names
 * contain neither, so a header written with one separator never holds the other.
 */
export function detectSeparator(text: string): Separator {
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') return ';';
  }
  return ',';
}

/** At most `records` records; past them reading stops with `message`, so an oversized file costs no more than that. */
export interface RecordLimit {
  records: number;
  message: string;
}

/** Every record of `text` (no BOM; the caller strips it). */
export function readCsv(text: string, separator: Separator, limit?: RecordLimit): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** Inside a quoted field. */
  let quoted = false;
  /** The current field was quoted and its closing quote has been read. */
  let closed = false;
  /** The row the current record started on (a quoted line break does not start a new one). */
  let row = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    closed = false;
  };
  const endRecord = () => {
    endField();
    records.push({ row, fields });
    if (limit && records.length > limit.records) throw new CsvSyntaxError(row, limit.message);
    fields = [];
    row += 1;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        closed = true;
      }
      continue;
    }
    if (char === separator) endField();
    else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else if (closed) {
      throw new CsvSyntaxError(
        row,
        'there is text after the closing quote of a field (a quote inside a quoted field is written twice: "")',
      );
    } else if (char === '"') {
      if (field !== '')
        throw new CsvSyntaxError(
          row,
          'a field has a quote but does not start with one (quote the whole field, and write the quote inside twice)',
        );
      quoted = true;
    } else field += char;
  }
  if (quoted) throw new CsvSyntaxError(row, 'a quoted field is never closed');
  // A last record without its line break; a file ending in one has nothing more.
  if (fields.length > 0 || field !== '' || closed) endRecord();
  return records;
}
