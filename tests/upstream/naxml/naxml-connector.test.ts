/**
 * The Conexxus connector on the real worker pool and a real SQLite outbox: it follows the transport Settings hold at
 * each attempt (none yet, a folder, an HTTPS back office), clears a crashed run's staging before its first drop,
 * and sends malformed jobs dead with a reason instead of delivering them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNaxmlFake } from '../../../src/fakes/naxml/index.js';
import { STAGING_DIR } from '../../../src/main/hub/upstream/naxml/folder-drop.js';
import { NaxmlConnector } from '../../../src/main/hub/upstream/naxml/naxml-connector.js';
import {
  CONEXXUS_CONNECTOR,
  NAXML_MAX_ATTEMPTS,
  type NaxmlJobResult,
} from '../../../src/main/hub/upstream/naxml/naxml-jobs.js';
import type { UpstreamJob } from '../../../src/main/hub/upstream/outbox/upstream-job.js';
import { CONEXXUS_CONNECTOR as VIEWS_CONNECTOR } from '../../../src/shared/protocol/conexxus-views.js';
import { journalDocument, journalFileName, journalPayload } from '../../fixtures/naxml/naxml-test-documents.js';
import {
  startPoolHarness,
  type PoolHarness,
  type PoolHarnessOptions,
} from '../../fixtures/naxml/naxml-pool-harness.js';
import { tempDir } from '../../helpers/ledger-testkit.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function harness(options: PoolHarnessOptions): PoolHarness {
  const h = startPoolHarness(options);
  stops.push(() => h.stop());
  return h;
}

const finished = (h: PoolHarness, jobs: UpstreamJob[]) => () => h.settled(jobs);
const utf8 = (text: string) => Buffer.from(text, 'utf8');

it('is the conexxus connector of the shared protocol', () => {
  expect(new NaxmlConnector({ transport: () => null }).name).toBe(CONEXXUS_CONNECTOR);
  expect(CONEXXUS_CONNECTOR).toBe(VIEWS_CONNECTOR);
});

describe('the transport, read at every attempt', () => {
  it('while Conexxus is not set up, a job waits (not_ready) instead of dying, and goes once it is', async () => {
    const folder = tempDir('backroom-naxml-out-');
    const h = harness({ transport: null });
    // Settings are saved right after the first refusal, so the next attempt finds them.
    h.pool.once('retry', () => h.setTransport({ kind: 'folder', folder }));
    const [job] = h.enqueue([journalPayload(1)]);
    await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
    expect(h.retries.map((r) => [r.error.kind, r.job.lastError])).toEqual([
      ['not_ready', 'not_ready: Conexxus is not set up'],
    ]);
    expect(h.current(job!)).toMatchObject({ state: 'done', attempts: 2 });
    expect(fs.readFileSync(path.join(folder, journalFileName(1))).equals(utf8(journalDocument(1)))).toBe(true);
  });

  it('follows a change from a folder to an HTTPS back office between jobs', async () => {
    const folder = tempDir('backroom-naxml-out-');
    const target = await startNaxmlFake();
    stops.push(() => target.close());
    const h = harness({ transport: { kind: 'folder', folder } });
    const [first] = h.enqueue([journalPayload(1)]);
    await expect.poll(finished(h, [first!]), { timeout: 20_000 }).toBe(true);
    h.setTransport({ kind: 'https', url: target.url, auth: { kind: 'none' } });
    const [second] = h.enqueue([journalPayload(2)]);
    await expect.poll(finished(h, [second!]), { timeout: 20_000 }).toBe(true);

    const dropped = h.current(first!).result as NaxmlJobResult;
    expect(dropped).toEqual({
      transport: 'folder',
      path: path.join(folder, journalFileName(1)),
      deliveredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(h.current(second!).result).toEqual({
      transport: 'https',
      status: 200,
      ack: { status: 'Success', messages: [] },
      deliveredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(fs.readdirSync(folder).sort()).toEqual([STAGING_DIR, journalFileName(1)]);
    expect(target.applied().map((d) => d.fileName)).toEqual([journalFileName(2)]);
  });
});

describe('folder drop through the pool', () => {
  it('drops every document once with its exact bytes, after clearing what a crashed run left in staging', async () => {
    const folder = tempDir('backroom-naxml-out-');
    fs.mkdirSync(path.join(folder, STAGING_DIR));
    fs.writeFileSync(path.join(folder, STAGING_DIR, `${journalFileName(9)}.4242.deadbeef0000.tmp`), '<NAXML-POS');
    const h = harness({ transport: { kind: 'folder', folder }, concurrency: 3 });
    const jobs = h.enqueue(Array.from({ length: 6 }, (_, i) => journalPayload(i + 1)));
    await expect.poll(finished(h, jobs), { timeout: 20_000 }).toBe(true);

    const names = Array.from({ length: 6 }, (_, i) => journalFileName(i + 1));
    expect(fs.readdirSync(folder).sort()).toEqual([STAGING_DIR, ...names].sort());
    for (const [i, name] of names.entries()) {
      expect(fs.readFileSync(path.join(folder, name)).equals(utf8(journalDocument(i + 1)))).toBe(true);
    }
    expect(fs.readdirSync(path.join(folder, STAGING_DIR))).toEqual([]);
    expect(jobs.map((job) => h.current(job).state)).toEqual(Array(6).fill('done'));
  });

  it(`a missing folder is retried as a network failure and dead after ${NAXML_MAX_ATTEMPTS} attempts`, async () => {
    const folder = path.join(tempDir('backroom-naxml-share-'), 'BOOutbox');
    const h = harness({ transport: { kind: 'folder', folder } });
    const [job] = h.enqueue([journalPayload(1)]);
    await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
    const stored = h.current(job!);
    expect([stored.state, stored.attempts]).toEqual(['dead', NAXML_MAX_ATTEMPTS]);
    expect(stored.lastError).toBe(
      `gave up after ${NAXML_MAX_ATTEMPTS} attempts; last: network: the NAXML outbox folder ${folder} ` +
        'does not exist (is the share mounted?) (ENOENT)',
    );
    expect(h.retries.map((r) => r.error.kind)).toEqual(Array(NAXML_MAX_ATTEMPTS - 1).fill('network'));
    expect(fs.existsSync(folder)).toBe(false);
  });
});

describe('malformed jobs go dead at once, delivering nothing', () => {
  const good = journalPayload(1);
  it.each<[string, string, unknown, string]>([
    ['an unknown kind', 'pricebook', good, "unknown job kind 'pricebook'"],
    ['a movement type on a journal job', 'journal', { ...good, type: 'ISM' }, "type 'ISM' is not a journal document"],
    ['a journal on a movement job', 'movement', good, "type 'PJR' is not a movement document"],
    ['a path for a file name', 'journal', { ...good, fileName: '../PJR.xml' }, '"../PJR.xml" is not a plain file name'],
    ['no document', 'journal', { ...good, document: '' }, 'document must be a non-empty string'],
    [
      'a document declaring Latin-1',
      'journal',
      { ...good, document: good.document.replace('UTF-8', 'ISO-8859-1') },
      "the document declares encoding 'ISO-8859-1' but is sent as UTF-8",
    ],
    ['a bad business date', 'journal', { ...good, businessDate: '06.12.2026' }, 'not YYYY-MM-DD'],
    ['a revision of zero', 'journal', { ...good, revision: 0 }, 'revision must be a positive integer'],
  ])('%s', async (_name, kind, payload, reason) => {
    const folder = tempDir('backroom-naxml-out-');
    const h = harness({ transport: { kind: 'folder', folder } });
    const [job] = h.enqueue([payload], kind);
    await expect.poll(finished(h, [job!]), { timeout: 20_000 }).toBe(true);
    const stored = h.current(job!);
    expect([stored.state, stored.attempts, stored.connector]).toEqual(['dead', 1, CONEXXUS_CONNECTOR]);
    expect(stored.lastError).toContain('validation: malformed Conexxus job: ');
    expect(stored.lastError).toContain(reason);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
