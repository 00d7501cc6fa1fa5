import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { ErrorReply, PushRequest } from '../../../shared/protocol/device-api.js';
import { authRequirementOf, type AuthRequirement } from './auth-requirement.js';
import { DocumentedPushRequest, EVENT_SCHEMA_COMPONENTS } from './openapi-events.js';
import type { CompilersFactory } from './response-serialization.js';

interface ObjectSchema {
  required?: string[];
  properties?: Record<string, { default?: unknown }>;
}

type Responses = Record<string, unknown>;

/** Bodies the hub validates loosely on purpose, with what a client must send instead. */
const DOCUMENTED_BODIES = new Map<unknown, unknown>([[PushRequest, DocumentedPushRequest]]);

/** The document's server only reads the routes' schemas: it never validates or answers anything. */
const NO_COMPILERS = {
  buildValidator: () => () => () => true,
  buildSerializer: () => () => () => '',
} as unknown as CompilersFactory;

/**
 * `GET /v1/openapi.json`: the listener's contract as OpenAPI 3.1, generated from the schemas its routes validate with
 * and from the auth hooks they run, so that the document says what the code does.
 *
 * The routes are noted as they are added, and the first request for the document has @fastify/swagger build it on a
 * server of its own that is given the same routes and never listens: registered on the listener itself, the generator
 * and its YAML library were loaded by every start, for a document most runs never serve.
 */
export function registerOpenApiDocument(app: FastifyInstance, info: { title: string; version: string }): void {
  const routes: RouteOptions[] = [];
  // As @fastify/swagger notes them: a GET route's HEAD twin is left out of the document.
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  let document: Promise<unknown> | undefined;
  app.get(
    '/v1/openapi.json',
    { schema: { tags: ['meta'], summary: "This listener's contract as OpenAPI 3.1, with every event payload typed" } },
    async () => {
      document ??= buildDocument(routes, info).catch((error: unknown) => {
        document = undefined;
        throw error;
      });
      return document;
    },
  );
}

async function buildDocument(routes: RouteOptions[], info: { title: string; version: string }): Promise<unknown> {
  const [{ default: fastify }, { default: swagger }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
  ]);
  const generator = fastify({ schemaController: { compilersFactory: NO_COMPILERS } });
  try {
    await generator.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info,
        components: {
          securitySchemes: {
            deviceToken: { type: 'http', scheme: 'bearer' },
            adminSession: { type: 'apiKey', in: 'cookie', name: 'backroom_session' },
          },
          schemas: EVENT_SCHEMA_COMPONENTS,
        },
      },
      transform: ({ schema, url, route }) => ({ schema: documented(schema, route), url }),
    });
    for (const route of routes) generator.route({ ...route, handler: unanswered });
    await generator.ready();
    return generator.swagger();
  } finally {
    await generator.close();
  }
}

function unanswered(): never {
  throw new Error('the OpenAPI generator answers no requests');
}

/** `schema` is undefined for a route declared without one, whatever the plugin's types say. */
function documented(schema: FastifySchema | undefined, route: RouteOptions): FastifySchema {
  if (schema?.hide) return schema;
  const auth = authRequirementOf(route.onRequest, route.preHandler);
  return {
    ...schema,
    ...(schema?.body !== undefined && { body: DOCUMENTED_BODIES.get(schema.body) ?? schema.body }),
    ...(schema?.querystring !== undefined && {
      querystring: withDefaultsOptional(schema.querystring as ObjectSchema),
    }),
    security: auth ? [{ [auth.scheme]: [] }] : [],
    ...(auth && { response: withRefusals(schema?.response as Responses | undefined, auth) }),
  };
}

/** Fastify's Ajv fills in defaults before it checks `required` (useDefaults), so a client may leave those out. */
function withDefaultsOptional(query: ObjectSchema): ObjectSchema {
  if (!query.required) return query;
  return { ...query, required: query.required.filter((name) => query.properties?.[name]?.default === undefined) };
}

function withRefusals(declared: Responses | undefined, auth: AuthRequirement): Responses {
  // Without it the document would list only the refusals of a route that declares no responses of its own.
  const responses = declared ?? { '2XX': { description: 'Success' } };
  const codes = auth.unauthenticated.join(' or ');
  return {
    ...responses,
    401: {
      ...ErrorReply,
      description: responses[401]
        ? `${codes}, or this operation's own refusal named by error.code`
        : `Not authenticated: ${codes}`,
    },
    ...(auth.role && { 403: { ...ErrorReply, description: `FORBIDDEN: this needs the ${auth.role} role` } }),
  };
}
