/** Where the Stripe API is: api.stripe.com over HTTPS unless a loopback fake is configured. */
export interface StripeEndpoint {
  host?: string | undefined;
  port?: number | undefined;
  protocol?: 'https' | 'http' | undefined;
}

/** The API root a probe asks; derived from the same settings as the client so the two cannot disagree. */
export function stripeApiUrl(endpoint: StripeEndpoint): string {
  const protocol = endpoint.protocol ?? 'https';
  const port = endpoint.port ?? (protocol === 'https' ? 443 : 80);
  return `${protocol}://${endpoint.host ?? 'api.stripe.com'}:${port}/v1`;
}
