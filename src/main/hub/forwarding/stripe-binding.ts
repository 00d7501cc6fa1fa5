import type Stripe from 'stripe';
import type { UpstreamSettings } from '../config/settings-schema.js';
import type { Clock } from '../upstream/clock/clock.js';
import type * as StripeConnectorModule from '../upstream/stripe/index.js';
import type { ConnectionTestResult } from '../upstream/stripe/index.js';
import { STRIPE_CONNECTOR } from '../upstream/stripe/stripe-jobs.js';
import type { Connector } from '../upstream/workers/connector.js';
import { stripeEndpoint } from './stripe-endpoint.js';

type StripeModule = typeof StripeConnectorModule;

/** The SDK is large and most hubs start without a key (or never forward a card), so it loads when first used. */
const loadStripe = (): Promise<StripeModule> => import('../upstream/stripe/index.js');

/**
 * The Stripe connector with a key that can change while the hub runs: the connector reads the current client on
 * every attempt, so a key set in Settings applies to the next one without rebuilding the pool.
 */
export class StripeBinding {
  readonly connector: Connector;
  private key: string | undefined;
  private client: Stripe | undefined;
  private sdkConnector: Connector | undefined;

  constructor(
    private readonly settings: UpstreamSettings['stripe'],
    clock: Clock,
  ) {
    this.connector = {
      name: STRIPE_CONNECTOR,
      perform: async (job, signal) => {
        const sdk = await loadStripe();
        this.sdkConnector ??= sdk.createStripeConnector({ stripe: () => this.current(sdk), clock });
        return this.sdkConnector.perform(job, signal);
      },
    };
  }

  get hasKey(): boolean {
    return this.key !== undefined;
  }

  useKey(secretKey: string): void {
    this.key = secretKey;
    this.client = undefined;
  }

  async test(): Promise<ConnectionTestResult | undefined> {
    if (this.key === undefined) return undefined;
    const sdk = await loadStripe();
    return sdk.testStripeConnection(this.current(sdk));
  }

  private current(sdk: StripeModule): Stripe {
    // The pool stays paused without a key; reaching here means a key was never set, which a person must fix.
    if (this.key === undefined) throw new Error('no Stripe secret key is set');
    this.client ??= sdk.createStripeClient({
      secretKey: this.key,
      ...stripeEndpoint(this.settings.apiBase),
      timeoutMs: Math.min(15_000, this.settings.timeoutSeconds * 1000),
    });
    return this.client;
  }
}
