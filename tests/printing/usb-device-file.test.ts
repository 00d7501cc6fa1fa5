/**
 * A USB printer through its device file. A named pipe stands in for `/dev/usb/lp0` (both are written to and not
 * seekable); a plain file at the configured path is refused, so a typo never writes receipts into someone's file.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintJobView } from '../../src/shared/protocol/printing.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { storeHub } from '../store-ops/helpers.js';
import { addPrinter, adminJob, jobBytes, printerView, serialPrinter, until } from './printing-helpers.js';

describe('a USB printer device file', () => {
  const store = storeHub();
  const dir = tempDir('backroom-usb-');
  const chunks: Buffer[] = [];
  const fifo = path.join(dir, 'lp0');
  execFileSync('mkfifo', [fifo]);
  // The "printer" reads for as long as the test runs; reopening after each hub close, as a device node would allow.
  let reading = true;
  const read = () => {
    const stream = createReadStream(fifo);
    stream.on('data', (chunk) => chunks.push(chunk as Buffer));
    stream.on('end', () => reading && read());
  };
  read();
  afterAll(() => {
    reading = false;
    // Unblock the reader's open if nothing ever wrote.
    writeFileSync(fifo, '');
  });

  it('prints through the device file with the status marked unknown', async () => {
    const { t } = store;
    await addPrinter(t, serialPrinter('usb', '', { connection: { type: 'usb', devicePath: fifo } }), store.marta);
    const job = t.hub.context.printing.queue.testPrint('usb', { id: 'owner', name: 'Olga' });
    const done = await until(
      'printed',
      () => adminJob(t, job.id),
      (view: PrintJobView) => view.state === 'printed',
    );
    expect(done.statusUnknown).toBe(true);
    const bytes = jobBytes(t, job.id);
    await until(
      'the bytes through the pipe',
      () => Buffer.concat(chunks).length,
      (n) => n >= bytes.length,
    );
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('refuses a plain file as a printer and leaves it untouched', async () => {
    const { t } = store;
    const file = path.join(dir, 'ledger-notes.txt');
    writeFileSync(file, 'keep me');
    await addPrinter(
      t,
      serialPrinter('typo', '', { connection: { type: 'usb', devicePath: file }, receiptDefault: false }),
      store.marta,
    );
    t.hub.context.printing.queue.testPrint('typo', { id: 'owner', name: 'Olga' });
    await until(
      'unreachable',
      () => printerView(t, 'typo'),
      (view) => view.waitingFor === 'unreachable',
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});
