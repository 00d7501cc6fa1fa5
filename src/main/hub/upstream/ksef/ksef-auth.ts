/**
 * KSeF token authentication and the access-token cache (research §2). A full authentication is: a challenge; the
 * token encrypted as RSA-OAEP-SHA-256(`"<token>|<timestampMs>"`) under the MF `KsefTokenEncryption` key; the
 * operation polled with the authentication token until it leaves 100; the tokens redeemed once. The access token
 * (minutes) is then reused until 60 s before it expires and renewed with the refresh token (days); when the refresh
 * token is refused, or a protected call answers 401, the client authenticates again from the KSeF token, once.
 *
 * The KSeF token is read from its source only for a full authentication, and neither it nor any bearer value ever
 * appears in a message: messages carry the context NIP, codes and KSeF's descriptions.
 */
import type { Clock } from '../clock/clock.js';
import { UpstreamError } from '../workers/upstream-error.js';
import { KsefApiError, KsefCode, ksefCodeOf } from './ksef-errors.js';
import { segment, type KsefHttp } from './ksef-http.js';
import { ShapeReader } from './ksef-shape.js';
import { wait } from './ksef-wait.js';
import type { MfPublicKeys } from './mf-public-keys.js';
import { rsaOaepSha256 } from './session-crypto.js';

export interface KsefAuthOptions {
  http: KsefHttp;
  keys: MfPublicKeys;
  contextNip: string;
  token: () => Promise<string | null>;
  clock: Clock;
}

interface HeldToken {
  token: string;
  validUntil: number;
}

/** An access token is renewed this long before it expires, so a call never starts with one about to lapse. */
export const RENEW_BEFORE_MS = 60_000;
/** Polling of an authentication operation: 250 ms doubling to 2 s, for at most a minute. */
const POLL_FIRST_MS = 250;
const POLL_MAX_MS = 2_000;
const POLL_LIMIT_MS = 60_000;

/** Final authentication statuses (research §2), in plain words. */
const REFUSALS: Record<number, string> = {
  415: 'KSeF refused the authentication (415): the token has no permissions in this context',
  425: 'KSeF refused the authentication (425): the authentication was invalidated',
  450: 'KSeF refused the token (450): the token is invalid, revoked or inactive, or the challenge or its time was wrong',
  460: 'KSeF refused the authentication (460): certificate error',
  470: 'KSeF refused the authentication (470): the authorising person is recorded as deceased',
  480: 'KSeF refused the authentication (480): authentication is blocked',
};

