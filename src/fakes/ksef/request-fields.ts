import { KsefException } from './ksef-errors.js';

/**
 * Reading a JSON request body the way the API's validator does: a missing or mistyped field is a 400 with code 21405
 * naming the field, so a client that drifts from the OpenAPI hears about it.
 */
export type JsonObject = Record<string, unknown>;

function invalid(detail: string): KsefException {
  return new KsefException(21405, [detail]);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonBody(body: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('Treść żądania nie jest poprawnym dokumentem JSON.');
  }
  if (!isObject(value)) throw invalid('Treść żądania musi być obiektem JSON.');
  return value;
}

export function objectField(source: JsonObject, name: string, path = name): JsonObject {
  const value = source[name];
  if (!isObject(value)) throw invalid(`Pole '${path}' jest wymagane i musi być obiektem.`);
  return value;
}

export function stringField(source: JsonObject, name: string, path = name): string {
  const value = source[name];
  if (typeof value !== 'string' || value === '') throw invalid(`Pole '${path}' jest wymagane i musi być tekstem.`);
  return value;
}

/** undefined when absent or null, as the OpenAPI's nullable fields allow. */
export function optionalStringField(source: JsonObject, name: string, path = name): string | undefined {
  return source[name] === undefined || source[name] === null ? undefined : stringField(source, name, path);
}

export function integerField(source: JsonObject, name: string, min: number, max: number, path = name): number {
  const value = source[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`Pole '${path}' musi być liczbą całkowitą z zakresu ${min}..${max}.`);
  }
  return value;
}

export function booleanField(source: JsonObject, name: string, fallback: boolean, path = name): boolean {
  const value = source[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(`Pole '${path}' musi być wartością logiczną.`);
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard Base64 with padding, strictly: Node's decoder would otherwise skip what it cannot read. */
export function base64Field(source: JsonObject, name: string, path = name): Buffer {
  const value = stringField(source, name, path);
  if (!BASE64.test(value)) throw invalid(`Pole '${path}' nie jest poprawnym ciągiem Base64.`);
  return Buffer.from(value, 'base64');
}

/** A Sha256HashBase64: 44 characters of Base64 decoding to 32 bytes. */
export function sha256Field(source: JsonObject, name: string, path = name): string {
  const value = stringField(source, name, path);
  if (value.length !== 44 || !BASE64.test(value) || Buffer.from(value, 'base64').length !== 32) {
    throw invalid(`Pole '${path}' musi być skrótem SHA-256 w Base64 (44 znaki).`);
  }
  return value;
}

export function optionalSha256Field(source: JsonObject, name: string, path = name): string | undefined {
  return source[name] === undefined || source[name] === null ? undefined : sha256Field(source, name, path);
}
