import {
  DRAWER_KICK_MAX_AGE_MS,
  type DrawerKickView,
  type PrinterConfig,
  type PrinterConnection,
  type PrinterStatusReading,
  type WaitReason,
} from '../../../shared/protocol/printing.js';
import type { Logger } from '../observability/logger.js';
import { drawerKickBytes } from './escpos/drawer-kick.js';
import { STATUS_QUERY, readingFrom, waitReasonOf } from './escpos/real-time-status.js';
import type { PrinterLink } from './links/printer-link.js';
import type { DrawerKickStore } from './store/drawer-kick-store.js';
import type { PrintJobStore } from './store/print-job-store.js';
import type { PrinterLiveState } from './store/printer-store.js';

export interface WorkerTiming {
  /** How long one real-time status answer may take, and how many times it is asked. */
  statusTimeoutMs: number;
  statusTries: number;
  /** How long after a job the printer may take to confirm it has the bytes. */
  confirmTimeoutMs: number;
  /** How long a job sent without status checks is watched for a failing link before it counts as printed. */
  settleMs: number;
  /** How often a waiting printer is asked again. */
  pollMs: number;
  /** The longest pause between attempts to reach an unreachable printer. */
  maxBackoffMs: number;
  /** How long the link stays open after the queue empties, so a receipt and its drawer kick share one. */
  lingerMs: number;
  /** After a printer failed to answer status, how long it is printed to without asking again. */
  unreadableRetryMs: number;
  /** How often an idle printer is looked at, so the screen shows "out of paper" before a sale needs it. */
  idleProbeMs: number;
  /** ...and an idle printer last seen unable to print, so the screen shows it back soon after it is. */
  troubleProbeMs: number;
}

export const DEFAULT_TIMING: WorkerTiming = {
  statusTimeoutMs: 300,
  statusTries: 3,
  confirmTimeoutMs: 3_000,
  settleMs: 300,
  pollMs: 1_000,
  maxBackoffMs: 5_000,
  lingerMs: 3_000,
  unreadableRetryMs: 30_000,
  idleProbeMs: 30_000,
  troubleProbeMs: 3_000,
};

/** What a worker tells the print service; the service writes the audit, metrics and live notices. */
export interface WorkerEvents {
  liveState(state: PrinterLiveState): void;
  kickSettled(kick: DrawerKickView, outcome: 'sent' | 'dropped', note: string | null): void;
  jobSettled(jobId: string): void;
}

export interface PrinterWorkerOptions {
  printer: PrinterConfig;
  jobs: PrintJobStore;
  kicks: DrawerKickStore;
  openLink(connection: PrinterConnection): Promise<PrinterLink>;
  events: WorkerEvents;
  logger: Logger;
  timing: WorkerTiming;
  now?: () => Date;
}

const BOTH_STATUS_QUERIES = Buffer.concat([STATUS_QUERY.printer, STATUS_QUERY.rollPaper]);

type StatusCheck =
  | { kind: 'ready'; reading: PrinterStatusReading }
  | { kind: 'unreadable' }
  | { kind: 'wait'; reason: WaitReason; reading: PrinterStatusReading };

const WAIT_WORDS: Record<WaitReason, string> = {
  unreachable: 'the printer could not be reached',
  offline: 'the printer is offline',
  cover_open: 'the printer cover is open',
  paper_out: 'the printer is out of paper',
  error: 'the printer reports an error',
};

/**
 * One printer's queue runner (DESIGN §7). Before printing it asks the printer's real-time status; a printer that
 * cannot print holds its queue and says why; one that does not answer is printed to anyway, marked unknown. Drawer
 * kicks go before receipts and die after 12 s. A job whose bytes may have been lost half-way becomes `uncertain`
 * and stays so until a manager decides: this worker never sends the same job twice on its own.
 */
export class PrinterWorker {
  private link: PrinterLink | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private backoffMs = 0;
  private unreadableUntil = 0;
  private live: PrinterLiveState = { state: 'idle', waitingFor: null };
  private liveKey = '';
  private lastProbe = 0;
  private readonly now: () => Date;

