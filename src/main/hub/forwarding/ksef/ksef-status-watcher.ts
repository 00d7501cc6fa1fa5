import type { UpstreamSettings } from '../../config/settings-schema.js';
import type { InvoicingService } from '../../invoicing/invoicing-service.js';
import type { Logger } from '../../observability/logger.js';
import type { Clock } from '../../upstream/clock/clock.js';
import { httpProbe } from '../../upstream/connectivity/http-probe.js';
import { ksefAvailability } from '../../upstream/ksef/ksef-availability.js';
import { readLatarnia } from '../../upstream/ksef/latarnia-client.js';
import type { LatarniaStatus } from '../../upstream/ksef/latarnia-status.js';
import { ksefApiBase, latarniaBase } from './ksef-endpoints.js';

export interface KsefStatusWatcherOptions {
  invoicing: InvoicingService;
  settings: UpstreamSettings['ksef'];
  timeZone: () => string;
  clock: Clock;
  logger: Logger;
}

/**
 * Keeps the hub's recorded word on KSeF current (issue 9): every `checkSeconds` it probes the KSeF API and reads
 * Latarnia, and records a `ksef.status` fact when the availability or the announcements change, so each invoice is
 * issued in the mode the facts allow and its deadline can be proven later. Nothing is probed until a seller is set
 * up: a store that does not invoice sends nothing to KSeF.
 */
export class KsefStatusWatcher {
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: KsefStatusWatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** One look at KSeF; resolves once its finding is recorded (or found unchanged). */
  async check(): Promise<void> {
    const { invoicing, settings, logger } = this.options;
    const { environment, seller } = invoicing.settingsView();
    if (!seller) return;
    const api = ksefApiBase(settings, environment);
    const latarniaUrl = latarniaBase(settings, environment);
    const timeout = () => AbortSignal.timeout(settings.timeoutSeconds * 1000);
    const [apiReachable, latarnia] = await Promise.all([
      httpProbe({ url: api })(timeout()).then(
        () => true,
        () => false,
      ),
      latarniaUrl
        ? readLatarnia({ url: latarniaUrl, signal: timeout() }).catch((error: unknown): LatarniaStatus | null => {
            logger.warn({ err: error }, 'KSeF status service (Latarnia) could not be read');
            return null;
          })
        : Promise.resolve(null),
    ]);
    const recorded = invoicing.recordKsefStatus(
      ksefAvailability({ apiReachable, latarnia, timeZone: this.options.timeZone() }),
    );
    if (recorded)
      logger.info(
        { availability: (recorded.event.payload as { availability: string }).availability },
        'KSeF status changed',
      );
  }

  private schedule(ms: number): void {
    this.cancel = this.options.clock.schedule(ms, () => {
      void this.check()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'KSeF status check failed'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.options.settings.checkSeconds * 1000);
        });
    });
  }
}
