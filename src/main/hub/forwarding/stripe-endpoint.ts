import type { StripeEndpoint } from '../upstream/stripe/stripe-api-url.js';

/** `upstream.stripe.apiBase` (`http://127.0.0.1:12111` for the fake) as the SDK's host, port and protocol. */
export function stripeEndpoint(apiBase: string): StripeEndpoint {
  if (apiBase === '') return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, protocol, ...(url.port === '' ? {} : { port: Number(url.port) }) };
}
