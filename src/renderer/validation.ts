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
