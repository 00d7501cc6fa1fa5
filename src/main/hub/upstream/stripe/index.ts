export { createStripeConnector, DEFAULT_NOT_READY_BACKOFF, STRIPE_KEY_AGE_LIMIT_MS } from './stripe-connector.js';
export type { StripeConnectorOptions } from './stripe-connector.js';
export { createStripeClient, DEFAULT_STRIPE_TIMEOUT_MS, stripeApiUrl } from './stripe-client.js';
export type { StripeClientOptions, StripeEndpoint } from './stripe-client.js';
export { testStripeConnection } from './connection-test.js';
export type { ConnectionTestResult } from './connection-test.js';
export { stripeProbe } from './stripe-probe.js';
export * from './stripe-jobs.js';
