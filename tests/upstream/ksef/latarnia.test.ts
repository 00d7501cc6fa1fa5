/**
 * Reading Latarnia and turning what it says into `ksef.status`: the reader against the KSeF fake and against
 * hostile answers, the availability mapping for every combination of API reachability and Latarnia status, and the
 * announcements the deadline rules are fed — paired by eventId, dated on the store's calendar, the docs' V9 case
 * (a failure from 2025-07-09 to 2025-07-12, Warsaw) included.
 */
import { Compile } from 'typebox/compile';
import { afterEach, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake, type LatarniaMessage as WireMessage } from '../../../src/fakes/ksef/index.js';
import { LatarniaMessageFactory } from '../../../src/fakes/ksef/latarnia-messages.js';
import { sendingDeadline } from '../../../src/main/hub/invoicing/calendar/sending-deadline.js';
import { MAX_ANNOUNCEMENTS } from '../../../src/main/hub/upstream/ksef/ksef-announcements.js';
import { ksefAvailability } from '../../../src/main/hub/upstream/ksef/ksef-availability.js';
import { LATARNIA_MAX_BYTES, readLatarnia } from '../../../src/main/hub/upstream/ksef/latarnia-client.js';
import {
  parseLatarniaStatus,
  type LatarniaStatus,
  type LatarniaStatusCode,
} from '../../../src/main/hub/upstream/ksef/latarnia-status.js';
import { UpstreamError } from '../../../src/main/hub/upstream/workers/upstream-error.js';
import { KsefStatusPayload } from '../../../src/shared/protocol/invoice-payloads.js';

const WARSAW = 'Europe/Warsaw';
const payloadSchema = Compile(KsefStatusPayload);

