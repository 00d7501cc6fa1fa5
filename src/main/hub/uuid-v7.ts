import type * as Uuid from 'uuid';
import { onFirstUse } from './first-use.js';

const uuid = onFirstUse<typeof Uuid>('uuid');

/** A new UUIDv7 (time-ordered), from the uuid package, which loads with the first id the hub makes. */
export function uuidv7(): string {
  return uuid().v7();
}
