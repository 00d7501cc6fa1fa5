/**
 * The activity list's state lives in the URL (filters and page position), so a reload, a shared link and the Back
 * button all show the same page. Pure functions: parse, serialise, build the API query and read the answer.
 */
import type { EventPage, PulledEvent, RecordStatus } from '../../api/types.js';

export const PAGE_SIZE = 50;
export const RECORD_STATUSES: readonly RecordStatus[] = ['accepted', 'conflict', 'refused'];

export interface ActivityFilters {
  deviceId?: string;
  type?: string;
  status?: RecordStatus;
  /** Local calendar dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

/** Newest first by default; `before` pages towards older records, `after` towards newer ones. */
export type PagePosition = { kind: 'newest' } | { kind: 'before'; cursor: number } | { kind: 'after'; cursor: number };

const FILTER_PARAMS = ['deviceId', 'type', 'status', 'from', 'to'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function readActivityParams(params: URLSearchParams): { filters: ActivityFilters; position: PagePosition } {
  const filters: ActivityFilters = {};
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const deviceId = text('deviceId');
  const type = text('type');
  const status = text('status');
  const from = text('from');
  const to = text('to');
  if (deviceId) filters.deviceId = deviceId;
  if (type) filters.type = type;
  if (status && (RECORD_STATUSES as readonly string[]).includes(status)) filters.status = status as RecordStatus;
  if (from && DATE.test(from)) filters.from = from;
  if (to && DATE.test(to)) filters.to = to;

  const before = positiveInt(params.get('before'));
  const after = positiveInt(params.get('after'));
  const position: PagePosition =
    before !== undefined
      ? { kind: 'before', cursor: before }
      : after !== undefined
        ? { kind: 'after', cursor: after }
        : { kind: 'newest' };
  return { filters, position };
}

export function writeActivityParams(filters: ActivityFilters, position: PagePosition = { kind: 'newest' }) {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (position.kind !== 'newest') params.set(position.kind, String(position.cursor));
  return params;
}

function localMidnight(date: string, plusDays: number): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + plusDays).getTime();
}

/** Local midnight at the start of `date`. */
export const dayStart = (date: string): number => localMidnight(date, 0);
/** Local midnight at the end of `date` (the start of the day after). */
export const dayEnd = (date: string): number => localMidnight(date, 1);

/**
 * The query string for `GET /v1/admin/events`. `upperBound` is the first cursor recorded after the `to` date (see
 * api/cursor-bound.ts), so a newest-first page starts at the end of that day rather than at today.
 */
export function eventsQuery(
  filters: ActivityFilters,
  position: PagePosition,
  upperBound?: number,
  limit = PAGE_SIZE,
): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.deviceId) query.set('deviceId', filters.deviceId);
  if (filters.type) query.set('type', filters.type);
  if (filters.status) query.set('status', filters.status);
  if (position.kind === 'after') query.set('after', String(position.cursor));
  else {
    const before = Math.min(position.kind === 'before' ? position.cursor : Infinity, upperBound ?? Infinity);
    if (Number.isFinite(before)) query.set('before', String(before));
  }
  return query.toString();
}

export interface ActivityPage {
  /** Newest first, within the date range. */
  rows: PulledEvent[];
  newer: PagePosition | null;
  older: PagePosition | null;
}

/**
 * Turns the hub's answer into rows and the positions of the neighbouring pages (null: nothing more that way). The
 * date range is applied here by time too, so rows outside it never show even before the cursor bound is known.
 */
export function readEventPage(answer: EventPage, filters: ActivityFilters, position: PagePosition): ActivityPage {
  const ascending = position.kind === 'after';
  const newestFirst = ascending ? [...answer.events].reverse() : answer.events;
  const from = filters.from ? dayStart(filters.from) : -Infinity;
  const to = filters.to ? dayEnd(filters.to) : Infinity;
  const time = (row: PulledEvent) => Date.parse(row.recordedAt);
  const rows = newestFirst.filter((row) => time(row) >= from && time(row) < to);
  const cutOlder = newestFirst.some((row) => time(row) < from);
  const cutNewer = newestFirst.some((row) => time(row) >= to);
  const top = newestFirst[0]?.cursor;
  const bottom = newestFirst[newestFirst.length - 1]?.cursor;

  const moreOlder = ascending ? bottom !== undefined : answer.next !== null;
  const moreNewer = ascending ? answer.next !== null : position.kind === 'before';
  const older: PagePosition | null =
    moreOlder && !cutOlder && bottom !== undefined ? { kind: 'before', cursor: bottom } : null;
  let newer: PagePosition | null = null;
  if (moreNewer && !cutNewer) {
    if (top !== undefined) newer = { kind: 'after', cursor: top };
    else if (position.kind === 'before') newer = { kind: 'after', cursor: position.cursor - 1 };
  }
  return { rows, newer, older };
}
