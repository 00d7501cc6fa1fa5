import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The fake's verification of an invoice file (research §4, faktury/weryfikacja-faktury.md): the encoding rules, then
 * the FA(3) fields the fake relies on, then the semantic rules. Not a full XSD validation: the fields read here are
 * those the hub must get right for KSeF to number the invoice and the fake to spot duplicates.
 */
const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';

/** The FA(3) `RodzajFaktury` values (TRodzajFaktury). */
const INVOICE_KINDS = new Set(['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR', 'KOR_ZAL', 'KOR_ROZ']);

export interface InvoiceStatusInfo {
  code: number;
  description: string;
  details?: string[];
  extensions?: Record<string, string>;
}

/** What the fake read from the invoice; a field is missing when the file failed before it could be read. */
export interface InvoiceFacts {
  sellerNip?: string;
  /** P_1 */
  issueDate?: string;
  /** P_2 */
  invoiceNumber?: string;
  /** RodzajFaktury */
  kind?: string;
}

export interface InvoiceCheck {
  facts: InvoiceFacts;
  /** null when the file passed every check. */
  rejection: InvoiceStatusInfo | null;
}

const SCHEMA = 'Błąd weryfikacji pliku faktury';

class SchemaProblem extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type XmlNode = Record<string, unknown>;

function localName(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

function child(node: unknown, name: string, path: string): unknown {
  if (typeof node !== 'object' || node === null) throw new SchemaProblem(`Brak elementu ${path}.`);
  const key = Object.keys(node).find((candidate) => !candidate.startsWith('@_') && localName(candidate) === name);
  const value = key === undefined ? undefined : (node as XmlNode)[key];
  if (value === undefined) throw new SchemaProblem(`Brak elementu ${path}.`);
  if (Array.isArray(value)) throw new SchemaProblem(`Element ${path} występuje więcej niż raz.`);
  return value;
}

function textOf(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as XmlNode)['#text'] === 'string') {
    return (value as XmlNode)['#text'] as string;
  }
  throw new SchemaProblem(`Element ${path} nie zawiera wartości.`);
}

function attributeOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as XmlNode)[`@_${name}`] : undefined;
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** The text, or a SchemaProblem for the encoding rules KSeF applies before reading any element. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new SchemaProblem('Plik faktury zaczyna się znacznikiem BOM; wymagane jest UTF-8 bez BOM.');
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SchemaProblem('Plik faktury nie jest poprawnym tekstem UTF-8.');
  }
  const encoding = /^<\?xml[^>]*\sencoding\s*=\s*["']([^"']+)["']/.exec(content)?.[1];
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') {
    throw new SchemaProblem(`Prolog deklaruje kodowanie ${encoding}; dozwolone jest wyłącznie UTF-8.`);
  }
  if (/<!DOCTYPE/i.test(content)) throw new SchemaProblem('Plik faktury nie może zawierać deklaracji DOCTYPE.');
  for (const match of content.matchAll(/<\?([^\s?]+)/g)) {
    if (match[1] !== 'xml' || match.index !== 0) {
      throw new SchemaProblem('Plik faktury nie może zawierać instrukcji przetwarzania.');
    }
  }
  const wellFormed = XMLValidator.validate(content);
  if (wellFormed !== true) {
    throw new SchemaProblem(`Dokument XML jest niepoprawny: ${wellFormed.err.msg} (wiersz ${wellFormed.err.line}).`);
  }
  return content;
}

