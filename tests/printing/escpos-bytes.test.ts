/** The ESC/POS bytes the hub writes and reads, against the values in printer manuals (research/upstreams.md §C.2). */
import { describe, expect, it } from 'vitest';
import { EscPosResponder } from '../../src/device/simulator/virtual-printer/escpos-responder.js';
import { drawerKickBytes } from '../../src/main/hub/printing/escpos/drawer-kick.js';
import { isStatusByte, readingFrom, waitReasonOf } from '../../src/main/hub/printing/escpos/real-time-status.js';

describe('drawer kick bytes', () => {
  it('are complete ESC p m t1 t2 commands for Epson, one per wired pin', () => {
    expect(drawerKickBytes('epson', { pins: 'pin2', pulseMs: 100 })).toEqual(Buffer.from([0x1b, 0x70, 0, 50, 50]));
    expect(drawerKickBytes('epson', { pins: 'pin5', pulseMs: 50 })).toEqual(Buffer.from([0x1b, 0x70, 1, 25, 25]));
    expect(drawerKickBytes('epson', { pins: 'both', pulseMs: 510 })).toEqual(
      Buffer.from([0x1b, 0x70, 0, 255, 255, 0x1b, 0x70, 1, 255, 255]),
    );
    expect(drawerKickBytes('epson', { pins: 'pin2', pulseMs: 2 })).toEqual(Buffer.from([0x1b, 0x70, 0, 1, 1]));
  });

  it('are ESC BEL n1 n2 then BEL / SUB for Star line mode', () => {
    expect(drawerKickBytes('star', { pins: 'pin2', pulseMs: 100 })).toEqual(Buffer.from([0x1b, 0x07, 10, 10, 0x07]));
    expect(drawerKickBytes('star', { pins: 'both', pulseMs: 200 })).toEqual(
      Buffer.from([0x1b, 0x07, 20, 20, 0x07, 0x1a]),
    );
  });
});

describe('real-time status', () => {
  it('reads online, offline, cover open, paper end and near end as the manuals give them', () => {
    expect(readingFrom({ printer: 0x16, rollPaper: 0x12 })).toMatchObject({ online: true, drawerSensorHigh: true });
    expect(waitReasonOf(readingFrom({ printer: 0x12, rollPaper: 0x12 }))).toBeUndefined();
    expect(waitReasonOf(readingFrom({ printer: 0x1a, offlineCause: 0x16, rollPaper: 0x12 }))).toBe('cover_open');
    expect(waitReasonOf(readingFrom({ printer: 0x1a, offlineCause: 0x32, rollPaper: 0x72 }))).toBe('paper_out');
    expect(waitReasonOf(readingFrom({ printer: 0x1a, offlineCause: 0x12, rollPaper: 0x12 }))).toBe('offline');
    expect(waitReasonOf(readingFrom({ printer: 0x1a, offlineCause: 0x52, rollPaper: 0x12 }))).toBe('error');
    const nearEnd = readingFrom({ printer: 0x12, rollPaper: 0x1e });
    expect(nearEnd).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(waitReasonOf(nearEnd)).toBeUndefined();
  });

  it('tells status bytes from noise', () => {
    expect([0x12, 0x16, 0x1a, 0x1e, 0x72].every(isStatusByte)).toBe(true);
    expect([0x00, 0x13, 0x92, 0x1b, 0xff].some(isStatusByte)).toBe(false);
  });

  it('the fake printer answers a query split across two reads, and keeps it out of what it printed', () => {
    const responder = new EscPosResponder();
    expect(responder.receive(Buffer.from([0x41, 0x10]))).toEqual(Buffer.alloc(0));
    expect(responder.receive(Buffer.from([0x04, 0x04, 0x42]))).toEqual(Buffer.from([0x12]));
    expect(responder.printed()).toEqual(Buffer.from('AB'));
  });
});
