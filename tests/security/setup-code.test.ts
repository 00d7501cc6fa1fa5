import { describe, expect, it } from 'vitest';
import { SetupCode } from '../../src/main/hub/security/setup-code.js';

describe('setup code', () => {
  it('is 8 digits and works exactly once', () => {
    const setup = new SetupCode();
    const code = setup.issue();
    expect(code).toMatch(/^\d{8}$/);
    expect(setup.consume(code)).toBe(true);
    expect(setup.consume(code)).toBe(false);
  });

  it('rejects wrong codes without using up the right one', () => {
    const setup = new SetupCode();
    const code = setup.issue();
    const wrong = code === '00000000' ? '00000001' : '00000000';
    expect(setup.consume(wrong)).toBe(false);
    expect(setup.consume(code.slice(1))).toBe(false);
    expect(setup.consume(`${code} `)).toBe(false);
    expect(setup.consume(code)).toBe(true);
  });

  it('accepts nothing before a code is issued, and only the latest after reissuing', () => {
    const setup = new SetupCode();
    expect(setup.consume('12345678')).toBe(false);
    const first = setup.issue();
    let second = setup.issue();
    while (second === first) second = setup.issue();
    expect(setup.consume(first)).toBe(false);
    expect(setup.consume(second)).toBe(true);
  });
});
