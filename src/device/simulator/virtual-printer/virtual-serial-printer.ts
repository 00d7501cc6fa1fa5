import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialPort } from 'serialport';
import { EscPosResponder } from './escpos-responder.js';

export interface VirtualSerialPrinter {
  /** The device path the hub opens, as it would open `/dev/ttyUSB0`. */
  readonly hostPath: string;
  readonly responder: EscPosResponder;
  /** Resolves once at least `bytes` printable bytes (status queries excluded) have arrived. */
  waitForPrinted(bytes: number, timeoutMs?: number): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * A receipt printer on a virtual serial line: `socat` makes a pty pair, the hub gets one end, and an ESC/POS
 * responder sits on the other through `serialport`, exactly as a USB-serial printer would. Needs `socat`.
 */
export async function startVirtualSerialPrinter(): Promise<VirtualSerialPrinter> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backroom-vprinter-'));
  const hostPath = path.join(dir, 'hub');
  const printerPath = path.join(dir, 'printer');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${printerPath}`], {
    stdio: 'ignore',
  });
  // Without a listener a missing socat (ENOENT) would take the whole process down; waitForLinks reports it instead.
  let spawnError: Error | undefined;
  socat.once('error', (error) => {
    spawnError = error;
  });
  try {
    await waitForLinks(socat, [hostPath, printerPath], () => spawnError);
    const port = new SerialPort({ path: printerPath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    const responder = new EscPosResponder();
    port.on('data', (chunk: Buffer) => {
      const reply = responder.receive(chunk);
      if (reply.length > 0) port.write(reply);
    });
    return {
      hostPath,
      responder,
      waitForPrinted: (bytes, timeoutMs = 5_000) => waitForPrinted(responder, bytes, timeoutMs),
      async close() {
        if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
        await stopSocat(socat);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopSocat(socat);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export async function waitForPrinted(responder: EscPosResponder, bytes: number, timeoutMs: number): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const printed = responder.printed();
    if (printed.length >= bytes) return printed;
    if (Date.now() > deadline) {
      throw new Error(`the virtual printer got ${printed.length} of ${bytes} bytes within ${timeoutMs} ms`);
    }
    await sleep(10);
  }
}

async function waitForLinks(socat: ChildProcess, links: string[], spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!links.every((link) => existsSync(link))) {
    const error = spawnError();
    if (error) throw new Error(`cannot start socat (${error.message}); install it: apt-get install socat`);
    if (socat.exitCode !== null) throw new Error(`socat exited with ${socat.exitCode}; is socat installed?`);
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s');
    await sleep(20);
  }
}

async function stopSocat(socat: ChildProcess): Promise<void> {
  if (socat.exitCode !== null || socat.signalCode !== null || socat.pid === undefined) return;
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  socat.kill('SIGTERM');
  await exited;
}
