/**
 * The hostile-request fuzzer shared by the short run in `npm test` (hostile-requests.test.ts) and the long run
 * (`npm run fuzz`, run-fuzz.ts). It reads both OpenAPI documents from the running hub, so a route added tomorrow is
 * fuzzed without touching this file, and builds every request from fast-check arbitraries derived from the
 * documented schemas: mostly near-valid input with hostile values planted in it, sent with no, garbage or valid auth.
 *
 * Requests go out one at a time, so each ledger change can be pinned on the request that caused it. Request `i` of a
 * run is generated from its own seed (`requestSeed(seed, i)`), so any failure is reproduced from the run's seed and
 * its index alone (`npm run fuzz -- --seed S --from i --requests 1`).
 *
 * No vitest import here: the long run is a plain tsx script.
 */
import http from 'node:http';
import https from 'node:https';
import Ajv, { type ValidateFunction } from 'ajv';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import { TestDevice } from '../helpers/device-signer.js';

export type Listener = 'ui' | 'lan';

/** One documented operation, as the fuzzer needs it. */
export interface Operation {
  listener: Listener;
  method: string;
  /** the OpenAPI path template, e.g. /v1/print-jobs/{id} */
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

// The documents' schemas are arbitrary JSON; the generator reads only a handful of keywords.
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface FuzzTarget {
  uiUrl: string;
  lanUrl: string;
  dataDir: string;
  /** the owner's session cookie (`backroom_session=…`) */
  cookie: string;
}

/** A target with a paired device that pushes legitimate signed events between the hostile requests. */
export interface FuzzSession extends FuzzTarget {
  device: TestDevice;
  operations: Operation[];
  /** ids of the events the legitimate device pushed, the only device events the ledger may hold */
  pushed: Set<string>;
  bodyLimit: number;
}

/** A request body as text: JSON, or something that only looks like it. */
type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };

export interface HostileRequest {
  listener: Listener;
  method: string;
  /** exactly as sent, hostile encodings included */
  path: string;
  headers: Record<string, string>;
  body?: Body;
  /** the documented operation it was made from */
  operation: string;
  /** true when every part is as the document allows and auth is valid: only such a request may record anything */
  wellFormed: boolean;
}

export interface Answer {
  status: number;
  text: string;
}

export interface Failure {
  index: number;
  seed: number;
  request: string;
  problem: string;
}

export interface FuzzReport {
  requests: number;
  statuses: Map<number, number>;
  failures: Failure[];
  legitPushes: number;
  ledgerBefore: number;
  ledgerAfter: number;
}

const SESSION_COOKIE = 'backroom_session';

// ---------------------------------------------------------------------------------------------------------------
// Transport: node:http(s) rather than fetch, so paths, headers and bodies leave exactly as generated.

export function send(target: FuzzTarget, request: HostileRequest, timeoutMs = 15_000): Promise<Answer> {
  const base = new URL(request.listener === 'ui' ? target.uiUrl : target.lanUrl);
  const client = request.listener === 'ui' ? http : https;
  const payload = request.body === undefined ? undefined : bodyText(request.body);
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers:
          payload === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(payload)) },
        // A fresh connection each time: a reused keep-alive socket the hub just closed would look like a reset.
        agent: false,
        rejectUnauthorized: false,
        timeout: timeoutMs,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    // A handshake the hub accepted: the fuzzer has nothing to say on the socket.
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 101, text: '' });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

async function json(
  target: FuzzTarget,
  listener: Listener,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const headers: Record<string, string> = listener === 'ui' ? { cookie: target.cookie } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await send(target, {
    listener,
    method,
    path,
    headers,
    ...(body === undefined ? {} : { body: { kind: 'json', value: body } as Body }),
    operation: `${method} ${path}`,
    wellFormed: true,
  });
  return { status: answer.status, json: answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {} };
}

