/**
 * Field-by-field reading of KSeF's JSON answers. An answer that lacks a field the client relies on is KSeF (or
 * something in between) misbehaving, not a fault of the request: `server`, so the job tries again later.
 */
import { UpstreamError } from '../workers/upstream-error.js';

export class ShapeReader {
  constructor(private readonly what: string) {}

  fail(problem: string): never {
    throw new UpstreamError('server', `KSeF answered ${this.what} with an unexpected shape: ${problem}`);
  }

  record(value: unknown, name: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${name} is not an object`);
    return value as Record<string, unknown>;
  }

  string(object: Record<string, unknown>, key: string, name = key): string {
    const value = object[key];
    if (typeof value !== 'string' || value === '') this.fail(`${name} is missing or not text`);
    return value;
  }

  nullableString(object: Record<string, unknown>, key: string, name = key): string | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.fail(`${name} is not text`);
    return value;
  }

  integer(object: Record<string, unknown>, key: string, name = key): number {
    const value = object[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(`${name} is missing or not an integer`);
    return value;
  }

  nullableInteger(object: Record<string, unknown>, key: string, name = key): number | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(`${name} is not an integer`);
    return value;
  }

  /** A date-time as milliseconds since the epoch. */
  instant(object: Record<string, unknown>, key: string, name = key): number {
    const text = this.string(object, key, name);
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) this.fail(`${name} is not a date-time`);
    return ms;
  }

  array(object: Record<string, unknown>, key: string, name = key): unknown[] {
    const value = object[key];
    if (!Array.isArray(value)) this.fail(`${name} is not a list`);
    return value as unknown[];
  }

  strings(object: Record<string, unknown>, key: string): string[] {
    const value = object[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(`${key} is not a list`);
    return value.filter((v): v is string => typeof v === 'string');
  }
}
