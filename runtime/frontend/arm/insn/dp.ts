// Data processing: the sixteen ALU operations with immediate, immediate-shifted register and
// register-shifted register operands (A32), their T32 forms (modified immediate, shifted
// register, MOV with a register shift), the plain-immediate forms (ADDW/SUBW, ADR, MOVW/MOVT)
// and the 16-bit Thumb forms. Every encoding ends in `dataProc` (or `movWide`).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, pat16, type Group } from '../decoder.js';
import type { ArmEmitter, Shifted } from '../emitter.js';
import { SHIFT_ASR, SHIFT_LSL, SHIFT_LSR, SHIFT_ROR } from '../emitter.js';

export type AluOp =
  | 'and' | 'eor' | 'sub' | 'rsb' | 'add' | 'adc' | 'sbc' | 'rsc' | 'tst' | 'teq' | 'cmp' | 'cmn'
  | 'orr' | 'mov' | 'bic' | 'mvn' | 'orn';

const A32_OPS: readonly AluOp[] = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn'];
const T32_OPS: readonly (AluOp | null)[] = ['and', 'bic', 'orr', 'orn', 'eor', null, null, null, 'add', null, 'adc', 'sbc', null, 'sub', 'rsb', null];
/** T32: Rd = 15 with S makes these the compare/test forms. */
const T32_TESTS: Partial<Record<AluOp, AluOp>> = { and: 'tst', eor: 'teq', add: 'cmn', sub: 'cmp' };
const TESTS = new Set<AluOp>(['tst', 'teq', 'cmp', 'cmn']);
const NO_RN = new Set<AluOp>(['mov', 'mvn']);

/**
 * One ALU operation: Rd = Rn op operand (flags when `s`; logical ops take C from the shifter).
 * Rd = r15 writes the pc (ALUWritePC); with S that is an exception return, not user code.
 */
export function dataProc(e: ArmEmitter, op: AluOp, rd: number, rn: number, op2: Shifted, s: boolean): boolean {
  const b = e.b;
  const test = TESTS.has(op);
  if (rd === 15 && s && !test) return false;
  const y = op2.v;
  // MOV and MVN have no first operand (their Rn field is not a register).
  const x = NO_RN.has(op) ? y : e.reg(rn);
  let res: Temp;
  let logical = true;
  switch (op) {
    case 'and': case 'tst': res = b.bin('and', x, y); break;
    case 'eor': case 'teq': res = b.bin('xor', x, y); break;
    case 'orr': res = b.bin('or', x, y); break;
    case 'orn': res = b.bin('or', x, b.un('not', y)); break;
    case 'bic': res = b.bin('and', x, b.un('not', y)); break;
    case 'mov': res = y; break;
    case 'mvn': res = b.un('not', y); break;
    default: {
      logical = false;
      switch (op) {
        case 'add': case 'cmn': res = e.addWithCarry(x, y, null, s); break;
        case 'adc': res = e.addWithCarry(x, y, e.flag('c'), s); break;
        case 'sub': case 'cmp': res = e.sub(x, y, s); break;
        case 'rsb': res = e.sub(y, x, s); break;
        case 'sbc': res = e.addWithCarry(x, b.un('not', y), e.flag('c'), s); break;
        default: res = e.addWithCarry(y, b.un('not', x), e.flag('c'), s); break; // rsc
      }
    }
  }
  if (logical && s) {
    const c = op2.carry();
    e.setNZ(res);
    e.setC(c);
  }
  if (!test) e.writeAlu(rd, res);
  return true;
}

/** A32 modified immediate: imm8 rotated right by 2 * rot. */
export function a32Imm(e: ArmEmitter, rot: number, imm8: number): Shifted {
  const sh = rot * 2;
  return e.constOperand(sh === 0 ? imm8 : ((imm8 >>> sh) | (imm8 << (32 - sh))) >>> 0, rot !== 0);
}