/** Logs in as the UI does; returns the session cookie. */
export async function login(uiUrl: string, name: string, pin: string): Promise<string> {
  const response = await fetch(`${uiUrl}/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, pin }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (response.status !== 200 || !cookie) throw new Error(`login as ${name} failed: HTTP ${response.status}`);
  return cookie.split(';')[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// The documents

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** The document with every local `$ref` replaced by what it points to (a cycle is cut off as `{}`). */
function dereference(document: unknown): unknown {
  const resolve = (node: unknown, trail: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, trail));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      if (trail.includes(ref)) return {};
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (at, key) => (at as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          document,
        );
      return resolve(target ?? {}, [...trail, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value, trail)]));
  };
  return resolve(document, []);
}

export async function loadOperations(target: FuzzTarget): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const listener of ['ui', 'lan'] as const) {
    const answer = await send(target, {
      listener,
      method: 'GET',
      path: '/v1/openapi.json',
      headers: {},
      operation: 'openapi',
      wellFormed: true,
    });
    if (answer.status !== 200) throw new Error(`${listener} /v1/openapi.json: HTTP ${answer.status}`);
    const document = dereference(JSON.parse(answer.text)) as OpenApiDocument;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const parameters = op.parameters ?? [];
        operations.push({
          listener,
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query: parameters
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
          ...(op.requestBody?.content?.['application/json']?.schema
            ? { body: op.requestBody.content['application/json'].schema }
            : {}),
        });
      }
    }
  }
  // Document order is the route registration order: stable for a given build, so an index reproduces a request.
  return operations;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values

/** JSON written as text, for what JSON.stringify cannot write (1e309, -0, 2^64) or would overflow the stack on. */
class RawJson {
  constructor(readonly text: string) {}
}
/** An object written with the same key twice: JSON.parse keeps the last, a validator may have seen the first. */
class DuplicateKeys {
  constructor(readonly entries: [string, unknown][]) {}
}

function bodyText(body: Body): string {
  return body.kind === 'raw' ? body.text : writeJson(body.value);
}

function writeJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof DuplicateKeys)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const hostileNumberText = fc.constantFrom('1e309', '-1e309', '-0', '1e-400', '18446744073709551616', '-1', '0', '1.5');
const hostileStringText = fc.constantFrom(
  '1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '-0',
  '0x10',
  '',
  ' ',
  'null',
  'true',
  '__proto__',
  'constructor',
  '\u0000',
  '\uD800',
  '😀'.repeat(40),
  'Z\u0301\u0336'.repeat(30),
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  '%zz',
);
const longString = fc.integer({ min: 101, max: 70_000 }).map((n) => 'x'.repeat(n));

/** Something no schema asked for at this place. */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumberText.map((text) => new RawJson(text)),
  hostileStringText,
  longString,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(null, true, false, 0, -1, 2 ** 53 + 1, 1.5, [], {}),
  fc.integer({ min: 2, max: 5_000 }).map((depth) => new RawJson(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`)),
);

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

