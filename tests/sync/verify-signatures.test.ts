import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/shared/canonical-json.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { chainHash, type LedgerRecord } from '../../src/main/hub/ledger/event-log.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import { seedCatalog, startDeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { runCli } from '../helpers/ledger-processes.js';
import { copyLedgerDir, tamper } from '../helpers/ledger-testkit.js';

describe('ledger verify checks device signatures', () => {
  let dataDir: string;
  let forgedCursor: number;

  beforeAll(async () => {
    const t = await startDeviceTestHub();
    await seedCatalog(t, 10);
    const till = new TestDevice();
    await t.pair(till);
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [1, 2, 3].map((quantity) =>
          till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity }),
        ),
      },
    });
    forgedCursor = pushed.json.results[2]!.cursor!;
    expect(forgedCursor).toBe(t.hub.context.ledger.head().cursor);
    dataDir = t.dataDir;
    await t.hub.stop();
  });

  const verifyDir = (dir: string) => {
    const db = openDatabase({ file: ledgerFile(dir), readonly: true });
    try {
      return verifyLedger(db, [deviceSignatureCheck(db)]);
    } finally {
      db.close();
    }
  };

  it('a sound ledger with signed device events verifies', async () => {
    expect(verifyDir(dataDir)).toMatchObject({ ok: true, checked: forgedCursor });
    const cli = await runCli(['ledger', 'verify', '--data-dir', dataDir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/ledger sound/);
  });

  it('a device event rewritten in SQLite with a consistent hash chain is caught by its signature', async () => {
    const forged = copyLedgerDir(dataDir);
    tamper(forged, (db) => {
      const row = db.prepare('SELECT record, prev_hash FROM events WHERE cursor = ?').get(forgedCursor) as {
        record: string;
        prev_hash: string;
      };
      const record = JSON.parse(row.record) as LedgerRecord;
      record.event.payload.quantity = 1;
      const json = canonicalJson(record);
      // The chain is recomputed, so only the device's signature can tell.
      db.prepare('UPDATE events SET record = ?, hash = ? WHERE cursor = ?').run(
        json,
        chainHash(row.prev_hash, json),
        forgedCursor,
      );
    });
    expect(verifyDir(forged)).toMatchObject({
      ok: false,
      firstBreak: { cursor: forgedCursor, reason: expect.stringMatching(/signature/) },
    });
    const cli = await runCli(['ledger', 'verify', '--data-dir', forged]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(new RegExp(`BROKEN at cursor ${forgedCursor}: device signature`));
  });
});
