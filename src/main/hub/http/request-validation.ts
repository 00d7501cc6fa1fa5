import type * as AjvModule from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { onFirstUse } from '../first-use.js';
import { deferCompile } from './deferred-schemas.js';
import { HttpError } from './http-error.js';

// Fastify's own Ajv defaults (@fastify/ajv-compiler) except removeAdditional: a field the schema does not know is
// refused rather than silently dropped. No schema uses `format`, so ajv-formats is not loaded; Ajv's strict mode
// refuses an unknown format when a schema is compiled, and a test compiles every route's, so adding one cannot pass
// unnoticed.
const common: Options = { useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false };

const ajv = onFirstUse<typeof AjvModule>('ajv');
let instances: { textParts: AjvModule.Ajv; jsonBody: AjvModule.Ajv } | undefined;

function compilers(): { textParts: AjvModule.Ajv; jsonBody: AjvModule.Ajv } {
  if (!instances) {
    const { Ajv } = ajv();
    instances = {
      // Query strings, path parameters and headers arrive as strings, so their numbers and booleans must be coerced.
      textParts: new Ajv({ ...common, coerceTypes: 'array' }),
      // A JSON body is typed by its sender: `"name": true` is a mistake to refuse, not a name to record as "true".
      jsonBody: new Ajv({ ...common, coerceTypes: false }),
    };
  }
  return instances;
}

/** The JSON pointer of the first NaN or ±Infinity in `value`, if any; the pointer is built only for a hit. */
function nonFinitePath(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : '/';
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item);
    if (found !== undefined) return `/${key}${found === '/' ? '' : found}`;
  }
  return undefined;
}

/**
 * JSON text can only parse to ±Infinity through a number of 309 digits or more, or an exponent of three digits or
 * more; bodies without either (nearly all) are not walked.
 */
const MAY_OVERFLOW = /\d{309}|[eE][+-]?\d{3}/;

/**
 * Ajv coerces "1e309" and "Infinity" to Infinity and then skips `minimum`/`maximum` for a non-finite number, so a
 * coerced part is checked once more after validation.
 */
function finiteAfterCoercion(validate: ValidateFunction): ReturnType<FastifySchemaCompiler<unknown>> {
  const check = (data: unknown): boolean => {
    if (!validate(data)) {
      check.errors = validate.errors as FastifySchemaValidationError[];
      return false;
    }
    const path = nonFinitePath(data);
    check.errors =
      path === undefined
        ? null
        : [{ keyword: 'finite', instancePath: path, schemaPath: '', params: {}, message: 'must be a finite number' }];
    return path === undefined;
  };
  check.errors = null as FastifySchemaValidationError[] | null;
  return check;
}

function compile(schema: object, httpPart: string | undefined): ReturnType<FastifySchemaCompiler<unknown>> {
  const { textParts, jsonBody } = compilers();
  return httpPart === 'body' ? jsonBody.compile(schema) : finiteAfterCoercion(textParts.compile(schema));
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart, method, url }) => {
  const validator = deferCompile(`${method} ${url} ${httpPart}`, () => compile(schema as object, httpPart));
  const check = (data: unknown) => {
    const validate = validator();
    const result = validate(data);
    check.errors = validate.errors;
    return result;
  };
  check.errors = null as FastifySchemaValidationError[] | null | undefined;
  return check;
};

/**
 * Fastify's JSON parser (prototype-poisoning checks included), refusing numbers JSON can spell but a double cannot
 * hold: `1e309` parses to Infinity, which no handler, SQLite bind or canonical form is ready for.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) =>
    parse(request, body, (error, value) => {
      if (error) return done(error);
      const path = MAY_OVERFLOW.test(body) ? nonFinitePath(value) : undefined;
      if (path === undefined) return done(null, value);
      return done(new HttpError(400, 'INVALID_REQUEST', `body is invalid: ${path} must be a finite number`));
    }),
  );
}
