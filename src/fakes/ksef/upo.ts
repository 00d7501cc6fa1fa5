import { warsawTimestamp } from './dates.js';

/**
 * UPO v4-3 documents in the layout of the official samples (faktury/upo/przyklady/v4-3/kontekst-nip): the invoice
 * UPO with one `Dokument`, the session UPO with `OpisPotwierdzenia` and a `Dokument` per numbered invoice. The
 * receiver is named as the XSD fixes it for production; a token login is identified by the token's reference
 * number (the XSD's choice for KSeF-token authentication).
 */
const UPO_NAMESPACE = 'http://upo.schematy.mf.gov.pl/KSeF/v4-3';

export interface UpoContext {
  sessionRef: string;
  contextNip: string;
  ksefTokenRef: string;
}

export interface UpoDocument {
  sellerNip: string;
  ksefNumber: string;
  invoiceNumber: string;
  issueDate: string;
  invoicingDate: Date;
  acquisitionDate: Date;
  invoiceHash: string;
  invoicingMode: 'Online' | 'Offline';
}

function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function head(context: UpoContext): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Potwierdzenie xmlns="${UPO_NAMESPACE}">`,
    '\t<NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów</NazwaPodmiotuPrzyjmujacego>',
    `\t<NumerReferencyjnySesji>${context.sessionRef}</NumerReferencyjnySesji>`,
    '\t<Uwierzytelnienie>',
    '\t\t<IdKontekstu>',
    `\t\t\t<Nip>${context.contextNip}</Nip>`,
    '\t\t</IdKontekstu>',
    `\t\t<NumerReferencyjnyTokenaKSeF>${context.ksefTokenRef}</NumerReferencyjnyTokenaKSeF>`,
    '\t</Uwierzytelnienie>',
  ].join('\n');
}

const FORM = [
  '\t<NazwaStrukturyLogicznej>Schemat_FA(3)_v1-0E.xsd</NazwaStrukturyLogicznej>',
  '\t<KodFormularza>FA (3)</KodFormularza>',
];

function documentXml(document: UpoDocument): string {
  return [
    '\t<Dokument>',
    `\t\t<NipSprzedawcy>${document.sellerNip}</NipSprzedawcy>`,
    `\t\t<NumerKSeFDokumentu>${document.ksefNumber}</NumerKSeFDokumentu>`,
    `\t\t<NumerFaktury>${escapeXml(document.invoiceNumber)}</NumerFaktury>`,
    `\t\t<DataWystawieniaFaktury>${document.issueDate}</DataWystawieniaFaktury>`,
    `\t\t<DataPrzeslaniaDokumentu>${warsawTimestamp(document.invoicingDate)}</DataPrzeslaniaDokumentu>`,
    `\t\t<DataNadaniaNumeruKSeF>${warsawTimestamp(document.acquisitionDate)}</DataNadaniaNumeruKSeF>`,
    `\t\t<SkrotDokumentu>${document.invoiceHash}</SkrotDokumentu>`,
    `\t\t<TrybWysylki>${document.invoicingMode}</TrybWysylki>`,
    '\t</Dokument>',
  ].join('\n');
}

export function invoiceUpo(context: UpoContext, document: UpoDocument): Buffer {
  return Buffer.from([head(context), ...FORM, documentXml(document), '</Potwierdzenie>'].join('\n'), 'utf8');
}

/** One page: a session holds at most 10,000 invoices, which is also the most a UPO page lists. */
export function sessionUpo(context: UpoContext, documents: UpoDocument[]): Buffer {
  const description = [
    '\t<OpisPotwierdzenia>',
    '\t\t<Strona>1</Strona>',
    '\t\t<LiczbaStron>1</LiczbaStron>',
    '\t\t<ZakresDokumentowOd>1</ZakresDokumentowOd>',
    `\t\t<ZakresDokumentowDo>${documents.length}</ZakresDokumentowDo>`,
    `\t\t<CalkowitaLiczbaDokumentow>${documents.length}</CalkowitaLiczbaDokumentow>`,
    '\t</OpisPotwierdzenia>',
  ];
  const body = [head(context), ...description, ...FORM, ...documents.map(documentXml), '</Potwierdzenie>'];
  return Buffer.from(body.join('\n'), 'utf8');
}
