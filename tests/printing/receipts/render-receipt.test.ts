import { beforeAll, describe, expect, it } from 'vitest';
import { findApproval } from '../../../src/main/hub/payments/payment-reads.js';
import { ReceiptDataError } from '../../../src/main/hub/printing/receipts/receipt-data-error.js';
import { formatLocalDateTime } from '../../../src/main/hub/printing/receipts/receipt-format.js';
import { renderReceipt, type ReceiptRequest } from '../../../src/main/hub/printing/receipts/render-receipt.js';
import type { PrinterModel, PaperWidth } from '../../../src/shared/protocol/printing.js';
import { readReceipt, type ReadReceipt } from './escpos-reader.js';
import { printerConfig, STORE } from './receipt-store.js';
import { recordStoreDay, type StoreDay } from './store-day.js';

/** 22:00 in Warsaw on the day of the fixture's sales. */
const EVENING = new Date('2026-11-22T21:00:00.000Z');

/** node-thermal-printer's partialCut({ verticalTabAmount: 1 }), then its ESC @. */
const CUT: Readonly<Record<PrinterModel, string>> = {
  epson: '1b6404' + '1d5601' + '1b40',
  star: '0b' + '1b6403' + '1b40',
};
const WIDTH: Readonly<Record<PaperWidth, number>> = { 58: 32, 80: 48 };

let day: StoreDay;

beforeAll(async () => {
  day = await recordStoreDay();
});

function render(request: ReceiptRequest, model: PrinterModel = 'epson', paperWidth: PaperWidth = 80, now = EVENING) {
  return renderReceipt(day.ledger.db, request, printerConfig(model, paperWidth), STORE, now);
}

/** Init first, the cut last, no drawer kick, nothing but known commands and text, no line wider than the paper. */
function expectWellFormed(bytes: Buffer, model: PrinterModel, paperWidth: PaperWidth): ReadReceipt {
  expect(bytes.subarray(0, 2).toString('hex')).toBe('1b40');
  expect(bytes.toString('hex').endsWith(CUT[model])).toBe(true);
  expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  const receipt = readReceipt(model, bytes);
  const tooWide = receipt.lines.filter((line) => line.length > WIDTH[paperWidth]);
  expect(tooWide).toEqual([]);
  return receipt;
}

function linesOf(request: ReceiptRequest, paperWidth: PaperWidth = 80, now = EVENING): string[] {
  return expectWellFormed(render(request, 'epson', paperWidth, now), 'epson', paperWidth).lines;
}

function errorOf(request: ReceiptRequest): ReceiptDataError {
  try {
    render(request);
  } catch (error) {
    expect(error).toBeInstanceOf(ReceiptDataError);
    return error as ReceiptDataError;
  }
  throw new Error(`rendering ${JSON.stringify(request)} did not fail`);
}

const EVERY_KIND: ReceiptRequest[] = [
  { kind: 'sale', saleId: 's-1' },
  { kind: 'sale', saleId: 's-4' },
  { kind: 'refund', refundId: 'r-1' },
  { kind: 'refund', refundId: 'r-2' },
  { kind: 'offline_card_slip', paymentId: 'pay-big' },
  { kind: 'offline_card_slip', paymentId: 'pay-held' },
  { kind: 'end_of_day', businessDate: '2026-11-22' },
  { kind: 'test' },
];

describe.each([
  ['epson', 58],
  ['epson', 80],
  ['star', 58],
  ['star', 80],
] as const)('every receipt on %s %i mm', (model, paperWidth) => {
  it.each(EVERY_KIND.map((request) => [JSON.stringify(request), request] as const))(
    '%s starts with ESC @, ends with the cut, kicks no drawer and fits the paper',
    (_name, request) => {
      expectWellFormed(render(request, model, paperWidth), model, paperWidth);
    },
  );
});

