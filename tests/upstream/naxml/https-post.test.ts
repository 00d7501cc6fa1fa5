/**
 * HTTPS POST delivery against the NAXML back-office fake over loopback: how each answer is classified, and, through
 * the real worker pool and a real SQLite outbox, that every fault ends with each document applied exactly once
 * (the fake's own count is the judge), while refusals and hostile answers end as they must and say why.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HUGE_ANSWER_BYTES,
  startNaxmlFake,
  type HostileAck,
  type NaxmlFake,
  type NaxmlFakeOptions,
  type NaxmlFault,
} from '../../../src/fakes/naxml/index.js';
import { ACK_MAX_BYTES } from '../../../src/main/hub/upstream/naxml/acknowledgement.js';
import { postDocument, type PostDocumentRequest } from '../../../src/main/hub/upstream/naxml/https-post.js';
import type { NaxmlJobResult } from '../../../src/main/hub/upstream/naxml/naxml-jobs.js';
import type { NaxmlAuth } from '../../../src/main/hub/upstream/naxml/naxml-transport.js';
import type { UpstreamJob } from '../../../src/main/hub/upstream/outbox/upstream-job.js';
import { UpstreamError, type FailureKind } from '../../../src/main/hub/upstream/workers/upstream-error.js';
import { journalDocument, journalFileName, journalPayload } from '../../fixtures/naxml/naxml-test-documents.js';
import { startPoolHarness, type PoolHarness } from '../../fixtures/naxml/naxml-pool-harness.js';
import { freePort } from '../../helpers/free-port.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function fake(options?: NaxmlFakeOptions): Promise<NaxmlFake> {
  const started = await startNaxmlFake(options);
  stops.push(() => started.close());
  return started;
}

function harness(target: NaxmlFake, auth: NaxmlAuth = { kind: 'none' }, performTimeoutMs?: number): PoolHarness {
  const h = startPoolHarness({ transport: { kind: 'https', url: target.url, auth }, performTimeoutMs });
  stops.push(() => h.stop());
  return h;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function request(target: NaxmlFake, overrides: Partial<PostDocumentRequest> = {}): PostDocumentRequest {
  return {
    url: target.url,
    auth: { kind: 'none' },
    fileName: journalFileName(1),
    document: Buffer.from(journalDocument(1), 'utf8'),
    idempotencyKey: 'evt-1:conexxus:journal',
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('postDocument', () => {
  it('sends the UTF-8 bytes as XML with the idempotency key and file name, and returns the acknowledgement', async () => {
    const target = await fake();
    const posted = await postDocument(request(target));
    expect(posted).toEqual({ status: 200, ack: { status: 'Success', messages: [] } });
    expect(target.requests()).toEqual([
      expect.objectContaining({
        fileName: journalFileName(1),
        idempotencyKey: 'evt-1:conexxus:journal',
        contentType: 'application/xml; charset=utf-8',
      }),
    ]);
    expect(target.applied()).toEqual([expect.objectContaining({ sha256: sha256(journalDocument(1)) })]);
  });

  it.each<[number, FailureKind]>([
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [408, 'timeout'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [401, 'auth'],
    [403, 'auth'],
    [400, 'validation'],
    [404, 'validation'],
    [405, 'validation'],
    [413, 'validation'],
    [302, 'validation'],
  ])('a bare %i is %s', async (status, kind) => {
    const target = await fake();
    target.fail({ kind: 'status', status });
    const error = await failure(postDocument(request(target)));
    expect([error.kind, error.status]).toEqual([kind, status]);
    expect(error.message).toBe(
      `the back office at 127.0.0.1:${target.port} answered ${status} for ${journalFileName(1)}`,
    );
    expect(target.applied()).toEqual([]);
  });

  it('passes Retry-After on, as sent', async () => {
    const target = await fake();
    target.fail({ kind: 'status', status: 503, retryAfter: '120' });
    target.fail({ kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    expect((await failure(postDocument(request(target)))).retryAfter).toBe('120');
    expect((await failure(postDocument(request(target)))).retryAfter).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
  });

  it('a FatalError is business whatever the status, with the acknowledgement messages', async () => {
    for (const fatalStatus of [200, 422, 500]) {
      const target = await fake({ fatalStatus });
      target.fail({ kind: 'fatal', message: 'StoreLocationID 1022 is not ours' });
      const error = await failure(postDocument(request(target)));
      expect([error.kind, error.status, error.retryable]).toEqual(['business', fatalStatus, false]);
      expect(error.message).toBe(
        `the back office refused ${journalFileName(1)} (FatalError): StoreLocationID 1022 is not ours`,
      );
    }
  });

  it('a document the back office finds out of layout is refused with its line', async () => {
    const target = await fake();
    const broken = journalDocument(1).replace('<CashierID>7</CashierID>', '');
    const error = await failure(postDocument(request(target, { document: Buffer.from(broken, 'utf8') })));
    expect(error.kind).toBe('business');
    expect(error.message).toMatch(/\(FatalError\): line \d+: <SaleEvent> lacks <CashierID> \(first\)$/);
  });

  it('a back office that is not there is a network failure', async () => {
    const port = await freePort();
    const error = await failure(postDocument({ ...request(await fake()), url: `http://127.0.0.1:${port}/naxml` }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`no answer from the back office at 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a connection dropped after the document was applied is a network failure', async () => {
    const target = await fake();
    target.fail({ kind: 'dropAfterApply' });
    const error = await failure(postDocument(request(target)));
    expect(error.kind).toBe('network');
    expect(target.applied()).toHaveLength(1);
  });

  it('honours the abort signal while the back office is silent', async () => {
    const target = await fake();
    target.fail({ kind: 'timeout' });
    const controller = new AbortController();
    const posting = postDocument(request(target, { signal: controller.signal }));
    await expect.poll(() => target.pendingFaults()).toBe(0);
    controller.abort();
    await expect(posting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses URLs it must not send to, before sending anything', async () => {
    const target = await fake();
    // Already aborted: if a refusal were missing, fetch would still send nothing anywhere.
    const signal = AbortSignal.abort();
    const refused = async (url: string) => (await failure(postDocument({ ...request(target), url, signal }))).message;
    expect(await refused('http://backoffice.example.com/naxml')).toBe(
      'the Conexxus back office URL must use https (it uses http:)',
    );
    expect(await refused('ftp://127.0.0.1/naxml')).toBe('the Conexxus back office URL must use https (it uses ftp:)');
    expect(await refused(`http://store:secret@127.0.0.1:${target.port}/naxml`)).toBe(
      'the Conexxus back office URL must not hold credentials; set them as auth',
    );
    expect(await refused('not a url')).toBe('the Conexxus back office URL is not a valid URL');
    expect(target.deliveries).toBe(0);
  });

  it('never puts a token or password in a message', async () => {
    const target = await fake({ auth: { kind: 'bearer', token: 'right-token' } });
    const wrong = await failure(
      postDocument(request(target, { auth: { kind: 'basic', username: 'store', password: 'hunter2-secret' } })),
    );
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).not.toContain('hunter2-secret');
    const unsendable = await failure(
      postDocument(request(target, { auth: { kind: 'bearer', token: 'tok-secret\r\nX-Evil: 1' } })),
    );
    expect(unsendable.kind).toBe('validation');
    expect(`${unsendable.message}${unsendable.stack}`).not.toContain('tok-secret');
  });

  it.each<[HostileAck, string]>([
    ['billionLaughs', 'the acknowledgement contains a DOCTYPE or ENTITY declaration, which is refused'],
    ['externalEntity', 'the acknowledgement contains a DOCTYPE or ENTITY declaration, which is refused'],
    ['utf16', 'the acknowledgement is UTF-16 or UTF-32; only UTF-8 and ISO-8859-1 are read'],
    ['invalidUtf8', 'the acknowledgement is not valid UTF-8'],
    ['huge', `the answer is larger than ${ACK_MAX_BYTES} bytes`],
  ])('a 2xx with a %s answer is a retryable server failure saying why', async (ack, reason) => {
    const target = await fake();
    target.fail({ kind: 'hostileAck', ack });
    const error = await failure(postDocument(request(target)));
    expect([error.kind, error.retryable, error.status]).toEqual(['server', true, 200]);
    expect(error.message).toBe(
      `the back office answered 200 for ${journalFileName(1)} but not with a readable acknowledgement ` +
        `(${reason}); its fate is unknown, so it is sent again`,
    );
    expect(error.message).not.toContain('root:');
  });

  it('stops reading a 50 MB answer at the limit and closes the connection', async () => {
    const target = await fake();
    target.fail({ kind: 'hostileAck', ack: 'huge' });
    await failure(postDocument(request(target)));
    // The fake streams with back-pressure and stops when the client leaves: what it managed to write is what the
    // client's socket buffers took before the cancel, far from the whole answer.
    await expect.poll(() => target.requests()[0]!.answerBytes).toBeGreaterThan(ACK_MAX_BYTES);
    await expect.poll(() => target.requests()[0]!.answerBytes).toBeLessThan(HUGE_ANSWER_BYTES / 4);
  });
});

const finished = (h: PoolHarness, jobs: UpstreamJob[]) => () => h.settled(jobs);

/** Every document in the fake exactly once with the job's bytes, every job done with its acknowledgement. */
function expectEachAppliedOnce(h: PoolHarness, target: NaxmlFake, jobs: UpstreamJob[], count: number): void {
  const applied = target.applied();
  expect(applied.map((d) => [d.fileName, d.sha256]).sort()).toEqual(
    Array.from({ length: count }, (_, i) => [journalFileName(i + 1), sha256(journalDocument(i + 1))]).sort(),
  );
  for (const document of applied) expect(document.deliveries).toBeGreaterThanOrEqual(1);
  for (const job of jobs) {
    const stored = h.current(job);
    expect(stored.state).toBe('done');
    expect(stored.result).toMatchObject({ transport: 'https', status: 200 } satisfies Partial<NaxmlJobResult>);
  }
}