/** A value the schema accepts (as far as these keywords go). */
function validArbitrary(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => validArbitrary(s, depth + 1)));
  switch (typeOf(schema)) {
    case 'string': {
      const length = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 24, 24) };
      if (schema.pattern) {
        // `^[class]+$` with length bounds becomes `^[class]{min,max}$`: filtering for the length instead would spin
        // forever on a 43-character key.
        const charClass = /^\^(\[[^\]]+\])[+*]\$$/.exec(schema.pattern)?.[1];
        const pattern = charClass
          ? `^${charClass}{${Math.max(length.minLength, 1)},${schema.maxLength ?? length.maxLength}}$`
          : schema.pattern;
        try {
          return fc.stringMatching(new RegExp(pattern));
        } catch {
          // A pattern fast-check cannot generate from: plain strings, which the hub will mostly refuse.
        }
      }
      return fc.string(length);
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -1e9), max: Math.min(schema.maximum ?? 1_000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(validArbitrary(schema.items ?? {}, depth + 1), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.max(Math.min(schema.maxItems ?? 3, 3), schema.minItems ?? 0),
          });
    case 'object': {
      const properties = schema.properties ?? {};
      if (depth > 6) return fc.constant({});
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validArbitrary(s, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((k) => k in properties) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly valid, with hostile values, missing required keys, extra and duplicate keys planted at any depth. */
function hostileArbitrary(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, depth);
  if (typeOf(schema) !== 'object' || depth > 4) return fc.oneof({ arbitrary: valid, weight: 3 }, hostileLeaf);
  const properties = schema.properties ?? {};
  const mixed = fc.record(
    Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, hostileArbitrary(s, depth + 1)])),
    { requiredKeys: [] },
  );
  const extra = fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'id', '💥'), hostileLeaf);
  return fc.oneof(
    { arbitrary: valid, weight: 2 },
    { arbitrary: mixed, weight: 4 },
    {
      arbitrary: fc.tuple(mixed, extra).map(([object, [key, value]]) => ({ ...(object as object), [key]: value })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(...(Object.keys(properties).length ? Object.keys(properties) : ['id'])),
          hostileLeaf,
        )
        .map(([object, key, value]) => new DuplicateKeys([...Object.entries(object as object), [key, value]])),
      weight: 1,
    },
    { arbitrary: hostileLeaf, weight: 1 },
  );
}

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
const validators = new Map<JsonSchema, ValidateFunction>();

/** Whether `body` is what the document allows, read as a JSON parser would read its text. */
function bodyConforms(schema: JsonSchema, body: Body): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText(body));
  } catch {
    return false;
  }
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile<unknown>(schema)));
  return validate(parsed);
}

// ---------------------------------------------------------------------------------------------------------------
// Whole requests

const badPathSegment = fc.oneof(
  fc.constantFrom('%zz', '%', '%E0%A4%A', '..%2F..%2Fetc', '%00', '%F0%9F%98%80', 'a%2Fb', '1e309', '-0', 'NaN'),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);
/** `hostile` segments make the request one that must not record anything; plain ids may name something real. */
const pathSegment = fc.oneof(
  {
    arbitrary: fc
      .constantFrom('1', '0', 'fuzz-cola', 'fuzz-shelf', '018f0000-0000-7000-8000-000000000000')
      .map((value) => ({ value, hostile: false })),
    weight: 3,
  },
  { arbitrary: badPathSegment.map((value) => ({ value, hostile: true })), weight: 2 },
);
const badQueryValue = fc.oneof(
  fc.constantFrom(
    '1e309',
    'Infinity',
    '-Infinity',
    'NaN',
    '-0',
    '-1',
    '99999999999999999999',
    '1.5',
    '',
    '%zz',
    'true',
  ),
  longString.map((s) => s.slice(0, 5_000)),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
);

