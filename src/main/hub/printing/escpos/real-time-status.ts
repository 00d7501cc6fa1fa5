import type { PrinterStatusReading, WaitReason } from '../../../../shared/protocol/printing.js';

/**
 * ESC/POS real-time status (`DLE EOT n`, research/upstreams.md §C.2). The printer answers these as soon as they
 * arrive, even with a receipt in its buffer, with one byte of the form 0xx1xx10.
 */
export const STATUS_QUERY = {
  printer: Buffer.from([0x10, 0x04, 0x01]),
  offlineCause: Buffer.from([0x10, 0x04, 0x02]),
  errorCause: Buffer.from([0x10, 0x04, 0x03]),
  rollPaper: Buffer.from([0x10, 0x04, 0x04]),
} as const;

/** Bits 0 and 7 clear, bits 1 and 4 set (python-escpos `_check_valid_response`): anything else is line noise. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export interface StatusBytes {
  printer: number;
  /** Asked only when the printer says it is offline. */
  offlineCause?: number;
  rollPaper: number;
}

export function readingFrom(bytes: StatusBytes): PrinterStatusReading {
  const cause = bytes.offlineCause ?? 0x12;
  const paperOut = (bytes.rollPaper & 0x60) === 0x60 || (cause & 0x20) !== 0;
  return {
    online: (bytes.printer & 0x08) === 0,
    coverOpen: (cause & 0x04) !== 0,
    paperOut,
    paperNearEnd: !paperOut && (bytes.rollPaper & 0x0c) === 0x0c,
    drawerSensorHigh: (bytes.printer & 0x04) !== 0,
    error: (cause & 0x40) !== 0,
  };
}

/** Why a printer that answered cannot print now, most specific first; undefined when it can. */
export function waitReasonOf(reading: PrinterStatusReading): WaitReason | undefined {
  if (reading.coverOpen) return 'cover_open';
  if (reading.paperOut) return 'paper_out';
  if (reading.error) return 'error';
  if (!reading.online) return 'offline';
  return undefined;
}
