import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** `/health` and `/health/…`: polled every few seconds by devices, service managers and monitors. */
export function isHealthPoll(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return path === '/health' || path.startsWith('/health/');
}

/**
 * Fastify's request log lines, with health polls at debug instead of info (issue 12): at info they drowned every
 * other line of a hub left running. A poll that fails with an error is still logged as an error.
 */
export class RequestLogging extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!isHealthPoll(request.url)) return super.incomingRequest(request, reply, metadata);
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error || !isHealthPoll(request.url)) return super.requestCompleted(error, request, reply, metadata);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
