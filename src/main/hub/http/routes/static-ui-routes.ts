import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../http-error.js';

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Backroom</title>
<p>The Backroom hub is running, but its user interface has not been built. Run <code>npm run build</code> and reload.</p>`;

/** Serves the React build; unknown non-API paths get index.html so client-side routes survive a reload. */
export async function registerStaticUi(app: FastifyInstance, dir: string): Promise<void> {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ dir }, 'UI build not found; serving a notice instead');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(NOT_BUILT_PAGE));
    return;
  }
  await app.register(fastifyStatic, { root: dir, index: ['index.html'], wildcard: false });
  // A catch-all GET rather than a second not-found handler: the error format's handler stays the only one.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0]!;
    const isApi = pathname.startsWith('/v1/') || pathname.startsWith('/health') || pathname === '/metrics';
    if (!isApi && !path.extname(pathname)) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody('NOT_FOUND', `no route for ${request.method} ${pathname}`));
  });
}
