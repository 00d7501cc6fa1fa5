import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from '../observability/logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import {
  answerExpectContinue,
  answerHandshakeErrors,
  clientErrorHandler,
  closeUpgradeSocket,
  isUpgradeRequest,
  lingerAfterUpgradeAnswers,
  lingerOnClose,
} from './connection-errors.js';
import { answerError, installErrorHandling } from './error-handler.js';
import { parseTlsRequestsThroughTheStream } from './tls-request-parsing.js';
import { errorBody } from './http-error.js';
import { RequestLogging } from './request-logging.js';
import { installJsonBodyParser, validatorCompiler } from './request-validation.js';
import { lazyResponseSerializers, type CompilersFactory } from './response-serialization.js';
import { securityHeaders } from './security-headers.js';
import { registerOpenApiDocument } from './openapi-document.js';

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

/** The client's request id when it is a sane one, so its logs and ours line up; otherwise a new one. */
function requestId(request?: IncomingMessage): string {
  const given = request?.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/** What both listeners share: one error format, request ids, body limits, metrics and the OpenAPI document. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const headers = securityHeaders(options.listener);
  // For answers written without Fastify (framing errors, refused WebSocket handshakes).
  const connectionErrorHeaders = (request?: IncomingMessage) => ({ ...headers, 'x-request-id': requestId(request) });
  const serverOptions: FastifyServerOptions = {
    loggerInstance: options.logger.child({ listener: options.listener }),
    logController: new RequestLogging(),
    bodyLimit: options.bodyLimit,
    genReqId: requestId,
    // Fastify closes idle keep-alive sockets on close(), so shutdown does not wait for idle devices.
    forceCloseConnections: 'idle',
    // Requests that reach a closing server get 503 from our own hook below, in the one error format; Fastify's
    // built-in 503 body ({"error":"Service Unavailable",…}) is not it.
    return503OnClosing: false,
    // Errors met before routing (a bad percent-encoding, a path parameter over maxParamLength) skip the hooks.
    // Refused before routing, so the connection is closed after the answer. An upgrade request's socket belongs to no
    // HTTP connection any more, and these errors skip the hook that would close it: left open, it outlived its client
    // and kept the hub from shutting down. It is closed lingering, since a body the client sends is still unread.
    frameworkErrors: (error, request, reply) => {
      if (isUpgradeRequest(request.raw)) reply.raw.once('finish', () => closeUpgradeSocket(request.raw.socket));
      void answerError(error, request, reply.headers({ ...headers, 'x-request-id': request.id, connection: 'close' }));
    },
    clientErrorHandler: clientErrorHandler(connectionErrorHeaders),
    // Given here rather than set afterwards, so Fastify does not load its default Ajv compiler only to replace it.
    // Fastify types the factory after that default's signature; it calls the compiler it returns exactly as it calls
    // one given to setValidatorCompiler.
    schemaController: {
      compilersFactory: {
        buildValidator: (() => validatorCompiler) as unknown as CompilersFactory['buildValidator'],
        buildSerializer: lazyResponseSerializers,
      },
    },
  };
  // Fastify's overloads type an https server differently; the routes need only the common instance type.
  const app = (
    options.https ? fastify({ ...serverOptions, https: options.https } as FastifyServerOptions) : fastify(serverOptions)
  ) as FastifyInstance;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(typed);
  installJsonBodyParser(typed);
  answerExpectContinue(typed.server, options.bodyLimit);
  lingerOnClose(typed.server, options.https !== undefined);
  if (options.https !== undefined) parseTlsRequestsThroughTheStream(typed.server as unknown as HttpsServer);
  lingerAfterUpgradeAnswers(typed);
  typed.addHook('onReady', async () => {
    if (typed.hasDecorator('websocketServer')) answerHandshakeErrors(typed.websocketServer, connectionErrorHeaders);
  });
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
    reply.headers(headers);
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
  registerOpenApiDocument(typed, { title: options.title, version: options.version });
  return typed;
}
