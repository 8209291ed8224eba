// Branches and exception generation: B, BL, BLX (immediate and register), BX, CBZ/CBNZ,
// TBB/TBH, SVC and BKPT in A32, T32 and 16-bit Thumb. A32 and T32 offsets are relative to the
// instruction's pc value (address + 8 / + 4); BLX (imm) switches set and targets Align(PC, 4)
// from Thumb.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, pat16, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';

/** The return address BL/BLX write to LR: the next instruction, with bit 0 set from Thumb. */
function link(e: ArmEmitter): void {
  e.setReg(14, e.i32(e.next + (e.thumb ? 1 : 0)));
}

/** B/BL to pc value + offset; `toOther`: BLX, which changes instruction set. */
function branch(e: ArmEmitter, offset: number, withLink: boolean, toOther = false): void {
  if (withLink) link(e);
  const thumb = toOther ? !e.thumb : e.thumb;
  const base = toOther && e.thumb ? e.pcAligned() : e.pcValue();
  e.jump((base + offset) >>> 0, thumb);
}

/** A conditional branch written inside the instruction (B<c> of Thumb, CBZ). */
function branchIf(e: ArmEmitter, cond: Temp, target: number): void {
  const b = e.b;
  const taken = b.newLabel();
  b.brif(cond, taken);
  e.jump(e.next);
  b.label(taken);
  e.jump(target);
}

/** BX and BLX (register): interworking through bit 0 of Rm, read before LR is written. */
const branchReg = (withLink: boolean) => (e: ArmEmitter, f: Fields): boolean => {
  if (withLink && f.rm === 15) return false;
  const target = e.reg(f.rm);
  if (withLink) link(e);
  e.bxWritePc(target);
  return true;
};

function svc(e: ArmEmitter, f: Fields): void { e.exit('syscall', e.next, f.imm); }
function bkpt(e: ArmEmitter, f: Fields): void { e.exit('trap', e.pc, f.imm); }

/** The T32 branch offset SignExtend(S:I1:I2:imm10:low11:'0'), I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
function t32Offset(f: Fields, low11: number): number {
  const i1 = ~(f.j1 ^ f.s) & 1, i2 = ~(f.j2 ^ f.s) & 1;
  return (((f.s << 24) | (i1 << 23) | (i2 << 22) | (f.imm10 << 12) | (low11 << 1)) << 7) >> 7;
}

function t32BCond(e: ArmEmitter, f: Fields): boolean {
  if ((f.cond >> 1) === 7) return false;
  const off = ((f.s << 20) | (f.j2 << 19) | (f.j1 << 18) | (f.imm6 << 12) | (f.imm11 << 1)) << 11 >> 11;
  branchIf(e, e.cond(f.cond), e.pcValue() + off);
  return true;
}

function t16BCond(e: ArmEmitter, f: Fields): boolean {
  if (f.cond === 14) return false; // UDF
  branchIf(e, e.cond(f.cond), e.pcValue() + f.imm8 * 2);
  return true;
}

function cbz(e: ArmEmitter, f: Fields): void {
  const b = e.b;
  const test = b.cmp(f.nonzero ? 'ne' : 'eq', e.reg(f.rn), b.i32(0));
  branchIf(e, test, e.pcValue() + ((f.i << 6) | (f.imm5 << 1)));
}

/** TBB/TBH: branch forward by twice the byte/halfword at Rn + Rm (TBH: Rn + 2 * Rm). */
function tableBranch(e: ArmEmitter, f: Fields): boolean {
  if (f.rm === 15 || f.rm === 13) return false;
  const b = e.b;
  const index = f.h ? b.bin('shl', e.reg(f.rm), b.i32(1)) : e.reg(f.rm);
  const entry = e.load(b.bin('add', e.reg(f.rn), index), f.h ? 2 : 1);
  e.branchWritePc(b.bin('add', b.i32(e.pcValue()), b.bin('shl', entry, b.i32(1))));
  return true;
}

export const branchGroup: Group = {
  a32: [
    pat('B/BL', '---- 101 l:1 imm24:s24', (e, f) => branch(e, f.imm24 * 4, f.l === 1)),
    pat('BX', '---- 0001 0010 1111 1111 1111 0001 rm:4', branchReg(false)),
    pat('BLX (register)', '---- 0001 0010 1111 1111 1111 0011 rm:4', branchReg(true)),
    pat('SVC', '---- 1111 imm:24', svc),
    pat('BKPT', '---- 0001 0010 imm12:12 0111 imm4:4 imm=imm12:imm4', bkpt),
  ],
  a32u: [
    pat('BLX (immediate)', '1111 101 h:1 imm24:s24', (e, f) => branch(e, f.imm24 * 4 + f.h * 2, true, true)),
  ],
  t32: [
    pat('B<c>.W', '11110 s:1 cond:4 imm6:6 10 j1:1 0 j2:1 imm11:11', t32BCond),
    pat('B.W', '11110 s:1 imm10:10 10 j1:1 1 j2:1 imm11:11', (e, f) => branch(e, t32Offset(f, f.imm11), false)),
    pat('BL', '11110 s:1 imm10:10 11 j1:1 1 j2:1 imm11:11', (e, f) => branch(e, t32Offset(f, f.imm11), true)),
    pat('BLX (immediate)', '11110 s:1 imm10:10 11 j1:1 0 j2:1 imm10l:10 0', (e, f) => branch(e, t32Offset(f, f.imm10l << 1), true, true)),
    pat('TBB/TBH', '111010001101 rn:4 1111 0000 000 h:1 rm:4', tableBranch),
  ],
  t16: [
    pat16('B<c>', '1101 cond:4 imm8:s8', t16BCond),
    pat16('SVC', '11011111 imm:8', svc),
    pat16('B', '11100 imm11:s11', (e, f) => branch(e, f.imm11 * 2, false)),
    pat16('BX', '010001110 rm:4 000', branchReg(false)),
    pat16('BLX (register)', '010001111 rm:4 000', branchReg(true)),
    pat16('CBZ/CBNZ', '1011 nonzero:1 0 i:1 1 imm5:5 rn:3', cbz),
    pat16('BKPT', '10111110 imm:8', bkpt),
  ],
};
