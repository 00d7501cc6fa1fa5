import type { DrawerWiring, PrinterModel } from '../../../../shared/protocol/printing.js';

/**
 * The bytes that pulse the drawer solenoid. Written out here rather than taken from node-thermal-printer, whose
 * Epson `openCashDrawer()` sends two 3-byte `ESC p m` with no pulse times, so the printer reads the second command
 * as the first one's times and pin 5 never fires (research/upstreams.md §C.1).
 */
export function drawerKickBytes(model: PrinterModel, wiring: DrawerWiring): Buffer {
  return model === 'star' ? starKick(wiring) : epsonKick(wiring);
}

/** `ESC p m t1 t2`: m 0 = pin 2, 1 = pin 5; on for t1 × 2 ms, off for t2 × 2 ms (off ≥ on keeps the duty low). */
function epsonKick({ pins, pulseMs }: DrawerWiring): Buffer {
  const t = Math.max(1, Math.min(255, Math.round(pulseMs / 2)));
  const kick = (m: number) => [0x1b, 0x70, m, t, t];
  if (pins === 'pin2') return Buffer.from(kick(0));
  if (pins === 'pin5') return Buffer.from(kick(1));
  return Buffer.from([...kick(0), ...kick(1)]);
}

/**
 * Star line mode: `ESC BEL n1 n2` sets the pulse (n1 × 10 ms on, n2 × 10 ms delay), then `BEL` fires drawer 1
 * (pin 2) and `SUB` drawer 2 (pin 5).
 */
function starKick({ pins, pulseMs }: DrawerWiring): Buffer {
  const n1 = Math.max(1, Math.min(127, Math.round(pulseMs / 10)));
  const fire = pins === 'pin2' ? [0x07] : pins === 'pin5' ? [0x1a] : [0x07, 0x1a];
  return Buffer.from([0x1b, 0x07, n1, n1, ...fire]);
}
