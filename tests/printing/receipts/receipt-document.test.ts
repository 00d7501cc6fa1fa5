import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CP852_HIGH_HALF, printable, wrapText } from '../../../src/main/hub/printing/receipts/printable-text.js';
import { ReceiptDocument } from '../../../src/main/hub/printing/receipts/receipt-document.js';
import {
  formatLocalDateTime,
  formatMoney,
  formatTaxRate,
} from '../../../src/main/hub/printing/receipts/receipt-format.js';
import { appendQr } from '../../../src/main/hub/printing/receipts/receipt-qr.js';
import { readReceipt } from './escpos-reader.js';

const hex = (bytes: Buffer) => bytes.toString('hex');

/** Letters, emoji and combining marks, or any code point at all (controls included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));

describe('ReceiptDocument', () => {
  it('on Epson starts with ESC @, then code page 852 (ESC t 18) and font A; ends with the library partial cut', () => {
    const bytes = new ReceiptDocument({ model: 'epson', paperWidth: 80 }).finish();
    expect(hex(bytes.subarray(0, 8))).toBe('1b40' + '1b7412' + '1b4d00');
    // partialCut({ verticalTabAmount: 1 }): ESC d 4 (feed 4 lines past the cutter), GS V 1 (partial cut), ESC @.
    expect(hex(bytes.subarray(-8))).toBe('1b6404' + '1d5601' + '1b40');
    expect(bytes).toHaveLength(16);
  });

  it('on Star starts with ESC @, code page 852 (ESC GS t 5) and font A; ends with VT, ESC d 3 (feed, cut) and ESC @', () => {
    const bytes = new ReceiptDocument({ model: 'star', paperWidth: 58 }).finish();
    expect(hex(bytes.subarray(0, 10))).toBe('1b40' + '1b1d7405' + '1b1e4600');
    expect(hex(bytes.subarray(-6))).toBe('0b' + '1b6403' + '1b40');
    expect(bytes).toHaveLength(16);
  });

  it('encodes Polish letters in code page 852', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 80 });
    doc.text('ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ');
    const bytes = doc.finish();
    const expected = Buffer.from([
      0xa5, 0x86, 0xa9, 0x88, 0xe4, 0xa2, 0x98, 0xab, 0xbe, 0x20, 0xa4, 0x8f, 0xa8, 0x9d, 0xe3, 0xe0, 0x97, 0x8d, 0xbd,
      0x0a,
    ]);
    expect(bytes.indexOf(expected)).toBe(8);
    expect(readReceipt('epson', bytes).lines).toEqual(['ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ']);
  });

  it('keeps control bytes in text away from the printer, so text can never carry a command', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 58 });
    doc.text('broken\u001bp\u0000\u0019\u00fa bottle\r\n\u001d\u0056\u0000');
    const bytes = doc.finish();
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    // One GS V only: the library's own cut at the end.
    expect(readReceipt('epson', bytes).commands.filter((c) => c.startsWith('1d56'))).toEqual(['1d5601']);
    expect(readReceipt('epson', bytes).lines[0]).toBe('brokenpú bottle V');
  });

  it('never prints a line wider than the paper, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(58 as const, 80 as const),
        fc.constantFrom('epson' as const, 'star' as const),
        anyText(120),
        anyText(60),
        (paperWidth, model, left, right) => {
          const doc = new ReceiptDocument({ model, paperWidth });
          doc.text(left);
          doc.centered(left);
          doc.leftRight(left, right);
          doc.title(right);
          doc.signatureLine(right);
          const { lines } = readReceipt(model, doc.finish());
          for (const line of lines) expect(line.length).toBeLessThanOrEqual(doc.width);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('puts the right-hand text flush right, after the left-hand text, or under it when both do not fit', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 58 });
    doc.leftRight('SUMA', '28,00 zł');
    doc.leftRight('Chipsy paprykowe z bardzo długą nazwą', '1 234,00 zł');
    doc.leftRight('Płatność', 'pay-0123456789abcdef-0123456789abcdef');
    expect(readReceipt('epson', doc.finish()).lines).toEqual([
      'SUMA                    28,00 zł',
      'Chipsy paprykowe z bardzo długą',
      'nazwą                1 234,00 zł',
      'Płatność',
      'pay-0123456789abcdef-0123456789a',
      'bcdef',
    ]);
  });

  it('builds no more than the receipt: no drawer kick in any element', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 80 });
    doc.title('Sklep');
    doc.bold(() => doc.text('x'));
    doc.rule();
    doc.signatureLine('Podpis');
    appendQr(doc, 'https://example.com/p', 'caption');
    expect(doc.finish().includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });
});

describe('printable text', () => {
  it('code page 852 table is iconv-lite’s CP852, byte for byte', () => {
    const high = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    expect(CP852_HIGH_HALF).toBe(iconv.decode(high, 'CP852'));
  });

  it('prints what the code page lacks as its nearest printable form, one column per character', () => {
    expect(printable('Zażółć gęślą jaźń')).toBe('Zażółć gęślą jaźń');
    expect(printable('z\u0307ubr')).toBe('żubr'); // combining dot above, composed
    expect(printable('Señor „Cola” – 2…')).toBe('Senor "Cola" - 2...');
    expect(printable('Piwo 🍺 5€')).toBe('Piwo ? 5EUR');
    expect(printable('so\u00adft\u200b tab\tnew\nline')).toBe('soft tab new line');
  });

  it('wraps at word boundaries and splits words longer than a line', () => {
    expect(wrapText('ala ma kota', 6)).toEqual(['ala ma', 'kota']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4)).toEqual(['']);
  });
});

describe('appendQr', () => {
  it('on Epson stores the data with GS ( k and prints it centred, with the caption under it', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 80 });
    const url = 'https://ksef.mf.gov.pl/client-app/invoice/1234567890/01-02-2026/abc_DEF-123';
    appendQr(doc, url, 'Weryfikacja faktury w KSeF');
    const receipt = readReceipt('epson', doc.finish());
    expect(receipt.qrCodes).toEqual([url]);
    expect(receipt.commands).toEqual(
      expect.arrayContaining([
        '1b6101', // centred
        '1d286b0400314132' + '00', // model 2
        '1d286b0300314307', // 7-dot modules on 80 mm
        '1d286b0300314531', // correction M
        '1d286b0300315130', // print
        '1b6100', // back to left
      ]),
    );
    expect(receipt.lines).toContain('           Weryfikacja faktury w KSeF');
  });

  it('on Star sends the Star Line Mode QR sequence, data after ESC GS y D 1 0 (the library leaves that out)', () => {
    const doc = new ReceiptDocument({ model: 'star', paperWidth: 58 });
    appendQr(doc, 'BACKROOM');
    const bytes = doc.finish();
    const qr =
      '1b1d79533002' + '1b1d79533101' + '1b1d79533205' + '1b1d7944310008' + '00' + '4241434b524f4f4d' + '1b1d7950';
    expect(hex(bytes)).toContain(`1b1d6101${qr}0a1b1d6100`);
    expect(readReceipt('star', bytes).qrCodes).toEqual(['BACKROOM']);
  });

  it('refuses data the library would mis-size (non-ASCII) and data no QR code holds', () => {
    const doc = new ReceiptDocument({ model: 'epson', paperWidth: 80 });
    expect(() => appendQr(doc, 'https://example.com/zażółć')).toThrow(RangeError);
    expect(() => appendQr(doc, 'x'.repeat(2954))).toThrow(RangeError);
  });
});

describe('receipt formats', () => {
  it('writes money from minor units exactly, with Polish separators', () => {
    expect(formatMoney(2800, 'PLN')).toBe('28,00 zł');
    expect(formatMoney(5, 'PLN')).toBe('0,05 zł');
    expect(formatMoney(-1000, 'PLN')).toBe('-10,00 zł');
    expect(formatMoney(123_456_789, 'PLN')).toBe('1 234 567,89 zł');
    expect(formatMoney(100_000_000_000, 'PLN')).toBe('1 000 000 000,00 zł');
    expect(formatMoney(1999, 'EUR')).toBe('19,99 EUR');
    expect(formatMoney(1000, 'JPY')).toBe('1 000 JPY');
    expect(formatMoney(1005, 'KWD')).toBe('1,005 KWD');
  });

  it('writes UTC instants on the store’s wall clock, across daylight saving time', () => {
    expect(formatLocalDateTime('2026-11-22T10:15:00.000Z', 'Europe/Warsaw')).toBe('2026-11-22 11:15');
    expect(formatLocalDateTime('2026-07-01T10:15:00.000Z', 'Europe/Warsaw')).toBe('2026-07-01 12:15');
    expect(formatLocalDateTime('2026-11-22T23:05:00.000Z', 'Europe/Warsaw')).toBe('2026-11-23 00:05');
    expect(formatLocalDateTime(new Date('2026-11-22T10:15:00.000Z'), 'America/New_York')).toBe('2026-11-22 05:15');
  });

  it('writes numeric tax rates as percentages and anything else as it is', () => {
    expect(formatTaxRate('23')).toBe('23%');
    expect(formatTaxRate('5.5')).toBe('5.5%');
    expect(formatTaxRate('zw')).toBe('zw');
  });
});
