/**
 * XML documents the hub writes (NAXML reports, FA(3) invoices) from element trees, with fast-xml-parser's builder:
 * one configuration, so every document is escaped, cleaned and laid out the same way, and the same tree always gives
 * the same bytes.
 */
import type * as FastXmlParser from 'fast-xml-parser';
import { onFirstUse } from '../first-use.js';

/**
 * A tree for the builder: `@_name` keys are attributes, other keys child elements written in insertion order (element
 * names never look like array indices, so JavaScript keeps that order), an array repeats its element, and an
 * `undefined` child is left out.
 */
export interface XmlElement {
  [name: string]: XmlContent;
}
export type XmlContent = string | XmlElement | readonly XmlElement[] | undefined;

// Anything outside the XML 1.0 Char production (most C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the whole
// document not well-formed, so one stray byte in a product name would get a whole report or invoice rejected. U+FFFD keeps
// the text's length and shows a reader that something was there.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

const cleanValue = (_name: string, value: unknown): unknown => (typeof value === 'string' ? xmlSafeText(value) : value);

const fastXmlParser = onFirstUse<typeof FastXmlParser>('fast-xml-parser');
let builder: FastXmlParser.XMLBuilder | undefined;

function xmlBuilder(): FastXmlParser.XMLBuilder {
  builder ??= new (fastXmlParser().XMLBuilder)({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    // An element with no text and no children is written `<POSCodeFormat format="upcA"/>`.
    suppressEmptyNode: true,
    // The default writes an attribute whose value is "true" as a bare name, which is not XML.
    suppressBooleanAttributes: false,
    tagValueProcessor: cleanValue,
    attributeValueProcessor: cleanValue,
  });
  return builder;
}

// UTF-8: Polish names do not fit ISO-8859-1 (which Passport writes), and every reader we send to accepts it.
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A whole document: declaration, the element tree, one trailing newline. */
export function buildDocument(root: XmlElement): string {
  return `${DECLARATION}${xmlBuilder().build(root).trimEnd()}\n`;
}
