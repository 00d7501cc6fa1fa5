/**
 * Reads the NAXML-Acknowledgement a back office answers a POSTed document with (research §A.6, Petrosoft's
 * format: `AckHeader/ValidationStatus`, then `Detail` rows). The answer comes from another party's server and is
 * treated as hostile: bounded in size, no DTD of any kind (so no entity expansion and no external entity can ever
 * be resolved), only the encodings NAXML producers use, and a shape check before anything is believed.
 */
import type * as FastXmlParser from 'fast-xml-parser';
import { onFirstUse } from '../../first-use.js';
import type { Acknowledgement, AcknowledgementMessage, ValidationStatus } from './naxml-documents.js';

/** Real acknowledgements are a few kilobytes; anything this big is not one. */
export const ACK_MAX_BYTES = 1024 * 1024;

const ROOT = 'NAXML-Acknowledgement';
const STATUSES: readonly string[] = ['Success', 'NonFatalError', 'FatalError'] satisfies ValidationStatus[];

/** Why an answer was not accepted as an acknowledgement, in words fit for a job's last error. */
export class AcknowledgementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcknowledgementError';
  }
}

const fastXmlParser = onFirstUse<typeof FastXmlParser>('fast-xml-parser');
let reader: FastXmlParser.XMLParser | undefined;

function parser(): FastXmlParser.XMLParser {
  reader ??= new (fastXmlParser().XMLParser)({
    processEntities: false,
    // Passport writes no namespace; Radiant a default xmlns, Verifone a `nax:` prefix (research §A.2).
    removeNSPrefix: true,
    ignoreAttributes: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => name === 'Detail',
  });
  return reader;
}

export function parseAcknowledgement(bytes: Uint8Array): Acknowledgement {
  if (bytes.byteLength > ACK_MAX_BYTES) {
    throw new AcknowledgementError(`the acknowledgement is larger than ${ACK_MAX_BYTES} bytes`);
  }
  const text = decode(bytes);
  // Refused before any parser sees it: an acknowledgement has no use for a DTD, and a DTD is how billion-laughs
  // expansion and external entities (file:///etc/passwd) get in.
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
    throw new AcknowledgementError('the acknowledgement contains a DOCTYPE or ENTITY declaration, which is refused');
  }
  const wellFormed = fastXmlParser().XMLValidator.validate(text);
  if (wellFormed !== true) {
    throw new AcknowledgementError(
      `the acknowledgement is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`,
    );
  }
  let tree: Record<string, unknown>;
  try {
    tree = parser().parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new AcknowledgementError(`the acknowledgement cannot be read: ${(error as Error).message}`);
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1 || roots[0] !== ROOT) {
    throw new AcknowledgementError(`the answer is not a ${ROOT} (its root is <${roots.join('>, <')}>)`);
  }
  const root = objectOf(tree[ROOT]);
  const status = textOf(objectOf(root?.['AckHeader'])?.['ValidationStatus']);
  if (status === null) throw new AcknowledgementError('the acknowledgement has no AckHeader/ValidationStatus');
  if (!STATUSES.includes(status)) {
    throw new AcknowledgementError(`the acknowledgement has an unknown ValidationStatus '${status.slice(0, 40)}'`);
  }
  const details = Array.isArray(root?.['Detail']) ? (root['Detail'] as unknown[]) : [];
  return { status: status as ValidationStatus, messages: details.map(messageOf) };
}

function messageOf(detail: unknown): AcknowledgementMessage {
  const fields = objectOf(detail);
  return {
    lineNumber: numberOf(fields?.['LineNumber']),
    linePosition: numberOf(fields?.['LinePosition']),
    message: textOf(fields?.['ValidationMessage']) ?? '',
    severity: textOf(fields?.['Severity']),
  };
}

/**
 * UTF-8 (the default, BOM allowed) strictly, so invalid bytes are refused rather than turned into U+FFFD; ISO-8859-1
 * as Passport writes it, byte for byte (not as TextDecoder's windows-1252). Nothing else: a parser guessing at other
 * encodings is one more way for a hostile answer to be read differently from how it was checked.
 */
function decode(bytes: Uint8Array): string {
  // UTF-16 and UTF-32 put a BOM or a zero byte within the first two bytes of any XML document.
  if (bytes[0] === 0xfe || bytes[0] === 0xff || bytes[0] === 0 || bytes[1] === 0) {
    throw new AcknowledgementError('the acknowledgement is UTF-16 or UTF-32; only UTF-8 and ISO-8859-1 are read');
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = declaredEncoding(bytes, hasBom ? 3 : 0) ?? 'UTF-8';
  if (/^utf-?8$/i.test(encoding)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AcknowledgementError('the acknowledgement is not valid UTF-8');
    }
  }
  if (!hasBom && /^(iso[-_]?8859-1|latin-?1)$/i.test(encoding)) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  throw new AcknowledgementError(
    `the acknowledgement ${hasBom ? 'has a UTF-8 byte order mark but ' : ''}declares encoding ` +
      `'${encoding}'; only UTF-8 and ISO-8859-1 are read`,
  );
}

/** The XML declaration's `encoding`, read from the ASCII-compatible first bytes. */
function declaredEncoding(bytes: Uint8Array, start: number): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256)).toString('latin1', start);
  const declaration = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{0,40})["']/.exec(head);
  return declaration ? declaration[1]! : null;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An element with text only; one with child elements or given twice is not a text field. */
function textOf(value: unknown): string | null {
  return typeof value === 'string' ? unescapeXml(value) : null;
}

function numberOf(value: unknown): number | null {
  const text = textOf(value);
  return text !== null && /^\d{1,9}$/.test(text) ? Number(text) : null;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * With entity processing off, even `&amp;` stays as written. The five predefined entities and character references
 * are plain XML, not DTD entities, and are decoded here in one pass, which cannot expand into anything larger.
 */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref]!;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