type AuthMode = 'none' | 'garbage' | 'valid';
/** Header values leave as raw UTF-8 bytes: Node's client refuses characters above U+00FF, a hostile client does not. */
const asHeaderBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const garbageCredential = fc.oneof(
  fc.constantFrom('', 'null', 'undefined', 'x'.repeat(43), 'A'.repeat(5_000), '🔑'.repeat(10)),
  fc.base64String({ minLength: 4, maxLength: 60 }),
);
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'application/json, text/plain',
  'application/JSON',
);
/** WebSocket upgrade headers, right or wrong, on any route: the stream routes must answer bad ones in the envelope. */
const webSocketHandshake = fc.record({
  connection: fc.constantFrom('Upgrade', 'upgrade, keep-alive', 'close'),
  upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', ''),
  'sec-websocket-version': fc.constantFrom('13', '8', '99', 'x'),
  'sec-websocket-key': fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'short', ''),
  'sec-websocket-protocol': fc.constantFrom('bearer.x', 'chat', ',,,', 'bearer.'),
});
const rawBodies = fc.oneof(
  fc.constantFrom('{', '{"a":', '[', 'nul', '{"a":1,}', "{'a':1}", '\u0000', '{"a":NaN}', '{"a":Infinity}'),
  fc.integer({ min: 2, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Request `index` of the run with `seed` (a 32-bit mix, so neighbouring indexes get unrelated values). */
export function requestSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

export function requestArbitrary(session: FuzzSession): fc.Arbitrary<HostileRequest> {
  // Built once: an operation's arbitrary (the push body alone covers every event type's payload) is costly to make.
  const byOperation = session.operations.map((op) => operationArbitrary(session, op));
  return fc.integer({ min: 0, max: byOperation.length - 1 }).chain((opIndex) => byOperation[opIndex]!);
}

function operationArbitrary(session: FuzzSession, op: Operation): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      auth: fc.constantFrom<AuthMode>('valid', 'valid', 'valid', 'none', 'garbage'),
      credential: garbageCredential,
      segments: fc.array(pathSegment, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
      query: fc.array(
        fc.oneof({ arbitrary: fc.constant<'valid'>('valid'), weight: 3 }, fc.constantFrom('omit', 'hostile', 'twice')),
        {
          minLength: op.query.length,
          maxLength: op.query.length,
        },
      ),
      queryValues: fc.tuple(...op.query.map((q) => validArbitrary(q.schema))),
      hostileQuery: fc.array(badQueryValue, { minLength: op.query.length, maxLength: op.query.length }),
      extraQuery: fc.option(fc.tuple(fc.constantFrom('limit', 'after', 'x', '__proto__', 'a[b]'), badQueryValue), {
        freq: 5,
      }),
      body: op.body ? hostileArbitrary(op.body) : fc.constant(undefined),
      rawBody: fc.option(rawBodies, { freq: 8 }),
      contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 6 }, contentTypes),
      handshake: fc.option(webSocketHandshake, { freq: 6 }),
      // rare: each costs a body-limit's worth of bytes
      oversize: fc.integer({ min: 0, max: 40 }).map((n) => n === 0),
      method: fc.oneof(
        { arbitrary: fc.constant(op.method), weight: 20 },
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      ),
    })
    .map((g) => buildRequest(session, op, g));
}

interface Generated {
  auth: AuthMode;
  credential: string;
  segments: { value: string; hostile: boolean }[];
  query: ('valid' | 'omit' | 'hostile' | 'twice')[];
  queryValues: unknown[];
  hostileQuery: string[];
  extraQuery: [string, string] | null;
  body: unknown;
  rawBody: string | null;
  contentType: string;
  handshake: Record<string, string> | null;
  oversize: boolean;
  method: string;
}

