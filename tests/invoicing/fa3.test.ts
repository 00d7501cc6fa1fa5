import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildFa3Xml } from '../../src/main/hub/invoicing/fa3/fa3-xml.js';
import type { Invoice, InvoiceLine, VatRate } from '../../src/main/hub/invoicing/fa3/invoice-model.js';
import { FA3_XSD, validateAgainstSchema } from '../../src/device/simulator/fa3-schema-check.js';

const CREATED_AT = '2026-03-02T10:15:00Z';
const CORRECTED_KSEF_NUMBER = '5265877635-20250826-0100001AF629-AF';

const line = (name: string, quantity: number, unitGrossPrice: number, vatRate: VatRate): InvoiceLine => ({
  name,
  unit: 'szt.',
  quantity,
  unitGrossPrice,
  vatRate,
});

/** A line per rate the catalog knows, two at 23% (vat-summary.test.ts works the totals out). */
function salesInvoice(): Invoice {
  return {
    number: 'FV/2026/03/0001',
    issueDate: '2026-03-02',
    placeOfIssue: 'Kraków',
    saleDate: '2026-02-27',
    currency: 'PLN',
    seller: {
      nip: '1234563218',
      name: 'Sklep Pod Lipą sp. z o.o.',
      address: { country: 'PL', line1: 'ul. Floriańska 12', line2: '31-019 Kraków' },
      bankAccount: '73111111111111111111111111',
    },
    buyer: {
      nip: '1111111111',
      name: 'F.H.U. Jan Kowalski',
      address: { country: 'PL', line1: 'ul. Polna 1', line2: '00-001 Warszawa' },
    },
    lines: [
      line('Kawa ziarnista 1 kg', 1, 8999, '23'),
      line('Kanapka', 2, 749, '8'),
      line('Chleb żytni', 1, 599, '5'),
      line('Towar 0%', 1, 1500, '0'),
      line('Znaczek pocztowy', 1, 600, 'zw'),
      line('Usługa poza krajem', 1, 2500, 'np'),
      line('Filtr do kawy', 3, 99, '23'),
    ],
    payment: { method: 'card', paidOn: '2026-03-02' },
    exemptionBasis: { source: 'statute', text: 'art. 43 ust. 1 pkt 17 ustawy o VAT' },
  };
}

