import { type FakeAnswer, json } from './answers.js';
import { apiTimestamp, type Clock } from './dates.js';
import { KsefException, KsefRefusal } from './ksef-errors.js';
import { isReferenceNumber, newReferenceNumber } from './ksef-numbers.js';
import type { MfKeys } from './public-keys.js';
import { base64Field, jsonBody, objectField, optionalStringField, stringField } from './request-fields.js';
import { BearerTokens } from './tokens.js';

const CHALLENGE_TTL_MS = 10 * 60_000;
/** The lifetime of the authentication-operation token in the OpenAPI's example JWT (`exp - iat` = 2700 s). */
const OPERATION_TOKEN_TTL_MS = 45 * 60_000;
const REFRESH_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

/** Who a valid access token speaks for: the session endpoints act in this NIP's context. */
export interface AccessContext {
  nip: string;
  /** The reference number of the KSeF token used to log in; UPOs name it (NumerReferencyjnyTokenaKSeF). */
  ksefTokenRef: string;
}

export interface AuthOptions {
  clock: Clock;
  keys: MfKeys;
  accessTokenTtlMs: number;
  /** Real milliseconds the verification stays "in progress" (status 100), as KSeF verifies asynchronously. */
  processingDelayMs: number;
}

interface StatusInfo {
  code: number;
  description: string;
  details?: string[];
}

interface RegisteredToken {
  nip: string;
  referenceNumber: string;
  revoked: boolean;
}

interface Challenge {
  timestampMs: number;
  issuedAt: Date;
  used: boolean;
}

interface Operation {
  ref: string;
  nip: string;
  startDate: Date;
  /** The KSeF token the client proved it holds; null when it proved nothing. */
  token: RegisteredToken | null;
  /** The outcome decided at submission; revocation before the verification ends still turns it into 450. */
  verdict: StatusInfo;
  dueAtMs: number;
  final: StatusInfo | null;
  redeemed: boolean;
  lastTokenRefreshDate: Date | null;
  refreshTokenValidUntil: Date | null;
}

