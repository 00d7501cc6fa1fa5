import { randomBytes, randomUUID } from 'node:crypto';
import { type FakeAnswer, json } from './answers.js';
import { apiTimestamp } from './dates.js';

/** The exception codes the fake raises, with the OpenAPI's descriptions (from the 400 tables of each path). */
const DESCRIPTIONS = {
  21111: 'Nieprawidłowe wyzwanie autoryzacyjne.',
  21155: 'Przekroczono dozwoloną liczbę faktur w sesji.',
  21157: 'Nieprawidłowy rozmiar części pakietu.',
  21161: 'Przekroczono dozwoloną liczbę części pakietu.',
  21166: 'Korekta techniczna niedostępna.',
  21167: 'Status faktury nie pozwala na korektę techniczną.',
  21173: 'Brak sesji o wskazanym numerze referencyjnym.',
  21178: 'Nie znaleziono UPO dla podanych kryteriów.',
  21180: 'Status sesji nie pozwala na wykonanie operacji.',
  21205: 'Pakiet nie może być pusty.',
  21208: 'Czas oczekiwania na requesty upload lub finish został przekroczony.',
  21301: 'Brak autoryzacji.',
  21304: 'Brak uwierzytelnienia.',
  21402: 'Nieprawidłowy rozmiar pliku.',
  21403: 'Nieprawidłowy skrót pliku.',
  21405: 'Błąd walidacji danych wejściowych.',
  21418: 'Przekazany token kontynuacji ma nieprawidłowy format.',
  21470: 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.',
} as const;

export type ExceptionCode = keyof typeof DESCRIPTIONS;

/** Thrown by handlers for an HTTP 400 with one exception code; the router turns it into the API's error body. */
export class KsefException extends Error {
  constructor(
    readonly code: ExceptionCode,
    readonly details: string[] = [],
  ) {
    super(`${code} ${DESCRIPTIONS[code]} ${details.join(' ')}`);
  }
}

/** How the client asked errors to be written: `X-Error-Format: problem-details` picks RFC 9457 bodies. */
export interface ErrorFormat {
  problemDetails: boolean;
  /** The request path, for a problem's `instance`. */
  instance: string;
  now: Date;
}

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

function traceId(): string {
  return randomBytes(16).toString('hex');
}

/** 400: ExceptionResponse by default (still the API's default, though marked deprecated), or BadRequestProblemDetails. */
export function badRequest(error: KsefException, format: ErrorFormat): FakeAnswer {
  const description = DESCRIPTIONS[error.code];
  if (format.problemDetails) {
    return json(
      400,
      {
        title: 'Bad Request',
        status: 400,
        instance: format.instance,
        detail: 'Żądanie jest nieprawidłowe.',
        errors: [{ code: error.code, description, details: error.details }],
        timestamp: apiTimestamp(format.now),
        traceId: traceId(),
      },
      PROBLEM_JSON,
    );
  }
  return json(400, {
    exception: {
      exceptionDetailList: [{ exceptionCode: error.code, exceptionDescription: description, details: error.details }],
      referenceNumber: randomUUID(),
      serviceCode: `00-${traceId()}-${randomBytes(8).toString('hex')}-00`,
      serviceCtx: 'srvKSEFFAKE',
      serviceName: 'Undefined',
      timestamp: apiTimestamp(format.now),
    },
  });
}

/** 401 is only ever a problem (UnauthorizedProblemDetails), whatever the client asked for. */
export function unauthorized(detail: string, format: ErrorFormat): FakeAnswer {
  return json(
    401,
    {
      title: 'Unauthorized',
      status: 401,
      detail,
      instance: format.instance,
      traceId: traceId(),
      timestamp: apiTimestamp(format.now),
    },
    PROBLEM_JSON,
  );
}

export type ForbiddenReason = 'insufficient-resource-access' | 'missing-permissions';

/** 403 is only ever a problem (ForbiddenProblemDetails) with a `reasonCode`. */
export function forbidden(reasonCode: ForbiddenReason, detail: string, format: ErrorFormat): FakeAnswer {
  return json(
    403,
    {
      title: 'Forbidden',
      status: 403,
      detail,
      instance: format.instance,
      reasonCode,
      traceId: traceId(),
      timestamp: apiTimestamp(format.now),
    },
    PROBLEM_JSON,
  );
}

/** 429 with `Retry-After`: TooManyRequestsResponse, or TooManyRequestsProblemDetails when problems were asked for. */
export function tooManyRequests(retryAfterSeconds: number, detail: string, format: ErrorFormat): FakeAnswer {
  const answer = format.problemDetails
    ? json(
        429,
        {
          title: 'Too Many Requests',
          status: 429,
          instance: format.instance,
          detail,
          timestamp: apiTimestamp(format.now),
          traceId: traceId(),
        },
        PROBLEM_JSON,
      )
    : json(429, { status: { code: 429, description: 'Too Many Requests', details: [detail] } });
  answer.headers['Retry-After'] = String(retryAfterSeconds);
  return answer;
}

/** Thrown by handlers for a 401 or 403; the router writes the matching problem. */
export class KsefRefusal extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly detail: string,
    readonly reasonCode: ForbiddenReason = 'insufficient-resource-access',
  ) {
    super(`${status} ${detail}`);
  }
}
