import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { drainRefusedBody } from './connection-errors.js';
import { HttpError, errorBody } from './http-error.js';

/** Fastify's own client-error codes, mapped to the protocol's codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the JSON body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the body is larger than allowed' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'content-length is wrong' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'the URL is malformed' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'a path parameter is longer than allowed' },
};

/**
 * One error format for every response. Nothing internal (stack, SQL, library message) reaches a client: a 5xx is
 * a bug, logged with the request id the client sees. Also Fastify's `frameworkErrors` (bad URL, over-long parameter),
 * which no route's error handler sees.
 */
export async function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // A refusal given before the body was read (too large, wrong media type, an auth hook's 401) closes the connection
  // after reading what the client is still sending (bounded), so its answer is not lost to a reset.
  if (reply.getHeader('connection') === 'close' || !request.raw.complete) {
    reply.header('connection', 'close');
    await drainRefusedBody(request.raw, request.routeOptions.bodyLimit);
  }
  if (error instanceof HttpError) {
    return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.code, error.message));
  }
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
    return reply
      .code(400)
      .send(
        errorBody(
          'INVALID_REQUEST',
          `${where} is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
          details,
        ),
      );
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return reply.code(known.status).send(errorBody(known.code, known.message ?? error.message));
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(errorBody('BAD_REQUEST', 'the request was not understood'));
  }
  request.log.error({ err: error }, 'bug: unhandled error answered with 500');
  return reply
    .code(500)
    .send(errorBody('INTERNAL', `internal error; quote request id ${request.id} when reporting it`));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(answerError);

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}
