import { UserError } from '../security/user-store.js';
import { HttpError } from './http-error.js';

const USER_ERROR_STATUS: Record<UserError['code'], number> = {
  USER_EXISTS: 409,
  INVALID_USER: 400,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
};

/** A UserError as the HTTP answer it stands for; anything else passes through. */
export function userErrorToHttp(error: unknown): unknown {
  return error instanceof UserError ? new HttpError(USER_ERROR_STATUS[error.code], error.code, error.message) : error;
}
