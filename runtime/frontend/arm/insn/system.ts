// System-level instructions user code runs: MRC/MCR of the CP15 thread ID registers (TPIDRURO
// read-only, TPIDRURW read/write), CP15 barriers and PMUSERENR reads, MRS/MSR of the APSR (NZCVQ and GE), the hints (NOP, YIELD,
// WFE, WFI, SEV: no-ops for a user-mode thread), preload hints (no-ops) and IT, which only
// changes how the next instructions are translated (translate.ts).
import { popcount, type Fields } from '../../shared/bit-pattern.js';
import { pat, pat16, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';

/** CP15 c13 c0 opc2 -> the state slot of the thread ID register, and whether user code may write it. */
const THREAD_ID: Record<number, { offset: number; writable: boolean }> = {
  2: { offset: ARM.tpidrurw, writable: true },
  3: { offset: ARM.tpidruro, writable: false },
};

/**
 * The CP15 barrier operations ARMv6 code uses (MCR p15, 0, Rt, c7, c10, 5 DMB; c7, c10, 4 DSB;
 * c7, c5, 4 ISB), which Linux lets user code run on ARMv7: no-ops, like DMB/DSB/ISB.
 */
const isCp15Barrier = (f: Fields): boolean =>
  !f.l && f.opc1 === 0 && f.crn === 7 && ((f.crm === 10 && (f.opc2 === 4 || f.opc2 === 5)) || (f.crm === 5 && f.opc2 === 4));

/**
 * MRC p15, 0, Rt, c9, c14, 0: PMUSERENR, which user code may always read, reads 0 (user access
 * to the performance monitors is off, as Linux leaves it and qemu-arm shows it), so the counters
 * themselves stay undefined. x264's CPU detection reads it.
 */
const isPmuserenrRead = (f: Fields): boolean => f.l === 1 && f.opc1 === 0 && f.crn === 9 && f.crm === 14 && f.opc2 === 0;

/** MRC/MCR p15, 0, Rt, c13, c0, {2,3}, the CP15 barriers, PMUSERENR: anything else is undefined at user level. */
function coproc(e: ArmEmitter, f: Fields): boolean {
  if (isCp15Barrier(f)) return true;
  if (isPmuserenrRead(f) && f.rt !== 15 && f.rt !== 13) {
    e.setReg(f.rt, e.b.i32(0));
    return true;
  }
  const reg = f.opc1 === 0 && f.crn === 13 && f.crm === 0 ? THREAD_ID[f.opc2] : undefined;
  if (reg === undefined || f.rt === 15 || f.rt === 13) return false;
  if (f.l) e.setReg(f.rt, e.b.get('i32', reg.offset));
  else if (reg.writable) e.b.set(reg.offset, e.reg(f.rt));
  else return false;
  return true;
}

/** User-mode CPSR.M (what MRS reads in the mode bits). */
const USR_MODE = 0x10;

/** MRS Rd, APSR: N Z C V Q at 31..27, GE at 19..16, the user mode number. */
function mrs(e: ArmEmitter, f: Fields): boolean {
  if (f.rd === 15) return false;
  const b = e.b;
  let v = b.i32(USR_MODE);
  const or = (x: number, sh: number): void => { v = b.bin('or', v, b.bin('shl', b.get('i32', x), b.i32(sh))); };
  or(ARM.n, 31); or(ARM.z, 30); or(ARM.c, 29); or(ARM.v, 28); or(ARM.q, 27); or(ARM.ge, 16);
  e.setReg(f.rd, v);
  return true;
}

/** MSR APSR_<mask>: mask bit 3 writes NZCVQ, bit 2 the GE bits (the others are privileged: ignored). */
function msrValue(e: ArmEmitter, mask: number, v: number | null, rn: number): boolean {
  if (mask === 0 || rn === 15) return false;
  const b = e.b;
  const val = v === null ? e.reg(rn) : b.i32(v);
  const bit = (n: number): ReturnType<typeof b.i32> => b.bin('and', b.bin('shr_u', val, b.i32(n)), b.i32(1));
  if (mask & 8) {
    b.set(ARM.n, bit(31)); b.set(ARM.z, bit(30)); b.set(ARM.c, bit(29)); b.set(ARM.v, bit(28)); b.set(ARM.q, bit(27));
  }
  if (mask & 4) b.set(ARM.ge, b.bin('and', b.bin('shr_u', val, b.i32(16)), b.i32(0xf)));
  return true;
}

/** IT: firstcond and mask become the ITSTATE of the next instruction (checked by translate.ts). */
function it(e: ArmEmitter, f: Fields): boolean {
  if (f.firstcond === 15 || (f.firstcond === 14 && popcount(f.mask) !== 1) || e.inIT) return false;
  e.startIt = (f.firstcond << 4) | f.mask;
  return true;
}

function nop(): void { /* hints and preloads */ }

export const systemGroup: Group = {
  a32: [
    pat('MRC/MCR p15', '---- 1110 opc1:3 l:1 crn:4 rt:4 1111 opc2:3 1 crm:4', coproc),
    pat('MRS', '---- 0001 0000 1111 rd:4 0000 0000 0000', mrs),
    pat('MSR (register)', '---- 0001 0010 mask:4 1111 0000 0000 rn:4', (e, f) => msrValue(e, f.mask, null, f.rn)),
    pat('MSR (immediate)', '---- 0011 0010 mask:4 1111 rot:4 imm8:8', (e, f) => {
      const sh = f.rot * 2;
      return msrValue(e, f.mask, sh ? ((f.imm8 >>> sh) | (f.imm8 << (32 - sh))) >>> 0 : f.imm8, 0);
    }),
    pat('hints', '---- 0011 0010 0000 1111 0000 ---- ----', nop),
  ],
  a32u: [
    pat('PLD/PLDW (imm)', '1111 0101 - - 01 ---- 1111 ---- ---- ----', nop),
    pat('PLI (imm)', '1111 0100 - 101 ---- 1111 ---- ---- ----', nop),
    pat('PLD/PLDW (reg)', '1111 0111 - - 01 ---- 1111 ---- ---0 ----', nop),
    pat('PLI (reg)', '1111 0110 - 101 ---- 1111 ---- ---0 ----', nop),
  ],
  t32: [
    pat('MRC/MCR p15', '1110 1110 opc1:3 l:1 crn:4 rt:4 1111 opc2:3 1 crm:4', coproc),
    pat('MRS', '1111 0011 1110 1111 1000 rd:4 0000 0000', mrs),
    pat('MSR (register)', '1111 0011 1000 rn:4 1000 mask:4 0000 0000', (e, f) => msrValue(e, f.mask, null, f.rn)),
    pat('hints', '1111 0011 1010 1111 1000 0000 ---- ----', nop),
  ],
  t16: [
    pat16('IT', '1011 1111 firstcond:4 mask:4', it),
    pat16('hints', '1011 1111 ---- 0000', nop),
  ],
};