/** ThumbExpandImm_C of i:imm3:imm8, or null for the UNPREDICTABLE replicated zero. */
export function thumbImm(e: ArmEmitter, imm12: number): Shifted | null {
  const imm8 = imm12 & 0xff;
  if ((imm12 >> 10) === 0) {
    const rep = [imm8, imm8 * 0x10001, imm8 * 0x1000100, imm8 * 0x1010101][(imm12 >> 8) & 3]!;
    if ((imm12 >> 8) !== 0 && imm8 === 0) return null;
    return e.constOperand(rep >>> 0, false);
  }
  const rot = imm12 >> 7;
  const un = 0x80 | (imm12 & 0x7f);
  return e.constOperand(((un >>> rot) | (un << (32 - rot))) >>> 0, true);
}

const a32Op = (f: Fields): AluOp | null => {
  const op = A32_OPS[f.opc]!;
  // The compare/test opcodes without S are the miscellaneous space (its encodings are patterns of their own).
  return TESTS.has(op) && !f.s ? null : op;
};

function a32DpImm(e: ArmEmitter, f: Fields): boolean {
  const op = a32Op(f);
  return op !== null && dataProc(e, op, f.rd, f.rn, a32Imm(e, f.rot, f.imm8), f.s === 1);
}
function a32DpShiftImm(e: ArmEmitter, f: Fields): boolean {
  const op = a32Op(f);
  return op !== null && dataProc(e, op, f.rd, f.rn, e.shiftImm(e.reg(f.rm), f.type, f.imm5), f.s === 1);
}
function a32DpShiftReg(e: ArmEmitter, f: Fields): boolean {
  const op = a32Op(f);
  if (op === null || f.rd === 15 || f.rm === 15 || f.rs === 15 || f.rn === 15) return false;
  return dataProc(e, op, f.rd, f.rn, e.shiftReg(e.reg(f.rm), f.type, e.reg(f.rs)), f.s === 1);
}

/** The T32 operation for op/S/Rd/Rn, or null when unallocated. */
function t32Op(f: Fields): { op: AluOp; rd: number } | null {
  let op = T32_OPS[f.op];
  if (!op) return null;
  if (f.rd === 15 && f.s && T32_TESTS[op]) return { op: T32_TESTS[op]!, rd: 15 };
  if (f.rn === 15 && (op === 'orr' || op === 'orn')) op = op === 'orr' ? 'mov' : 'mvn';
  if (f.rd === 15) return null;
  return { op, rd: f.rd };
}
function t32DpImm(e: ArmEmitter, f: Fields): boolean {
  const o = t32Op(f);
  const imm = thumbImm(e, f.imm12);
  return o !== null && imm !== null && dataProc(e, o.op, o.rd, f.rn, imm, f.s === 1);
}
function t32DpShiftImm(e: ArmEmitter, f: Fields): boolean {
  const o = t32Op(f);
  return o !== null && dataProc(e, o.op, o.rd, f.rn, e.shiftImm(e.reg(f.rm), f.type, f.imm5), f.s === 1);
}
function t32ShiftReg(e: ArmEmitter, f: Fields): boolean {
  if (f.rd === 15 || f.rm === 15 || f.rs === 15) return false;
  return dataProc(e, 'mov', f.rd, 0, e.shiftReg(e.reg(f.rm), f.type, e.reg(f.rs)), f.s === 1);
}
/** ADDW/SUBW (and ADR when Rn = pc: the base is Align(PC, 4)). */
const addSubWide = (sub: boolean) => (e: ArmEmitter, f: Fields): boolean => {
  if (f.rd === 15) return false;
  const base = f.rn === 15 ? e.i32(e.pcAligned()) : e.reg(f.rn);
  e.setReg(f.rd, e.b.bin(sub ? 'sub' : 'add', base, e.i32(f.imm12)));
  return true;
};

