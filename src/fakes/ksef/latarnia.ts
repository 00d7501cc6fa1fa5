import { type FakeAnswer, isRead, json, NOT_A_READ, text } from './answers.js';
import type { LatarniaMessage, LatarniaStatusCode } from './latarnia-messages.js';

export interface LatarniaState {
  status: LatarniaStatusCode;
  messages: LatarniaMessage[];
}

interface QueuedFailure {
  status: number;
  remaining: number;
}

/**
 * KSeF's status service: `GET /status` → `{ status, messages }`, `GET /messages` → `Message[]` (research §7). It has
 * answered 502 and 504 for stretches (CIRFMF/ksef-latarnia #15, #28), so failures can be queued; they strike before
 * routing, as a gateway's would.
 */
export class LatarniaService {
  private state: LatarniaState = { status: 'AVAILABLE', messages: [] };
  private readonly failures: QueuedFailure[] = [];

  set(state: LatarniaState): void {
    this.state = structuredClone(state);
  }

  /** Queues `status` for the next `times` requests to Latarnia, after any failures already queued. */
  fail(status: number, times: number): void {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new RangeError(`Latarnia fails with a 5xx status (got ${status})`);
    }
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer (got ${times})`);
    this.failures.push({ status, remaining: times });
  }

  /** `path` is relative to Latarnia's base: `/status`, `/messages`. */
  answer(method: string, path: string): FakeAnswer {
    const failure = this.takeFailure();
    if (failure !== undefined) return gatewayError(failure);
    if (!isRead(method)) return NOT_A_READ;
    if (path === '/status') return json(200, this.state);
    if (path === '/messages') return json(200, this.state.messages);
    return text(404, `no Latarnia resource at ${path}\n`);
  }

  private takeFailure(): number | undefined {
    const first = this.failures[0];
    if (!first) return undefined;
    first.remaining -= 1;
    if (first.remaining === 0) this.failures.shift();
    return first.status;
  }
}

/** The HTML page a reverse proxy sends when the service behind it is down: not JSON, as a client really meets it. */
function gatewayError(status: number): FakeAnswer {
  const page = `<html><head><title>${status} Gateway Error</title></head><body><h1>${status}</h1></body></html>\n`;
  return text(status, page, { 'Content-Type': 'text/html' });
}
