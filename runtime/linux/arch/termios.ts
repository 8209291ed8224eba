// struct termios for TCGETS/TCSETS* when the guest's differs from the host's beyond byte order
// (MIPS: 23 control characters in another order, three c_lflag bits moved). The host's is the
// generic one: four 32-bit flag words, c_line, c_cc[19].
import type { GuestMemoryApi } from '../../core/api.js';

export interface TermiosLayout {
  /** Number of c_cc entries in the guest struct. */
  ncc: number;
  /** Host c_cc index of each guest c_cc entry (-1: the host has none). */
  cc: readonly number[];
  /** c_lflag bits numbered differently: [guest bit, host bit]. */
  lflag: readonly (readonly [number, number])[];
}

const HOST_NCC = 19;
const FLAGS = 16;

function moveBits(v: number, pairs: readonly (readonly [number, number])[], from: 0 | 1): number {
  let out = v;
  for (const p of pairs) out &= ~p[from];
  for (const p of pairs) if (v & p[from]) out |= p[1 - from];
  return out >>> 0;
}

export function termiosSize(t: TermiosLayout): number {
  return FLAGS + 1 + t.ncc;
}

/** Guest struct termios at `addr` -> host layout in `host`. */
export function termiosToHost(mem: GuestMemoryApi, addr: number, t: TermiosLayout, host: DataView): void {
  for (let i = 0; i < 4; i++) host.setUint32(i * 4, mem.read32(addr + i * 4), true);
  host.setUint32(12, moveBits(host.getUint32(12, true), t.lflag, 0), true);
  host.setUint8(FLAGS, mem.read8(addr + FLAGS));
  for (let i = 0; i < HOST_NCC; i++) host.setUint8(FLAGS + 1 + i, 0);
  t.cc.forEach((h, g) => { if (h >= 0) host.setUint8(FLAGS + 1 + h, mem.read8(addr + FLAGS + 1 + g)); });
}

/** Host layout in `host` -> guest struct termios at `addr`. */
export function termiosToGuest(mem: GuestMemoryApi, addr: number, t: TermiosLayout, host: DataView): void {
  mem.check(addr, termiosSize(t), 'write');
  for (let i = 0; i < 3; i++) mem.write32(addr + i * 4, host.getUint32(i * 4, true));
  mem.write32(addr + 12, moveBits(host.getUint32(12, true), t.lflag, 1));
  mem.write8(addr + FLAGS, host.getUint8(FLAGS));
  for (let g = 0; g < t.ncc; g++) mem.write8(addr + FLAGS + 1 + g, t.cc[g] >= 0 ? host.getUint8(FLAGS + 1 + t.cc[g]) : 0);
}