describe('sale receipt', () => {
  it('prints the recorded sale on 58 mm paper: local time, names, quantities, tax totals, tenders', () => {
    expect(linesOf({ kind: 'sale', saleId: 's-1' }, 58)).toEqual([
      '          Sklep u Zosi',
      '         Sala sprzedaży',
      '      PARAGON NIEFISKALNY',
      '--------------------------------',
      'Sprzedaż                     s-1',
      'Data            2026-11-22 11:15',
      'Kasa                       pos-1',
      'Kasjer                      anna',
      '--------------------------------',
      'Cola 0,5 l',
      '  3 x 5,00 zł 23%       15,00 zł',
      '  zwrócono: 2',
      'Piwo Żywiec 0,5 l',
      '  2 x 4,50 zł 23%        9,00 zł',
      'Chipsy paprykowe',
      '  1 x 6,50 zł 8%         6,50 zł',
      '  zwrócono: 1',
      '--------------------------------',
      'Sprzedaż VAT 23%        24,00 zł',
      'Sprzedaż VAT 8%          6,50 zł',
      'SUMA                    30,50 zł',
      '--------------------------------',
      'Gotówka                 10,50 zł',
      'Karta                   20,00 zł',
      '  nr płatności: pi_1',
      'Zwrócono                16,50 zł',
    ]);
  });

  it('encodes Polish names in code page 852 (Ż → 0xBD, ł → 0x88)', () => {
    const bytes = render({ kind: 'sale', saleId: 's-1' });
    expect(bytes.includes(Buffer.from([...Buffer.from('Piwo '), 0xbd, ...Buffer.from('ywiec')]))).toBe(true);
    expect(bytes.includes(Buffer.from([...Buffer.from('15,00 z'), 0x88]))).toBe(true);
  });

  it('says when a sale was voided, and why', () => {
    const lines = linesOf({ kind: 'sale', saleId: 's-4' });
    expect(lines.slice(-2)).toEqual(['               SPRZEDAŻ ANULOWANA', 'Powód: pomyłka kasjera']);
  });

  it('prints the time on the store’s clock: the same sale in New York shows 05:15', () => {
    const bytes = renderReceipt(day.ledger.db, { kind: 'sale', saleId: 's-1' }, printerConfig('epson', 80), {
      ...STORE,
      timeZone: 'America/New_York',
    });
    expect(readReceipt('epson', bytes).lines).toContain('Data                            2026-11-22 05:15');
  });
});

describe('refund receipt', () => {
  it('prints the refunded lines, the money paid back by tender, the reason and a signature line', () => {
    expect(linesOf({ kind: 'refund', refundId: 'r-1', saleId: 's-1' })).toEqual([
      '                  Sklep u Zosi',
      '                 Sala sprzedaży',
      '                     ZWROT',
      '              DOKUMENT NIEFISKALNY',
      '------------------------------------------------',
      'Zwrot                                        r-1',
      'Do sprzedaży                                 s-1',
      'z dnia                                2026-11-22',
      'Data                            2026-11-23 10:00',
      'Kasa                                       pos-2',
      'Kasjer                                       bob',
      '------------------------------------------------',
      'Cola 0,5 l',
      '  2 x 5,00 zł 23%                       10,00 zł',
      '------------------------------------------------',
      'ZWRÓCONO                                10,00 zł',
      'Wypłacono:',
      'Karta                                   10,00 zł',
      '  nr płatności: pi_1_refund',
      'Powód: uszkodzona butelka',
      '',
      '',
      '................................................',
      '                 Podpis klienta',
    ]);
  });

  it('prints a reason carrying printer commands as text, without the commands', () => {
    const bytes = render({ kind: 'refund', refundId: 'r-2' });
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    const receipt = expectWellFormed(bytes, 'epson', 80);
    expect(receipt.lines).toContain('Powód: złapú dataV');
    expect(receipt.commands.filter((command) => command.startsWith('1d56'))).toEqual(['1d5601']);
  });
});

