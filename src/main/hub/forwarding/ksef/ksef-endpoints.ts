import type { UpstreamSettings } from '../../config/settings-schema.js';

export type KsefEnvironment = 'TE' | 'DEMO' | 'PRD';

/** Each environment's API and status service (research §1). DEMO has no Latarnia in the official clients. */
const ENDPOINTS: Record<KsefEnvironment, { api: string; latarnia: string | null }> = {
  TE: { api: 'https://api-test.ksef.mf.gov.pl/v2', latarnia: 'https://api-latarnia-test.ksef.mf.gov.pl/' },
  DEMO: { api: 'https://api-demo.ksef.mf.gov.pl/v2', latarnia: null },
  PRD: { api: 'https://api.ksef.mf.gov.pl/v2', latarnia: 'https://api-latarnia.ksef.mf.gov.pl/' },
};

/** The configured API base, or the invoicing environment's own. */
export function ksefApiBase(settings: UpstreamSettings['ksef'], environment: KsefEnvironment): string {
  return settings.apiBase || ENDPOINTS[environment].api;
}

export function latarniaBase(settings: UpstreamSettings['ksef'], environment: KsefEnvironment): string | null {
  return settings.latarniaUrl || ENDPOINTS[environment].latarnia;
}
