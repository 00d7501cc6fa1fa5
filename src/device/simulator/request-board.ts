/**
 * The requests staff have asked each other for today, as people on the shop floor know them: tills post them,
 * handhelds take them on. The hub decides the versions; the board only says who is working on what.
 */
export interface BoardRequest {
  requestId: string;
  productId: string;
  quantity: number;
  /** open: nobody took it yet; taken: a handheld is approving and filling it; fulfilled: the hub recorded that */
  state: 'open' | 'taken' | 'cancelled' | 'fulfilled';
}

export class RequestBoard {
  private readonly requests: BoardRequest[] = [];

  post(request: Omit<BoardRequest, 'state'>): void {
    this.requests.push({ ...request, state: 'open' });
  }

  /** The oldest open request, now taken by the caller; nobody else gets it. */
  take(): BoardRequest | undefined {
    const request = this.requests.find((r) => r.state === 'open');
    if (request) request.state = 'taken';
    return request;
  }

  /** An open request, now cancelled by the caller. */
  withdraw(): BoardRequest | undefined {
    const request = this.requests.find((r) => r.state === 'open');
    if (request) request.state = 'cancelled';
    return request;
  }

  fulfilled(requestId: string): void {
    const request = this.requests.find((r) => r.requestId === requestId);
    if (request) request.state = 'fulfilled';
  }

  /** Requests whose fulfilment the hub recorded: approving one again is acting on a stale screen. */
  fulfilledRequests(): BoardRequest[] {
    return this.requests.filter((r) => r.state === 'fulfilled');
  }
}
