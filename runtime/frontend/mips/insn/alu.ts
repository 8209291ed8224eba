// Integer arithmetic, logical, compare, shift and conditional-move semantics. "Word" forms work
// on the low 32 bits and sign-extend into 64-bit GPRs; "doubleword" forms use the full GPR.
import type { BinKind, Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';
import { TRAP_OVERFLOW } from '../traps.js';

type Width = 'w' | 'd';

const operand = (e: MipsEmitter, r: number, w: Width): Temp => (w === 'd' ? e.gpr(r) : e.gpr32(r));
const result = (e: MipsEmitter, r: number, v: Temp, w: Width): void => (w === 'd' ? e.setGpr(r, v) : e.setGpr32(r, v));

/**
 * ADD/ADDU/SUB/SUBU/DADD... and their immediate forms. `trapping` forms raise the integer
 * overflow exception before writing the destination.
 */
export const arith = (kind: 'add' | 'sub', w: Width, imm: boolean, trapping: boolean): Sem => (e, f) => {
  const b = e.b;
  const x = operand(e, f.rs, w);
  const y = imm ? b.konst(b.tyOf(x), f.imm) : operand(e, f.rt, w);
  const r = b.bin(kind, x, y);
  if (trapping) {
    // Signed overflow: the operands agree in sign (add) or differ (sub) and the result does not.
    const sx = kind === 'add' ? b.bin('and', b.bin('xor', x, r), b.bin('xor', y, r))
      : b.bin('and', b.bin('xor', x, y), b.bin('xor', x, r));
    e.trapIf(b.cmp('lt_s', sx, b.konst(b.tyOf(x), 0)), e.pc, TRAP_OVERFLOW);
  }
  result(e, imm ? f.rt : f.rd, r, w);
};

/** AND/OR/XOR/NOR on full GPRs (32-bit operands are already sign-extended on MIPS64). */
export const logical = (kind: 'and' | 'or' | 'xor' | 'nor'): Sem => (e, f) => {
  const b = e.b;
  const r = b.bin(kind === 'nor' ? 'or' : kind, e.gpr(f.rs), e.gpr(f.rt));
  e.setGpr(f.rd, kind === 'nor' ? b.un('not', r) : r);
};

/** ANDI/ORI/XORI: the immediate is zero-extended (its pattern's imm is unsigned). */
export const logicalImm = (kind: 'and' | 'or' | 'xor'): Sem => (e, f) => {
  e.setGpr(f.rt, e.b.bin(kind, e.gpr(f.rs), e.word(f.imm)));
};

export const lui: Sem = (e, f) => { e.setGpr(f.rt, e.word(f.imm * 0x10000)); };

/** SLT/SLTU (register) and SLTI/SLTIU (sign-extended immediate, also for the unsigned form). */
export const setLess = (kind: 'lt_s' | 'lt_u', imm: boolean): Sem => (e, f) => {
  const b = e.b;
  const c = b.cmp(kind, e.gpr(f.rs), imm ? e.word(f.imm) : e.gpr(f.rt));
  e.setGpr(imm ? f.rt : f.rd, e.is64 ? b.conv('extend_u', c) : c);
};

/** Shift by the sa field (plus 32 for DSLL32/DSRL32/DSRA32/DROTR32). */
export const shiftImm = (kind: BinKind, w: Width, extra = 0): Sem => (e, f) => {
  const x = operand(e, f.rt, w);
  result(e, f.rd, e.b.bin(kind, x, e.b.konst(e.b.tyOf(x), f.sa + extra)), w);
};

/** Shift by rs; the IR takes the amount modulo the width exactly as MIPS does (5 or 6 bits). */
export const shiftVar = (kind: BinKind, w: Width): Sem => (e, f) => {
  result(e, f.rd, e.b.bin(kind, operand(e, f.rt, w), operand(e, f.rs, w)), w);
};

/** MOVZ (ifZero) / MOVN: rd = rs when rt is (non)zero. */
export const movCond = (ifZero: boolean): Sem => (e, f) => {
  const b = e.b;
  const z = e.isZero(e.gpr(f.rt));
  e.setGpr(f.rd, b.select(ifZero ? z : b.cmp('eq', z, b.i32(0)), e.gpr(f.rs), e.gpr(f.rd)));
};

/** MOVF/MOVT (SPECIAL funct 1): rd = rs when FP condition code cc equals tf. */
export const movFcc: Sem = (e, f) => {
  const b = e.b;
  const hit = b.cmp('eq', e.fcc(f.cc), b.i32(f.tf));
  e.setGpr(f.rd, b.select(hit, e.gpr(f.rs), e.gpr(f.rd)));
};

/** CLZ/CLO/DCLZ/DCLO: counting leading ones is counting the leading zeros of the complement. */
export const countLeading = (ones: boolean, w: Width): Sem => (e, f) => {
  const b = e.b;
  const x = operand(e, f.rs, w);
  result(e, f.rd, b.un('clz', ones ? b.un('not', x) : x), w);
};

export const seb: Sem = (e, f) => { e.setGpr32(f.rd, e.b.conv('sext8', e.gpr32(f.rt))); };
export const seh: Sem = (e, f) => { e.setGpr32(f.rd, e.b.conv('sext16', e.gpr32(f.rt))); };

/** Swap the bytes inside every halfword. */
function swapBytesInHalves(e: MipsEmitter, x: Temp): Temp {
  const b = e.b;
  const ty = b.tyOf(x);
  const m = ty === 'i64' ? 0x00ff00ff00ff00ffn : 0x00ff00ffn;
  const eight = b.konst(ty, 8);
  const lo = b.bin('and', b.bin('shr_u', x, eight), b.konst(ty, m));
  const hi = b.bin('shl', b.bin('and', x, b.konst(ty, m)), eight);
  return b.bin('or', hi, lo);
}

export const wsbh: Sem = (e, f) => { e.setGpr32(f.rd, swapBytesInHalves(e, e.gpr32(f.rt))); };
export const dsbh: Sem = (e, f) => { e.setGpr(f.rd, swapBytesInHalves(e, e.gpr(f.rt))); };
/** Reversing all bytes, then each halfword's bytes, reverses the halfwords. */
export const dshd: Sem = (e, f) => { e.setGpr(f.rd, swapBytesInHalves(e, e.b.un('bswap', e.gpr(f.rt)))); };

