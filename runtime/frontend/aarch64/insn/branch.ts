// Branches and exception generation: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, SVC, BRK
// and HLT (which doubles as the libnative marker) (Arm ARM C4.1.93).
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, sbits, sf } from '../fields.js';

/** libnative marker: HLT #0xffff, then a signed 32-bit offset (from its own address) to the descriptor. */
const NATIVE_MARKER = 0xd45fffe0;

function branchImm(e: Emitter, i: number): void {
  if (bit(i, 31)) e.setX(30, e.b.i64(e.pc + 4));
  e.jump(e.pc + sbits(i, 25, 0) * 4);
}

function branchCond(e: Emitter, i: number): void {
  e.branchIf(e.cond(bits(i, 3, 0)), e.pc + sbits(i, 23, 5) * 4);
}

function compareBranch(e: Emitter, i: number): void {
  const b = e.b;
  const v = e.r(sf(i), rd(i));
  const test = b.cmp(bit(i, 24) ? 'ne' : 'eq', v, b.konst(b.tyOf(v), 0));
  e.branchIf(test, e.pc + sbits(i, 23, 5) * 4);
}

function testBranch(e: Emitter, i: number): void {
  const b = e.b;
  const pos = (bit(i, 31) << 5) | bits(i, 23, 19);
  const set = b.bin('and', e.x(rd(i)), b.i64(1n << BigInt(pos)));
  const test = b.cmp(bit(i, 24) ? 'ne' : 'eq', set, b.i64(0));
  e.branchIf(test, e.pc + sbits(i, 18, 5) * 4);
}

function branchReg(e: Emitter, i: number): boolean {
  const opc = bits(i, 24, 21);
  if (opc > 2) return false;
  const target = e.x(rn(i)); // read before BLR writes X30 (BLR X30 is valid)
  if (opc === 1) e.setX(30, e.b.i64(e.pc + 4));
  e.jumpDyn(target);
  return true;
}

function svc(e: Emitter, i: number): void {
  e.b.exit('syscall', e.pc + 4, bits(i, 20, 5));
  e.ended = true;
}

function brk(e: Emitter, i: number): void {
  e.b.exit('trap', e.pc, bits(i, 20, 5));
  e.ended = true;
}

function hlt(e: Emitter, i: number): boolean {
  if ((i >>> 0) !== NATIVE_MARKER || !e.opts.nativeBypass) return false; // HLT at EL0 is SIGILL
  if (e.opts.lowerNative) {
    e.nextPc = e.opts.lowerNative(e.b, e.pc);
    return true;
  }
  let offset: number;
  try {
    offset = e.fetch.u32(e.pc + 4) | 0;
  } catch {
    return false;
  }
  e.b.exit('native', e.pc, e.pc + 4 + offset);
  e.ended = true;
  return true;
}

export const branchPatterns: Pattern[] = [
  pat('B/BL', '- 00101 --------------------------', branchImm),
  pat('B.cond', '01010100 ------------------- 0 ----', branchCond),
  pat('CBZ/CBNZ', '- 011010 -------------------------', compareBranch),
  pat('TBZ/TBNZ', '- 011011 -------------------------', testBranch),
  pat('BR/BLR/RET', '1101011 ---- 11111000000 ----- 00000', branchReg),
  pat('SVC', '11010100000 ---------------- 00001', svc),
  pat('BRK', '11010100001 ---------------- 00000', brk),
  pat('HLT', '11010100010 ---------------- 00000', hlt),
];
