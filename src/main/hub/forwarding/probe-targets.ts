import type { Database } from 'better-sqlite3';
import type { UpstreamSettings } from '../config/settings-schema.js';
import { stripeApiUrl } from '../upstream/stripe/stripe-api-url.js';
import { readMetaJson, writeMetaJson } from '../ledger/hub-meta.js';
import { stripeEndpoint } from './stripe-endpoint.js';

const META_KEY = 'upstream.probeTargets';

export interface ProbeUrls {
  internet: string;
  stripe: string;
}

/**
 * The URLs the connectivity monitor probes: the config's, unless a manager saved others on the Settings screen
 * (kept in hub_meta, so they survive a restart). An empty Stripe probe follows the connector's own API base.
 */
export class ProbeTargets {
  private current: ProbeUrls;

  constructor(
    private readonly db: Database,
    settings: UpstreamSettings,
  ) {
    const configured: ProbeUrls = {
      internet: settings.probes.internet,
      stripe: settings.probes.stripe || `${stripeApiUrl(stripeEndpoint(settings.stripe.apiBase))}/`,
    };
    this.current = readMetaJson<ProbeUrls>(db, META_KEY) ?? configured;
  }

  urls(): ProbeUrls {
    return { ...this.current };
  }

  save(urls: ProbeUrls): ProbeUrls {
    writeMetaJson(this.db, META_KEY, urls);
    this.current = { ...urls };
    return this.urls();
  }
}
