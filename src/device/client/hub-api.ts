import type { EventEnvelope } from '../../shared/protocol/envelope.js';
import { HubError } from '../core/errors.js';
import type { DeviceKind, PairingResponse, PullResponse, PushResponse, StateSnapshot } from '../core/hub-protocol.js';
import type { HubResponse, HubTransport } from '../core/ports.js';

export interface PairingRequest {
  code: string;
  device: { name: string; kind: DeviceKind; publicKey: string };
}

/** The device protocol calls (DESIGN §3) over a transport; error statuses become HubErrors. */
export class HubApi {
  constructor(private readonly transport: HubTransport) {}

  async pair(request: PairingRequest): Promise<PairingResponse> {
    return expectOk<PairingResponse>(await this.transport.request('POST', '/v1/pairing', request));
  }

  async push(token: string, events: readonly EventEnvelope[]): Promise<PushResponse> {
    return expectOk<PushResponse>(await this.transport.request('POST', '/v1/events', { events }, token));
  }

  async pull(token: string, after: number, limit: number): Promise<PullResponse> {
    return expectOk<PullResponse>(
      await this.transport.request('GET', `/v1/events?after=${after}&limit=${limit}`, undefined, token),
    );
  }

  async state(token: string): Promise<StateSnapshot> {
    return expectOk<StateSnapshot>(await this.transport.request('GET', '/v1/state', undefined, token));
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