/** A refund of the coffee and the bread from `salesInvoice`, which went through KSeF. */
function refundCorrection(): Invoice {
  const sale = salesInvoice();
  return {
    ...sale,
    number: 'FK/2026/03/0001',
    issueDate: '2026-03-05',
    saleDate: undefined,
    lines: [line('Kawa ziarnista 1 kg', -1, 8999, '23'), line('Chleb żytni', -1, 599, '5')],
    payment: { method: 'cash', paidOn: '2026-03-05' },
    correction: {
      reason: 'Zwrot towaru',
      effect: 'correction-period',
      corrected: { number: sale.number, issueDate: sale.issueDate, ksefNumber: CORRECTED_KSEF_NUMBER },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the output back, in document order.

type OrderedNode = Record<string, unknown>;
type Field = [name: string, text: string];

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  ignoreDeclaration: true,
  parseTagValue: false,
});

const nameOf = (node: OrderedNode): string => Object.keys(node).find((key) => key !== ':@') ?? '';
const childrenOf = (node: OrderedNode): OrderedNode[] => node[nameOf(node)] as OrderedNode[];
const elementChildren = (node: OrderedNode): OrderedNode[] => childrenOf(node).filter((c) => nameOf(c) !== '#text');
const textOf = (node: OrderedNode): string =>
  childrenOf(node)
    .map((child) => child['#text'] ?? '')
    .join('');

/** Every element named `name`, in document order, as its children's names and texts ('' for a parent). */
function elements(xml: string, name: string): Field[][] {
  const found: Field[][] = [];
  const walk = (nodes: OrderedNode[]): void => {
    for (const node of nodes.filter((candidate) => nameOf(candidate) !== '#text')) {
      if (nameOf(node) === name) found.push(elementChildren(node).map((child) => [nameOf(child), textOf(child)]));
      walk(childrenOf(node));
    }
  };
  walk(orderedParser.parse(xml) as OrderedNode[]);
  return found;
}

function element(xml: string, name: string): Field[] {
  const found = elements(xml, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

const TOTAL_FIELD = /^P_1[345]/;

function expectValid(xml: string): void {
  const check = validateAgainstSchema(xml, FA3_XSD);
  expect(check.output).toMatch(/validates/);
  expect(check.valid).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------------

describe('buildFa3Xml: an invoice (VAT)', () => {
  const xml = buildFa3Xml(salesInvoice(), CREATED_AT);

  it('validates against the FA(3) schema', () => {
    expectValid(xml);
  });

  it('starts with the declaration, the FA(3) namespace and header', () => {
    expect(xml.split('\n').slice(0, 2)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">',
    ]);
    expect(xml).toContain('<KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>');
    expect(element(xml, 'Naglowek')).toEqual([
      ['KodFormularza', 'FA'],
      ['WariantFormularza', '3'],
      ['DataWytworzeniaFa', CREATED_AT],
      ['SystemInfo', 'Backroom'],
    ]);
    expect(element(xml, 'Podmiot2')).toEqual([
      ['DaneIdentyfikacyjne', ''],
      ['Adres', ''],
      ['JST', '2'],
      ['GV', '2'],
    ]);
  });

  it('writes the totals per rate, VAT taken from each rate’s sum (not line by line: 23% would be 17.39)', () => {
    expect(element(xml, 'Fa').filter(([name]) => TOTAL_FIELD.test(name))).toEqual([
      ['P_13_1', '75.58'],
      ['P_14_1', '17.38'],
      ['P_13_2', '13.87'],
      ['P_14_2', '1.11'],
      ['P_13_3', '5.70'],
      ['P_14_3', '0.29'],
      ['P_13_6_1', '15.00'],
      ['P_13_7', '6.00'],
      ['P_13_8', '25.00'],
      ['P_15', '159.93'],
    ]);
  });

  it('writes the dates, the invoice kind and the statements, citing the exemption for the zw line', () => {
    const fa = Object.fromEntries(element(xml, 'Fa'));
    expect(fa).toMatchObject({ KodWaluty: 'PLN', P_1: '2026-03-02', P_1M: 'Kraków', P_2: 'FV/2026/03/0001' });
    expect(fa).toMatchObject({ P_6: '2026-02-27', RodzajFaktury: 'VAT' });
    expect(element(xml, 'Adnotacje')).toEqual([
      ['P_16', '2'],
      ['P_17', '2'],
      ['P_18', '2'],
      ['P_18A', '2'],
      ['Zwolnienie', ''],
      ['NoweSrodkiTransportu', ''],
      ['P_23', '2'],
      ['PMarzy', ''],
    ]);
    expect(element(xml, 'Zwolnienie')).toEqual([
      ['P_19', '1'],
      ['P_19A', 'art. 43 ust. 1 pkt 17 ustawy o VAT'],
    ]);
    expect(element(xml, 'NoweSrodkiTransportu')).toEqual([['P_22N', '1']]);
    expect(element(xml, 'PMarzy')).toEqual([['P_PMarzyN', '1']]);
  });

  it('writes each line with gross price and value and the FA(3) rate code', () => {
    const lines = elements(xml, 'FaWiersz');
    expect(lines.map((fields) => Object.fromEntries(fields).P_12)).toEqual([
      '23',
      '8',
      '5',
      '0 KR',
      'zw',
      'np I',
      '23',
    ]);
    expect(lines[1]).toEqual([
      ['NrWierszaFa', '2'],
      ['P_7', 'Kanapka'],
      ['P_8A', 'szt.'],
      ['P_8B', '2'],
      ['P_9B', '7.49'],
      ['P_11A', '14.98'],
      ['P_12', '8'],
    ]);
    expect(lines.map((fields) => Object.fromEntries(fields).NrWierszaFa)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('writes the payment: paid on a date, by card, to the seller’s account', () => {
    expect(element(xml, 'Platnosc')).toEqual([
      ['Zaplacono', '1'],
      ['DataZaplaty', '2026-03-02'],
      ['FormaPlatnosci', '2'],
      ['RachunekBankowy', ''],
    ]);
    expect(element(xml, 'RachunekBankowy')).toEqual([['NrRB', '73111111111111111111111111']]);
  });

  it('leaves out what the invoice does not have: P_6 equal to P_1, exemption, payment', () => {
    const plain: Invoice = {
      ...salesInvoice(),
      saleDate: '2026-03-02',
      placeOfIssue: undefined,
      seller: { ...salesInvoice().seller, bankAccount: undefined },
      lines: [line('Rogal', 1, 100, '23'), line('Pączek', 1, 100, '23')],
      payment: undefined,
      exemptionBasis: undefined,
    };
    const built = buildFa3Xml(plain, CREATED_AT);
    expectValid(built);
    expect(element(built, 'Fa').map(([name]) => name)).toEqual([
      'KodWaluty',
      'P_1',
      'P_2',
      'P_13_1',
      'P_14_1',
      'P_15',
      'Adnotacje',
      'RodzajFaktury',
      'FaWiersz',
      'FaWiersz',
    ]);
    expect(element(built, 'Zwolnienie')).toEqual([['P_19N', '1']]);
  });

  it('writes a payment made but not yet dated, and a bank account alone', () => {
    const unpaid = buildFa3Xml({ ...salesInvoice(), payment: { method: 'cash' } }, CREATED_AT);
    expectValid(unpaid);
    expect(element(unpaid, 'Platnosc').map(([name]) => name)).toEqual(['FormaPlatnosci', 'RachunekBankowy']);
    const accountOnly = buildFa3Xml({ ...salesInvoice(), payment: undefined }, CREATED_AT);
    expectValid(accountOnly);
    expect(element(accountOnly, 'Platnosc').map(([name]) => name)).toEqual(['RachunekBankowy']);
  });
});

describe('buildFa3Xml: a correcting invoice (KOR) for a refund', () => {
  const xml = buildFa3Xml(refundCorrection(), CREATED_AT);

  it('validates against the FA(3) schema', () => {
    expectValid(xml);
  });

  it('names the corrected invoice by number, date and KSeF number', () => {
    const fa = element(xml, 'Fa').map(([name]) => name);
    expect(fa.slice(fa.indexOf('RodzajFaktury'), fa.indexOf('FaWiersz'))).toEqual([
      'RodzajFaktury',
      'PrzyczynaKorekty',
      'TypKorekty',
      'DaneFaKorygowanej',
    ]);
    expect(Object.fromEntries(element(xml, 'Fa'))).toMatchObject({
      RodzajFaktury: 'KOR',
      PrzyczynaKorekty: 'Zwrot towaru',
      TypKorekty: '2',
    });
    expect(element(xml, 'DaneFaKorygowanej')).toEqual([
      ['DataWystFaKorygowanej', '2026-03-02'],
      ['NrFaKorygowanej', 'FV/2026/03/0001'],
      ['NrKSeF', '1'],
      ['NrKSeFFaKorygowanej', CORRECTED_KSEF_NUMBER],
    ]);
  });

  it('writes the differences: negative quantities and totals, the unit price as it was', () => {
    expect(element(xml, 'Fa').filter(([name]) => TOTAL_FIELD.test(name))).toEqual([
      ['P_13_1', '-73.16'],
      ['P_14_1', '-16.83'],
      ['P_13_3', '-5.70'],
      ['P_14_3', '-0.29'],
      ['P_15', '-95.98'],
    ]);
    expect(elements(xml, 'FaWiersz')[0]).toEqual([
      ['NrWierszaFa', '1'],
      ['P_7', 'Kawa ziarnista 1 kg'],
      ['P_8A', 'szt.'],
      ['P_8B', '-1'],
      ['P_9B', '89.99'],
      ['P_11A', '-89.99'],
      ['P_12', '23'],
    ]);
    expect(element(xml, 'Zwolnienie')).toEqual([['P_19N', '1']]);
    expect(Object.fromEntries(element(xml, 'Fa')).P_6).toBeUndefined();
  });

  it('marks a corrected invoice issued outside KSeF', () => {
    const correction = refundCorrection();
    const outside = buildFa3Xml(
      {
        ...correction,
        correction: { ...correction.correction!, corrected: { number: 'FV/1/2025', issueDate: '2025-12-30' } },
      },
      CREATED_AT,
    );
    expectValid(outside);
    expect(element(outside, 'DaneFaKorygowanej')).toEqual([
      ['DataWystFaKorygowanej', '2025-12-30'],
      ['NrFaKorygowanej', 'FV/1/2025'],
      ['NrKSeFN', '1'],
    ]);
  });
});

describe('buildFa3Xml: the schema check itself', () => {
  const xml = buildFa3Xml(salesInvoice(), CREATED_AT);

  it('rejects a document without P_2', () => {
    const broken = xml.replace(/\s*<P_2>[^<]*<\/P_2>/, '');
    expect(broken).not.toBe(xml);
    const check = validateAgainstSchema(broken, FA3_XSD);
    expect(check.valid).toBe(false);
    expect(check.output).toContain('P_2');
  });

  it('rejects a document with two elements swapped', () => {
    const broken = xml.replace(
      '<P_13_1>75.58</P_13_1>\n    <P_14_1>17.38</P_14_1>',
      '<P_14_1>17.38</P_14_1>\n    <P_13_1>75.58</P_13_1>',
    );
    expect(broken).not.toBe(xml);
    expect(validateAgainstSchema(broken, FA3_XSD).valid).toBe(false);
  });
});

/** A deep copy in which every object lists its keys in reverse order. */
function withKeysReversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withKeysReversed) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, child]) => [key, withKeysReversed(child)])) as T;
}

