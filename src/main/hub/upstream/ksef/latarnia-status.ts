/**
 * What KSeF's status service (Latarnia) says, read from its JSON (research/ksef.md §7: `GET {latarnia}/status` →
 * `{ status, messages[] }`). Unknown fields are ignored, so a field MF adds later breaks nothing; a known field of the
 * wrong type, or a value outside the documented ones, refuses the whole answer, since a status the hub cannot map
 * must not pass for one it can.
 */

export const LATARNIA_STATUSES = ['AVAILABLE', 'MAINTENANCE', 'FAILURE', 'TOTAL_FAILURE'] as const;
export type LatarniaStatusCode = (typeof LATARNIA_STATUSES)[number];

export const LATARNIA_CATEGORIES = ['FAILURE', 'TOTAL_FAILURE', 'MAINTENANCE'] as const;
export type LatarniaCategory = (typeof LATARNIA_CATEGORIES)[number];

export const LATARNIA_MESSAGE_TYPES = ['FAILURE_START', 'FAILURE_END', 'MAINTENANCE_ANNOUNCEMENT'] as const;
export type LatarniaMessageType = (typeof LATARNIA_MESSAGE_TYPES)[number];

export interface LatarniaMessage {
  id: string;
  /** Shared by the messages of one event: a FAILURE_END names the FAILURE_START it closes this way. */
  eventId: number;
  category: LatarniaCategory;
  type: LatarniaMessageType;
  title: string;
  text: string;
  /** The instants below are UTC ISO strings (`toISOString`), whatever offset Latarnia wrote them with. */
  start: string;
  /** null while unknown: a failure still going on. */
  end: string | null;
  version: number;
  published: string;
}

export interface LatarniaStatus {
  status: LatarniaStatusCode;
  messages: LatarniaMessage[];
}

/** Latarnia's JSON is not what the research describes; the message names the first problem. */
export class LatarniaShapeError extends Error {
  override readonly name = 'LatarniaShapeError';
}

export function parseLatarniaStatus(value: unknown): LatarniaStatus {
  const root = objectAt(value, 'the answer');
  // The official clients model `messages` as optional and nullable: no list means no messages.
  const messages = root.messages ?? [];
  if (!Array.isArray(messages)) throw wrong('messages', 'an array', messages);
  return {
    status: oneOf(root.status, LATARNIA_STATUSES, 'status'),
    messages: messages.map((message: unknown, index) => parseMessage(message, `messages[${index}]`)),
  };
}

function parseMessage(value: unknown, where: string): LatarniaMessage {
  const message = objectAt(value, where);
  const start = instantAt(message.start, `${where}.start`);
  const end = message.end === undefined || message.end === null ? null : instantAt(message.end, `${where}.end`);
  // Same-format UTC ISO strings compare in time order.
  if (end !== null && end < start) throw new LatarniaShapeError(`${where} ends (${end}) before it starts (${start})`);
  return {
    id: stringAt(message.id, `${where}.id`),
    eventId: integerAt(message.eventId, `${where}.eventId`),
    category: oneOf(message.category, LATARNIA_CATEGORIES, `${where}.category`),
    type: oneOf(message.type, LATARNIA_MESSAGE_TYPES, `${where}.type`),
    title: stringAt(message.title, `${where}.title`),
    text: stringAt(message.text, `${where}.text`),
    start,
    end,
    version: integerAt(message.version, `${where}.version`),
    published: instantAt(message.published, `${where}.published`),
  };
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrong(where, 'an object', value);
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string') throw wrong(where, 'a string', value);
  return value;
}

function integerAt(value: unknown, where: string): number {
  if (!Number.isSafeInteger(value)) throw wrong(where, 'an integer', value);
  return value as number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) throw wrong(where, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date-time with its zone (Z or ±hh:mm), as UTC ISO. A time without a zone is refused rather than
 * guessed: read in the hub's own zone it could land on another day, and the day decides a legal deadline.
 */
function instantAt(value: unknown, where: string): string {
  const expected = 'an ISO 8601 date-time with a zone (Z or ±hh:mm)';
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match) throw wrong(where, expected, value);
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  // Date.parse rolls 30 February over into March; the date must exist as written.
  const date = new Date(Date.UTC(year, month - 1, day));
  const ms = Date.parse(value as string);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || Number.isNaN(ms)) {
    throw wrong(where, expected, value);
  }
  return new Date(ms).toISOString();
}

function wrong(where: string, expected: string, got: unknown): LatarniaShapeError {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  // The value comes from the network: quote enough to recognise it, never a megabyte of it.
  const quoted = shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
  return new LatarniaShapeError(`${where} must be ${expected}, got ${quoted}`);
}
