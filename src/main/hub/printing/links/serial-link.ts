import { SerialPort } from 'serialport';
import { LinkBrokenError, type PrinterLink } from './printer-link.js';
import { StreamLink } from './stream-link.js';

/** A printer on a serial line (RS-232, or a USB-serial adapter such as /dev/ttyUSB0). */
export async function openSerialLink(path: string, baudRate: number): Promise<PrinterLink> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(new LinkBrokenError(`cannot open ${path}: ${error.message}`, { cause: error })) : resolve(),
    ),
  );
  const link: StreamLink = new StreamLink(
    (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (link.broken) return reject(new LinkBrokenError(`${path} is gone`));
        const failed = (error: Error | null | undefined) => {
          if (!error) return false;
          reject(new LinkBrokenError(`writing to ${path} failed: ${error.message}`, { cause: error }));
          return true;
        };
        // drain waits until the OS has sent the bytes down the line, not just taken them into its buffer.
        port.write(bytes, (error) => failed(error) || port.drain((drainError) => failed(drainError) || resolve()));
      }),
    async () => {
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  );
  port.on('data', (chunk: Buffer) => link.received(chunk));
  port.on('error', (error: Error) => link.break(`${path} failed: ${error.message}`));
  port.on('close', () => link.break(`${path} was closed (unplugged?)`));
  return link;
}
