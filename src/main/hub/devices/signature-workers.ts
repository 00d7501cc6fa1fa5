import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { signedBy, strictSignature, type DeviceKey } from './device-key.js';

/** One signature to check: the exact signed text and the signature as base64url. */
export interface SignedText {
  text: string;
  sig: string;
}

/** Below this many signatures a batch is checked in place: a worker round trip costs more than it saves. */
const IN_PLACE_BELOW = 8;

/**
 * The worker is a plain script (eval) rather than a file: the hub ships as one bundle (and runs from TypeScript
 * sources in tests), so there is no stable worker file path, while the native module resolves from here either way.
 * It checks only the Ed25519 equation; the strict base64url decoding and the key's weakness checks stay with
 * `signedBy`, which the in-place path uses and the worker results are only ever combined with (see verifyMany).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodium);
parentPort.on('message', ({ id, key, texts, sigs }) => {
  const publicKey = Buffer.from(key);
  const signatures = Buffer.from(sigs);
  const valid = new Uint8Array(texts.length);
  for (let index = 0; index < texts.length; index += 1) {
    const signature = signatures.subarray(index * 64, index * 64 + 64);
    valid[index] = sodium.crypto_sign_verify_detached(signature, Buffer.from(texts[index], 'utf8'), publicKey) ? 1 : 0;
  }
  parentPort.postMessage({ id, valid }, [valid.buffer]);
});
`;

interface Pending {
  resolve: (valid: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Lane {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Signatures sent and not yet answered: the next batch goes to the least loaded lane. */
  load: number;
}

/**
 * Device signatures checked on the other cores (issue 11): the event loop parses, decides and writes while workers
 * verify the next batches. A strict verifier either way: libsodium refuses small-order keys and R and non-canonical
 * S (issue 6). If a worker cannot start or dies, its batches are checked in place, so a missing core costs speed,
 * never a verdict.
 */
export class SignatureWorkers {
  private readonly lanes: Lane[] = [];
  private started = false;
  private nextId = 0;
  private closed = false;

  /** Workers start with the first batch that needs them: an idle hub keeps neither their threads nor memory. */
  constructor(private readonly count = Math.max(1, availableParallelism() - 1)) {}

  /** Whether each signature is `key`'s signature of its text, in order. */
  async verifyMany(key: DeviceKey, items: readonly SignedText[]): Promise<boolean[]> {
    if (!key.valid || items.length < IN_PLACE_BELOW) return items.map((item) => checkInPlace(key, item));
    const lane = this.leastLoaded();
    if (!lane) return items.map((item) => checkInPlace(key, item));
    const decoded = items.map((item) => strictSignature(item.sig));
    const sent = items.filter((_, index) => decoded[index] !== undefined);
    if (sent.length === 0) return items.map(() => false);
    const sigs = Buffer.concat(decoded.filter((sig): sig is Buffer => sig !== undefined));
    let answers: Uint8Array;
    try {
      answers = await this.send(
        lane,
        key.raw,
        sent.map((item) => item.text),
        sigs,
      );
    } catch {
      return items.map((item) => checkInPlace(key, item));
    }
    let answered = 0;
    return decoded.map((sig) => sig !== undefined && answers[answered++] === 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.splice(0).map((lane) => lane.worker.terminate()));
  }

  private startLane(sodium: string): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sodium } });
    // Verification is only ever awaited by a request; an idle pool must not keep the process alive.
    worker.unref();
    const lane: Lane = { worker, pending: new Map(), load: 0 };
    worker.on('message', ({ id, valid }: { id: number; valid: Uint8Array }) => {
      lane.pending.get(id)?.resolve(valid);
      lane.pending.delete(id);
    });
    const fail = (error: Error) => {
      this.lanes.splice(this.lanes.indexOf(lane), 1);
      for (const waiting of lane.pending.values()) waiting.reject(error);
      lane.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.lanes.includes(lane)) fail(new Error(`signature worker exited (${code})`));
    });
    this.lanes.push(lane);
  }

  private leastLoaded(): Lane | undefined {
    if (this.closed) return undefined;
    if (!this.started) {
      // Once only: a worker that died is not replaced, its batches are checked in place from then on.
      this.started = true;
      const sodium = createRequire(import.meta.url).resolve('sodium-native');
      for (let index = 0; index < this.count; index += 1) this.startLane(sodium);
    }
    let best: Lane | undefined;
    for (const lane of this.lanes) if (!best || lane.load < best.load) best = lane;
    return best;
  }

  private send(lane: Lane, key: Buffer, texts: string[], sigs: Buffer): Promise<Uint8Array> {
    const id = (this.nextId += 1);
    lane.load += texts.length;
    return new Promise<Uint8Array>((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      lane.worker.postMessage({ id, key, texts, sigs });
    }).finally(() => {
      lane.load -= texts.length;
    });
  }
}

function checkInPlace(key: DeviceKey, item: SignedText): boolean {
  return signedBy(key, Buffer.from(item.text, 'utf8'), item.sig);
}
