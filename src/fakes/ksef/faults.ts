/** The invoice outcomes a test can force on the next invoices processed (InvoiceStatusInfo codes). */
export type ForcedRejectionCode = 430 | 450 | 550;

export interface ForcedRejection {
  code: ForcedRejectionCode;
  description: string;
  details: string[];
}

export interface ForcedThrottle {
  retryAfterSeconds: number;
}

const DESCRIPTIONS: Record<ForcedRejectionCode, ForcedRejection> = {
  430: { code: 430, description: 'Błąd weryfikacji pliku faktury', details: ['Odrzucenie wymuszone przez test.'] },
  450: {
    code: 450,
    description: 'Błąd weryfikacji semantyki dokumentu faktury',
    details: ['Odrzucenie wymuszone przez test.'],
  },
  550: {
    code: 550,
    description: 'Operacja została anulowana przez system',
    details: ['Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie'],
  },
};

interface Queued<T> {
  value: T;
  remaining: number;
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
}

/** A FIFO of faults, each striking the next `times` matching events. */
class Queue<T> {
  private readonly items: Queued<T>[] = [];

  push(value: T, times: number): void {
    positiveInteger('times', times);
    this.items.push({ value, remaining: times });
  }

  take(): T | undefined {
    const first = this.items[0];
    if (!first) return undefined;
    first.remaining -= 1;
    if (first.remaining === 0) this.items.shift();
    return first.value;
  }
}

/** Faults a test asks for, consumed in order by the requests and invoices they match. */
export class KsefFaults {
  private readonly throttles = new Queue<ForcedThrottle>();
  private readonly rejections = new Queue<ForcedRejection>();

  rateLimit(times: number, retryAfterSeconds: number): void {
    positiveInteger('retryAfterSeconds', retryAfterSeconds);
    this.throttles.push({ retryAfterSeconds }, times);
  }

  rejectNextInvoices(code: ForcedRejectionCode, times: number, description?: string): void {
    if (!(code in DESCRIPTIONS)) throw new RangeError(`rejectNextInvoices takes 430, 450 or 550 (got ${code})`);
    const rejection = DESCRIPTIONS[code];
    this.rejections.push(description === undefined ? rejection : { ...rejection, details: [description] }, times);
  }

  /** For the next request that needs an access token. */
  takeThrottle(): ForcedThrottle | undefined {
    return this.throttles.take();
  }

  /** For the next invoice whose processing ends. */
  takeRejection(): ForcedRejection | undefined {
    return this.rejections.take();
  }
}
