/**
 * The fake back office's check of a received document against the NAXML layouts (layouts.ts): the bytes decoded
 * by their declaration (UTF-8 or ISO-8859-1), well-formed, no DTD, a known root with version="3.4", and every
 * element's children known and in order. Prefixes and namespaces are ignored, as a tolerant back office does.
 * Reports the first problem found, with its line and column, as a back office's FatalError detail would.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LAYOUTS, NAXML_VERSION, ROOTS, TYPE_OF_BODY, type NaxmlDocumentType } from './layouts.js';

export interface LayoutProblem {
  message: string;
  line?: number;
  column?: number;
}

export type DocumentVerdict = { ok: true; type: NaxmlDocumentType } | { ok: false; problem: LayoutProblem };

type OrderedNode = Record<string | symbol, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
});
// Typed as the boxed `Symbol` by the library; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function validateDocument(bytes: Buffer): DocumentVerdict {
  const text = decodeByDeclaration(bytes);
  if (typeof text !== 'string') return { ok: false, problem: text };
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY')) {
    return { ok: false, problem: { message: 'a DOCTYPE is not allowed in a NAXML document' } };
  }
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return { ok: false, problem: { message: `not well-formed XML: ${msg}`, line, column: col } };
  }
  const root = elementsOf(parser.parse(text) as OrderedNode[])[0];
  if (!root) return { ok: false, problem: { message: 'the document has no root element' } };
  const at = (node: OrderedNode) => positionOf(text, node);
  if (!ROOTS.includes(root.name)) {
    return { ok: false, problem: { message: `unknown root <${root.name}>: expected ${ROOTS.join(' or ')}` } };
  }
  const version = attributesOf(root.node)['version'];
  if (version !== NAXML_VERSION) {
    const problem = `<${root.name}> has ${version === undefined ? 'no version' : `version "${version}"`}`;
    return { ok: false, problem: { message: `${problem}: expected "${NAXML_VERSION}"`, ...at(root.node) } };
  }
  const problem = checkElement(root.name, root.node, at);
  if (problem) return { ok: false, problem };
  // The layout just checked puts the body (JournalReport or one movement report) second under the root.
  const body = elementsOf(root.node[root.name] as OrderedNode[])[1]!;
  return { ok: true, type: TYPE_OF_BODY[body.name]! };
}

interface Element {
  name: string;
  node: OrderedNode;
}

interface Slot {
  names: readonly string[];
  min: number;
  max: number;
}

const SLOTS: ReadonlyMap<string, readonly Slot[]> = new Map(
  Object.entries(LAYOUTS).map(([name, children]) => [name, children.map(slotOf)]),
);

function slotOf(spec: string): Slot {
  const quantifier = /[?*+]$/.exec(spec)?.[0];
  const names = (quantifier ? spec.slice(0, -1) : spec).split('|');
  const min = quantifier === '?' || quantifier === '*' ? 0 : 1;
  const max = quantifier === '*' || quantifier === '+' ? Infinity : 1;
  return { names, min, max };
}

/** Depth first in document order, so the problem reported is the first one a reader meets. */
function checkElement(
  name: string,
  node: OrderedNode,
  at: (node: OrderedNode) => Pick<LayoutProblem, 'line' | 'column'>,
): LayoutProblem | null {
  const content = node[name] as OrderedNode[];
  const children = elementsOf(content);
  const slots = SLOTS.get(name);
  if (!slots) {
    return children.length === 0
      ? null
      : { message: `<${name}> holds a value, not elements such as <${children[0]!.name}>`, ...at(children[0]!.node) };
  }
  const text = content.find((child) => typeof child['#text'] === 'string' && child['#text'].trim() !== '');
  if (text) return { message: `<${name}> holds elements, not text`, ...at(node) };
  const sequence = checkSequence(name, children, slots);
  if (sequence) return { message: sequence.message, ...at(sequence.node ?? node) };
  for (const child of children) {
    const problem = checkElement(child.name, child.node, at);
    if (problem) return problem;
  }
  return null;
}

function checkSequence(
  parent: string,
  children: readonly Element[],
  slots: readonly Slot[],
): { message: string; node?: OrderedNode } | null {
  const known = new Set(slots.flatMap((slot) => slot.names));
  const describe = (slot: Slot) => slot.names.map((n) => `<${n}>`).join(' or ');
  let next = 0;
  for (const [index, slot] of slots.entries()) {
    let count = 0;
    while (next < children.length && count < slot.max && slot.names.includes(children[next]!.name)) {
      next += 1;
      count += 1;
    }
    if (count >= slot.min) continue;
    const here = children[next];
    if (here && !known.has(here.name)) {
      return { message: `unknown element <${here.name}> in <${parent}>`, node: here.node };
    }
    if (here && children.slice(next + 1).some((child) => slot.names.includes(child.name))) {
      return {
        message: `<${here.name}> is out of order in <${parent}>: ${describe(slot)} comes first`,
        node: here.node,
      };
    }
    const after = index === 0 ? 'first' : `after ${describe(slots[index - 1]!)}`;
    return { message: `<${parent}> lacks ${describe(slot)} (${after})`, ...(here ? { node: here.node } : {}) };
  }
  const extra = children[next];
  if (!extra) return null;
  if (!known.has(extra.name)) return { message: `unknown element <${extra.name}> in <${parent}>`, node: extra.node };
  const repeated = children.slice(0, next).some((child) => child.name === extra.name);
  const message = repeated
    ? `<${extra.name}> appears more often than allowed in <${parent}>`
    : `<${extra.name}> is out of order in <${parent}>`;
  return { message, node: extra.node };
}

function elementsOf(content: readonly OrderedNode[]): Element[] {
  const elements: Element[] = [];
  for (const node of content) {
    const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
    if (name !== undefined) elements.push({ name, node });
  }
  return elements;
}

function attributesOf(node: OrderedNode): Record<string, string> {
  return (node[':@'] as Record<string, string> | undefined) ?? {};
}

function positionOf(text: string, node: OrderedNode): { line?: number; column?: number } {
  const start = (node[META] as { startIndex?: number } | undefined)?.startIndex;
  if (start === undefined) return {};
  const before = text.slice(0, start);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: start - lineStart + 1 };
}

/** UTF-8 (the XML default, strictly) or ISO-8859-1, by the declaration; anything else is refused. */
function decodeByDeclaration(bytes: Buffer): string | LayoutProblem {
  const declared = /^(?:\xEF\xBB\xBF)?<\?xml[^>]*?encoding=["']([^"']+)["']/.exec(
    bytes.subarray(0, 200).toString('latin1'),
  );
  const encoding = (declared?.[1] ?? 'UTF-8').toUpperCase();
  if (encoding === 'ISO-8859-1') return bytes.toString('latin1');
  if (encoding !== 'UTF-8') return { message: `encoding ${encoding} is not accepted: send UTF-8 or ISO-8859-1` };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { message: 'the document is not valid UTF-8' };
  }
}
