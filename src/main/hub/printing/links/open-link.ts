import type { PrinterConnection } from '../../../../shared/protocol/printing.js';
import { openDeviceFileLink } from './device-file-link.js';
import type { PrinterLink } from './printer-link.js';
import { openSerialLink } from './serial-link.js';
import { openTcpLink } from './tcp-link.js';

export function openPrinterLink(connection: PrinterConnection): Promise<PrinterLink> {
  switch (connection.type) {
    case 'serial':
      return openSerialLink(connection.path, connection.baudRate);
    case 'tcp':
      return openTcpLink(connection.host, connection.port);
    case 'usb':
      return openDeviceFileLink(connection.devicePath);
  }
}