const IN_PROGRESS: StatusInfo = { code: 100, description: 'Uwierzytelnianie w toku' };
const SUCCEEDED: StatusInfo = { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' };

function badToken(detail: string): StatusInfo {
  return {
    code: 450,
    description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu',
    details: [detail],
  };
}

/**
 * Login with a KSeF token (research §2): challenge → RSA-OAEP-encrypted `token|timestampMs` → asynchronous
 * verification → redeem (once) → refresh. A wrong, foreign or revoked token is not refused at `/auth/ksef-token`:
 * as in the API, it is accepted (202) and the verification ends with status 450.
 */
export class AuthService {
  private readonly registered = new Map<string, RegisteredToken>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly operations = new Map<string, Operation>();
  private readonly bearers = new BearerTokens();

  constructor(private readonly options: AuthOptions) {}

  registerToken(token: string, nip: string): void {
    if (!/^\d{10}$/.test(nip)) throw new RangeError(`a KSeF token belongs to a 10-digit NIP (got ${nip})`);
    // Real tokens start with their reference number (`<ref>|<context>|<secret>`); others get one made up.
    const prefix = token.split('|')[0] ?? '';
    const referenceNumber = isReferenceNumber(prefix) ? prefix : newReferenceNumber('TK', this.options.clock());
    this.registered.set(token, { nip, referenceNumber, revoked: false });
  }

  revokeToken(token: string): void {
    const registered = this.registered.get(token);
    if (!registered) throw new RangeError('revokeToken: no such KSeF token is registered');
    registered.revoked = true;
  }

  challenge(clientIp: string): FakeAnswer {
    const now = this.options.clock();
    const challenge = newReferenceNumber('CR', now);
    this.challenges.set(challenge, { timestampMs: now.getTime(), issuedAt: now, used: false });
    return json(200, { challenge, timestamp: apiTimestamp(now), timestampMs: now.getTime(), clientIp });
  }

  authenticateWithToken(body: Buffer): FakeAnswer {
    const request = jsonBody(body);
    const challengeText = stringField(request, 'challenge');
    const context = objectField(request, 'contextIdentifier');
    const contextType = stringField(context, 'type', 'contextIdentifier.type');
    const nip = stringField(context, 'value', 'contextIdentifier.value');
    const encryptedToken = base64Field(request, 'encryptedToken');
    const publicKeyId = optionalStringField(request, 'publicKeyId');
    const now = this.options.clock();

    const challenge = this.challenges.get(challengeText);
    if (!challenge || challenge.used || now.getTime() - challenge.issuedAt.getTime() > CHALLENGE_TTL_MS) {
      throw new KsefException(21111, [`Wyzwanie ${challengeText} jest nieznane, wygasło lub zostało już użyte.`]);
    }
    challenge.used = true;
    if (contextType !== 'Nip') {
      throw new KsefException(21405, [`Fake KSeF obsługuje wyłącznie kontekst Nip (otrzymano ${contextType}).`]);
    }
    if (!/^\d{10}$/.test(nip)) throw new KsefException(21405, [`Nieprawidłowy NIP kontekstu: ${nip}.`]);
    if (publicKeyId !== undefined && !this.options.keys.knows('KsefTokenEncryption', publicKeyId)) {
      throw new KsefException(21470, [`Klucz o identyfikatorze ${publicKeyId} nie jest wspierany.`]);
    }

    const { token, verdict } = this.verify(encryptedToken, nip, challenge.timestampMs);
    const ref = newReferenceNumber('AU', now);
    this.operations.set(ref, {
      ref,
      nip,
      startDate: now,
      token,
      verdict,
      dueAtMs: Date.now() + this.options.processingDelayMs,
      final: null,
      redeemed: false,
      lastTokenRefreshDate: null,
      refreshTokenValidUntil: null,
    });
    const operationToken = this.bearers.issue('operation', ref, now, OPERATION_TOKEN_TTL_MS, {
      'operation-reference-number': ref,
    });
    return json(202, {
      referenceNumber: ref,
      authenticationToken: { token: operationToken.token, validUntil: apiTimestamp(operationToken.expiresAt) },
    });
  }

  status(ref: string, bearer: string | undefined): FakeAnswer {
    const operation = this.operationOf(bearer);
    if (operation.ref !== ref) {
      if (!this.operations.has(ref)) {
        throw new KsefException(21304, [
          `Operacja uwierzytelniania o numerze referencyjnym ${ref} nie została znaleziona.`,
        ]);
      }
      throw new KsefRefusal(403, 'Token uwierzytelniający należy do innej operacji uwierzytelniania.');
    }
    return json(200, {
      startDate: apiTimestamp(operation.startDate),
      authenticationMethod: 'Token',
      authenticationMethodInfo: { category: 'Token', code: 'token', displayName: 'Token KSeF' },
      status: this.settle(operation) ?? IN_PROGRESS,
      isTokenRedeemed: operation.redeemed,
      lastTokenRefreshDate: operation.lastTokenRefreshDate && apiTimestamp(operation.lastTokenRefreshDate),
      refreshTokenValidUntil: operation.refreshTokenValidUntil && apiTimestamp(operation.refreshTokenValidUntil),
    });
  }

  redeem(bearer: string | undefined): FakeAnswer {
    const operation = this.operationOf(bearer);
    const outcome = this.settle(operation) ?? IN_PROGRESS;
    if (outcome.code !== 200) {
      throw new KsefException(21301, [`Status uwierzytelniania (${outcome.code}) nie pozwala na pobranie tokenów.`]);
    }
    if (operation.redeemed) {
      throw new KsefException(21301, [`Tokeny dla operacji uwierzytelniania ${operation.ref} zostały już pobrane.`]);
    }
    if (operation.token?.revoked) throw new KsefException(21301, ['Token KSeF został unieważniony.']);
    const now = this.options.clock();
    operation.redeemed = true;
    const accessToken = this.issueAccess(operation, now);
    const refreshToken = this.bearers.issue(
      'refresh',
      operation.ref,
      now,
      REFRESH_TOKEN_TTL_MS,
      this.claims(operation),
    );
    operation.refreshTokenValidUntil = refreshToken.expiresAt;
    return json(200, {
      accessToken: { token: accessToken.token, validUntil: apiTimestamp(accessToken.expiresAt) },
      refreshToken: { token: refreshToken.token, validUntil: apiTimestamp(refreshToken.expiresAt) },
    });
  }

  refresh(bearer: string | undefined): FakeAnswer {
    const now = this.options.clock();
    const refreshToken = this.bearers.find('refresh', bearer, now);
    const operation = refreshToken && this.operations.get(refreshToken.operationRef);
    if (!operation) throw new KsefRefusal(401, 'Refresh token jest nieprawidłowy lub wygasł.');
    if (operation.token?.revoked) throw new KsefException(21301, ['Token KSeF został unieważniony.']);
    operation.lastTokenRefreshDate = now;
    const accessToken = this.issueAccess(operation, now);
    return json(200, { accessToken: { token: accessToken.token, validUntil: apiTimestamp(accessToken.expiresAt) } });
  }

  /** The context of a valid access token; undefined for a missing, unknown, expired or revoked one (a 401). */
  access(bearer: string | undefined): AccessContext | undefined {
    const accessToken = this.bearers.find('access', bearer, this.options.clock());
    const operation = accessToken && this.operations.get(accessToken.operationRef);
    if (!operation?.token || operation.token.revoked) return undefined;
    return { nip: operation.nip, ksefTokenRef: operation.token.referenceNumber };
  }

  private verify(
    encryptedToken: Buffer,
    nip: string,
    timestampMs: number,
  ): { token: RegisteredToken | null; verdict: StatusInfo } {
    const plain = this.options.keys.decrypt('KsefTokenEncryption', encryptedToken)?.toString('utf8');
    const separator = plain?.lastIndexOf('|') ?? -1;
    if (plain === undefined || separator < 0) return { token: null, verdict: badToken('Nieprawidłowy token') };
    const token = this.registered.get(plain.slice(0, separator));
    if (!token || token.nip !== nip) return { token: null, verdict: badToken('Nieprawidłowy token') };
    if (plain.slice(separator + 1) !== String(timestampMs)) {
      return { token, verdict: badToken('Nieprawidłowy czas tokena') };
    }
    return { token, verdict: SUCCEEDED };
  }

  /** The final status once the verification time has passed; null while it is still in progress. */
  private settle(operation: Operation): StatusInfo | null {
    if (operation.final === null && Date.now() >= operation.dueAtMs) {
      operation.final =
        operation.verdict.code === 200 && operation.token?.revoked ? badToken('Token unieważniony') : operation.verdict;
    }
    return operation.final;
  }

  private operationOf(bearer: string | undefined): Operation {
    const operationToken = this.bearers.find('operation', bearer, this.options.clock());
    const operation = operationToken && this.operations.get(operationToken.operationRef);
    if (!operation) throw new KsefRefusal(401, 'Token uwierzytelniający jest nieprawidłowy lub wygasł.');
    return operation;
  }

  private issueAccess(operation: Operation, now: Date) {
    return this.bearers.issue('access', operation.ref, now, this.options.accessTokenTtlMs, this.claims(operation));
  }

  private claims(operation: Operation): Record<string, string> {
    return {
      'context-identifier-type': 'Nip',
      'context-identifier-value': operation.nip,
      'authentication-method': 'Token',
    };
  }
}