function buildRequest(session: FuzzSession, op: Operation, g: Generated): HostileRequest {
  // Logging out or revoking with the fuzzer's own credentials would end the authenticated part of the run.
  const auth = op.method === 'DELETE' && op.path === '/v1/admin/session' && g.auth === 'valid' ? 'garbage' : g.auth;
  let path = op.path;
  op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, g.segments[i]!.value)));
  // An unknown query parameter is ignored by design, so it does not make a request hostile.
  let wellFormed = auth === 'valid' && g.method === op.method && g.segments.every((segment) => !segment.hostile);
  const pairs: string[] = [];
  op.query.forEach((q, i) => {
    const mode = g.query[i]!;
    const value = encodeURIComponent(String(g.queryValues[i]));
    if (mode === 'omit') wellFormed &&= !q.required;
    if (mode === 'valid') pairs.push(`${q.name}=${value}`);
    if (mode === 'twice') pairs.push(`${q.name}=${value}`, `${q.name}=${value}`);
    if (mode === 'hostile') pairs.push(`${q.name}=${g.hostileQuery[i]}`);
    wellFormed &&= mode === 'valid' || mode === 'omit';
  });
  if (g.extraQuery) pairs.push(`${g.extraQuery[0]}=${g.extraQuery[1]}`);
  if (pairs.length) path += `?${pairs.join('&')}`;

  const headers: Record<string, string> = {};
  if (op.listener === 'ui') {
    if (auth === 'valid') headers.cookie = session.cookie;
    if (auth === 'garbage') headers.cookie = `${SESSION_COOKIE}=${asHeaderBytes(g.credential)}`;
  } else {
    if (auth === 'valid') headers.authorization = `Bearer ${session.device.token}`;
    if (auth === 'garbage') headers.authorization = `Bearer ${asHeaderBytes(g.credential)}`;
  }

  let body: Body | undefined;
  if (g.oversize && op.body) body = { kind: 'raw', text: `{"x":"${'y'.repeat(session.bodyLimit)}"}` };
  else if (g.rawBody !== null) body = { kind: 'raw', text: g.rawBody };
  else if (g.body !== undefined) body = { kind: 'json', value: g.body };
  if (body !== undefined && g.contentType) headers['content-type'] = g.contentType;
  if (g.handshake) {
    Object.assign(headers, g.handshake);
    // Only a real upgrade request (Connection: upgrade with an Upgrade value) is one; with an empty Upgrade or
    // `Connection: close` the hub rightly serves it as the plain request it is.
    const upgrades = /upgrade/i.test(g.handshake.connection ?? '') && (g.handshake.upgrade ?? '') !== '';
    if (upgrades) wellFormed = false;
  }
  wellFormed &&=
    op.body === undefined
      ? body === undefined
      : body !== undefined && g.contentType.startsWith('application/json') && bodyConforms(op.body, body);
  // Fuzzed pushes are never legitimate: only the fuzzer's own signed pushes may put device events in the ledger.
  if (op.listener === 'lan' && op.path === '/v1/events' && op.method === 'POST') wellFormed = false;

  return {
    listener: op.listener,
    method: g.method,
    path,
    headers,
    ...(body ? { body } : {}),
    operation: `${op.listener} ${op.method} ${op.path}`,
    wellFormed,
  };
}

/**
 * Headers that change how the hub reads a request: with `Connection: upgrade` and an `Upgrade` value, Node hands the
 * socket over before any body is read. Without them in the report, such a failure looks like a plain upload's.
 */
const FRAMING_HEADERS = ['connection', 'upgrade'];

