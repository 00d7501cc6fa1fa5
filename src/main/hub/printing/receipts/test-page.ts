import type { PrinterConfig, PrinterConnection, PrinterModel } from '../../../../shared/protocol/printing.js';
import { ReceiptDocument, type StoreHeader } from './receipt-document.js';
import { formatLocalDateTime } from './receipt-format.js';
import { appendQr } from './receipt-qr.js';

const MODEL_NAMES: Readonly<Record<PrinterModel, string>> = { epson: 'Epson (ESC/POS)', star: 'Star (Star Line Mode)' };

function describeConnection(connection: PrinterConnection): string {
  switch (connection.type) {
    case 'serial':
      return `port szeregowy ${connection.path}, ${connection.baudRate} bd`;
    case 'tcp':
      return `TCP ${connection.host}:${connection.port}`;
    case 'usb':
      return `USB ${connection.devicePath}`;
  }
}

/** Dots with a "+" every fifth and the tens digit every tenth column, ending in "|" on the last column. */
function columnRuler(width: number): string {
  let ruler = '';
  for (let column = 1; column < width; column += 1) {
    ruler += column % 10 === 0 ? String((column / 10) % 10) : column % 5 === 0 ? '+' : '.';
  }
  return `${ruler}|`;
}

/**
 * What a manager prints after setting a printer up: which printer this is and how it is reached, a ruler that
 * must fill exactly one line (a wrapped "|" means the paper width is set wrong), Polish letters (wrong ones mean
 * the printer lacks code page 852) and a QR code (missing means the printer cannot print them).
 */
export function testPage(printer: PrinterConfig, store: StoreHeader, now: Date): Buffer {
  const doc = new ReceiptDocument(printer);
  doc.title('TEST DRUKARKI');
  doc.centered(store.storeName);
  doc.centered(store.storeId);
  doc.rule();
  doc.leftRight('Drukarka', printer.name);
  doc.leftRight('Id', printer.id);
  doc.leftRight('Połączenie', describeConnection(printer.connection));
  doc.leftRight('Model', MODEL_NAMES[printer.model]);
  doc.leftRight('Papier', `${printer.paperWidth} mm, ${doc.width} znaków`);
  doc.leftRight('Czas', formatLocalDateTime(now, store.timeZone));
  doc.leftRight('Strefa czasowa', store.timeZone);
  doc.rule();
  doc.text(columnRuler(doc.width));
  doc.text('Zażółć gęślą jaźń');
  doc.text('ZAŻÓŁĆ GĘŚLĄ JAŹŃ');
  doc.rule();
  appendQr(doc, `BACKROOM TEST ${printer.id}`, 'Kod QR: zeskanuj telefonem');
  return doc.finish();
}
