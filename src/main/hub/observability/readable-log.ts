/**
 * Log lines for a person at a terminal (issue 12): the hub started by hand prints `12:03:04 INFO  [ui] GET /health
 * 200 2 ms` instead of a JSON object. Written here rather than with pino-pretty, which is not a dependency; the JSON
 * a service manager or a pipe gets is unchanged. Pure apart from the stream it writes to.
 */
import type { DestinationStream } from 'pino';

const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields the line's own layout shows, or that say nothing to a reader at the console. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'component', 'listener']);

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function clock(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  if (Number.isNaN(date.getTime())) return String(time);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as `key=value`: bare when it is one word, JSON otherwise (so spaces and quotes stay unambiguous). */
function field(key: string, value: unknown): string {
  const text = typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return `${key}=${text}`;
}

/** Fastify's request and response objects, and errors with their stack, as a reader expects them. */
function special(key: string, value: unknown): string | undefined {
  if (key === 'req' && isRecord(value)) return `${String(value.method)} ${String(value.url)}`;
  if (key === 'res' && isRecord(value)) return String(value.statusCode);
  if (key === 'responseTime' && typeof value === 'number') return `${Math.round(value)} ms`;
  return undefined;
}

function errorText(value: unknown): string {
  if (!isRecord(value)) return String(value);
  const stack = typeof value.stack === 'string' ? value.stack : `${String(value.type)}: ${String(value.message)}`;
  return stack
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}

/** One pino JSON line as a readable line (with an error's stack below it); anything else is passed on as it is. */
export function readableLine(json: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(json);
  } catch {
    return json.replace(/\n$/, '');
  }
  if (!isRecord(entry)) return json.replace(/\n$/, '');
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const tag = [entry.component, entry.listener].filter((part) => typeof part === 'string').join('/');
  const parts = [clock(entry.time), level.padEnd(5), ...(tag ? [`[${tag}]`] : [])];
  if (typeof entry.msg === 'string' && entry.msg) parts.push(entry.msg);
  let stack = '';
  for (const [key, value] of Object.entries(entry)) {
    if (SHOWN_APART.has(key) || value === undefined) continue;
    if (key === 'err' || key === 'error') {
      stack = `\n${errorText(value)}`;
      continue;
    }
    parts.push(special(key, value) ?? field(key, value));
  }
  return parts.join(' ') + stack;
}

/** A pino destination that writes readable lines to `out` (a terminal). */
export function readableDestination(out: { write(text: string): unknown }): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) out.write(`${readableLine(line)}\n`);
    },
  };
}
