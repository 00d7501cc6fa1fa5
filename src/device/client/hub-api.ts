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
