import { systemClock, type Clock } from '../clock/clock.js';
import type { UpstreamJob } from '../outbox/upstream-job.js';
import { abortable } from '../stripe/abortable.js';
import type { Connector } from '../workers/connector.js';
import { UpstreamError } from '../workers/upstream-error.js';
import { clearStaging, dropFile, type DropHooks } from './folder-drop.js';
import { postDocument } from './https-post.js';
import { CONEXXUS_CONNECTOR, parseNaxmlJob, type NaxmlJobResult } from './naxml-jobs.js';
import type { NaxmlTransportConfig } from './naxml-transport.js';

export interface NaxmlConnectorOptions {
  /** Read at every perform, so a transport changed in Settings applies to the next attempt; null: not set up. */
  transport: () => NaxmlTransportConfig | null;
  /** The pool's clock, for `deliveredAt`. */
  clock?: Clock | undefined;
  /** For the crash test only (see DropHooks); the hub never passes it. */
  dropHooks?: DropHooks | undefined;
}

/**
 * The Conexxus connector (DESIGN §6): delivers a job's NAXML document, byte for byte, by the transport configured
 * now: a folder drop or an HTTPS POST. Resolves with a NaxmlJobResult; failures are UpstreamErrors classified by
 * `dropFile` and `postDocument`. Run its pool with `maxAttempts: NAXML_MAX_ATTEMPTS`.
 */
export class NaxmlConnector implements Connector {
  readonly name = CONEXXUS_CONNECTOR;
  private readonly clock: Clock;
  /** Per folder, the one staging clean-up that every drop into it waits for (see `stagingCleared`). */
  private readonly cleared = new Map<string, Promise<void>>();

  constructor(private readonly options: NaxmlConnectorOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async perform(job: UpstreamJob, signal: AbortSignal): Promise<NaxmlJobResult> {
    const payload = parseNaxmlJob(job.kind, job.payload);
    const transport = this.options.transport();
    // Retryable, so jobs made before Conexxus was set up wait for it instead of dying.
    if (transport === null) throw new UpstreamError('not_ready', 'Conexxus is not set up');
    signal.throwIfAborted();
    const bytes = Buffer.from(payload.document, 'utf8');
    if (transport.kind === 'folder') {
      const { folder } = transport;
      // A local write cannot be aborted, and a hung share can block it for minutes: the pool is answered at once,
      // and the abandoned write, if it ever finishes, put the same bytes under the same name as the retry will.
      const path = await abortable(async () => {
        await this.stagingCleared(folder);
        return dropFile(folder, payload.fileName, bytes, this.options.dropHooks);
      }, signal);
      return { transport: 'folder', path, deliveredAt: this.clock.now().toISOString() };
    }
    const { status, ack } = await postDocument({
      url: transport.url,
      auth: transport.auth,
      fileName: payload.fileName,
      document: bytes,
      idempotencyKey: job.idempotencyKey,
      signal,
    });
    return { transport: 'https', status, ack, deliveredAt: this.clock.now().toISOString() };
  }

  /**
   * Temp files a crashed process left in a folder's staging are removed once, before this process's first drop
   * into it; every drop waits for that, so no clean-up can ever delete a temp file of a drop in progress. A failed
   * clean-up is tried again by the next drop.
   */
  private stagingCleared(folder: string): Promise<void> {
    let clearing = this.cleared.get(folder);
    if (!clearing) {
      clearing = clearStaging(folder);
      this.cleared.set(folder, clearing);
      clearing.catch(() => this.cleared.delete(folder));
    }
    return clearing;
  }
}