const fakes: KsefFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fake(): Promise<KsefFake> {
  const started = await startKsefFake();
  fakes.push(started);
  return started;
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const signal = () => AbortSignal.timeout(5000);

/** A fetch that answers every request with `body` (and `init`), as a misbehaving Latarnia would. */
function answering(body: BodyInit | null, init: ResponseInit = { status: 200 }): typeof fetch {
  return () => Promise.resolve(new Response(body, init));
}

/** A Latarnia answer as the hub holds it after reading: built by the fake's factory, sent through JSON. */
function latarnia(status: LatarniaStatusCode, messages: WireMessage[] = []): LatarniaStatus {
  return parseLatarniaStatus(JSON.parse(JSON.stringify({ status, messages })));
}

describe('readLatarnia against the KSeF fake', () => {
  it('reads the status and messages, instants normalised to UTC', async () => {
    const ksef = await fake();
    const started = ksef.announce({ category: 'FAILURE', start: '2025-07-09T08:00:00+02:00', title: 'Awaria' });
    const ended = ksef.end(started, '2025-07-12T18:00:00.0154302+02:00');
    ksef.setLatarnia({ status: 'FAILURE', messages: [started, ended] });

    const read = await readLatarnia({ url: ksef.latarniaUrl, signal: signal() });
    expect(read.status).toBe('FAILURE');
    expect(read.messages).toEqual([
      {
        id: started.id,
        eventId: started.eventId,
        category: 'FAILURE',
        type: 'FAILURE_START',
        title: 'Awaria',
        text: started.text,
        start: '2025-07-09T06:00:00.000Z',
        end: null,
        version: 1,
        published: '2025-07-09T06:00:00.000Z',
      },
      expect.objectContaining({ type: 'FAILURE_END', end: '2025-07-12T16:00:00.015Z', version: 2 }),
    ]);
  });

  it('finds /status under the base with or without its trailing slash', async () => {
    const ksef = await fake();
    await readLatarnia({ url: ksef.latarniaUrl, signal: signal() });
    await readLatarnia({ url: `${ksef.latarniaUrl}/`, signal: signal() });
    expect(ksef.requests().map((entry) => entry.path)).toEqual(['/latarnia/status', '/latarnia/status']);
  });

  it('classifies a 502 and a 504 as server failures, with their status', async () => {
    const ksef = await fake();
    ksef.failLatarnia(502);
    ksef.failLatarnia(504);
    for (const status of [502, 504]) {
      const error = await failure(readLatarnia({ url: ksef.latarniaUrl, signal: signal() }));
      expect(error).toMatchObject({ kind: 'server', status, retryable: true });
      expect(error.message).toBe(`Latarnia at 127.0.0.1:${ksef.port} answered ${status}`);
    }
    await expect(readLatarnia({ url: ksef.latarniaUrl, signal: signal() })).resolves.toMatchObject({
      status: 'AVAILABLE',
    });
  });

  it('classifies a wrong base (404) as validation', async () => {
    const ksef = await fake();
    const error = await failure(readLatarnia({ url: `${ksef.latarniaUrl}/api`, signal: signal() }));
    expect(error).toMatchObject({ kind: 'validation', status: 404 });
  });

  it('classifies a dead uplink as a network failure', async () => {
    const ksef = await fake();
    ksef.setReachable(false);
    const error = await failure(readLatarnia({ url: ksef.latarniaUrl, signal: signal() }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^Latarnia at 127\.0\.0\.1:\d+ did not answer: /);
  });
});

describe('readLatarnia: what it refuses', () => {
  const url = 'https://api-latarnia.ksef.mf.gov.pl/';

  it('times out as a timeout', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const error = await failure(readLatarnia({ url, signal: AbortSignal.timeout(20), fetch: hanging }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('refuses an answer that is not JSON (a placeholder page with 200)', async () => {
    const error = await failure(readLatarnia({ url, signal: signal(), fetch: answering('<html>Latarnia</html>') }));
    expect(error).toMatchObject({ kind: 'server', status: 200 });
    expect(error.message).toBe('Latarnia at api-latarnia.ksef.mf.gov.pl answered something that is not JSON');
  });

  it('refuses an oversized answer, reading no more than the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const error = await failure(readLatarnia({ url, signal: signal(), fetch: answering(endless) }));
    expect(error).toMatchObject({ kind: 'server' });
    expect(error.message).toContain(`more than ${LATARNIA_MAX_BYTES} bytes`);
    expect(pulled).toBeLessThan(LATARNIA_MAX_BYTES + 4 * 64 * 1024);
  });

  it.each([
    [[1, 2], 'the answer must be an object, got [1,2]'],
    [{}, 'status must be one of AVAILABLE, MAINTENANCE, FAILURE, TOTAL_FAILURE, got nothing'],
    [{ status: 'DEGRADED' }, 'status must be one of AVAILABLE, MAINTENANCE, FAILURE, TOTAL_FAILURE, got "DEGRADED"'],
    [{ status: 'AVAILABLE', messages: {} }, 'messages must be an array, got {}'],
  ])('refuses a wrong shape: %j', async (body, problem) => {
    const error = await failure(readLatarnia({ url, signal: signal(), fetch: answering(JSON.stringify(body)) }));
    expect(error).toMatchObject({ kind: 'server', status: 200 });
    expect(error.message).toBe(`Latarnia at api-latarnia.ksef.mf.gov.pl answered an unexpected shape: ${problem}`);
  });

  const good: Record<string, unknown> = {
    id: 'a1',
    eventId: 7,
    category: 'FAILURE',
    type: 'FAILURE_START',
    title: 'Awaria',
    text: 'Awaria KSeF',
    start: '2025-07-09T08:00:00+02:00',
    version: 1,
    published: '2025-07-09T08:05:00+02:00',
  };

  it.each([
    [{ eventId: '7' }, 'messages[0].eventId must be an integer, got "7"'],
    [{ category: 'INFO' }, 'messages[0].category must be one of FAILURE, TOTAL_FAILURE, MAINTENANCE, got "INFO"'],
    [{ type: 'FAILURE_UPDATE' }, 'messages[0].type must be one of'],
    [{ title: null }, 'messages[0].title must be a string, got null'],
    [{ start: '2025-07-09T08:00:00' }, 'messages[0].start must be an ISO 8601 date-time with a zone'],
    [{ start: '2025-02-30T08:00:00Z' }, 'messages[0].start must be an ISO 8601 date-time with a zone'],
    [{ end: '2025-07-08T08:00:00Z' }, 'messages[0] ends (2025-07-08T08:00:00.000Z) before it starts'],
    [{ version: 1.5 }, 'messages[0].version must be an integer, got 1.5'],
    [
      { published: undefined },
      'messages[0].published must be an ISO 8601 date-time with a zone (Z or ±hh:mm), got nothing',
    ],
  ])('refuses a message with %j', async (change, problem) => {
    const body = JSON.stringify({ status: 'FAILURE', messages: [{ ...good, ...change }] });
    const error = await failure(readLatarnia({ url, signal: signal(), fetch: answering(body) }));
    expect(error.message).toContain(`unexpected shape: ${problem}`);
  });

  it('ignores unknown fields and reads a null or missing message list as none', async () => {
    const withExtras = JSON.stringify({ status: 'FAILURE', news: 1, messages: [{ ...good, severity: 'high' }] });
    const read = await readLatarnia({ url, signal: signal(), fetch: answering(withExtras) });
    expect(read.messages[0]).not.toHaveProperty('severity');
    expect(read).not.toHaveProperty('news');
    for (const body of [{ status: 'AVAILABLE', messages: null }, { status: 'AVAILABLE' }]) {
      const answer = answering(JSON.stringify(body));
      await expect(readLatarnia({ url, signal: signal(), fetch: answer })).resolves.toEqual({
        status: 'AVAILABLE',
        messages: [],
      });
    }
  });

  it('refuses a URL that is not one', async () => {
    const error = await failure(readLatarnia({ url: 'latarnia', signal: signal() }));
    expect(error.kind).toBe('validation');
  });
});

describe('ksefAvailability: the mapping', () => {
  const cases: Array<[LatarniaStatusCode | null, boolean, string]> = [
    ['TOTAL_FAILURE', true, 'total_failure'],
    ['TOTAL_FAILURE', false, 'total_failure'],
    ['FAILURE', true, 'failure'],
    ['FAILURE', false, 'failure'],
    ['MAINTENANCE', true, 'maintenance'],
    ['MAINTENANCE', false, 'maintenance'],
    ['AVAILABLE', true, 'available'],
    ['AVAILABLE', false, 'unreachable'],
    // Latarnia unreachable is no failure announcement: the API's own answer decides.
    [null, true, 'available'],
    [null, false, 'unreachable'],
  ];

  it.each(cases)('Latarnia %s, API reachable %s → %s', (status, apiReachable, expected) => {
    const payload = ksefAvailability({
      apiReachable,
      latarnia: status === null ? null : latarnia(status),
      timeZone: WARSAW,
    });
    expect(payload.availability).toBe(expected);
    expect(payload.detail).not.toBe('');
    expect(payloadSchema.Check(payload)).toBe(true);
  });

  it('says in plain words why, quoting the title of the message behind the status', () => {
    const factory = new LatarniaMessageFactory();
    const failure = factory.announce({
      category: 'FAILURE',
      start: '2025-07-09T08:00:00+02:00',
      title: 'Awaria  KSeF\n',
    });
    const payload = ksefAvailability({
      apiReachable: false,
      latarnia: latarnia('FAILURE', [failure]),
      timeZone: WARSAW,
    });
    expect(payload.detail).toBe(
      'Latarnia announces a KSeF failure: invoices are issued in emergency mode (awaryjny). Latarnia: "Awaria KSeF".',
    );
    const unreachable = ksefAvailability({ apiReachable: false, latarnia: null, timeZone: WARSAW });
    expect(unreachable.detail).toContain('Neither KSeF nor Latarnia answers the store');
    expect(unreachable.announcements).toEqual([]);
  });

  it('keeps the detail within the payload limit whatever the title', () => {
    const factory = new LatarniaMessageFactory();
    const long = factory.announce({
      category: 'MAINTENANCE',
      start: '2025-07-20T16:00:00+02:00',
      title: 'x'.repeat(5000),
    });
    const payload = ksefAvailability({
      apiReachable: true,
      latarnia: latarnia('MAINTENANCE', [long]),
      timeZone: WARSAW,
    });
    expect(payload.detail.length).toBeLessThan(1000);
    expect(payloadSchema.Check(payload)).toBe(true);
  });
});

describe('ksefAvailability: announcements', () => {
  const announcements = (status: LatarniaStatusCode, messages: WireMessage[], timeZone = WARSAW) =>
    ksefAvailability({ apiReachable: true, latarnia: latarnia(status, messages), timeZone }).announcements;

  it('V9: a failure from 2025-07-09 to 2025-07-12 (Warsaw) moves an offline24 deadline to 2025-07-22', async () => {
    const ksef = await fake();
    const started = ksef.announce({ category: 'FAILURE', start: '2025-07-09T10:15:00+02:00' });
    ksef.setLatarnia({ status: 'AVAILABLE', messages: [started, ksef.end(started, '2025-07-12T21:40:00+02:00')] });

    const payload = ksefAvailability({
      apiReachable: true,
      latarnia: await readLatarnia({ url: ksef.latarniaUrl, signal: signal() }),
      timeZone: WARSAW,
    });
    expect(payload.announcements).toEqual([{ kind: 'failure', start: '2025-07-09', end: '2025-07-12' }]);
    expect(sendingDeadline({ mode: 'offline24', issueDate: '2025-07-08' }, payload.announcements)).toEqual({
      kind: 'due',
      date: '2025-07-22',
    });
  });

  it('dates instants on the store calendar: 23:30 UTC on the 11th is the 12th in Warsaw, not in New York', () => {
    const factory = new LatarniaMessageFactory();
    const started = factory.announce({ category: 'FAILURE', start: '2025-07-09T06:00:00Z' });
    const messages = [started, factory.end(started, '2025-07-11T23:30:00Z')];
    expect(announcements('AVAILABLE', messages)).toEqual([{ kind: 'failure', start: '2025-07-09', end: '2025-07-12' }]);
    expect(announcements('AVAILABLE', messages, 'America/New_York')).toEqual([
      { kind: 'failure', start: '2025-07-09', end: '2025-07-11' },
    ]);
  });

  it('pairs each FAILURE_END with its FAILURE_START by eventId, whatever the order, and leaves an open one open', () => {
    const factory = new LatarniaMessageFactory();
    const first = factory.announce({ category: 'FAILURE', start: '2025-09-01T09:00:00+02:00' });
    const second = factory.announce({ category: 'FAILURE', start: '2025-09-02T09:00:00+02:00' });
    const third = factory.announce({ category: 'FAILURE', start: '2025-09-10T09:00:00+02:00' });
    const messages = [
      factory.end(second, '2025-09-03T12:00:00+02:00'),
      third,
      first,
      second,
      factory.end(first, '2025-09-05T12:00:00+02:00'),
    ];
    expect(announcements('FAILURE', messages)).toEqual([
      { kind: 'failure', start: '2025-09-01', end: '2025-09-05' },
      { kind: 'failure', start: '2025-09-02', end: '2025-09-03' },
      { kind: 'failure', start: '2025-09-10', end: null },
    ]);
  });

  it('turns a maintenance window into an unavailability and a total failure into its own kind', () => {
    const factory = new LatarniaMessageFactory();
    const maintenance = factory.announce({
      category: 'MAINTENANCE',
      start: '2025-10-01T16:00:00+02:00',
      end: '2025-10-01T18:00:00+02:00',
      published: '2025-09-25T10:00:00+02:00',
    });
    const total = factory.announce({ category: 'TOTAL_FAILURE', start: '2025-11-03T07:00:00+01:00' });
    expect(announcements('TOTAL_FAILURE', [total, maintenance])).toEqual([
      { kind: 'unavailability', start: '2025-10-01', end: '2025-10-01' },
      { kind: 'total_failure', start: '2025-11-03', end: null },
    ]);
  });

  it('keeps the latest version of a message (a window moved earlier), and drops periods announced twice', () => {
    const factory = new LatarniaMessageFactory();
    const planned = factory.announce({
      category: 'MAINTENANCE',
      start: '2025-10-01T16:00:00+02:00',
      end: '2025-10-01T18:00:00+02:00',
    });
    const moved = factory.announce({
      category: 'MAINTENANCE',
      eventId: planned.eventId,
      version: 2,
      start: '2025-09-30T16:00:00+02:00',
      end: '2025-09-30T18:00:00+02:00',
    });
    const again = factory.announce({ category: 'MAINTENANCE', start: moved.start, end: moved.end! });
    expect(announcements('AVAILABLE', [moved, planned, again, again])).toEqual([
      { kind: 'unavailability', start: '2025-09-30', end: '2025-09-30' },
    ]);
  });

  it('reads a FAILURE_END whose start was pruned on its own, and one without `end` as ending when published', () => {
    const factory = new LatarniaMessageFactory();
    const pruned = factory.announce({ category: 'FAILURE', start: '2025-07-09T08:00:00+02:00' });
    const { end: _omitted, ...withoutEnd } = factory.end(
      factory.announce({ category: 'FAILURE', start: '2025-08-04T08:00:00+02:00' }),
      '2025-08-05T08:00:00+02:00',
      { published: '2025-08-06T08:00:00+02:00' },
    );
    expect(announcements('AVAILABLE', [factory.end(pruned, '2025-07-12T18:00:00+02:00'), withoutEnd])).toEqual([
      { kind: 'failure', start: '2025-07-09', end: '2025-07-12' },
      { kind: 'failure', start: '2025-08-04', end: '2025-08-06' },
    ]);
  });

  it(`keeps the ${MAX_ANNOUNCEMENTS} most recent announcements, in order`, () => {
    const factory = new LatarniaMessageFactory();
    const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n, 9)).toISOString();
    const messages = Array.from({ length: MAX_ANNOUNCEMENTS + 50 }, (_, n) =>
      factory.announce({ category: 'MAINTENANCE', start: day(n), end: day(n) }),
    ).reverse();
    const kept = announcements('AVAILABLE', messages);
    expect(kept).toHaveLength(MAX_ANNOUNCEMENTS);
    expect(kept[0]!.start).toBe(day(50).slice(0, 10));
    expect(kept.at(-1)!.start).toBe(day(MAX_ANNOUNCEMENTS + 49).slice(0, 10));
    expect(
      payloadSchema.Check(
        ksefAvailability({ apiReachable: true, latarnia: latarnia('AVAILABLE', messages), timeZone: WARSAW }),
      ),
    ).toBe(true);
  });
});