const payloads = (count: number) => Array.from({ length: count }, (_, i) => journalPayload(i + 1));

describe('through the worker pool: exactly once under faults', () => {
  it.each<[string, NaxmlFault, number | undefined]>([
    ['timeout', { kind: 'timeout' }, 400],
    ['500', { kind: 'status', status: 500 }, undefined],
    ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: '1' }, undefined],
    ['dropAfterApply', { kind: 'dropAfterApply' }, undefined],
  ])('%s: each document applied once, every job done', async (_name, fault, performTimeoutMs) => {
    const target = await fake();
    target.fail(fault, 3);
    const h = harness(target, { kind: 'none' }, performTimeoutMs);
    const jobs = h.enqueue(payloads(5));
    await expect.poll(finished(h, jobs), { timeout: 20_000 }).toBe(true);
    expectEachAppliedOnce(h, target, jobs, 5);
    expect(h.retries.length).toBeGreaterThanOrEqual(3);
    expect(target.pendingFaults()).toBe(0);
    if (fault.kind === 'status' && fault.retryAfter) {
      expect(h.retries.map((r) => r.error.retryAfter)).toEqual(['1', '1', '1']);
    }
    if (fault.kind === 'dropAfterApply') {
      // Each of the three dropped answers was followed by a resend the fake took without applying again.
      expect(target.applied().reduce((sum, d) => sum + d.deliveries, 0)).toBe(5 + 3);
    }
  });

  it('nonFatal: done at once, the warning kept in the result', async () => {
    const target = await fake();
    target.fail({ kind: 'nonFatal', message: 'merchandise code 400 unknown, booked to 999' }, 5);
    const h = harness(target);
    const jobs = h.enqueue(payloads(5));
    await expect.poll(finished(h, jobs), { timeout: 20_000 }).toBe(true);
    expectEachAppliedOnce(h, target, jobs, 5);
    expect(h.retries).toEqual([]);
    for (const job of jobs) {
      expect((h.current(job).result as NaxmlJobResult & { transport: 'https' }).ack).toEqual({
        status: 'NonFatalError',
        messages: [
          {
            lineNumber: null,
            linePosition: null,
            message: 'merchandise code 400 unknown, booked to 999',
            severity: 'Warning',
          },
        ],
      });
    }
  });

  it('fatal: the job goes dead with the acknowledgement message, and nothing is applied', async () => {
    const target = await fake();
    target.fail({ kind: 'fatal', message: 'business date 2026-12-06 is closed' });
    const h = harness(target);
    const [job] = h.enqueue(payloads(1));
    await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
    const stored = h.current(job!);
    expect(stored.state).toBe('dead');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toBe(
      `business 200: the back office refused ${journalFileName(1)} (FatalError): business date 2026-12-06 is closed`,
    );
    expect(target.applied()).toEqual([]);
  });
});

