import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireThrough } from '../../first-use.js';
import { errorBody } from '../http-error.js';

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Backroom</title>
<p>The Backroom hub is running, but its user interface has not been built. Run <code>npm run build</code> and reload.</p>`;

/** What @fastify/send answers for one path, as far as it is used here. */
interface SendResult {
  statusCode: number;
  headers: Record<string, string>;
  stream: NodeJS.ReadableStream;
  type: 'file' | 'directory' | 'error';
  metadata: { error?: Error & { code?: string; status?: number } };
}
type Send = ((request: IncomingMessage, path: string, options: object) => Promise<SendResult>) & {
  mime: { default_type: string };
};

/**
 * The file server @fastify/static serves with, resolved through @fastify/static and set up as it sets it up, but
 * loaded by the first request for the UI: registering the plugin loaded some fifty modules and listed the whole build
 * at every start of the hub, for pages only a browser on the back-office PC asks for.
 */
function loadSend(): Send {
  const send = requireThrough<Send>('@fastify/static', '@fastify/send');
  send.mime.default_type = 'application/octet-stream';
  return send;
}

/** The build's files as request paths (`/assets/index-1a2b.js`); dotfiles are not served. */
function listFiles(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep);
    if (!relative.some((part) => part.startsWith('.'))) files.add(`/${relative.join('/')}`);
  }
  return files;
}

/** Serves the React build; unknown non-API paths get index.html so client-side routes survive a reload. */
export async function registerStaticUi(app: FastifyInstance, dir: string): Promise<void> {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ dir }, 'UI build not found; serving a notice instead');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(NOT_BUILT_PAGE));
    return;
  }
  const sendOptions = { root: dir, index: ['index.html'], dotfiles: 'allow' };
  let send: Send | undefined;
  let files: Set<string> | undefined;

  // As @fastify/static answers: send's status and headers, a missing file left to the not-found handler.
  const serve = async (request: FastifyRequest, reply: FastifyReply, file: string) => {
    send ??= loadSend();
    const { statusCode, headers, stream, type, metadata } = await send(request.raw, encodeURI(file), sendOptions);
    if (type === 'file') return reply.code(statusCode).headers(headers).send(stream);
    if (type === 'error' && metadata.error?.code !== 'ENOENT' && metadata.error?.status !== 404) {
      return reply.send(metadata.error);
    }
    return reply.callNotFound();
  };

  // A catch-all GET rather than a second not-found handler: the error format's handler stays the only one.
  app.get(
    '/*',
    {
      schema: { hide: true },
      // A client that went away mid-file is no error to answer.
      errorHandler: (error: Error & { code?: string }, request, reply) => {
        if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') request.raw.destroy();
        else return app.errorHandler(error, request, reply);
      },
    },
    async (request, reply) => {
      files ??= listFiles(dir);
      const file = `/${(request.params as { '*': string })['*']}`;
      if (files.has(file)) return serve(request, reply, file);
      const pathname = request.url.split('?')[0]!;
      const isApi = pathname.startsWith('/v1/') || pathname.startsWith('/health') || pathname === '/metrics';
      if (!isApi && !path.extname(pathname)) return serve(request, reply, 'index.html');
      return reply.code(404).send(errorBody('NOT_FOUND', `no route for ${request.method} ${pathname}`));
    },
  );
}
