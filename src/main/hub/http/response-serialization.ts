import type { FastifyServerOptions } from 'fastify';
import { requireThrough } from '../first-use.js';
import { deferCompile } from './deferred-schemas.js';

export type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type SerializerCompiler = ReturnType<SerializerFactory>;

/** The serializer fastify uses when given none (fast-json-stringify), resolved from fastify as fastify resolves it. */
function fastifyDefaultSerializers(): SerializerFactory {
  return requireThrough<() => SerializerFactory>('fastify', '@fastify/fast-json-stringify-compiler')();
}

/**
 * Fastify's own response serializers (which also leave out any property a response schema does not declare), each
 * compiled by the first answer of its route and status (deferred-schemas.ts).
 */
export const lazyResponseSerializers: SerializerFactory = (externalSchemas, options) => {
  let compile: SerializerCompiler | undefined;
  return (route) => {
    const serializer = deferCompile(`${route.method} ${route.url} response ${route.httpStatus}`, () => {
      compile ??= fastifyDefaultSerializers()(externalSchemas, options);
      return compile(route);
    });
    return (data: unknown) => serializer()(data);
  };
};
