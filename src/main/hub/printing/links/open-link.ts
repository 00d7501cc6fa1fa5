import type { PrinterConnection } from '../../../../shared/protocol/printing.js';
import { openDeviceFileLink } from './device-file-link.js';
import type { PrinterLink } from './printer-link.js';
import { openTcpLink } from './tcp-link.js';

export async function openPrinterLink(connection: PrinterConnection): Promise<PrinterLink> {
  switch (connection.type) {
    case 'serial': {
      // serialport and its native binding load with the first serial printer, not with every hub.
      const { openSerialLink } = await import('./serial-link.js');
      return openSerialLink(connection.path, connection.baudRate);
    }
    case 'tcp':
      return openTcpLink(connection.host, connection.port);
    case 'usb':
      return openDeviceFileLink(connection.devicePath);
  }
}
