import type Stripe from 'stripe';
import type { UpstreamSettings } from '../config/settings-schema.js';
import type { Clock } from '../upstream/clock/clock.js';
import type { Connector } from '../upstream/workers/connector.js';
import {
  createStripeClient,
  createStripeConnector,
  testStripeConnection,
  type ConnectionTestResult,
} from '../upstream/stripe/index.js';
import { stripeEndpoint } from './stripe-endpoint.js';

/**
 * The Stripe connector with a key that can change while the hub runs: the connector reads the current client on
 * every attempt, so a key set in Settings applies to the next one without rebuilding the pool.
 */
export class StripeBinding {
  readonly connector: Connector;
  private client: Stripe | undefined;

  constructor(
    private readonly settings: UpstreamSettings['stripe'],
    clock: Clock,
  ) {
    this.connector = createStripeConnector({ stripe: () => this.current(), clock });
  }

  get hasKey(): boolean {
    return this.client !== undefined;
  }

  useKey(secretKey: string): void {
    this.client = createStripeClient({
      secretKey,
      ...stripeEndpoint(this.settings.apiBase),
      timeoutMs: Math.min(15_000, this.settings.timeoutSeconds * 1000),
    });
  }

  async test(): Promise<ConnectionTestResult | undefined> {
    return this.client && testStripeConnection(this.client);
  }

  private current(): Stripe {
    // The pool stays paused without a key; reaching here means a key was never set, which a person must fix.
    if (!this.client) throw new Error('no Stripe secret key is set');
    return this.client;
  }
}
