import type { Probe } from '../connectivity/connectivity-monitor.js';
import { httpProbe } from '../connectivity/http-probe.js';
import { stripeApiUrl, type StripeEndpoint } from './stripe-api-url.js';

/**
 * The connectivity monitor's probe for Stripe: a keyless HEAD of the API root. Stripe answers it with 401, which
 * httpProbe counts as reachable (any answer below 500), so the probe never sends the secret key and a wrong key shows
 * as dead `auth` jobs and the test-connection result, not as "Stripe offline".
 */
export function stripeProbe(endpoint: StripeEndpoint = {}): Probe {
  return httpProbe({ url: stripeApiUrl(endpoint) });
}
