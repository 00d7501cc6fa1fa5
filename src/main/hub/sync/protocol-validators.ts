import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { EventEnvelope } from '../../../shared/protocol/envelope.js';
import { eventTypeSpec } from '../../../shared/protocol/event-types.js';

// Compiled once: checking each pushed envelope is on the ingest hot path.
export const envelopeValidator = Compile(EventEnvelope);

const payloadValidators = new Map<TSchema, Validator>();

/** The payload validator of `type` version `v`; undefined when this hub does not know that type or version. */
export function payloadValidator(type: string, v: number): Validator | undefined {
  const schema = eventTypeSpec(type)?.versions[v];
  if (!schema) return undefined;
  let validator = payloadValidators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    payloadValidators.set(schema, validator);
  }
  return validator;
}

/** The first problem in words, e.g. `/seq must be >= 1`. */
export function firstProblem(validator: Validator, value: unknown): string {
  const [error] = validator.Errors(value);
  return error ? `${error.instancePath || '/'} ${error.message}` : 'does not match the schema';
}
