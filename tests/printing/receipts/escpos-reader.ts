/**
 * Reads receipt bytes the way the printer would: every command the receipts may contain is recognised with its
 * exact length, text is decoded from code page 852, and LF ends a line. Any other control byte or command (a drawer
 * kick `ESC p`, a stray ESC from unfiltered text) throws, so a test reading a receipt also proves it holds nothing
 * else.
 */
import iconv from 'iconv-lite';
import type { PrinterModel } from '../../../src/shared/protocol/printing.js';

export interface ReadReceipt {
  /** Printed text lines, decoded. */
  lines: string[];
  /** Every command, as hex ("1b40", "1d5601"). */
  commands: string[];
  /** QR data, in order. */
  qrCodes: string[];
}

type Step = { length: number; qr?: [offset: number, length: number] };

function epsonCommand(bytes: Buffer, at: number): Step | undefined {
  const [first, second] = [bytes[at], bytes[at + 1]];
  if (first === 0x1b) {
    if (second === 0x40) return { length: 2 }; // ESC @
    // ESC t (code page), M (font), E (bold), ! (print mode), a (align), d (feed lines)
    if ([0x74, 0x4d, 0x45, 0x21, 0x61, 0x64].includes(second!)) return { length: 3 };
    return undefined;
  }
  if (first === 0x1d) {
    if (second === 0x56) return { length: 3 }; // GS V m: cut
    if (second === 0x28 && bytes[at + 2] === 0x6b) {
      // GS ( k pL pH cn fn …: QR functions; fn 0x50 stores the data after 3 bytes (cn fn m).
      const size = bytes[at + 3]! + bytes[at + 4]! * 256;
      const store = bytes[at + 6] === 0x50;
      return { length: 5 + size, ...(store ? { qr: [at + 8, size - 3] as [number, number] } : {}) };
    }
  }
  return undefined;
}

function starCommand(bytes: Buffer, at: number): Step | undefined {
  const [first, second, third, fourth] = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
  if (first === 0x0b) return { length: 1 }; // VT
  if (first !== 0x1b) return undefined;
  if (second === 0x40 || second === 0x45 || second === 0x46) return { length: 2 }; // ESC @, bold on, bold off
  if (second === 0x64) return { length: 3 }; // ESC d n: cut
  if (second === 0x69) return { length: 4 }; // ESC i n1 n2: text size
  if (second === 0x1e && third === 0x46) return { length: 4 }; // ESC RS F n: font
  if (second !== 0x1d) return undefined;
  if (third === 0x74 || third === 0x61) return { length: 4 }; // ESC GS t n (code page), ESC GS a n (align)
  if (third === 0x79 && fourth === 0x53) return { length: 6 }; // ESC GS y S k n: QR settings
  if (third === 0x79 && fourth === 0x50) return { length: 4 }; // ESC GS y P: print QR
  if (third === 0x79 && fourth === 0x44 && bytes[at + 4] === 0x31) {
    // ESC GS y D 1 m nL nH d…: QR data, then the library's LF
    const size = bytes[at + 6]! + bytes[at + 7]! * 256;
    return { length: 8 + size, qr: [at + 8, size] };
  }
  return undefined;
}

export function readReceipt(model: PrinterModel, bytes: Buffer): ReadReceipt {
  const command = model === 'epson' ? epsonCommand : starCommand;
  const result: ReadReceipt = { lines: [], commands: [], qrCodes: [] };
  let text: number[] = [];
  for (let at = 0; at < bytes.length;) {
    const byte = bytes[at]!;
    if (byte === 0x0a) {
      result.lines.push(iconv.decode(Buffer.from(text), 'CP852'));
      text = [];
      at += 1;
    } else if (byte >= 0x20 && byte !== 0x7f) {
      text.push(byte);
      at += 1;
    } else {
      const step = command(bytes, at);
      if (!step) throw new Error(`unexpected ${model} bytes at ${at}: ${bytes.subarray(at, at + 4).toString('hex')}`);
      result.commands.push(bytes.subarray(at, at + step.length).toString('hex'));
      if (step.qr) result.qrCodes.push(bytes.subarray(step.qr[0], step.qr[0] + step.qr[1]).toString('latin1'));
      at += step.length;
    }
  }
  if (text.length > 0) result.lines.push(iconv.decode(Buffer.from(text), 'CP852'));
  return result;
}
