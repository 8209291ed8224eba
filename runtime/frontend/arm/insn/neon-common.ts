// What the Advanced SIMD (NEON) instruction files share: lane access to the D registers in the
// state (D:Vd numbering, lanes little-endian within each register), and the data-processing
// encodings' layout, which differs between A32 (1111 001U) and T32 (111U 1111) only in where U
// sits, so each encoding is written once for both.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Pattern } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';

export type LaneSize = 1 | 2 | 4 | 8;

/** Register number D:Vd (NEON numbering), and the number of D registers (Q: 2). */
export const dnum = (v: number, x: number): number => (x << 4) | v;

/** Lane k of size bytes of the D registers from `d`, as i32 (sizes 1-4, `signed`: sign-extended) or i64. */
export function lane(e: ArmEmitter, d: number, k: number, size: LaneSize, signed = false): Temp {
  const b = e.b;
  if (size === 8) return b.get('i64', ARM.dreg(d) + 8 * k);
  const v = b.get('i32', ARM.dreg(d) + size * k, size);
  return signed && size < 4 ? b.conv(size === 1 ? 'sext8' : 'sext16', v) : v;
}
export function setLane(e: ArmEmitter, d: number, k: number, size: LaneSize, v: Temp): void {
  e.b.set(ARM.dreg(d) + size * k, v, size);
}

/** Per-lane results are computed for all lanes before any is written (Vd may be Vn or Vm). */
export function lanewise(e: ArmEmitter, f: Fields, size: LaneSize, op: (k: number) => Temp): void {
  const d = dnum(f.vd, f.D);
  const n = (f.Q ? 16 : 8) / size;
  const out = [...Array(n).keys()].map(op);
  out.forEach((v, k) => setLane(e, d, k, size, v));
}

/** Q forms need even register numbers. */
export const evenQ = (f: Fields, ...regs: number[]): boolean => !f.Q || regs.every((r) => (r & 1) === 0);

export const ty = (size: LaneSize): 'i32' | 'i64' => (size === 8 ? 'i64' : 'i32');
export const ones = (e: ArmEmitter, size: LaneSize): Temp => e.b.konst(ty(size), -1);

/** All lanes of Vm (D or Q), read before anything is written. */
export function lanesOf(e: ArmEmitter, m: number, regsN: number, size: LaneSize, signed = false): Temp[] {
  return [...Array((8 * regsN) / size).keys()].map((k) => lane(e, m, k, size, signed));
}
export function writeLanes(e: ArmEmitter, d: number, size: LaneSize, vals: Temp[]): void {
  vals.forEach((v, k) => setLane(e, d, k, size, v));
}

/** Post-increment of the element loads/stores: Rm = 15 none, 13 by the bytes moved, else by Rm. */
export function writeBack(e: ArmEmitter, f: Fields, base: Temp, bytes: number): void {
  if (f.rm !== 15) e.setReg(f.rn, f.rm === 13 ? e.add(base, bytes) : e.b.bin('add', base, e.reg(f.rm)));
}

/** A data-processing encoding in A32 (1111 001U) and T32 (111U 1111). */
export function dp(name: string, rest: string, emit: EmitFn, u?: 0 | 1): { a32u: Pattern; t32: Pattern } {
  if (u === undefined) return { a32u: pat(name, `1111 001 u:1 ${rest}`, emit), t32: pat(name, `111 u:1 1111 ${rest}`, emit) };
  // U fixed: more specific than encodings of the other U in the same space (VEXT is U = 0 there).
  const withU: EmitFn = (e, f) => emit(e, { ...f, u });
  return { a32u: pat(name, `1111 001 ${u} ${rest}`, withU), t32: pat(name, `111 ${u} 1111 ${rest}`, withU) };
}
/** Three registers of the same length with opcode `opc` (insn<11:8>) and o1 (insn<4>). */
export const SAME = (opc: string, o1: string): string => `0 D:1 size:2 vn:4 vd:4 ${opc} N:1 Q:1 M:1 ${o1} vm:4`;
export const ifU = (u: number, emit: EmitFn): EmitFn => (e, f) => (f.u === u ? emit(e, f) : false);

/** Two registers, miscellaneous (U = 1): A = insn<17:16>, B = insn<10:7>. */
export const MISC = (a: string, bb: string): string => `1 D:1 11 size:2 ${a} vd:4 0 ${bb} Q:1 M:1 0 vm:4`;
/** Three registers of different lengths, one pattern per element size (size 11 is other space). */
export const DIFF = (opc: string, name: string, emit: EmitFn): { a32u: Pattern; t32: Pattern }[] =>
  ['00', '01', '10'].map((sz, k) => dp(name, `1 D:1 ${sz} vn:4 vd:4 ${opc} N:1 0 M:1 0 vm:4`, (e, f) => emit(e, { ...f, size: k })));

/** The element size and shift of the two-register shift forms from L:imm6. */
export function shiftSize(f: Fields): { size: LaneSize; esize: number } | null {
  if (f.L) return { size: 8, esize: 64 };
  const imm6 = f.imm6;
  if (imm6 >= 32) return { size: 4, esize: 32 };
  if (imm6 >= 16) return { size: 2, esize: 16 };
  if (imm6 >= 8) return { size: 1, esize: 8 };
  return null;
}

/**
 * The two-register shift encodings, one per element size (L:imm6 = 1xxxxxx, 01xxxxx, 001xxxx,
 * 0001xxx): L:imm6 = 000xxxx is the modified-immediate space.
 */
export function shiftForms(name: string, opc: string, emit: EmitFn): { a32u: Pattern; t32: Pattern }[] {
  const tail = `vd:4 ${opc} 0 Q:1 M:1 1 vm:4`;
  return [
    dp(name, `1 D:1 imm6:6 vd:4 ${opc} 1 Q:1 M:1 1 vm:4`, (e, f) => emit(e, { ...f, L: 1 })),
    dp(name, `1 D:1 1 s:5 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 32 | f.s })),
    dp(name, `1 D:1 01 s:4 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 16 | f.s })),
    dp(name, `1 D:1 001 s:3 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 8 | f.s })),
  ];
}

/** FPSCR.QC (bit 27) is set when `sat` (an i32 0/1) is. */
export function setQc(e: ArmEmitter, sat: Temp): void {
  e.b.set(ARM.fpscr, e.b.bin('or', e.b.get('i32', ARM.fpscr), e.b.bin('shl', sat, e.b.i32(27))));
}

