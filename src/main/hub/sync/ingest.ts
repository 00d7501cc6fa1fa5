import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type { PushReply, PushResult } from '../../../shared/protocol/device-api.js';
import type { EventEnvelope, RejectionCode } from '../../../shared/protocol/envelope.js';
import { eventTypeSpec } from '../../../shared/protocol/event-types.js';
import { canonicalEnvelope } from '../../../shared/protocol/signing.js';
import type { Decision } from '../decisions/decision.js';
import { clockSkewFlag } from '../devices/clock-skew.js';
import type { AuthenticatedDevice, DeviceRegistry } from '../devices/device-registry.js';
import type { LedgerRecord } from '../ledger/event-log.js';
import { CommitGroups } from '../ledger/commit-groups.js';
import type { Ledger } from '../ledger/ledger.js';
import type { BulkGate } from '../scheduling/foreground-holds.js';
import type { SignatureWorkers } from '../devices/signature-workers.js';
import { deciderFor } from './event-deciders.js';
import { envelopeValidator, firstProblem, payloadValidator } from './protocol-validators.js';

type Rejection = { kind: 'reject'; code: RejectionCode; message: string };

/** An event whose envelope, device and signature checked out, with its canonical text for the ledger record. */
interface Signed {
  kind: 'signed';
  envelope: EventEnvelope;
  eventJson: string;
}

/** What the checks say about one pushed event before anything is recorded. */
type Verdict = Rejection | { kind: 'replay'; record: LedgerRecord } | { kind: 'decide'; signed: Signed };

const reject = (code: RejectionCode, message: string): Rejection => ({ kind: 'reject', code, message });

/**
 * Events recorded per commit-group step. A 500-event batch in one transaction held the event loop ~15 ms, and a
 * drawer kick's request waited behind it (issue 11); in steps, the loop serves I/O between them. It also bounds a
 * commit group, so the small pushes of fifty tills still share one.
 */
export const RECORD_STEP = 100;

/** A batch on its way through its steps: what they recorded so far, and whether one ended it. */
interface BatchRun {
  device: AuthenticatedDevice;
  events: readonly unknown[];
  receivedAt: Date;
  results: PushResult[];
  lastSequence: number;
  /** The head after the last step's records. */
  cursor: number;
  stopped: boolean;
}

export interface IngestOptions {
  /** Events whose deviceTime is further than this from the hub clock when they arrive are flagged for review. */
  maxClockSkewMs: number;
  /** Holds a batch's checks and its commit group back while someone waits at the hardware (a drawer kick). */
  foreground?: BulkGate;
}

/**
 * The push pipeline of DESIGN §3: each event is checked (schema, device, signature, idempotency, type, payload,
 * sequence), decided against the projections at its ledger position and recorded. A batch commits in steps of
 * RECORD_STEP events, in order, each in its own savepoint of a commit group (steps ready together share one commit);
 * the reply waits for the last. A crash between steps keeps a prefix of the batch, as a rejection does: the device
 * pushes the batch again and the recorded part comes back as replays. The first rejection ends the batch and
 * records nothing for itself.
 *
 * The first three checks depend on nothing recorded, so they run before the transaction and the signatures are
 * verified on other cores (issue 11) while the event loop goes on with other batches; the rest run in the
 * transaction, in order.
 */
export class EventIngest {
  private readonly recordById: Statement<[string], { record: string }>;
  private readonly commits: CommitGroups;

  constructor(
    private readonly ledger: Ledger,
    private readonly devices: DeviceRegistry,
    private readonly signatures: SignatureWorkers,
    private readonly options: IngestOptions,
  ) {
    this.commits = new CommitGroups(ledger, { gate: options.foreground, maxWeight: RECORD_STEP });
    this.recordById = ledger.db.prepare('SELECT record FROM events WHERE event_id = ?');
  }

  async ingestBatch(device: AuthenticatedDevice, events: readonly unknown[]): Promise<PushReply> {
    // The whole batch arrived at once; a device's clock is judged against that moment.
    const receivedAt = new Date();
    await this.options.foreground?.whenFree();
    const prechecked = await this.precheck(device, events);
    const run: BatchRun = { device, events, receivedAt, results: [], lastSequence: 0, cursor: 0, stopped: false };
    const steps: Array<Promise<void>> = [];
    // Queued together, so the steps commit in order with nothing of this device's in between but its own.
    for (let from = 0; from < prechecked.length; from += RECORD_STEP) {
      const step = prechecked.slice(from, from + RECORD_STEP);
      steps.push(this.commits.run(() => this.record(run, step, from), step.length));
    }
    await Promise.all(steps);
    return { results: run.results, lastSequence: run.lastSequence, cursor: run.cursor };
  }

