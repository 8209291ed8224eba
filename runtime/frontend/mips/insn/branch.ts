// Branches and jumps. Each computes its condition and target (and writes the link register)
// before the delay slot runs; the translate loop emits the delay slot and the exits.
import type { CmpKind } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';
import type { MipsInsn } from '../fields.js';

const RA = 31;

const pcRelative = (i: MipsInsn): { pc: number } => ({ pc: (i.pc + 4 + i.imm * 4) >>> 0 });
const link = (e: MipsEmitter, rd: number, i: MipsInsn): void => e.setGpr(rd, e.word((i.pc + 8) >>> 0));

/** BEQ/BNE(L): `beq $x, $x` (the assembler's `b`) is unconditional, so the JIT can chain it. */
export const branchCompare = (kind: 'eq' | 'ne', likely: boolean): Sem => (e, i) => {
  const target = pcRelative(i);
  if (i.rs === i.rt) return kind === 'eq' ? { cond: null, target, likely } : { cond: e.i32(0), target, likely };
  return { cond: e.b.cmp(kind, e.gpr(i.rs), e.gpr(i.rt)), target, likely };
};

/** BLEZ/BGTZ/BLTZ/BGEZ and their likely and linking (BLTZAL/BGEZAL = BAL with $0) forms. */
export const branchZero = (kind: CmpKind, likely: boolean, linked: boolean): Sem => (e, i) => {
  const target = pcRelative(i);
  const always = i.rs === 0 && (kind === 'ge_s' || kind === 'le_s');
  const cond = always ? null : e.b.cmp(kind, e.gpr(i.rs), e.word(0));
  if (linked) link(e, RA, i);
  return { cond, target, likely };
};

/** J/JAL: the target replaces the low 28 bits of the delay slot's address. */
export const jump = (linked: boolean): Sem => (e, i) => {
  const target = { pc: (((i.pc + 4) & 0xf0000000) | ((i.word & 0x3ffffff) << 2)) >>> 0 };
  if (linked) link(e, RA, i);
  return { cond: null, target, likely: false };
};

/** JR/JALR (and their .HB forms; hazard barriers mean nothing here). */
export const jumpRegister = (linked: boolean): Sem => (e, i) => {
  const target = { dyn: e.gpr(i.rs) };
  if (linked) link(e, i.rd, i);
  return { cond: null, target, likely: false };
};

/** BC1F/BC1T/BC1FL/BC1TL: tf is bit 16, likely (nd) bit 17, the condition code bits 20:18. */
export const branchFpu: Sem = (e, i) => {
  const fcc = e.fcc((i.rt >>> 2) & 7);
  const cond = i.rt & 1 ? fcc : e.isZero(fcc);
  return { cond, target: pcRelative(i), likely: (i.rt & 2) !== 0 };
};