describe('offline card slip', () => {
  it('is marked as not yet authorised and names the manager who approved it, when, and the approval', () => {
    const approval = findApproval(day.ledger.db, day.bigApprovalId)!;
    const decided = formatLocalDateTime(approval.decided_at!, STORE.timeZone);
    expect(linesOf({ kind: 'offline_card_slip', paymentId: 'pay-big', saleId: 's-3' }, 58)).toEqual([
      '          Sklep u Zosi',
      '         Sala sprzedaży',
      '     PŁATNOŚĆ KARTĄ OFFLINE',
      '        *** OFFLINE ***',
      ' JESZCZE NIEAUTORYZOWANA PRZEZ',
      '         WYDAWCĘ KARTY',
      ' NOT YET AUTHORISED BY THE CARD',
      '             ISSUER',
      '--------------------------------',
      'Płatność                 pay-big',
      'Sprzedaż                     s-3',
      'Data            2026-11-22 12:30',
      'Kasa                       pos-1',
      'Metoda                     karta',
      'KWOTA                  450,00 zł',
      '--------------------------------',
      'Zgoda kierownika: Marta,',
      decided,
      'Nr zgody',
      day.bigApprovalId.slice(0, 32),
      day.bigApprovalId.slice(32),
      '',
      '',
      '................................',
      '    Podpis posiadacza karty',
    ]);
  });

  it('says a payment within the policy was approved automatically', () => {
    const lines = linesOf({ kind: 'offline_card_slip', paymentId: 'pay-auto' });
    expect(lines).toContain('     NOT YET AUTHORISED BY THE CARD ISSUER');
    expect(lines).toContain('KWOTA                                    6,50 zł');
    expect(lines).toContain('Zatwierdzona automatycznie w limitach płatności');
  });

  it('says a payment beyond the policy is held for the manager', () => {
    const lines = linesOf({ kind: 'offline_card_slip', paymentId: 'pay-held' });
    expect(lines).toContain('WSTRZYMANA: ponad limit płatności offline, czeka');
    expect(lines).toContain('     NOT YET AUTHORISED BY THE CARD ISSUER');
  });

  it('no longer says "not yet authorised" once the payment was forwarded to the processor', () => {
    const lines = linesOf({ kind: 'offline_card_slip', paymentId: 'pay-fwd' });
    expect(lines).toContain('            SENT TO THE CARD ISSUER');
    expect(lines.join('\n')).not.toContain('NOT YET AUTHORISED');
  });
});

describe('end-of-day summary', () => {
  it('totals each location and the store, then the offline card money not yet forwarded', () => {
    expect(linesOf({ kind: 'end_of_day', businessDate: '2026-11-22' })).toEqual([
      '                  Sklep u Zosi',
      '                 RAPORT DOBOWY',
      'Sklep                                    store-1',
      'Dzień handlowy                        2026-11-22',
      'Wydruk                          2026-11-22 22:00',
      '------------------------------------------------',
      'Chłodnia (PLN)',
      'Sprzedaż (1)                             6,50 zł',
      'Zwroty (0)                               0,00 zł',
      'Anulowania (0)                           0,00 zł',
      'Netto                                    6,50 zł',
      '  gotówka                                0,00 zł',
      '  karta                                  6,50 zł',
      '------------------------------------------------',
      'Sala sprzedaży (PLN)',
      'Sprzedaż (3)                           485,50 zł',
      'Zwroty (0)                               0,00 zł',
      'Anulowania (1)                          -5,00 zł',
      'Netto                                  480,50 zł',
      '  gotówka                               10,50 zł',
      '  karta                                470,00 zł',
      '------------------------------------------------',
      'RAZEM SKLEP (PLN)',
      'Sprzedaż (4)                           492,00 zł',
      'Zwroty (0)                               0,00 zł',
      'Anulowania (1)                          -5,00 zł',
      'Netto                                  487,00 zł',
      '  gotówka                               10,50 zł',
      '  karta                                476,50 zł',
      '================================================',
      'Płatności kartą offline (PLN)',
      'Wszystkie (4)                        1 066,50 zł',
      'Nieprzekazane (3)                    1 056,50 zł',
      '  w tym wstrzymane (1)                 600,00 zł',
    ]);
  });

  it('without a date summarises today in the store’s zone: 00:30 in Warsaw is already the 23rd', () => {
    const lines = linesOf({ kind: 'end_of_day' }, 80, new Date('2026-11-22T23:30:00.000Z'));
    expect(lines).toContain('Dzień handlowy                        2026-11-23');
    expect(lines).toContain('Zwroty (1)                             -10,00 zł');
  });

  it('says so when a day had no sales and no offline card payments', () => {
    const lines = linesOf({ kind: 'end_of_day', businessDate: '2026-12-01' });
    expect(lines.slice(-2)).toEqual(['                 Brak sprzedaży', 'Płatności kartą offline: brak']);
  });
});