describe('buildFa3Xml: determinism', () => {
  it('gives the same bytes for the same invoice, however its objects were put together', () => {
    const first = buildFa3Xml(salesInvoice(), CREATED_AT);
    expect(buildFa3Xml(salesInvoice(), CREATED_AT)).toBe(first);
    expect(buildFa3Xml(withKeysReversed(salesInvoice()), CREATED_AT)).toBe(first);
  });

  it('changes only DataWytworzeniaFa with the creation time', () => {
    const later = '2026-03-02T10:16:00.123Z';
    expect(buildFa3Xml(salesInvoice(), later)).toBe(buildFa3Xml(salesInvoice(), CREATED_AT).replace(CREATED_AT, later));
  });
});

describe('buildFa3Xml: text', () => {
  it('keeps XML special characters and Polish letters, and replaces characters XML 1.0 cannot hold', () => {
    const name = 'Zażółć gęślą jaźń & <Spółka> "Łódź" \'ŹŻ\'';
    const invoice: Invoice = {
      ...salesInvoice(),
      seller: { ...salesInvoice().seller, name },
      lines: [line(`Piwo "Żubr" <0,5 l> & chipsy`, 1, 599, '23'), line('Bell\u0007', 1, 100, '23')],
    };
    const xml = buildFa3Xml(invoice, CREATED_AT);
    expectValid(xml);
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as {
      Faktura: { Podmiot1: { DaneIdentyfikacyjne: { Nazwa: string } }; Fa: { FaWiersz: { P_7: string }[] } };
    };
    expect(parsed.Faktura.Podmiot1.DaneIdentyfikacyjne.Nazwa).toBe(name);
    expect(parsed.Faktura.Fa.FaWiersz.map((fields) => fields.P_7)).toEqual([
      'Piwo "Żubr" <0,5 l> & chipsy',
      'Bell\uFFFD',
    ]);
  });
});

