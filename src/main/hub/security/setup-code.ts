import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The one-time code printed at first start to create the owner. Kept in memory only: it dies with the process,
 * so a leaked log line is useless after a restart. Issuing again replaces the previous code.
 */
export class SetupCode {
  private code: string | undefined;

  issue(): string {
    this.code = randomInt(0, 100_000_000).toString().padStart(8, '0');
    return this.code;
  }

  /** True once for the issued code; afterwards (or if none was issued) always false. */
  consume(code: string): boolean {
    if (this.code === undefined || typeof code !== 'string') return false;
    const expected = Buffer.from(this.code, 'utf8');
    const given = Buffer.from(code, 'utf8');
    // The length check may short-circuit: the issued code's length (8) is no secret.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    this.code = undefined;
    return true;
  }
}