export function describeRequest(request: HostileRequest): string {
  const text = request.body === undefined ? undefined : bodyText(request.body);
  const body = text === undefined ? '' : ` body (${Buffer.byteLength(text)} bytes) ${text.slice(0, 160)}`;
  const path =
    request.path.length > 160 ? `${request.path.slice(0, 160)}…(${request.path.length} chars)` : request.path;
  const framing = FRAMING_HEADERS.filter((name) => request.headers[name] !== undefined)
    .map((name) => `${name}: ${request.headers[name]}`)
    .join('; ');
  return `${request.listener} ${request.method} ${path}${framing ? ` [${framing}]` : ''}${body}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** What is wrong with an answer, if anything: no 5xx, every 4xx in the one error envelope, no stray upgrade. */
export function answerProblem(answer: Answer, request: HostileRequest): string | undefined {
  // The documents mark no route as a WebSocket one; the live streams are the routes named `…/stream`.
  if (answer.status === 101 && !request.operation.endsWith('/stream'))
    return 'HTTP 101: a route that is no WebSocket route accepted an upgrade';
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return undefined;
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') return undefined;
  } catch {
    // falls through to the report
  }
  return `HTTP ${answer.status} outside the error envelope: ${answer.text.slice(0, 200)}`;
}

/** The ledger read-only, beside the running hub (WAL lets a reader in while the hub writes). */
export class LedgerProbe {
  private readonly db: BetterSqlite3.Database;
  private readonly headStatement: BetterSqlite3.Statement<[], { head: number }>;

  constructor(dataDir: string) {
    this.db = new BetterSqlite3(ledgerFile(dataDir), { readonly: true, fileMustExist: true });
    this.headStatement = this.db.prepare('SELECT coalesce(max(cursor), 0) AS head FROM events');
  }

  head(): number {
    return this.headStatement.get()!.head;
  }

  /** Device events in the ledger that the fuzzer's legitimate device did not push. */
  foreignDeviceEvents(pushed: Set<string>): string[] {
    return this.db
      .prepare<[], { event_id: string; device_id: string }>(
        'SELECT event_id, device_id FROM events WHERE device_id IS NOT NULL',
      )
      .all()
      .filter((row) => !pushed.has(row.event_id))
      .map((row) => `${row.event_id} from ${row.device_id}`);
  }

  /** What `backroom ledger verify` checks: the hash chain and every device signature. */
  verify(): string | undefined {
    const result = verifyLedger(this.db, [deviceSignatureCheck(this.db)]);
    return result.ok ? undefined : JSON.stringify(result.firstBreak);
  }

  close(): void {
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Setup and the run

/** Pairs a device, gives it a shelf with stock to sell from, and reads both documents. */
export async function prepareSession(target: FuzzTarget, bodyLimit: number): Promise<FuzzSession> {
  const code = await json(target, 'ui', 'POST', '/v1/admin/pairing-codes');
  if (code.status !== 201) throw new Error(`pairing code: HTTP ${code.status}`);
  const device = new TestDevice();
  const paired = await json(target, 'lan', 'POST', '/v1/pairing', {
    code: code.json.code,
    device: { name: 'fuzz till', kind: 'pos', publicKey: device.publicKey },
  });
  if (paired.status !== 201) throw new Error(`pairing: HTTP ${paired.status} ${JSON.stringify(paired.json)}`);
  device.deviceId = paired.json.deviceId as string;
  device.token = paired.json.token as string;
  for (const [path, body] of [
    ['/v1/admin/catalog/locations', { id: 'fuzz-shelf', name: 'Shelf', active: true }],
    ['/v1/admin/catalog/products', { id: 'fuzz-cola', name: 'Cola', unit: 'pcs' }],
    ['/v1/admin/inventory/receipts', { productId: 'fuzz-cola', locationId: 'fuzz-shelf', quantity: 1_000_000 }],
  ] as const) {
    const answer = await json(target, 'ui', 'POST', path, body);
    if (answer.status !== 201) throw new Error(`${path}: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return { ...target, device, operations: await loadOperations(target), pushed: new Set(), bodyLimit };
}

/** One legitimate signed event; it must land in the ledger at the cursor the hub names. */
async function pushLegit(session: FuzzSession, probe: LedgerProbe): Promise<string | undefined> {
  const envelope = session.device.envelope('inventory.return', {
    productId: 'fuzz-cola',
    locationId: 'fuzz-shelf',
    quantity: 1,
  });
  const before = probe.head();
  const push = () => json(session, 'lan', 'POST', '/v1/events', { events: [envelope] }, session.device.token);
  let answer;
  try {
    answer = await push();
  } catch (error) {
    // The same envelope again is harmless (same id: replayed if it was recorded), so the run can go on.
    const retried = await push().catch(() => undefined);
    if (retried?.status === 200) session.pushed.add(envelope.id);
    else session.device.nextSeq = envelope.seq;
    return `legit push: no answer (${error instanceof Error ? error.message : String(error)})`;
  }
  const result = (answer.json.results as { status?: string; cursor?: number }[] | undefined)?.[0];
  if (answer.status !== 200 || result?.status !== 'accepted') {
    session.device.nextSeq = envelope.seq;
    return `legit push: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`;
  }
  session.pushed.add(envelope.id);
  if (result.cursor !== before + 1 || probe.head() !== result.cursor)
    return `legit push recorded at ${result.cursor}, ledger head ${probe.head()} (was ${before})`;
  return undefined;
}

export interface RunOptions {
  seed: number;
  requests: number;
  /** first request index (to replay a failure: `from` = its index, `requests` = 1) */
  from?: number;
  /** a legitimate signed push after every this many hostile requests */
  legitEvery?: number;
  onProgress?: (done: number, report: FuzzReport) => void;
  progressEvery?: number;
}

