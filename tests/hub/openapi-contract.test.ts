/**
 * Both listeners' OpenAPI documents against the code they describe: valid OpenAPI 3.1, the auth every route really
 * demands, the query parameters it really requires, and the typed event payloads ingest validates with.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/shared/protocol/event-types.js';
import { lanCall, type LanAnswer, type LooseJson } from '../helpers/device-client.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { fetchAnswer } from '../helpers/ledger-http.js';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  example?: unknown;
  schema: { default?: unknown; const?: unknown; enum?: unknown[]; type?: string; minimum?: number };
}
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  responses: Record<string, { content?: { 'application/json'?: { schema: LooseJson } } }>;
  requestBody?: { content: { 'application/json': { schema: LooseJson } } };
}
interface Document {
  [field: string]: unknown;
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, LooseJson> };
}
interface Listed {
  method: string;
  path: string;
  operation: Operation;
}
/** Calls one listener with the given credentials (none when undefined); writes send an empty JSON object. */
type Caller = (method: string, url: string, credentials: string | undefined) => Promise<LanAnswer>;

const sendsBody = (method: string) => method !== 'GET' && method !== 'DELETE';

/** Not every answer is JSON (`/metrics`), and these probes only look into the ones that are. */
async function uiCall(url: string, method: string, cookie: string | undefined): Promise<LanAnswer> {
  const answer = await fetchAnswer(url, {
    method,
    headers: { ...(cookie && { cookie }), ...(sendsBody(method) && { 'content-type': 'application/json' }) },
    ...(sendsBody(method) && { body: '{}' }),
  });
  const json: unknown = String(answer.headers['content-type']).startsWith('application/json')
    ? JSON.parse(answer.text)
    : undefined;
  return { ...answer, json };
}

/** OpenAPI generators read a one-value `enum` as a constant, as the swagger plugin writes `const`. */
function constant(schema: { const?: unknown; enum?: unknown[] }): unknown {
  return schema.const ?? (schema.enum?.length === 1 ? schema.enum[0] : undefined);
}

/** A JSON Schema as the swagger plugin publishes it: its constants as one-value enums. */
function asPublished(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asPublished);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => (key === 'const' ? ['enum', [value]] : [key, asPublished(value)])),
  );
}

