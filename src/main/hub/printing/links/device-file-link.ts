import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { LinkBrokenError, type PrinterLink } from './printer-link.js';

/**
 * A USB printer through its kernel device file (`/dev/usb/lp0`). Reads from it block a thread until the printer
 * sends something, and many printers never do, so no status is asked: jobs print with the status marked unknown.
 */
export async function openDeviceFileLink(devicePath: string): Promise<PrinterLink> {
  // No O_CREAT: an unplugged printer must fail to open, not leave a plain file where its device node was.
  const file = await open(devicePath, constants.O_WRONLY).catch((error: Error) => {
    throw new LinkBrokenError(`cannot open ${devicePath}: ${error.message}`, { cause: error });
  });
  // Only a device (or a pipe to a spooler) is a printer: a mistyped path must never get receipts written into a file.
  const stat = await file.stat();
  if (stat.isFile() || stat.isDirectory()) {
    await file.close();
    throw new LinkBrokenError(`${devicePath} is not a device file`);
  }
  let broken = false;
  return {
    async write(bytes) {
      try {
        await file.write(bytes);
      } catch (error) {
        broken = true;
        throw new LinkBrokenError(`writing to ${devicePath} failed: ${(error as Error).message}`, { cause: error });
      }
    },
    query: () => Promise.resolve([]),
    get broken() {
      return broken;
    },
    close: () => file.close(),
  };
}
