// Branches and exception generation: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, SVC, BRK
// and HLT (Arm ARM C4.1.93; the translation loop recognises the libnative marker `hlt #0xffff`).
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, sbits, sf } from '../fields.js';

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

/** HLT at EL0 is an undefined instruction: SIGILL. */
function hlt(): boolean {
  return false;
}

export const branchPatterns: Pattern[] = [
  pat('B/BL', 0x7c000000, 0x14000000, branchImm),
  pat('B.cond', 0xff000010, 0x54000000, branchCond),
  pat('CBZ/CBNZ', 0x7e000000, 0x34000000, compareBranch),
  pat('TBZ/TBNZ', 0x7e000000, 0x36000000, testBranch),
  pat('BR/BLR/RET', 0xfe1ffc1f, 0xd61f0000, branchReg),
  pat('SVC', 0xffe0001f, 0xd4000001, svc),
  pat('BRK', 0xffe0001f, 0xd4200000, brk),
  pat('HLT', 0xffe0001f, 0xd4400000, hlt),
];