describe('test page', () => {
  it('names the printer and its connection, fills one line with the ruler, prints Polish letters and a QR code', () => {
    const bytes = render({ kind: 'test' }, 'epson', 58);
    const receipt = expectWellFormed(bytes, 'epson', 58);
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        '            store-1',
        'Drukarka            Kasa 1 epson',
        'Połączenie TCP 192.168.1.50:9100',
        'Model            Epson (ESC/POS)',
        'Papier          58 mm, 32 znaków',
        'Czas            2026-11-22 22:00',
        '....+....1....+....2....+....3.|',
        'Zażółć gęślą jaźń',
      ]),
    );
    // Z a ż ó ł ć, g ę ś l ą, j a ź ń in code page 852.
    const sample = [
      0x5a, 0x61, 0xbe, 0xa2, 0x88, 0x86, 0x20, 0x67, 0xa9, 0x98, 0x6c, 0xa5, 0x20, 0x6a, 0x61, 0xab, 0xe4,
    ];
    expect(bytes.includes(Buffer.from(sample))).toBe(true);
    // GS ( k: store the data (fn 0x50), then print it (fn 0x51).
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(true);
    expect(receipt.qrCodes).toEqual(['BACKROOM TEST printer-epson-58']);
    expect(receipt.commands).toContain('1d286b0300315130');
  });

  it('on a Star printer prints the QR code with Star commands', () => {
    const receipt = expectWellFormed(render({ kind: 'test' }, 'star', 80), 'star', 80);
    expect(receipt.qrCodes).toEqual(['BACKROOM TEST printer-star-80']);
    expect(receipt.commands).toContain('1b1d7950');
    expect(receipt.lines).toContain('Model                      Star (Star Line Mode)');
  });
});

describe('renderReceipt', () => {
  it('is synchronous, so it can run inside the transaction that records the print job', () => {
    const bytes = day.ledger.transaction(() => render({ kind: 'sale', saleId: 's-1' }));
    expect(Buffer.isBuffer(bytes)).toBe(true);
  });

  it('refuses what the ledger does not hold, with a code for each', () => {
    expect(errorOf({ kind: 'sale', saleId: 's-404' }).code).toBe('UNKNOWN_SALE');
    expect(errorOf({ kind: 'refund', refundId: 'r-404' }).code).toBe('UNKNOWN_REFUND');
    expect(errorOf({ kind: 'offline_card_slip', paymentId: 'pay-404' }).code).toBe('UNKNOWN_PAYMENT');
    expect(errorOf({ kind: 'sale', saleId: 's-404' }).message).toBe('no recorded sale s-404');
  });

  it('refuses a request without the id its kind needs', () => {
    expect(errorOf({ kind: 'sale' }).code).toBe('MISSING_REFERENCE');
    expect(errorOf({ kind: 'refund', saleId: 's-1' }).code).toBe('MISSING_REFERENCE');
    expect(errorOf({ kind: 'offline_card_slip', saleId: 's-3' }).code).toBe('MISSING_REFERENCE');
    expect(errorOf({ kind: 'offline_card_slip' }).message).toBe('offline_card_slip receipts need paymentId');
  });

  it('refuses ids that do not belong together', () => {
    expect(errorOf({ kind: 'refund', refundId: 'r-1', saleId: 's-2' }).code).toBe('REFERENCE_MISMATCH');
    expect(errorOf({ kind: 'offline_card_slip', paymentId: 'pay-big', saleId: 's-1' }).code).toBe('REFERENCE_MISMATCH');
  });
});
