// Branches and exception generation: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, SVC, BRK
// and HLT (Arm ARM C4.1.93; the translation loop recognises the libnative marker `hlt #0xffff`).
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';

function branchImm(e: Emitter, _i: number, f: Fields): void {
  if (f.link) e.setX(30, e.b.i64(e.pc + 4));
  e.jump(e.pc + f.imm26 * 4);
}

function branchCond(e: Emitter, _i: number, f: Fields): void {
  e.branchIf(e.cond(f.cond), e.pc + f.imm19 * 4);
}

function compareBranch(e: Emitter, _i: number, f: Fields): void {
  const b = e.b;
  const v = e.r(f.sf, f.rt);
  const test = b.cmp(f.nonzero ? 'ne' : 'eq', v, b.konst(b.tyOf(v), 0));
  e.branchIf(test, e.pc + f.imm19 * 4);
}

function testBranch(e: Emitter, _i: number, f: Fields): void {
  const b = e.b;
  const set = b.bin('and', e.x(f.rt), b.i64(1n << BigInt(f.bit)));
  const test = b.cmp(f.nonzero ? 'ne' : 'eq', set, b.i64(0));
  e.branchIf(test, e.pc + f.imm14 * 4);
}

const branchReg = (link: boolean) => (e: Emitter, _i: number, f: Fields): void => {
  const target = e.x(f.rn); // read before BLR writes X30 (BLR X30 is valid)
  if (link) e.setX(30, e.b.i64(e.pc + 4));
  e.jumpDyn(target);
};

function svc(e: Emitter, _i: number, f: Fields): void {
  e.b.exit('syscall', e.pc + 4, f.imm16);
  e.ended = true;
}

function brk(e: Emitter, _i: number, f: Fields): void {
  e.b.exit('trap', e.pc, f.imm16);
  e.ended = true;
}

/** HLT at EL0 is an undefined instruction: SIGILL. */
function hlt(): boolean {
  return false;
}

export const branchPatterns: Pattern[] = [
  pat('B/BL', 'link:1 00101 imm26:s26', branchImm),
  pat('B.cond', '01010100 imm19:s19 0 cond:4', branchCond),
  pat('CBZ/CBNZ', 'sf:1 011010 nonzero:1 imm19:s19 rt:5', compareBranch),
  pat('TBZ/TBNZ', 'b5:1 011011 nonzero:1 b40:5 imm14:s14 rt:5 bit=b5:b40', testBranch),
  pat('BR', '1101011 0000 11111000000 rn:5 00000', branchReg(false)),
  pat('BLR', '1101011 0001 11111000000 rn:5 00000', branchReg(true)),
  pat('RET', '1101011 0010 11111000000 rn:5 00000', branchReg(false)),
  pat('SVC', '11010100000 imm16:16 00001', svc),
  pat('BRK', '11010100001 imm16:16 00000', brk),
  pat('HLT', '11010100010 imm16:16 00000', hlt),
];
