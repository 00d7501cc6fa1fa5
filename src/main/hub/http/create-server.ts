import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from '../observability/logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import { installErrorHandling } from './error-handler.js';
import { errorBody } from './http-error.js';

export interface ServerOptions {
  logger: Logger;
  bodyLimit: number;
  metrics: HubMetrics;
  listener: 'ui' | 'lan';
  https?: { key: string; cert: string };
  title: string;
  version: string;
}

export type HubServer = FastifyInstance;

/** What both listeners share: one error format, request ids, body limits, metrics and the OpenAPI document. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: options.logger.child({ listener: options.listener }),
    bodyLimit: options.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Fastify closes idle keep-alive sockets on close(), so shutdown does not wait for idle devices.
    forceCloseConnections: 'idle',
    // Requests that reach a closing server get 503 from our own hook below, in the one error format; Fastify's
    // built-in 503 body ({"error":"Service Unavailable",…}) is not it.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  };
  // Fastify's overloads type an https server differently; the routes need only the common instance type.
  const app = (
    options.https ? fastify({ ...serverOptions, https: options.https } as FastifyServerOptions) : fastify(serverOptions)
  ) as FastifyInstance;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(typed);
  // Bodies are JSON only: without this, Fastify's built-in text/plain parser hands a string to the JSON schema
  // and the client gets a confusing 400 instead of 415 UNSUPPORTED_MEDIA_TYPE.
  typed.removeContentTypeParser('text/plain');
  // Set in preClose, which Fastify runs in the same tick as it starts closing, so no request slips in between.
  let closing = false;
  typed.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  typed.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return reply.code(503).send(errorBody('SHUTTING_DOWN', 'the hub is shutting down; retry in a moment'));
  });
  typed.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  typed.addHook('onResponse', async (request, reply) => {
    options.metrics.observeRequest(
      options.listener,
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime,
    );
  });
  await typed.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, version: options.version },
      components: {
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer' },
          adminSession: { type: 'apiKey', in: 'cookie', name: 'backroom_session' },
        },
      },
    },
  });
  typed.get('/v1/openapi.json', { schema: { hide: true } }, async () => typed.swagger());
  return typed;
}