/** MOVW (Rd = imm16) and MOVT (Rd<31:16> = imm16). */
const movWide = (top: boolean) => (e: ArmEmitter, f: Fields): boolean => {
  if (f.rd === 15) return false;
  const b = e.b;
  const v = top ? b.bin('or', b.bin('and', e.reg(f.rd), b.i32(0xffff)), b.i32(f.imm16 << 16)) : b.i32(f.imm16);
  e.setReg(f.rd, v);
  return true;
};

// ---- 16-bit Thumb: flags are set outside IT blocks only ----

const t16Shift = (e: ArmEmitter, f: Fields): boolean =>
  dataProc(e, 'mov', f.rd, 0, e.shiftImm(e.reg(f.rm), f.op, f.imm5), !e.inIT);
function t16AddSub3(e: ArmEmitter, f: Fields): boolean {
  const y = f.i ? e.constOperand(f.rm, false) : { v: e.reg(f.rm), carry: () => e.flag('c') };
  return dataProc(e, f.sub ? 'sub' : 'add', f.rd, f.rn, y, !e.inIT);
}
const T16_IMM_OPS: readonly AluOp[] = ['mov', 'cmp', 'add', 'sub'];
function t16Imm8(e: ArmEmitter, f: Fields): boolean {
  const op = T16_IMM_OPS[f.op]!;
  return dataProc(e, op, f.rdn, f.rdn, e.constOperand(f.imm8, false), op === 'cmp' || !e.inIT);
}
/** The 16-bit two-register ALU group (op = insn<9:6>). */
function t16Alu(e: ArmEmitter, f: Fields): boolean {
  const s = !e.inIT;
  const rm = (): Shifted => { const v = e.reg(f.rm); return { v, carry: () => e.flag('c') }; };
  const byReg = (type: number): boolean => dataProc(e, 'mov', f.rdn, 0, e.shiftReg(e.reg(f.rdn), type, e.reg(f.rm)), s);
  switch (f.op) {
    case 0: return dataProc(e, 'and', f.rdn, f.rdn, rm(), s);
    case 1: return dataProc(e, 'eor', f.rdn, f.rdn, rm(), s);
    case 2: return byReg(SHIFT_LSL);
    case 3: return byReg(SHIFT_LSR);
    case 4: return byReg(SHIFT_ASR);
    case 5: return dataProc(e, 'adc', f.rdn, f.rdn, rm(), s);
    case 6: return dataProc(e, 'sbc', f.rdn, f.rdn, rm(), s);
    case 7: return byReg(SHIFT_ROR);
    case 8: return dataProc(e, 'tst', 15, f.rdn, rm(), true);
    case 9: return dataProc(e, 'rsb', f.rdn, f.rm, e.constOperand(0, false), s);
    case 10: return dataProc(e, 'cmp', 15, f.rdn, rm(), true);
    case 11: return dataProc(e, 'cmn', 15, f.rdn, rm(), true);
    case 12: return dataProc(e, 'orr', f.rdn, f.rdn, rm(), s);
    case 13: {
      const res = e.b.bin('mul', e.reg(f.rm), e.reg(f.rdn));
      if (s) e.setNZ(res);
      e.setReg(f.rdn, res);
      return true;
    }
    case 14: return dataProc(e, 'bic', f.rdn, f.rdn, rm(), s);
    default: return dataProc(e, 'mvn', f.rdn, 0, rm(), s);
  }
}
/** ADD/CMP/MOV with high registers (no flags except CMP; a pc destination branches). */
const t16Hi = (op: 'add' | 'cmp' | 'mov') => (e: ArmEmitter, f: Fields): boolean => {
  const rd = (f.hi << 3) | f.rdn;
  const v = e.reg(f.rm);
  return dataProc(e, op, op === 'cmp' ? 15 : rd, rd, { v, carry: () => e.flag('c') }, op === 'cmp');
};
/** ADR (pc base aligned) and ADD Rd, SP, #imm8*4. */
function t16AddrImm(e: ArmEmitter, f: Fields): void {
  const base = f.sp ? e.reg(13) : e.i32(e.pcAligned());
  e.setReg(f.rd, e.add(base, f.imm8 * 4));
}
const t16SpAdjust = (sub: boolean) => (e: ArmEmitter, f: Fields): void => {
  e.setReg(13, e.add(e.reg(13), sub ? -f.imm7 * 4 : f.imm7 * 4));
};

