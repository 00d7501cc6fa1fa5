import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type { PushReply, PushResult } from '../../../shared/protocol/device-api.js';
import type { EventEnvelope, RejectionCode } from '../../../shared/protocol/envelope.js';
import { eventTypeSpec } from '../../../shared/protocol/event-types.js';
import type { Decision } from '../decisions/decision.js';
import { clockSkewFlag } from '../devices/clock-skew.js';
import type { AuthenticatedDevice, DeviceRegistry } from '../devices/device-registry.js';
import type { LedgerRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import { deciderFor } from './event-deciders.js';
import { envelopeValidator, firstProblem, payloadValidator } from './protocol-validators.js';
import { signatureValid } from './signature-check.js';

/** What the checks say about one pushed event before anything is recorded. */
type Verdict =
  | { kind: 'reject'; code: RejectionCode; message: string }
  | { kind: 'replay'; record: LedgerRecord }
  | { kind: 'decide'; envelope: EventEnvelope };

const reject = (code: RejectionCode, message: string): Verdict => ({ kind: 'reject', code, message });

export interface IngestOptions {
  /** Events whose deviceTime is further than this from the hub clock when they arrive are flagged for review. */
  maxClockSkewMs: number;
}

/**
 * The push pipeline of DESIGN §3: each event is checked (schema, device, signature, idempotency, type, payload,
 * sequence), decided against the projections at its ledger position and recorded. One transaction per batch, so
 * a crash keeps all of it or none; the first rejection ends the batch and records nothing for itself.
 */
export class EventIngest {
  private readonly recordById: Statement<[string], { record: string }>;

  constructor(
    private readonly ledger: Ledger,
    private readonly devices: DeviceRegistry,
    private readonly options: IngestOptions,
  ) {
    this.recordById = ledger.db.prepare('SELECT record FROM events WHERE event_id = ?');
  }

  ingestBatch(device: AuthenticatedDevice, events: readonly unknown[]): PushReply {
    // The whole batch arrived at once; a device's clock is judged against that moment.
    const receivedAt = new Date();
    return this.ledger.transaction(() => {
      let lastSequence = this.devices.lastSequence(device.id);
      const results: PushResult[] = [];
      let rejected = false;
      for (const event of events) {
        const verdict = this.check(device, event, lastSequence + 1);
        if (verdict.kind === 'reject') {
          results.push(rejection(event, verdict.code, verdict.message));
          rejected = true;
          break;
        }
        if (verdict.kind === 'replay') {
          results.push(resultOf(verdict.record, true));
          continue;
        }
        const decision = decide(verdict.envelope, device.id, this.ledger.db);
        const clockSkew = clockSkewFlag(verdict.envelope.deviceTime, receivedAt, this.options.maxClockSkewMs);
        const outcome = clockSkew ? { ...decision.outcome, clockSkew } : decision.outcome;
        const [record] = this.ledger.append([
          { status: decision.status, event: verdict.envelope, ...(outcome ? { outcome } : {}) },
        ]);
        lastSequence = verdict.envelope.seq;
        results.push(resultOf(record!, false));
      }
      this.devices.recordPush(device.id, lastSequence, rejected);
      return { results, lastSequence, cursor: this.ledger.head().cursor };
    });
  }

  /** The checks in the order DESIGN §3 gives them; idempotency comes before the sequence so replays pass. */
  private check(device: AuthenticatedDevice, event: unknown, expectedSeq: number): Verdict {
    if (!envelopeValidator.Check(event)) {
      return reject('SCHEMA_INVALID', `envelope ${firstProblem(envelopeValidator, event)}`);
    }
    if (event.deviceId !== device.id) {
      return reject('DEVICE_MISMATCH', `deviceId ${event.deviceId} is not the device this token belongs to`);
    }
    if (!signatureValid(event, device.publicKey)) {
      return reject('SIGNATURE_INVALID', "sig does not verify with this device's public key");
    }
    const stored = this.recordById.get(event.id);
    if (stored) {
      const original = JSON.parse(stored.record) as LedgerRecord;
      return canonicalJson(original.event) === canonicalJson(event)
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
    return { kind: 'decide', envelope: event };
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
