// Branches and jumps. Each computes its condition and target (and writes the link register)
// before the delay slot runs; the translate loop emits the delay slot and the exits.
import type { CmpKind } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';

const RA = 31;

/** The target of a branch: `offset` words from the delay slot. */
const pcRelative = (e: MipsEmitter, offset: number): { pc: number } => ({ pc: (e.pc + 4 + offset * 4) >>> 0 });
/** The return address (past the delay slot) into rd. */
const link = (e: MipsEmitter, rd: number): void => e.setGpr(rd, e.word((e.pc + 8) >>> 0));

/** BEQ/BNE(L): `beq $x, $x` (the assembler's `b`) is unconditional, so the JIT can chain it. */
export const branchCompare = (kind: 'eq' | 'ne', likely: boolean): Sem => (e, f) => {
  const target = pcRelative(e, f.offset);
  if (f.rs === f.rt) return kind === 'eq' ? { cond: null, target, likely } : { cond: e.i32(0), target, likely };
  return { cond: e.b.cmp(kind, e.gpr(f.rs), e.gpr(f.rt)), target, likely };
};

/** BLEZ/BGTZ/BLTZ/BGEZ and their likely and linking (BLTZAL/BGEZAL = BAL with $0) forms. */
export const branchZero = (kind: CmpKind, likely: boolean, linked: boolean): Sem => (e, f) => {
  const target = pcRelative(e, f.offset);
  const always = f.rs === 0 && (kind === 'ge_s' || kind === 'le_s');
  const cond = always ? null : e.b.cmp(kind, e.gpr(f.rs), e.word(0));
  if (linked) link(e, RA);
  return { cond, target, likely };
};

/** J/JAL: the target replaces the low 28 bits of the delay slot's address. */
export const jump = (linked: boolean): Sem => (e, f) => {
  const target = { pc: (((e.pc + 4) & 0xf0000000) | (f.target << 2)) >>> 0 };
  if (linked) link(e, RA);
  return { cond: null, target, likely: false };
};

/** JR/JALR (and their .HB forms; hazard barriers mean nothing here). */
export const jumpRegister = (linked: boolean): Sem => (e, f) => {
  const target = { dyn: e.gpr(f.rs) };
  if (linked) link(e, f.rd);
  return { cond: null, target, likely: false };
};

/** BC1F/BC1T/BC1FL/BC1TL: taken when condition code cc equals tf; nd makes the branch likely. */
export const branchFpu: Sem = (e, f) => {
  const fcc = e.fcc(f.cc);
  const cond = f.tf ? fcc : e.isZero(fcc);
  return { cond, target: pcRelative(e, f.offset), likely: f.nd !== 0 };
};