function operations(doc: Document): Listed[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** A concrete URL: path parameters filled with a placeholder, then the query. */
function urlOf(path: string, query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  return `${path.replace(/\{[^}]+\}/g, 'x')}${search.size > 0 ? `?${search}` : ''}`;
}

/** A value the document says the parameter accepts. */
function sample(parameter: Parameter): unknown {
  const { schema } = parameter;
  return parameter.example ?? schema.default ?? schema.const ?? schema.enum?.[0] ?? schema.minimum ?? 'x';
}

function resolve(doc: Document, schema: LooseJson): LooseJson {
  const ref = schema?.$ref as string | undefined;
  return ref ? resolve(doc, doc.components.schemas[ref.replace('#/components/schemas/', '')]) : schema;
}

/** Not an empty or any-schema: an object with named fields, or a choice between such objects. */
function namesFields(schema: LooseJson): boolean {
  const choices = (schema.anyOf ?? schema.oneOf) as LooseJson[] | undefined;
  return choices ? choices.every(namesFields) : Object.keys(schema.properties ?? {}).length > 0;
}

const isSecured = (operation: Operation) => (operation.security ?? []).some((entry) => Object.keys(entry).length > 0);

describe('the OpenAPI documents are the contract the code keeps', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  let cashierId: string;
  const docs = {} as Record<'lan' | 'ui', Document>;
  const callers = {} as Record<'lan' | 'ui', Caller>;
  const owner = {} as Record<'lan' | 'ui', string>;

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await t.pair(till);
    cashierId = (await t.hub.context.users.add({ name: 'Cas', role: 'cashier', pin: '24680' })).id;
    callers.ui = (method, url, cookie) => uiCall(`${t.uiUrl}${url}`, method, cookie);
    callers.lan = (method, url, token) =>
      lanCall(`${t.lanUrl}${url}`, method, { ...(token && { token }), ...(sendsBody(method) && { body: {} }) });
    owner.ui = t.cookie;
    owner.lan = till.token;
    for (const listener of ['lan', 'ui'] as const) {
      const answer = await callers[listener]('GET', '/v1/openapi.json', undefined);
      expect(answer.status).toBe(200);
      docs[listener] = answer.json as Document;
    }
  });
  afterAll(() => t.hub.stop());

  it.each(['lan', 'ui'] as const)('the %s document is valid OpenAPI 3.1', async (listener) => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(docs[listener]));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it.each(['lan', 'ui'] as const)('every %s operation declares security; secured ones document 401', (listener) => {
    for (const { method, path, operation } of operations(docs[listener])) {
      expect(operation.security, `${method} ${path}`).toBeDefined();
      if (!isSecured(operation)) continue;
      const unauthorized = operation.responses['401']?.content?.['application/json']?.schema;
      expect(unauthorized?.properties?.error, `${method} ${path} documents 401 with the error envelope`).toBeDefined();
    }
  });

  it('the open routes say so: pairing, login, setup, health, metrics and the documents themselves', () => {
    const open = {
      lan: ['POST /v1/pairing', 'GET /health', 'GET /health/ready', 'GET /v1/openapi.json'],
      ui: ['POST /v1/admin/session', 'GET /v1/admin/setup', 'POST /v1/admin/setup', 'GET /metrics', 'GET /health'],
    };
    for (const listener of ['lan', 'ui'] as const) {
      const declared = new Map(operations(docs[listener]).map((o) => [`${o.method} ${o.path}`, o.operation.security]));
      for (const route of [...open[listener], 'GET /v1/openapi.json']) expect(declared.get(route), route).toEqual([]);
    }
    expect(docs.lan.paths['/v1/events']?.post?.security).toEqual([{ deviceToken: [] }]);
    expect(docs.ui.paths['/v1/admin/devices']?.get?.security).toEqual([{ adminSession: [] }]);
  });

  it.each(['lan', 'ui'] as const)(
    '%s: a caller without credentials gets 401 exactly where security is declared',
    async (listener) => {
      for (const { method, path, operation } of operations(docs[listener])) {
        const answer = await callers[listener](method, urlOf(path), undefined);
        if (isSecured(operation)) expect(answer.status, `${method} ${path}`).toBe(401);
        else expect(answer.status, `${method} ${path}`).not.toBe(401);
      }
    },
  );

  it('a logged-in cashier refused with 403 FORBIDDEN finds that 403 in the admin document', async () => {
    const forbidden: string[] = [];
    for (const { method, path, operation } of operations(docs.ui).filter((o) => isSecured(o.operation))) {
      // A session of its own per call: the probes include logging out.
      const cookie = `backroom_session=${t.hub.context.sessions.create(cashierId).token}`;
      const answer = await callers.ui(method, urlOf(path), cookie);
      if (answer.status !== 403 || answer.json?.error?.code !== 'FORBIDDEN') continue;
      forbidden.push(`${method} ${path}`);
      expect(operation.responses['403'], `${method} ${path} documents 403`).toBeDefined();
    }
    expect(forbidden).toContain('GET /v1/admin/users');
  });

  it.each(['lan', 'ui'] as const)(
    '%s: a query parameter is documented as required exactly when the hub refuses a request without it',
    async (listener) => {
      const withQuery = operations(docs[listener]).filter((o) => o.operation.parameters?.some((p) => p.in === 'query'));
      expect(withQuery.length).toBeGreaterThan(0);
      for (const { method, path, operation } of withQuery) {
        const required = operation.parameters!.filter((p) => p.in === 'query' && p.required);
        const minimal = Object.fromEntries(required.map((p) => [p.name, sample(p)]));
        const accepted = await callers[listener](method, urlOf(path, minimal), owner[listener]);
        expect(
          accepted.status,
          `${method} ${path} with only ${JSON.stringify(minimal)}: ${accepted.text}`,
        ).toBeLessThan(400);
        for (const parameter of required) {
          const { [parameter.name]: _left, ...without } = minimal;
          const refused = await callers[listener](method, urlOf(path, without), owner[listener]);
          expect(refused.status, `${method} ${path} without ${parameter.name}`).toBe(400);
        }
      }
    },
  );

  describe('the push body types every event the hub knows', () => {
    const envelopes = () => {
      const body = docs.lan.paths['/v1/events']!.post!.requestBody!.content['application/json'].schema;
      const union = resolve(docs.lan, body.properties.events.items);
      return { union, variants: (union.oneOf as LooseJson[]).map((variant) => resolve(docs.lan, variant)) };
    };

    it('as a oneOf of envelopes with constant type and v, discriminated by type', () => {
      const { union, variants } = envelopes();
      const documented = variants.map((v) => `${constant(v.properties.type)} v${constant(v.properties.v)}`).sort();
      const known = EVENT_TYPES.flatMap((spec) => Object.keys(spec.versions).map((v) => `${spec.type} v${v}`)).sort();
      expect(documented).toEqual(known);
      expect(union.discriminator?.propertyName).toBe('type');
      for (const variant of variants) {
        expect(union.discriminator.mapping[constant(variant.properties.type) as string]).toBe(
          union.oneOf[variants.indexOf(variant)].$ref,
        );
      }
    });

    it('each with the payload schema ingest validates with, as a named component', () => {
      for (const variant of envelopes().variants) {
        const type = constant(variant.properties.type) as string;
        const payload = resolve(docs.lan, variant.properties.payload);
        expect(variant.properties.payload.$ref, type).toMatch(/^#\/components\/schemas\/\w+Payload$/);
        expect(namesFields(payload), `${type} payload is typed`).toBe(true);
        const validated = EVENT_TYPES.find((spec) => spec.type === type)!.versions[
          constant(variant.properties.v) as number
        ];
        expect(payload, type).toEqual(asPublished(JSON.parse(JSON.stringify(validated))));
      }
    });

    it('so a till can see printReceipt on sale.complete', () => {
      const sale = envelopes().variants.find((variant) => constant(variant.properties.type) === 'sale.complete');
      expect(resolve(docs.lan, sale.properties.payload).properties.printReceipt).toEqual({ type: 'boolean' });
    });
  });
});
