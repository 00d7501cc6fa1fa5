/** Client-side checks that mirror the hub's request schemas, so mistakes get a plain sentence before any request. */

export const PIN_RULE = '4 to 12 digits';

export function pinProblem(pin: string): string | null {
  return /^[0-9]{4,12}$/.test(pin) ? null : `A PIN is ${PIN_RULE}, numbers only.`;
}

export function setupCodeProblem(code: string): string | null {
  return /^[0-9]{8}$/.test(code) ? null : 'The setup code is 8 digits. Copy it from the hub’s console.';
}

export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name.';
  if (name.length > 64) return 'A name can be at most 64 characters.';
  return null;
}

/** StripeKeyUpdate's pattern: a secret (sk_) or restricted (rk_) key, test or live. */
export function stripeKeyProblem(key: string): string | null {
  return /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$/.test(key)
    ? null
    : 'A Stripe secret key starts with sk_live_ or sk_test_ (rk_ for a restricted key), then letters and digits. Copy it from the Stripe Dashboard → Developers → API keys.';
}

/** ProbeTargetsUpdate's pattern: a web address the hub can fetch. */
export function probeUrlProblem(label: string, url: string): string | null {
  if (!/^https?:\/\//.test(url)) return `${label}: enter a web address starting with https:// (or http://).`;
  return url.length > 2048 ? `${label}: a web address can be at most 2048 characters.` : null;
}

/** KsefTokenUpdate's pattern: 8 to 2000 printable characters, no spaces. */
export function ksefTokenProblem(token: string): string | null {
  if (token.length < 8 || token.length > 2000 || !/^[\x21-\x7e]+$/.test(token))
    return 'A KSeF token is 8 to 2000 characters with no spaces. Copy it whole from KSeF, where it was generated for the seller.';
  return null;
}
