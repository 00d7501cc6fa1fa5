import { UserError } from '../security/user-store.js';
import { HttpError } from './http-error.js';

/** A wrong re-entered PIN is answered like a wrong login; anything else passes through. */
export function pinErrorToHttp(error: unknown): unknown {
  if (!(error instanceof UserError)) return error;
  return new HttpError(error.code === 'ACCOUNT_LOCKED' ? 423 : 401, error.code, error.message);
}