  constructor(private readonly options: PrinterWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get id(): string {
    return this.options.printer.id;
  }

  /** Why the queue is held right now, for job views; null when it is not. */
  get waitingFor(): WaitReason | null {
    return this.live.waitingFor;
  }

  start(): void {
    if (!this.options.printer.enabled) {
      this.setLive({ state: 'disabled', waitingFor: null });
      return;
    }
    this.running ??= this.run();
  }

  /** New work arrived: stop sleeping. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    await this.closeLink();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.step();
      } catch (error) {
        // A bug or a database error must not leave the printer without a worker until the next restart.
        this.options.logger.error({ err: error, printerId: this.id }, 'printer worker step failed; trying again');
        await this.closeLink();
        await this.sleep(this.options.timing.maxBackoffMs, { ignoreWake: true });
      }
    }
  }

  private async step(): Promise<void> {
    this.woken = false;
    const kicks = this.freshKicks();
    const hasJob = this.options.jobs.hasWork(this.id);
    if (kicks.length === 0 && !hasJob) return this.idle();
    const link = await this.ensureLink();
    if (!link) return;
    const check = await this.checkStatus(link);
    if (!check) return;
    if (check.kind === 'wait') {
      this.setLive({ state: 'waiting', waitingFor: check.reason, status: check.reading });
      await this.sleep(this.untilNextKickExpires(this.options.timing.pollMs));
      return;
    }
    const statusUnknown = check.kind === 'unreadable';
    this.setLive({
      state: statusUnknown ? 'unknown' : 'printing',
      waitingFor: null,
      ...(check.kind === 'ready' ? { status: check.reading } : {}),
    });
    if (kicks.length > 0) await this.sendKicks(link, kicks);
    else await this.printNext(link, statusUnknown);
  }

  /**
   * Nothing to do: keep the link a moment for a kick that follows its receipt, then let the printer go (many take
   * one client at a time). Every `idleProbeMs` the status is read anyway, so a problem shows before a sale meets it.
   */
  private async idle(): Promise<void> {
    const { lingerMs } = this.options.timing;
    const probeMs = this.live.waitingFor ? this.options.timing.troubleProbeMs : this.options.timing.idleProbeMs;
    if (this.live.waitingFor === null) {
      this.setLive({ state: Date.now() < this.unreadableUntil ? 'unknown' : 'idle', waitingFor: null });
    }
    if (this.link) {
      await this.sleep(lingerMs);
      if (this.woken || this.stopped) return;
      await this.closeLink();
    }
    const sinceProbe = Date.now() - this.lastProbe;
    if (sinceProbe >= probeMs) {
      this.lastProbe = Date.now();
      await this.probe();
      return;
    }
    await this.sleep(probeMs - sinceProbe);
  }

  private async probe(): Promise<void> {
    try {
      this.link = await this.options.openLink(this.options.printer.connection);
    } catch {
      this.setLive({ state: 'waiting', waitingFor: 'unreachable' });
      return;
    }
    const check = await this.checkStatus(this.link);
    if (check?.kind === 'wait') this.setLive({ state: 'waiting', waitingFor: check.reason, status: check.reading });
    else if (check?.kind === 'ready') this.setLive({ state: 'idle', waitingFor: null, status: check.reading });
    else if (check) this.setLive({ state: 'unknown', waitingFor: null });
    await this.closeLink();
  }

  private async ensureLink(): Promise<PrinterLink | undefined> {
    if (this.link && !this.link.broken) return this.link;
    await this.closeLink();
    try {
      this.link = await this.options.openLink(this.options.printer.connection);
      this.backoffMs = 0;
      return this.link;
    } catch (error) {
      this.options.logger.debug({ err: error, printerId: this.id }, 'printer unreachable');
      this.setLive({ state: 'waiting', waitingFor: 'unreachable' });
      this.backoffMs = Math.min(this.options.timing.maxBackoffMs, Math.max(250, this.backoffMs * 2));
      await this.sleep(this.untilNextKickExpires(this.backoffMs), { ignoreWake: true });
      return undefined;
    }
  }

  /**
   * `DLE EOT 1` and `4` (paper) sent together, then `2` if offline (why). Undefined when the link broke while asking.
   * Together, because each answer costs a turn of the hub's event loop, which a till's batch can hold for a while;
   * what a printer did not answer is asked again one query at a time, up to `statusTries` in all.
   */
  private async checkStatus(link: PrinterLink): Promise<StatusCheck | undefined> {
    if (Date.now() < this.unreadableUntil) return { kind: 'unreadable' };
    try {
      const { statusTimeoutMs, statusTries } = this.options.timing;
      const [first, paper] = await link.query(BOTH_STATUS_QUERIES, statusTimeoutMs, 2);
      // The query sent together was the first try of each.
      const printer = first ?? (await this.ask(link, STATUS_QUERY.printer, statusTries - 1));
      if (printer === undefined) {
        this.unreadableUntil = Date.now() + this.options.timing.unreadableRetryMs;
        return { kind: 'unreadable' };
      }
      const offline = (printer & 0x08) !== 0;
      const offlineCause = offline ? await this.ask(link, STATUS_QUERY.offlineCause) : undefined;
      const rollPaper = paper ?? (await this.ask(link, STATUS_QUERY.rollPaper, statusTries - 1)) ?? 0x12;
      const reading = readingFrom({ printer, rollPaper, ...(offlineCause !== undefined ? { offlineCause } : {}) });
      const reason = waitReasonOf(reading);
      return reason ? { kind: 'wait', reason, reading } : { kind: 'ready', reading };
    } catch (error) {
      this.options.logger.info({ err: error, printerId: this.id }, 'printer link lost while reading status');
      await this.closeLink();
      return undefined;
    }
  }

  private async ask(
    link: PrinterLink,
    query: Buffer,
    tries = this.options.timing.statusTries,
  ): Promise<number | undefined> {
    for (let attempt = 0; attempt < tries; attempt++) {
      const [answer] = await link.query(query, this.options.timing.statusTimeoutMs);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  private async sendKicks(link: PrinterLink, kicks: DrawerKickView[]): Promise<void> {
    const { drawer, model } = this.options.printer;
    for (const kick of kicks) {
      if (!drawer) {
        this.settleKick(kick, 'dropped', 'no drawer is wired to this printer');
        continue;
      }
      try {
        await link.write(drawerKickBytes(model, drawer));
        this.settleKick(kick, 'sent', null);
      } catch (error) {
        // The pulse may have gone out before the line failed; it is not sent again either way.
        this.settleKick(kick, 'dropped', `the link failed while sending: ${(error as Error).message}`);
        await this.closeLink();
        return;
      }
    }
  }

  private async printNext(link: PrinterLink, statusUnknown: boolean): Promise<void> {
    const job = this.options.jobs.next(this.id);
    if (!job) return;
    const { jobs, timing } = this.options;
    if (!jobs.transition(job.id, ['queued'], 'printing', this.stamp(), { attempt: true, statusUnknown })) return;
    this.options.events.jobSettled(job.id);
    let outcome: { state: 'printed' | 'uncertain'; note: string | null };
    try {
      await link.write(job.bytes);
      outcome = statusUnknown ? await this.settled(link) : await this.confirm(link, timing.confirmTimeoutMs);
    } catch (error) {
      outcome = { state: 'uncertain', note: `the link failed mid-job (${(error as Error).message})` };
    }
    jobs.transition(job.id, ['printing'], outcome.state, this.stamp(), { note: outcome.note });
    if (outcome.state === 'uncertain') await this.closeLink();
    this.options.events.jobSettled(job.id);
  }

  /**
   * A status answer after the job means the printer has every byte before it: it answers in order. No answer, or
   * a printer that went offline meanwhile (paper ran out, cover opened), leaves the receipt in doubt.
   */
  private async confirm(
    link: PrinterLink,
    timeoutMs: number,
  ): Promise<{ state: 'printed' | 'uncertain'; note: string | null }> {
    const [answer] = await link.query(STATUS_QUERY.printer, timeoutMs);
    if (answer === undefined) {
      return { state: 'uncertain', note: 'the printer stopped answering during the job' };
    }
    if ((answer & 0x08) !== 0) {
      return { state: 'uncertain', note: 'the printer went offline during the job (paper or cover?)' };
    }
    return { state: 'printed', note: null };
  }

  /**
   * A printer that does not answer status cannot confirm a job; the best left is to see that the link did not
   * fail right after the bytes went out (a reset connection, a port that vanished).
   */
  private async settled(link: PrinterLink): Promise<{ state: 'printed' | 'uncertain'; note: string | null }> {
    await new Promise((resolve) => setTimeout(resolve, this.options.timing.settleMs));
    return link.broken
      ? { state: 'uncertain', note: 'the link failed just after the job was sent' }
      : { state: 'printed', note: null };
  }

  /** Queued kicks still worth sending; the stale ones are dropped (and audited by the service) here. */
  private freshKicks(): DrawerKickView[] {
    const now = this.now().getTime();
    return this.options.kicks.queued(this.id).filter((kick) => {
      if (now - Date.parse(kick.requestedAt) <= DRAWER_KICK_MAX_AGE_MS) return true;
      const why = this.live.waitingFor ? WAIT_WORDS[this.live.waitingFor] : 'the printer did not take it in time';
      this.settleKick(kick, 'dropped', `not sent within 12 s: ${why}`);
      return false;
    });
  }

  private settleKick(kick: DrawerKickView, outcome: 'sent' | 'dropped', note: string | null): void {
    if (this.options.kicks.settle(kick.id, outcome, this.stamp(), note)) {
      this.options.events.kickSettled(kick, outcome, note);
    }
  }

  /** Sleeps no longer than until the oldest queued kick goes stale, so its drop is logged on time. */
  private untilNextKickExpires(ms: number): number {
    const oldest = this.options.kicks.queued(this.id)[0];
    if (!oldest) return ms;
    const left = Date.parse(oldest.requestedAt) + DRAWER_KICK_MAX_AGE_MS + 1 - this.now().getTime();
    return Math.max(0, Math.min(ms, left));
  }

  /** Tells the service only about changes: a worker polling a printer without paper writes nothing new. */
  private setLive(next: PrinterLiveState): void {
    const status = next.status ?? this.live.status;
    this.live = { ...next, ...(status ? { status } : {}) };
    const key = JSON.stringify(this.live);
    if (key === this.liveKey) return;
    this.liveKey = key;
    this.options.events.liveState(this.live);
  }

  /** Resolves after `ms`, or at once on wake; undefined waits for a wake only. */
  private sleep(ms: number | undefined, options: { ignoreWake?: boolean } = {}): Promise<void> {
    if (this.stopped || (this.woken && !options.ignoreWake)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      const wakeUp = () => {
        if (!options.ignoreWake || this.stopped) done();
      };
      this.wakeUp = wakeUp;
      function done() {
        if (timer) clearTimeout(timer);
        resolve();
      }
    });
  }

  private async closeLink(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.close().catch(() => undefined);
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