describe('through the worker pool: credentials', () => {
  it('sends basic and bearer credentials the back office checks', async () => {
    const basic = await fake({ auth: { kind: 'basic', username: 'store-1022', password: 'zażółć' } });
    const bearer = await fake({ auth: { kind: 'bearer', token: 'bo-token-42' } });
    const viaBasic = harness(basic, { kind: 'basic', username: 'store-1022', password: 'zażółć' });
    const viaBearer = harness(bearer, { kind: 'bearer', token: 'bo-token-42' });
    const basicJobs = viaBasic.enqueue(payloads(2));
    const bearerJobs = viaBearer.enqueue(payloads(2));
    await expect.poll(finished(viaBasic, basicJobs), { timeout: 20_000 }).toBe(true);
    await expect.poll(finished(viaBearer, bearerJobs), { timeout: 20_000 }).toBe(true);
    expectEachAppliedOnce(viaBasic, basic, basicJobs, 2);
    expectEachAppliedOnce(viaBearer, bearer, bearerJobs, 2);
  });

  it('a wrong password is auth: dead at once, nothing applied, the password in no message', async () => {
    const target = await fake({ auth: { kind: 'basic', username: 'store-1022', password: 'right' } });
    const h = harness(target, { kind: 'basic', username: 'store-1022', password: 'wrong-secret' });
    const [job] = h.enqueue(payloads(1));
    await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
    const stored = h.current(job!);
    expect([stored.state, stored.attempts]).toEqual(['dead', 1]);
    expect(stored.lastError).toBe(
      `auth 401: the back office at 127.0.0.1:${target.port} answered 401 for ${journalFileName(1)}`,
    );
    expect(h.dead.map((d) => d.error.kind)).toEqual(['auth']);
    expect(target.applied()).toEqual([]);
  });
});

describe('through the worker pool: hostile acknowledgements', () => {
  it.each<HostileAck>(['billionLaughs', 'externalEntity', 'huge', 'utf16', 'invalidUtf8'])(
    '%s: not done on the garbage answer; done once a real acknowledgement comes, applied once',
    async (ack) => {
      const target = await fake();
      target.fail({ kind: 'hostileAck', ack }, 2);
      const h = harness(target);
      const [job] = h.enqueue(payloads(1));
      await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
      // Each garbage answer put the job back in the queue with the reason, never in `done`.
      expect(h.retries).toHaveLength(2);
      for (const { job: retried, error } of h.retries) {
        expect(retried.state).toBe('queued');
        expect(error.kind).toBe('server');
        expect(retried.lastError).toMatch(/^server 200: .* but not with a readable acknowledgement \(.+\)/);
        expect(retried.lastError).not.toContain('root:');
      }
      expect(h.current(job!)).toMatchObject({ state: 'done', attempts: 3 });
      expect(target.applied()).toEqual([expect.objectContaining({ fileName: journalFileName(1), deliveries: 3 })]);
    },
  );
});