describe('buildFa3Xml: refusals', () => {
  it('refuses an exempt line without the exemption’s legal basis', () => {
    expect(() => buildFa3Xml({ ...salesInvoice(), exemptionBasis: undefined }, CREATED_AT)).toThrow(/exemption basis/);
  });

  it('refuses lines without a positive quantity on an invoice, or without a change on a correction', () => {
    const invoice = salesInvoice();
    expect(() => buildFa3Xml({ ...invoice, lines: [line('Kawa', -1, 8999, '23')] }, CREATED_AT)).toThrow(/positive/);
    const correction = refundCorrection();
    expect(() => buildFa3Xml({ ...correction, lines: [line('Kawa', 0, 8999, '23')] }, CREATED_AT)).toThrow(/non-zero/);
    expect(() => buildFa3Xml({ ...invoice, lines: [] }, CREATED_AT)).toThrow(/no lines/);
  });

  it('refuses amounts that are not whole grosze', () => {
    expect(() => buildFa3Xml({ ...salesInvoice(), lines: [line('Kawa', 1, 89.99, '23')] }, CREATED_AT)).toThrow(
      RangeError,
    );
    expect(() => buildFa3Xml({ ...salesInvoice(), lines: [line('Kawa', 1.5, 8999, '23')] }, CREATED_AT)).toThrow(
      RangeError,
    );
  });
});
