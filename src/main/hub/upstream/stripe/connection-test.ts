import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';

export interface ConnectionTestResult {
  ok: boolean;
  /** For the Settings screen; never contains the key. */
  message: string;
  latencyMs: number;
}

/**
 * The "test connection" button: reads the balance, the cheapest call that proves both the network path and the key
 * (a probe without a key only proves the first). Never throws, so a route can show whatever happened.
 */
export async function testStripeConnection(stripe: Stripe): Promise<ConnectionTestResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const balance = await stripe.balance.retrieve();
    const mode = balance.livemode ? 'live' : 'test';
    return { ok: true, message: `Connected: Stripe accepted the key (${mode} mode).`, latencyMs: latency() };
  } catch (error) {
    return { ok: false, message: describeFailure(error), latencyMs: latency() };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return 'Stripe refused the key (401): check the secret key.';
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return 'Stripe accepted the key but it may not read the balance (403): a restricted key needs balance read access.';
  }
  if (error instanceof Stripe.errors.StripeConnectionError) return `Cannot reach Stripe: ${error.message}`;
  if (error instanceof Stripe.errors.StripeError) {
    return `Stripe answered ${error.statusCode ?? 'with an error'}: ${error.message}`;
  }
  return `Stripe connection test failed: ${error instanceof Error ? error.message : String(error)}`;
}
