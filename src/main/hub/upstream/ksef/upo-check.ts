/**
 * A light check of a downloaded UPO (research §6): well-formed XML in the UPO v4-3 namespace whose `Dokument` names
 * the expected KSeF number (`NumerKSeFDokumentu`), invoice hash (`SkrotDokumentu`) and invoice number
 * (`NumerFaktury`).
 *
 * There is deliberately NO XSD validation: the official sample UPOs do not validate against `upo-v4-3.xsd` (they
 * name the TEST receiver where the schema fixes "Ministerstwo Finansów", and real UPOs carry a signature the schema
 * has no place for), so a schema mismatch would reject genuine UPOs. The UPO is kept byte for byte as received.
 *
 * The XML is parsed with entity processing off: a DOCTYPE is reported as a problem and its entities are never
 * expanded; only the five predefined entities and character references in the checked values are decoded.
 */
import type * as FastXmlParser from 'fast-xml-parser';
import { onFirstUse } from '../../first-use.js';

const fastXmlParser = onFirstUse<typeof FastXmlParser>('fast-xml-parser');

export const UPO_NAMESPACE = 'http://upo.schematy.mf.gov.pl/KSeF/v4-3';

export interface UpoExpectation {
  ksefNumber: string;
  invoiceHash: string;
  invoiceNumber: string;
}

type Node = Record<string, unknown>;

/** Problems as plain sentences; `ok` is false when the UPO is not well-formed or a named field does not match. */
export function checkUpo(upo: Buffer, expected: UpoExpectation): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(upo);
  } catch {
    return { ok: false, problems: ['The UPO is not valid UTF-8.'] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/<!DOCTYPE/i.test(text)) {
    problems.push('The UPO declares a DOCTYPE; a UPO has none, and its entities are not expanded.');
  }
  const { XMLParser, XMLValidator } = fastXmlParser();
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    problems.push(`The UPO is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
    return { ok: false, problems };
  }
  let tree: Node;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      processEntities: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
    });
    tree = parser.parse(text) as Node;
  } catch (error) {
    problems.push(`The UPO is not well-formed XML: ${error instanceof Error ? error.message : String(error)}.`);
    return { ok: false, problems };
  }

  const roots = Object.keys(tree).filter((k) => !k.startsWith('?') && !k.startsWith('!') && !k.startsWith('#'));
  const rootName = roots[0];
  const root = rootName === undefined ? undefined : first(tree[rootName]);
  if (rootName === undefined || root === undefined || roots.length !== 1) {
    problems.push('The UPO does not have exactly one root element.');
    return { ok: false, problems };
  }
  const [prefix, local] = split(rootName);
  if (local !== 'Potwierdzenie') problems.push(`The UPO's root element is ${local}, not Potwierdzenie.`);
  const namespace = root[prefix === '' ? '@xmlns' : `@xmlns:${prefix}`];
  if (namespace !== UPO_NAMESPACE) {
    problems.push(
      `The UPO is in namespace ${typeof namespace === 'string' ? namespace : '(none)'}, not ${UPO_NAMESPACE}.`,
    );
  }

  const documents = children(root, prefix, 'Dokument');
  if (documents.length === 0) {
    problems.push('The UPO names no Dokument.');
    return { ok: false, problems };
  }
  const valueOf = (document: Node, name: string) => textOf(children(document, prefix, name)[0]);
  const document = documents.find((d) => valueOf(d, 'NumerKSeFDokumentu') === expected.ksefNumber);
  if (!document) {
    const named = documents.map((d) => valueOf(d, 'NumerKSeFDokumentu') ?? '(none)').join(', ');
    problems.push(`The UPO does not name KSeF number ${expected.ksefNumber} (it names ${named}).`);
    return { ok: false, problems };
  }
  const hash = valueOf(document, 'SkrotDokumentu');
  if (hash !== expected.invoiceHash) {
    problems.push(`The UPO gives the invoice hash ${hash ?? '(none)'}, not ${expected.invoiceHash}.`);
  }
  const number = valueOf(document, 'NumerFaktury');
  if (number !== expected.invoiceNumber) {
    problems.push(`The UPO gives the invoice number ${number ?? '(none)'}, not ${expected.invoiceNumber}.`);
  }
  return { ok: problems.length === 0, problems };
}

function split(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function first(value: unknown): Node | undefined {
  const item: unknown = Array.isArray(value) ? value[0] : value;
  return typeof item === 'object' && item !== null ? (item as Node) : undefined;
}

/** The element's children named `local` in the UPO's prefix. */
function children(node: Node, prefix: string, local: string): Node[] {
  const value = node[prefix === '' ? local : `${prefix}:${local}`];
  if (!Array.isArray(value)) return [];
  return value.map((v: unknown) => (typeof v === 'object' && v !== null ? (v as Node) : { '#text': v }));
}

function textOf(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  const value = node['#text'];
  if (value === undefined) return Object.keys(node).length === 0 ? '' : undefined;
  return decodeEntities(String(value));
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; any other `&name;` stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return PREDEFINED[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  try {
    return String.fromCodePoint(code);
  } catch {
    return fallback;
  }
}