export async function runFuzz(session: FuzzSession, options: RunOptions): Promise<FuzzReport> {
  const probe = new LedgerProbe(session.dataDir);
  const arbitrary = requestArbitrary(session);
  const report: FuzzReport = {
    requests: 0,
    statuses: new Map(),
    failures: [],
    legitPushes: 0,
    ledgerBefore: probe.head(),
    ledgerAfter: 0,
  };
  const from = options.from ?? 0;
  const legitEvery = options.legitEvery ?? 25;
  try {
    for (let index = from; index < from + options.requests; index++) {
      const [request] = fc.sample(arbitrary, { seed: requestSeed(options.seed, index), numRuns: 1 });
      const fail = (problem: string) =>
        report.failures.push({
          index,
          seed: options.seed,
          request: `${request!.operation}: ${describeRequest(request!)}`,
          problem,
        });
      const before = probe.head();
      let answer: Answer | undefined;
      try {
        answer = await send(session, request!);
      } catch (error) {
        fail(`no answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      report.requests += 1;
      if (answer) {
        report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
        const problem = answerProblem(answer, request!);
        if (problem) fail(problem);
      }
      const after = probe.head();
      if (after !== before && !(request!.wellFormed && answer && answer.status < 300))
        fail(`ledger advanced ${before} → ${after} on a request that is not well-formed (HTTP ${answer?.status})`);
      if ((index - from + 1) % legitEvery === 0) {
        const problem = await pushLegit(session, probe);
        report.legitPushes += 1;
        if (problem) report.failures.push({ index, seed: options.seed, request: 'legitimate signed push', problem });
      }
      if (options.onProgress && (index - from + 1) % (options.progressEvery ?? 1_000) === 0)
        options.onProgress(index - from + 1, report);
    }
    const finalPush = await pushLegit(session, probe);
    report.legitPushes += 1;
    if (finalPush)
      report.failures.push({ index: -1, seed: options.seed, request: 'final legitimate push', problem: finalPush });
    const foreign = probe.foreignDeviceEvents(session.pushed);
    if (foreign.length)
      report.failures.push({
        index: -1,
        seed: options.seed,
        request: 'ledger',
        problem: `device events nobody legitimate sent: ${foreign.slice(0, 5).join(', ')}`,
      });
    const broken = probe.verify();
    if (broken) report.failures.push({ index: -1, seed: options.seed, request: 'ledger verify', problem: broken });
    const health = await json(session, 'ui', 'GET', '/health').catch((error: Error) => ({
      status: 0,
      json: { error: error.message },
    }));
    if (health.status !== 200)
      report.failures.push({ index: -1, seed: options.seed, request: 'GET /health', problem: `HTTP ${health.status}` });
    report.ledgerAfter = probe.head();
  } finally {
    probe.close();
  }
  return report;
}

/** The report as printed by the long run and on a failing short run. */
export function formatReport(report: FuzzReport): string {
  const histogram = [...report.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  const lines = [
    `requests ${report.requests}, legitimate pushes ${report.legitPushes}, ledger ${report.ledgerBefore} → ${report.ledgerAfter}`,
    `statuses ${histogram}`,
    `failures ${report.failures.length}`,
  ];
  const byProblem = new Map<string, Failure[]>();
  for (const failure of report.failures) {
    const key = `${failure.request.split(':')[0]} — ${failure.problem.replace(/\d+ → \d+/, 'n → m').slice(0, 90)}`;
    byProblem.set(key, [...(byProblem.get(key) ?? []), failure]);
  }
  for (const [key, failures] of byProblem) {
    const first = failures[0]!;
    lines.push(`  ${failures.length}× ${key}`);
    lines.push(`     e.g. --seed ${first.seed} --from ${first.index} --requests 1: ${first.request.slice(0, 300)}`);
    lines.push(`     ${first.problem.slice(0, 300)}`);
  }
  return lines.join('\n');
}
