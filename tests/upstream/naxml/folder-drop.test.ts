/**
 * Folder drop on real folders, and a real crash: a child process running the real worker pool is SIGKILLed between
 * writing a document and renaming it into the outbox folder, and the restarted hub delivers it exactly once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/main/hub/ledger/ledger.js';
import { clearStaging, dropFile, STAGING_DIR } from '../../../src/main/hub/upstream/naxml/folder-drop.js';
import { NaxmlConnector } from '../../../src/main/hub/upstream/naxml/naxml-connector.js';
import { NAXML_MAX_ATTEMPTS, type NaxmlJobResult } from '../../../src/main/hub/upstream/naxml/naxml-jobs.js';
import { OutboxStore } from '../../../src/main/hub/upstream/outbox/outbox-store.js';
import { ConnectorWorkerPool } from '../../../src/main/hub/upstream/workers/connector-worker-pool.js';
import { UpstreamError } from '../../../src/main/hub/upstream/workers/upstream-error.js';
import { journalPayload } from '../../fixtures/naxml/naxml-test-documents.js';
import { bundleCached, collect } from '../../helpers/ledger-processes.js';
import { makeReadOnlyDir, onCleanup, tempDir } from '../../helpers/ledger-testkit.js';

const CRASH_CHILD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'naxml',
  'crash-during-drop.ts',
);

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const listing = (folder: string) => fs.readdirSync(folder).sort();

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('dropFile', () => {
  it('puts the exact bytes under the file name and leaves nothing in staging', async () => {
    const folder = tempDir('backroom-naxml-out-');
    const { fileName, document } = journalPayload(1);
    const written = await dropFile(folder, fileName, bytesOf(document));
    expect(written).toBe(path.join(folder, fileName));
    expect(fs.readFileSync(written).equals(bytesOf(document))).toBe(true);
    expect(listing(folder)).toEqual([STAGING_DIR, fileName]);
    expect(listing(path.join(folder, STAGING_DIR))).toEqual([]);
  });

  it('a resend under the same name overwrites: one file, the latest bytes', async () => {
    const folder = tempDir('backroom-naxml-out-');
    await dropFile(folder, 'ISM340_1022_20261206_R01.xml', bytesOf('first'));
    await dropFile(folder, 'ISM340_1022_20261206_R01.xml', bytesOf('second'));
    expect(listing(folder)).toEqual([STAGING_DIR, 'ISM340_1022_20261206_R01.xml']);
    expect(fs.readFileSync(path.join(folder, 'ISM340_1022_20261206_R01.xml'), 'utf8')).toBe('second');
  });

  it.each(['a/b.xml', 'a\\b.xml', '../up.xml', '..', '.hidden.xml', '', 'line\nbreak.xml', 'C:evil.xml'])(
    'refuses the file name %j as validation, writing nothing',
    async (name) => {
      const folder = tempDir('backroom-naxml-out-');
      const error = await failure(dropFile(folder, name, bytesOf('x')));
      expect(error.kind).toBe('validation');
      expect(error.message).toContain('is not a plain file name');
      expect(listing(folder)).toEqual([]);
    },
  );

  it('a missing outbox folder is a retryable network error naming it, and it is not created', async () => {
    const folder = path.join(tempDir('backroom-naxml-parent-'), 'BOOutbox');
    const error = await failure(dropFile(folder, 'PJR.xml', bytesOf('x')));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(folder);
    expect(error.message).toContain('ENOENT');
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('a folder that may not be written is a network error naming the folder and the errno', async () => {
    const folder = tempDir('backroom-naxml-out-');
    makeReadOnlyDir(folder);
    const error = await failure(dropFile(folder, 'PJR.xml', bytesOf('x')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`${folder}.*\\((EACCES|EPERM)\\)`));
  });
});

describe('clearStaging', () => {
  it('removes temp files a crashed drop left, and nothing outside staging', async () => {
    const folder = tempDir('backroom-naxml-out-');
    fs.mkdirSync(path.join(folder, STAGING_DIR));
    fs.writeFileSync(path.join(folder, STAGING_DIR, 'PJR.xml.123.abc.tmp'), 'half');
    fs.writeFileSync(path.join(folder, 'delivered.xml'), 'kept');
    await clearStaging(folder);
    expect(listing(path.join(folder, STAGING_DIR))).toEqual([]);
    expect(fs.readFileSync(path.join(folder, 'delivered.xml'), 'utf8')).toBe('kept');
  });

  it('is a no-op when there is no staging folder (or no outbox folder yet)', async () => {
    const folder = tempDir('backroom-naxml-out-');
    await clearStaging(folder);
    await clearStaging(path.join(folder, 'missing'));
    expect(listing(folder)).toEqual([]);
  });
});

describe('a hub killed in the middle of a folder drop', () => {
  it('delivers nothing partial, keeps the job owed, and delivers it exactly once after the restart', async () => {
    const dataDir = tempDir('backroom-naxml-crash-');
    const folder = tempDir('backroom-naxml-out-');
    const child = spawn(process.execPath, [await bundleCached(CRASH_CHILD), dataDir, folder], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await collect(child);
    expect(result.stderr).toBe('');
    expect(result.signal).toBe('SIGKILL');
    const jobId = /^job (\S+)$/m.exec(result.stdout)?.[1];
    expect(jobId).toBeDefined();

    // The document reached the disk only as a temp file in hidden staging: nothing a back office would take.
    expect(listing(folder)).toEqual([STAGING_DIR]);
    const leftovers = listing(path.join(folder, STAGING_DIR));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/\.tmp$/);

    const ledger = Ledger.open(dataDir);
    onCleanup(() => ledger.close());
    const outbox = new OutboxStore(ledger.db);
    expect(outbox.get(jobId!)?.state).toBe('in_flight');
    expect(outbox.requeueInFlight()).toBe(1);

    const pool = new ConnectorWorkerPool({
      connector: new NaxmlConnector({ transport: () => ({ kind: 'folder', folder }) }),
      outbox,
      maxAttempts: NAXML_MAX_ATTEMPTS,
    });
    pool.start();
    try {
      await expect.poll(() => outbox.get(jobId!)?.state, { timeout: 10_000 }).toBe('done');
    } finally {
      await pool.stop(0);
    }

    const { fileName, document } = journalPayload(1);
    expect(listing(folder)).toEqual([STAGING_DIR, fileName]);
    expect(fs.readFileSync(path.join(folder, fileName)).equals(bytesOf(document))).toBe(true);
    expect(listing(path.join(folder, STAGING_DIR))).toEqual([]);
    const job = outbox.get(jobId!)!;
    expect(job.attempts).toBe(2);
    expect(job.result).toMatchObject({ transport: 'folder', path: path.join(folder, fileName) } as NaxmlJobResult);
  });
});
