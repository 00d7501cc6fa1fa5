import type * as NodeThermalPrinter from 'node-thermal-printer';
import type { PaperWidth, PrinterConfig, PrinterModel } from '../../../../shared/protocol/printing.js';
import { onFirstUse } from '../../first-use.js';
import { printable, wrapText } from './printable-text.js';

const thermalPrinter = onFirstUse<typeof NodeThermalPrinter>('node-thermal-printer');

/** What a layout needs to know of the printer: its command set and how many characters fit on a line. */
export type PaperSpec = Pick<PrinterConfig, 'model' | 'paperWidth'>;

/** The store as receipts name it; times print in its zone. */
export interface StoreHeader {
  storeName: string;
  storeId: string;
  timeZone: string;
}

/** Font A (12×24 dots) on the printable width of each roll: 576 dots on 80 mm paper, 384 on 58 mm. */
const CHARACTERS_PER_LINE: Readonly<Record<PaperWidth, number>> = { 80: 48, 58: 32 };

const PRINTER_TYPES: Readonly<Record<PrinterModel, keyof typeof NodeThermalPrinter.PrinterTypes>> = {
  epson: 'EPSON',
  star: 'STAR',
};

/** ESC @: clears whatever a previous, perhaps interrupted, job left in the printer's buffer and modes. */
const INITIALIZE = Buffer.from([0x1b, 0x40]);

/**
 * node-thermal-printer wants a connection; documents only build bytes, and the print worker owns the real one.
 * An object is used as-is as the library's interface, so this one makes any attempt to send from here fail loudly.
 */
const NO_CONNECTION = {
  isPrinterConnected: () => Promise.resolve(false),
  execute: () => Promise.reject(new Error('a receipt document only builds bytes; the print worker sends them')),
};

/**
 * Star Line Mode QR commands (`ESC GS y`): model 2, correction M, the cell size, the data, then print. Built here
 * because node-thermal-printer 4.6.1's Star `printQR` leaves out the `ESC GS y D 1 0` that must precede the data's
 * length and bytes, so the printer would take them for text (upstream PR #200 proposed the fix; 4.6.1 lacks it).
 */
function starQrCode(data: string, cellSize: number): Buffer {
  const bytes = Buffer.from(data, 'ascii');
  return Buffer.concat([
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x31, 0x01]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x32, cellSize]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, bytes.length % 256, Math.floor(bytes.length / 256)]),
    bytes,
    Buffer.from([0x1b, 0x1d, 0x79, 0x50]),
  ]);
}

/**
 * One receipt being laid out for a printer. Every line is measured here in printed columns, so nothing a layout
 * writes can run past the paper's width. The document never contains a drawer kick: drawers are opened by the
 * worker with explicit `ESC p` commands (node-thermal-printer's own kick is broken on Epson).
 */
export class ReceiptDocument {
  readonly width: number;
  readonly paperWidth: PaperWidth;
  private readonly model: PrinterModel;
  private readonly printer: NodeThermalPrinter.ThermalPrinter;

  constructor(paper: PaperSpec) {
    this.model = paper.model;
    this.paperWidth = paper.paperWidth;
    this.width = CHARACTERS_PER_LINE[paper.paperWidth];
    const { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } = thermalPrinter();
    this.printer = new ThermalPrinter({
      type: PrinterTypes[PRINTER_TYPES[paper.model]],
      interface: NO_CONNECTION as unknown as string,
      width: this.width,
      removeSpecialCharacters: false,
      // Lines are wrapped here, by printed columns; the library must not re-wrap what was already measured.
      breakLine: BreakLine.NONE,
    });
    // The code page is selected after ESC @ (which would reset it), not through the constructor, which emits it first.
    this.printer.add(INITIALIZE);
    this.printer.setCharacterSet(CharacterSet.PC852_LATIN2);
    // The characters-per-line figures assume font A, whatever the printer's own default font is set to.
    this.printer.setTypeFontA();
  }

  /** Left-aligned text, wrapped at word boundaries. */
  text(text: string): void {
    for (const line of wrapText(printable(text), this.width)) this.printer.println(line);
  }

  /** Centred text, wrapped at word boundaries. */
  centered(text: string): void {
    for (const line of wrapText(printable(text), this.width)) {
      this.printer.println(' '.repeat(Math.floor((this.width - line.length) / 2)) + line);
    }
  }

  /** `left` and `right` on one line, `right` flush right; a long `left` wraps and `right` ends its last line. */
  leftRight(left: string, right: string): void {
    const rightText = printable(right);
    if (rightText.length >= this.width) {
      this.text(left);
      this.text(right);
      return;
    }
    const lines = wrapText(printable(left), this.width);
    const last = lines.pop()!;
    for (const line of lines) this.printer.println(line);
    if (last.length + 1 + rightText.length <= this.width) {
      this.printer.println(last + rightText.padStart(this.width - last.length));
    } else {
      this.printer.println(last);
      this.printer.println(rightText.padStart(this.width));
    }
  }

  /** A heading: centred, bold and double height (double width would halve the characters per line). */
  title(text: string): void {
    this.printer.setTextDoubleHeight();
    this.bold(() => this.centered(text));
    this.printer.setTextNormal();
  }

  bold(write: () => void): void {
    this.printer.bold(true);
    write();
    this.printer.bold(false);
  }

  rule(character = '-'): void {
    this.printer.println(character.repeat(this.width));
  }

  blank(): void {
    this.printer.newLine();
  }

  /** A line to sign on, with what the signature is for under it. */
  signatureLine(label: string): void {
    this.blank();
    this.blank();
    this.printer.println('.'.repeat(this.width));
    this.centered(label);
  }

  /** A centred QR symbol (model 2, what phones scan; correction M); `data` must be printable ASCII (receipt-qr.ts). */
  qrCode(data: string, cellSize: number): void {
    this.printer.alignCenter();
    if (this.model === 'star') this.printer.add(starQrCode(data, cellSize));
    else this.printer.printQR(data, { model: 2, cellSize, correction: 'M' });
    this.printer.newLine();
    this.printer.alignLeft();
  }

  /**
   * Ends the receipt with node-thermal-printer's partial cut and returns the bytes. Partial, so the receipt hangs on
   * the roll instead of dropping; one vertical tab before it (Epson `ESC d 4`, Star `VT`) feeds the last line
   * past the cutter without the library's default of two, which wastes about 17 mm of paper per receipt on Epson.
   */
  finish(): Buffer {
    this.printer.partialCut({ verticalTabAmount: 1 });
    return this.printer.getBuffer();
  }
}