export class KsefAuth {
  private access: HeldToken | undefined;
  private refresh: HeldToken | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: KsefAuthOptions) {}

  /**
   * A valid access token: the held one, a refreshed one, or one from a full authentication. Concurrent callers share
   * one renewal (which runs under the first caller's signal).
   */
  async accessToken(signal: AbortSignal): Promise<string> {
    const now = this.options.clock.now().getTime();
    if (this.access && this.access.validUntil - now > RENEW_BEFORE_MS) return this.access.token;
    this.pending ??= this.renew(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops the held tokens, so the next call authenticates from the KSeF token. */
  forget(): void {
    this.access = undefined;
    this.refresh = undefined;
  }

  /**
   * Runs a protected call with a valid access token. A 401 means KSeF no longer takes the token (revoked, the
   * session ended on its side): one full re-authentication and one retry; a second 401 is thrown (`auth`).
   */
  async withAuth<T>(signal: AbortSignal, call: (bearer: string) => Promise<T>): Promise<T> {
    const bearer = await this.accessToken(signal);
    try {
      return await call(bearer);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.status !== 401) throw error;
    }
    if (this.access?.token === bearer) this.forget();
    return call(await this.accessToken(signal));
  }

  private async renew(signal: AbortSignal): Promise<string> {
    const now = this.options.clock.now().getTime();
    if (this.refresh && this.refresh.validUntil - now > RENEW_BEFORE_MS) {
      try {
        return await this.refreshAccess(this.refresh.token, signal);
      } catch (error) {
        // A refused refresh token (400 21301/21304, 401, 403) is mended by authenticating again; anything else
        // (429, 5xx, the network) would fail the same way there.
        if (!(error instanceof UpstreamError) || ![400, 401, 403].includes(error.status ?? 0)) throw error;
        this.forget();
      }
    }
    return this.authenticate(signal);
  }

  private async refreshAccess(refreshToken: string, signal: AbortSignal): Promise<string> {
    const what = 'refreshing the access token';
    const { json } = await this.options.http.json({
      method: 'POST',
      path: '/auth/token/refresh',
      bearer: refreshToken,
      signal,
      what,
    });
    const shape = new ShapeReader(what);
    const access = heldToken(shape, shape.record(json, 'the answer')['accessToken'], 'accessToken');
    this.access = access;
    return access.token;
  }

  private async authenticate(signal: AbortSignal): Promise<string> {
    const ksefToken = await this.options.token();
    if (ksefToken === null || ksefToken.trim() === '') throw new UpstreamError('auth', 'no KSeF token is set');
    let started: { referenceNumber: string; authenticationToken: string };
    try {
      started = await this.start(ksefToken, signal);
    } catch (error) {
      if (ksefCodeOf(error) !== KsefCode.UNKNOWN_PUBLIC_KEY) throw error;
      // The key was withdrawn since the list was read: read it again, pick again, start again (once).
      this.options.keys.invalidate();
      started = await this.start(ksefToken, signal);
    }
    await this.poll(started.referenceNumber, started.authenticationToken, signal);
    return this.redeem(started.authenticationToken, signal);
  }

  private async start(
    ksefToken: string,
    signal: AbortSignal,
  ): Promise<{ referenceNumber: string; authenticationToken: string }> {
    const { http, keys, contextNip } = this.options;
    let what = 'asking for an authentication challenge';
    const challengeAnswer = await http.json({ method: 'POST', path: '/auth/challenge', signal, what });
    let shape = new ShapeReader(what);
    const challengeJson = shape.record(challengeAnswer.json, 'the answer');
    const challenge = shape.string(challengeJson, 'challenge');
    const timestampMs = shape.integer(challengeJson, 'timestampMs');

    const key = await keys.get('KsefTokenEncryption', signal);
    const encryptedToken = rsaOaepSha256(Buffer.from(`${ksefToken}|${timestampMs}`, 'utf8'), key.key);
    what = `authenticating with the KSeF token for NIP ${contextNip}`;
    const body: Record<string, unknown> = {
      challenge,
      contextIdentifier: { type: 'Nip', value: contextNip },
      encryptedToken,
    };
    if (key.publicKeyId !== '') body['publicKeyId'] = key.publicKeyId;
    const initAnswer = await http.json({ method: 'POST', path: '/auth/ksef-token', body, signal, what });
    shape = new ShapeReader(what);
    const init = shape.record(initAnswer.json, 'the answer');
    const referenceNumber = shape.string(init, 'referenceNumber');
    const authenticationToken = shape.string(
      shape.record(init['authenticationToken'], 'authenticationToken'),
      'token',
      'authenticationToken.token',
    );
    return { referenceNumber, authenticationToken };
  }

  private async poll(referenceNumber: string, authenticationToken: string, signal: AbortSignal): Promise<void> {
    const { http, clock, contextNip } = this.options;
    const what = `waiting for the authentication ${referenceNumber}`;
    const deadline = clock.now().getTime() + POLL_LIMIT_MS;
    for (let delay = POLL_FIRST_MS; ; delay = Math.min(delay * 2, POLL_MAX_MS)) {
      const { json } = await http.json({
        method: 'GET',
        path: `/auth/${segment(referenceNumber)}`,
        bearer: authenticationToken,
        signal,
        what,
      });
      const shape = new ShapeReader(what);
      const status = shape.record(shape.record(json, 'the answer')['status'], 'status');
      const code = shape.integer(status, 'code', 'status.code');
      if (code === 200) return;
      if (code !== 100) {
        const said = [shape.nullableString(status, 'description'), ...shape.strings(status, 'details')]
          .filter((s): s is string => typeof s === 'string' && s !== '')
          .join('; ')
          .slice(0, 600);
        const suffix = `${said ? `: ${said}` : ''} (context NIP ${contextNip})`;
        const refusal = REFUSALS[code];
        if (refusal) throw new KsefApiError('auth', `${refusal}${suffix}`, { ksefCode: code });
        if (code >= 500) {
          throw new KsefApiError('server', `KSeF could not complete the authentication (${code})${suffix}`, {
            ksefCode: code,
          });
        }
        throw new KsefApiError('auth', `KSeF refused the authentication (${code})${suffix}`, { ksefCode: code });
      }
      const left = deadline - clock.now().getTime();
      if (left <= 0) {
        throw new UpstreamError('timeout', `KSeF did not finish the authentication within ${POLL_LIMIT_MS / 1000} s`);
      }
      await wait(clock, Math.min(delay, left), signal, 'waiting for KSeF authentication');
    }
  }

  private async redeem(authenticationToken: string, signal: AbortSignal): Promise<string> {
    const what = 'redeeming the authentication tokens';
    let json: unknown;
    try {
      ({ json } = await this.options.http.json({
        method: 'POST',
        path: '/auth/token/redeem',
        bearer: authenticationToken,
        signal,
        what,
      }));
    } catch (error) {
      // 21301 (already redeemed, token revoked), 21304, 21308: the authentication itself failed.
      if (error instanceof KsefApiError && error.status === 400) {
        throw new KsefApiError('auth', error.message, { status: 400, ksefCode: error.ksefCode, cause: error });
      }
      throw error;
    }
    const shape = new ShapeReader(what);
    const tokens = shape.record(json, 'the answer');
    this.access = heldToken(shape, tokens['accessToken'], 'accessToken');
    this.refresh = heldToken(shape, tokens['refreshToken'], 'refreshToken');
    return this.access.token;
  }
}

function heldToken(shape: ShapeReader, value: unknown, name: string): HeldToken {
  const info = shape.record(value, name);
  return { token: shape.string(info, 'token', `${name}.token`), validUntil: shape.instant(info, 'validUntil', name) };
}
