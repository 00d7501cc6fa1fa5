import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * The three bearer tokens of KSeF's login (research §2): the authentication-operation token, the access token and the
 * refresh token. They are JWTs, as the real ones are, with the claims of the OpenAPI examples, so a client that reads
 * `exp` finds it; the fake checks them by lookup, not by signature.
 */
export type BearerKind = 'operation' | 'access' | 'refresh';

const TOKEN_TYPES: Record<BearerKind, string> = {
  operation: 'OperationToken',
  access: 'ContextToken',
  refresh: 'RefreshToken',
};

export interface IssuedToken {
  kind: BearerKind;
  token: string;
  /** The authentication operation the token belongs to. */
  operationRef: string;
  expiresAt: Date;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class BearerTokens {
  private readonly secret = randomBytes(32);
  private readonly issued = new Map<string, IssuedToken>();

  issue(
    kind: BearerKind,
    operationRef: string,
    issuedAt: Date,
    ttlMs: number,
    claims: Record<string, string>,
  ): IssuedToken {
    const expiresAt = new Date(issuedAt.getTime() + ttlMs);
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64url({
      'token-type': TOKEN_TYPES[kind],
      ...claims,
      jti: randomUUID(),
      exp: Math.floor(expiresAt.getTime() / 1000),
      iat: Math.floor(issuedAt.getTime() / 1000),
      iss: 'ksef-fake',
      aud: 'ksef-fake',
    });
    const signature = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    const issued: IssuedToken = { kind, token: `${header}.${payload}.${signature}`, operationRef, expiresAt };
    this.issued.set(issued.token, issued);
    return issued;
  }

  /** The token if it is one of ours, of that kind, and not expired at `now`. */
  find(kind: BearerKind, token: string | undefined, now: Date): IssuedToken | undefined {
    const issued = token === undefined ? undefined : this.issued.get(token);
    if (!issued || issued.kind !== kind || issued.expiresAt.getTime() <= now.getTime()) return undefined;
    return issued;
  }
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
