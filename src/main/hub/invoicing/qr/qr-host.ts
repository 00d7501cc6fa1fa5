/** The KSeF environments, named as the Ministry names them: test, pre-production, production. */
export type KsefEnvironment = 'TE' | 'DEMO' | 'PRD';

/**
 * Where each environment's verification pages live (ksef-docs kody-qr.md, since 2025-12-15). The older
 * ksef-test.mf.gov.pl/client-app hosts still quoted by third-party code are gone: a code printed with them scans to
 * nothing.
 */
export const KSEF_QR_HOSTS: Readonly<Record<KsefEnvironment, string>> = {
  TE: 'qr-test.ksef.mf.gov.pl',
  DEMO: 'qr-demo.ksef.mf.gov.pl',
  PRD: 'qr.ksef.mf.gov.pl',
};

/** An environment, or an explicit host (a fake KSeF in tests, or a host the Ministry moved before the app caught up). */
export type QrHostChoice = { environment: KsefEnvironment; qrHost?: never } | { qrHost: string; environment?: never };

/*
 * A bare lower-case host, with an optional port: KOD II signs the link from the host onwards, so the host must be
 * written exactly as it will appear in the printed link: no scheme, no path, one spelling.
 */
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

export function qrHostOf(choice: QrHostChoice): string {
  if (choice.environment !== undefined) {
    // Settings arrive as JSON, so the type alone does not keep out 'PROD' (or 'toString').
    if (!Object.hasOwn(KSEF_QR_HOSTS, choice.environment)) {
      throw new RangeError(`unknown KSeF environment ${JSON.stringify(choice.environment)}`);
    }
    return KSEF_QR_HOSTS[choice.environment];
  }
  if (!HOST.test(choice.qrHost)) {
    throw new RangeError(
      `qrHost must be a bare lower-case host such as qr-test.ksef.mf.gov.pl, got ${JSON.stringify(choice.qrHost)}`,
    );
  }
  return choice.qrHost;
}