  /**
   * One step of a batch, in its commit group's transaction: checked, decided and recorded event by event from the
   * device's last recorded seq. A rejection, or a throw (which takes this step back), ends the batch: later steps
   * record nothing.
   */
  private record(run: BatchRun, step: ReadonlyArray<Signed | Rejection>, offset: number): void {
    if (run.stopped) return;
    // Until this step has finished: a throw in it (which takes the step back) ends the batch too.
    run.stopped = true;
    let lastSequence = this.devices.lastSequence(run.device.id);
    let rejected = false;
    for (const [index, entry] of step.entries()) {
      const verdict = this.check(entry, lastSequence + 1);
      if (verdict.kind === 'reject') {
        run.results.push(rejection(run.events[offset + index], verdict.code, verdict.message));
        rejected = true;
        break;
      }
      if (verdict.kind === 'replay') {
        run.results.push(resultOf(verdict.record, true));
        continue;
      }
      const { envelope, eventJson } = verdict.signed;
      const decision = decide(envelope, run.device.id, this.ledger.db);
      const clockSkew = clockSkewFlag(envelope.deviceTime, run.receivedAt, this.options.maxClockSkewMs);
      const outcome = clockSkew ? { ...decision.outcome, clockSkew } : decision.outcome;
      // The step's own savepoint (CommitGroups) undoes all of it if any event throws.
      const record = this.ledger.appendOne({
        status: decision.status,
        event: envelope,
        eventJson,
        ...(outcome ? { outcome } : {}),
      });
      lastSequence = envelope.seq;
      run.results.push(resultOf(record, false));
    }
    this.devices.recordPush(run.device.id, lastSequence, rejected);
    run.lastSequence = lastSequence;
    run.cursor = this.ledger.head().cursor;
    run.stopped = rejected;
  }

  /**
   * Schema, device and signature, for the events up to the first that fails one (nothing after it is recorded):
   * each is `signed` or the batch's last entry is its rejection.
   */
  private async precheck(device: AuthenticatedDevice, events: readonly unknown[]): Promise<Array<Signed | Rejection>> {
    const checked: Array<Signed | Rejection> = [];
    const texts: Array<{ text: string; sig: string }> = [];
    for (const event of events) {
      if (!envelopeValidator.Check(event)) {
        checked.push(reject('SCHEMA_INVALID', `envelope ${firstProblem(envelopeValidator, event)}`));
        break;
      }
      if (event.deviceId !== device.id) {
        checked.push(reject('DEVICE_MISMATCH', `deviceId ${event.deviceId} is not the device this token belongs to`));
        break;
      }
      const { signed, whole } = canonicalEnvelope(event);
      checked.push({ kind: 'signed', envelope: event, eventJson: whole });
      texts.push({ text: signed, sig: event.sig });
    }
    const valid = await this.signatures.verifyMany(device.publicKey, texts);
    const firstForged = valid.indexOf(false);
    if (firstForged === -1) return checked;
    return [
      ...checked.slice(0, firstForged),
      reject('SIGNATURE_INVALID', "sig does not verify with this device's public key"),
    ];
  }

  /** The checks that read the ledger, in DESIGN §3's order; idempotency comes before the sequence so replays pass. */
  private check(prechecked: Signed | Rejection, expectedSeq: number): Verdict {
    if (prechecked.kind === 'reject') return prechecked;
    const { envelope: event, eventJson } = prechecked;
    const stored = this.recordById.get(event.id);
    if (stored) {
      const original = JSON.parse(stored.record) as LedgerRecord;
      return canonicalJson(original.event) === eventJson
        ? { kind: 'replay', record: original }
        : reject('IDEMPOTENCY_MISMATCH', `event ${event.id} was already recorded with different content`);
    }
    const payload = payloadValidator(event.type, event.v);
    if (!payload || (eventTypeSpec(event.type)!.deviceMay && !deciderFor(event.type))) {
      return reject('UNKNOWN_TYPE', `this hub does not handle ${event.type} version ${event.v}`);
    }
    if (!payload.Check(event.payload)) {
      return reject('SCHEMA_INVALID', `payload ${firstProblem(payload, event.payload)}`);
    }
    if (event.seq !== expectedSeq) {
      return reject('SEQUENCE_GAP', `expected seq ${expectedSeq}, got ${event.seq}`);
    }
    return { kind: 'decide', signed: prechecked };
  }
}

/** Hub-only types from a device are a business refusal, not a protocol error: the fact that it tried is kept. */
function decide(envelope: EventEnvelope, deviceId: string, db: Database): Decision {
  if (!eventTypeSpec(envelope.type)!.deviceMay) {
    return {
      status: 'refused',
      outcome: {
        refusal: { code: 'NOT_ALLOWED_OFFLINE', message: `${envelope.type} is done at the hub, not on a device` },
      },
    };
  }
  return deciderFor(envelope.type)!({ db, event: envelope, deviceId });
}

/** The result of a recorded event; a replay gets exactly the original one back, marked as a replay. */
function resultOf(record: LedgerRecord, replayed: boolean): PushResult {
  const { refusal, conflict } = record.outcome ?? {};
  return {
    id: record.event.id,
    seq: record.event.seq ?? null,
    status: record.status,
    cursor: record.cursor,
    ...(refusal ? { error: refusal as NonNullable<PushResult['error']> } : {}),
    ...(conflict ? { conflict: conflict as NonNullable<PushResult['conflict']> } : {}),
    ...(replayed ? { replayed: true as const } : {}),
  };
}

function rejection(event: unknown, code: RejectionCode, message: string): PushResult {
  const { id, seq } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  return {
    id: typeof id === 'string' ? id : null,
    seq: Number.isSafeInteger(seq) ? (seq as number) : null,
    status: 'rejected',
    error: { code, message },
  };
}
