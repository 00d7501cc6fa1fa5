/**
 * The printer side of ESC/POS as a fake: it keeps every byte it is sent and answers real-time status queries
 * (`DLE EOT n`) from a state the caller changes, the way an Epson TM printer would. Transport-agnostic: the serial
 * and TCP virtual printers feed it bytes and write back what it answers.
 */

const DLE = 0x10;
const EOT = 0x04;
/** Every real-time status byte has the form 0xx1xx10. */
const STATUS_BASE = 0x12;

export interface VirtualPrinterState {
  /** false: answers every query as an offline printer with no cause but "stopped" (a paused printer). */
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  drawerSensorHigh: boolean;
  /** false: never answers status queries (a printer without a back channel, or one in Star line mode). */
  answersStatus: boolean;
}

export const READY_PRINTER: VirtualPrinterState = {
  online: true,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  drawerSensorHigh: false,
  answersStatus: true,
};

export class EscPosResponder {
  state: VirtualPrinterState = { ...READY_PRINTER };
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** A DLE at the end of one chunk may begin a query finished by the next. */
  private pending = Buffer.alloc(0);

  /** Takes bytes from the line; returns the bytes to send back (empty when nothing is asked). */
  receive(chunk: Buffer): Buffer {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const data = Buffer.concat([this.pending, chunk]);
    const replies: number[] = [];
    let i = 0;
    for (; i < data.length; i++) {
      if (data[i] !== DLE) continue;
      if (i + 2 >= data.length) break;
      if (data[i + 1] === EOT) {
        const reply = this.statusByte(data[i + 2]!);
        if (reply !== undefined) replies.push(reply);
        i += 2;
      }
    }
    this.pending = i < data.length ? data.subarray(i) : Buffer.alloc(0);
    return Buffer.from(replies);
  }

  /** Everything received so far, status queries included. */
  received(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  /** What was received with the status queries taken out: what would reach paper or the drawer. */
  printed(): Buffer {
    const all = this.received();
    const kept: number[] = [];
    for (let i = 0; i < all.length; i++) {
      if (all[i] === DLE && all[i + 1] === EOT && i + 2 < all.length) {
        i += 2;
        continue;
      }
      kept.push(all[i]!);
    }
    return Buffer.from(kept);
  }

  clear(): void {
    this.chunks.length = 0;
    this.size = 0;
    this.pending = Buffer.alloc(0);
  }

  private statusByte(n: number): number | undefined {
    if (!this.state.answersStatus) return undefined;
    const s = this.state;
    const offline = !s.online || s.coverOpen || s.paperOut;
    switch (n) {
      case 1:
        return STATUS_BASE | (s.drawerSensorHigh ? 0x04 : 0) | (offline ? 0x08 : 0);
      case 2:
        return STATUS_BASE | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0);
      case 3:
        return STATUS_BASE;
      case 4:
        return STATUS_BASE | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
      default:
        return undefined;
    }
  }
}