export const dpGroup: Group = {
  a32: [
    pat('DP (imm)', '---- 001 opc:4 s:1 rn:4 rd:4 rot:4 imm8:8', a32DpImm),
    pat('DP (shifted reg)', '---- 000 opc:4 s:1 rn:4 rd:4 imm5:5 type:2 0 rm:4', a32DpShiftImm),
    pat('DP (reg-shifted reg)', '---- 000 opc:4 s:1 rn:4 rd:4 rs:4 0 type:2 1 rm:4', a32DpShiftReg),
    pat('MOVW', '---- 0011 0000 imm4:4 rd:4 imm12:12 imm16=imm4:imm12', movWide(false)),
    pat('MOVT', '---- 0011 0100 imm4:4 rd:4 imm12:12 imm16=imm4:imm12', movWide(true)),
  ],
  t32: [
    pat('DP (modified imm)', '11110 i:1 0 op:4 s:1 rn:4 0 imm3:3 rd:4 imm8:8 imm12=i:imm3:imm8', t32DpImm),
    pat('DP (shifted reg)', '1110101 op:4 s:1 rn:4 0 imm3:3 rd:4 imm2:2 type:2 rm:4 imm5=imm3:imm2', t32DpShiftImm),
    pat('MOV (register-shifted)', '11111010 0 type:2 s:1 rm:4 1111 rd:4 0000 rs:4', t32ShiftReg),
    pat('ADDW/ADR', '11110 i:1 1 0000 0 rn:4 0 imm3:3 rd:4 imm8:8 imm12=i:imm3:imm8', addSubWide(false)),
    pat('SUBW/ADR', '11110 i:1 1 0101 0 rn:4 0 imm3:3 rd:4 imm8:8 imm12=i:imm3:imm8', addSubWide(true)),
    pat('MOVW', '11110 i:1 10 0100 imm4:4 0 imm3:3 rd:4 imm8:8 imm16=imm4:i:imm3:imm8', movWide(false)),
    pat('MOVT', '11110 i:1 10 1100 imm4:4 0 imm3:3 rd:4 imm8:8 imm16=imm4:i:imm3:imm8', movWide(true)),
  ],
  t16: [
    pat16('LSL/LSR/ASR (imm)', '000 op:2 imm5:5 rm:3 rd:3', (e, f) => f.op !== 3 && t16Shift(e, f)),
    pat16('ADD/SUB (3-bit)', '00011 i:1 sub:1 rm:3 rn:3 rd:3', t16AddSub3),
    pat16('MOV/CMP/ADD/SUB (imm8)', '001 op:2 rdn:3 imm8:8', t16Imm8),
    pat16('ALU (register)', '010000 op:4 rm:3 rdn:3', t16Alu),
    pat16('ADD (high registers)', '01000100 hi:1 rm:4 rdn:3', t16Hi('add')),
    pat16('CMP (high registers)', '01000101 hi:1 rm:4 rdn:3', t16Hi('cmp')),
    pat16('MOV (high registers)', '01000110 hi:1 rm:4 rdn:3', t16Hi('mov')),
    pat16('ADR/ADD (SP plus imm)', '1010 sp:1 rd:3 imm8:8', t16AddrImm),
    pat16('ADD SP, SP, #imm', '1011 0000 0 imm7:7', t16SpAdjust(false)),
    pat16('SUB SP, SP, #imm', '1011 0000 1 imm7:7', t16SpAdjust(true)),
  ],
};
