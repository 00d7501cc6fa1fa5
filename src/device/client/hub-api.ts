import type { EventEnvelope } from '../../shared/protocol/envelope.js';
import { HubError } from '../core/errors.js';
import type {
  PairingReply,
  PairingRequest,
  PullReply,
  PushReply,
  StateReply,
} from '../../shared/protocol/device-api.js';
import type { OfflineAuthorizationReply, OfflineAuthorizationRequest } from '../../shared/protocol/payment-payloads.js';
import type {
  DrawerKickView,
  DrawerOpenRequest,
  PrintJobRequest,
  PrintJobView,
} from '../../shared/protocol/printing.js';
import type { HubResponse, HubTransport } from '../core/ports.js';

/** The device protocol calls (DESIGN §3) over a transport; error statuses become HubErrors. */
export class HubApi {
  constructor(private readonly transport: HubTransport) {}

  async pair(request: PairingRequest): Promise<PairingReply> {
    return expectOk<PairingReply>(await this.transport.request('POST', '/v1/pairing', request));
  }

  async push(token: string, events: readonly EventEnvelope[]): Promise<PushReply> {
    return expectOk<PushReply>(await this.transport.request('POST', '/v1/events', { events }, token));
  }

  async pull(token: string, after: number, limit: number): Promise<PullReply> {
    return expectOk<PullReply>(
      await this.transport.request('GET', `/v1/events?after=${after}&limit=${limit}`, undefined, token),
    );
  }

  async state(token: string): Promise<StateReply> {
    return expectOk<StateReply>(await this.transport.request('GET', '/v1/state', undefined, token));
  }

  /** Idempotent on `paymentId`: asking again returns the first answer, or the manager's decision once made. */
  async authorizeOfflinePayment(
    token: string,
    request: OfflineAuthorizationRequest,
  ): Promise<OfflineAuthorizationReply> {
    return expectOk<OfflineAuthorizationReply>(
      await this.transport.request('POST', '/v1/payments/offline-authorizations', request, token),
    );
  }

  /** Queues a receipt the hub renders from its ledger (202). Idempotent on `clientKey`: the same key, the same job. */
  async createPrintJob(token: string, request: PrintJobRequest): Promise<PrintJobView> {
    return expectOk<PrintJobView>(await this.transport.request('POST', '/v1/print-jobs', request, token));
  }

  /** One of this device's print jobs; another device's answer 404 UNKNOWN_PRINT_JOB. */
  async printJob(token: string, id: string): Promise<PrintJobView> {
    return expectOk<PrintJobView>(
      await this.transport.request('GET', `/v1/print-jobs/${encodeURIComponent(id)}`, undefined, token),
    );
  }

  /** This device's print jobs, newest first; by `saleId` to find the receipt a sale's `printReceipt` queued. */
  async printJobs(token: string, query: { saleId?: string; limit?: number } = {}): Promise<PrintJobView[]> {
    const params = new URLSearchParams();
    if (query.saleId !== undefined) params.set('saleId', query.saleId);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.toString();
    const reply = expectOk<{ jobs: PrintJobView[] }>(
      await this.transport.request('GET', `/v1/print-jobs${search ? `?${search}` : ''}`, undefined, token),
    );
    return reply.jobs;
  }

  /** Queues a drawer pulse (202); a drawer's id is its printer's id. The kick is dropped if not sent within 12 s. */
  async openDrawer(token: string, drawerId: string, request: DrawerOpenRequest): Promise<DrawerKickView> {
    return expectOk<DrawerKickView>(
      await this.transport.request('POST', `/v1/drawers/${encodeURIComponent(drawerId)}/open`, request, token),
    );
  }
}

function expectOk<T>(response: HubResponse): T {
  if (response.status >= 200 && response.status < 300) return response.body as T;
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  throw new HubError(
    response.status,
    typeof error?.code === 'string' ? error.code : 'HTTP_' + response.status,
    typeof error?.message === 'string' ? error.message : 'the hub answered without an error body',
  );
}