function readFacts(content: string, facts: InvoiceFacts): void {
  const tree = parser.parse(content) as XmlNode;
  const roots = Object.keys(tree).filter((key) => !key.startsWith('?'));
  const rootKey = roots[0];
  if (roots.length !== 1 || rootKey === undefined || localName(rootKey) !== 'Faktura') {
    throw new SchemaProblem('Elementem głównym dokumentu musi być Faktura.');
  }
  const root = tree[rootKey];
  const prefix = rootKey.includes(':') ? `:${rootKey.slice(0, rootKey.indexOf(':'))}` : '';
  const namespace = attributeOf(root, `xmlns${prefix}`);
  if (namespace !== FA3_NAMESPACE) {
    throw new SchemaProblem(`Faktura jest w przestrzeni nazw ${String(namespace)}, oczekiwano ${FA3_NAMESPACE}.`);
  }
  const header = child(root, 'Naglowek', 'Naglowek');
  const formCode = child(header, 'KodFormularza', 'Naglowek/KodFormularza');
  if (
    textOf(formCode, 'Naglowek/KodFormularza') !== 'FA' ||
    attributeOf(formCode, 'kodSystemowy') !== 'FA (3)' ||
    attributeOf(formCode, 'wersjaSchemy') !== '1-0E'
  ) {
    throw new SchemaProblem('KodFormularza musi mieć wartość FA, kodSystemowy="FA (3)" i wersjaSchemy="1-0E".');
  }
  if (textOf(child(header, 'WariantFormularza', 'Naglowek/WariantFormularza'), 'WariantFormularza') !== '3') {
    throw new SchemaProblem('WariantFormularza musi mieć wartość 3.');
  }

  const nipPath = 'Podmiot1/DaneIdentyfikacyjne/NIP';
  const seller = child(child(child(root, 'Podmiot1', 'Podmiot1'), 'DaneIdentyfikacyjne', nipPath), 'NIP', nipPath);
  const sellerNip = textOf(seller, nipPath);
  if (!/^\d{10}$/.test(sellerNip)) throw new SchemaProblem(`${nipPath} musi mieć 10 cyfr (jest ${sellerNip}).`);
  facts.sellerNip = sellerNip;

  const fa = child(root, 'Fa', 'Fa');
  const invoiceNumber = textOf(child(fa, 'P_2', 'Fa/P_2'), 'Fa/P_2');
  if (invoiceNumber.length > 256) throw new SchemaProblem('Fa/P_2 może mieć najwyżej 256 znaków.');
  facts.invoiceNumber = invoiceNumber;
  const issueDate = textOf(child(fa, 'P_1', 'Fa/P_1'), 'Fa/P_1');
  if (!isCalendarDate(issueDate)) throw new SchemaProblem(`Fa/P_1 nie jest datą RRRR-MM-DD (jest ${issueDate}).`);
  facts.issueDate = issueDate;
  const kind = textOf(child(fa, 'RodzajFaktury', 'Fa/RodzajFaktury'), 'Fa/RodzajFaktury');
  if (!INVOICE_KINDS.has(kind)) throw new SchemaProblem(`Nieznany RodzajFaktury: ${kind}.`);
  facts.kind = kind;
}

/**
 * Checks an invoice sent in the context of `contextNip` and accepted by KSeF on `acceptedOn` (Warsaw `YYYY-MM-DD`).
 * 430 for a file that breaks the encoding or schema rules, 410 for a seller other than the context (the permission
 * scope), 450 for a P_1 after the day KSeF accepted the invoice.
 */
export function checkInvoice(bytes: Buffer, contextNip: string, acceptedOn: string): InvoiceCheck {
  const facts: InvoiceFacts = {};
  try {
    readFacts(decode(bytes), facts);
  } catch (error) {
    if (!(error instanceof SchemaProblem)) throw error;
    return { facts, rejection: { code: 430, description: SCHEMA, details: [error.message] } };
  }
  if (facts.sellerNip !== contextNip) {
    const detail = `Podmiot1 NIP ${facts.sellerNip} nie jest kontekstem sesji (${contextNip}).`;
    return { facts, rejection: { code: 410, description: 'Nieprawidłowy zakres uprawnień', details: [detail] } };
  }
  if ((facts.issueDate ?? '') > acceptedOn) {
    const detail = `Data wystawienia P_1 ${facts.issueDate} jest późniejsza niż data przyjęcia faktury ${acceptedOn}.`;
    return {
      facts,
      rejection: { code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury', details: [detail] },
    };
  }
  return { facts, rejection: null };
}
