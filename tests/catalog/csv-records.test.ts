/**
 * The price book's CSV reader: RFC 4180 quoting read exactly, and every way a file can break it refused with the row
 * it broke on, never read as something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectSeparator, readCsv } from '../../src/main/hub/inventory/price-book/csv-records.js';

const fields = (text: string, separator: ',' | ';' = ',') => readCsv(text, separator).map((record) => record.fields);

function syntaxError(text: string, separator: ',' | ';' = ','): CsvSyntaxError {
  try {
    readCsv(text, separator);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('reading CSV records', () => {
  it('reads plain records ended by CRLF, LF or CR, with or without a last line break', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one, and reads a blank line as one empty field', () => {
    expect(fields('a,,c,\n\nx')).toEqual([['a', '', 'c', ''], [''], ['x']]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks inside', () => {
    expect(fields('"a,b","say ""hi""","two\r\nlines",""\n')).toEqual([['a,b', 'say "hi"', 'two\r\nlines', '']]);
    expect(fields('"Piwo; 0,5 l";"4,50"', ';')).toEqual([['Piwo; 0,5 l', '4,50']]);
  });

  it('numbers records as a spreadsheet does, a quoted line break staying within its row', () => {
    const records = readCsv('h\n"x\ny"\nz\n', ',');
    expect(records.map((record) => record.row)).toEqual([1, 2, 3]);
  });

  it('refuses a quote inside an unquoted field, text after a closing quote and a quote never closed', () => {
    expect(syntaxError('h\nab"c\n').message).toMatch(/^row 2: a field has a quote but does not start with one/);
    expect(syntaxError('h\n"ab"c,d\n').message).toMatch(/^row 2: there is text after the closing quote/);
    expect(syntaxError('h\n "ab"\n').message).toMatch(/^row 2: a field has a quote/);
    const open = syntaxError('h\nx\n"never closed,\nmore\n');
    expect(open.row).toBe(3);
    expect(open.message).toBe('row 3: a quoted field is never closed');
  });

  it('stops reading past a record limit', () => {
    expect(() => readCsv('a\nb\nc\n', ',', { records: 2, message: 'too many' })).toThrow('row 3: too many');
    expect(readCsv('a\nb\n', ',', { records: 2, message: 'too many' })).toHaveLength(2);
  });

  it('takes the separator from the header: a semicolon outside quotes, else a comma', () => {
    expect(detectSeparator('id;name;price\n1,2')).toBe(';');
    expect(detectSeparator('id,name,price\n1;2')).toBe(',');
    expect(detectSeparator('"a;b",c\n')).toBe(',');
    expect(detectSeparator('single')).toBe(',');
  });

  it('reads back whatever a writer following RFC 4180 wrote', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ż', ' ', ',', ';', '"', '\n', '\r\n', '1') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(table, fc.constantFrom<',' | ';'>(',', ';'), (rows, separator) => {
        const text = rows.map((row) => row.map(quote).join(separator)).join('\r\n');
        expect(fields(text, separator)).toEqual(rows);
      }),
    );
  });

  it('never fails on arbitrary text except with a syntax error', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r') }), (text) => {
        try {
          readCsv(text, ',');
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});
