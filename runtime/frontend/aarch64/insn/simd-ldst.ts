// Advanced SIMD structure loads and stores: LD1-LD4/ST1-ST4 (multiple structures), the single
// lane forms and LD1R-LD4R, with post-index (Arm ARM C4.1.94). All memory accesses happen
// before any register or base writeback.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { shape, writeVec, type Esize } from './simd-common.js';

/** Base writeback of the post-indexed forms (those with an rm field): Rm = 31 means the transfer size. */
function writeback(e: Emitter, f: Fields, base: Temp, bytes: number): void {
  if (f.rm === undefined) return;
  e.setXsp(f.rn, e.b.bin('add', base, f.rm === 31 ? e.b.i64(bytes) : e.x(f.rm)));
}

/** LD1-4/ST1-4 (multiple structures): `rpt` groups of `selem`-element structures; L = 1 loads. */
const multiple = (rpt: number, selem: number) => (e: Emitter, _i: number, f: Fields): boolean => {
  const { q, size } = f, load = f.L === 1;
  if (size === 3 && !q && selem > 1) return false;
  const s = shape(q, size), esize = s.esize;
  const t = f.rt, base = e.xsp(f.rn);
  const regs = rpt * selem;
  const bytes = regs * s.count * esize;
  // Element-interleaved for LD2-4; for LD1 a register's bytes are contiguous, so move 8 at a time.
  const unit: Esize = selem === 1 ? 8 : esize;
  const regBytes = q ? 16 : 8;
  const perReg = regBytes / unit;
  const slot = (r: number, k: number): number => (selem === 1 ? r * regBytes + k * 8 : (k * selem + r) * esize);
  if (load) {
    const vals: Temp[][] = Array.from({ length: regs }, (_, r) =>
      Array.from({ length: perReg }, (_, k) => e.load(e.addr(base, slot(r, k)), unit)));
    writeback(e, f, base, bytes);
    vals.forEach((lanes, r) => writeVec(e, (t + r) % 32, { esize: unit, count: perReg }, lanes));
  } else {
    for (let r = 0; r < regs; r++) {
      for (let k = 0; k < perReg; k++) e.store(e.addr(base, slot(r, k)), e.vlane((t + r) % 32, k, unit), unit);
    }
    writeback(e, f, base, bytes);
  }
  return true;
};

/** LD1R-LD4R: load one structure of 1 << size-byte elements and replicate it to every lane. */
function replicate(e: Emitter, _i: number, f: Fields): void {
  const selem = f.sel + 1, t = f.rt, base = e.xsp(f.rn);
  const esize = (1 << f.size) as Esize;
  const vals = Array.from({ length: selem }, (_, k) => e.load(e.addr(base, k * esize), esize, false, esize === 8 ? 'i64' : 'i32'));
  writeback(e, f, base, selem * esize);
  const s = shape(f.q, f.size);
  vals.forEach((v, k) => writeVec(e, (t + k) % 32, s, Array.from({ length: s.count }, () => v)));
}

/** LD1-4/ST1-4 (single structure): one element of `esize` bytes at `index` of each register; L = 1 loads. */
const single = (esize: Esize) => (e: Emitter, _i: number, f: Fields): void => {
  const selem = f.sel + 1, t = f.rt, base = e.xsp(f.rn), index = f.index;
  const at = (k: number): Temp => e.addr(base, k * esize);
  if (f.L) {
    const vals = Array.from({ length: selem }, (_, k) => e.load(at(k), esize, false, esize === 8 ? 'i64' : 'i32'));
    writeback(e, f, base, selem * esize);
    vals.forEach((v, k) => e.setVlane((t + k) % 32, index, esize, v));
  } else {
    for (let k = 0; k < selem; k++) e.store(at(k), e.vlane((t + k) % 32, index, esize), esize);
    writeback(e, f, base, selem * esize);
  }
};

/** Multiple structures, without (rm absent) or with post-index; opcode insn<15:12>. */
const MULTI = (post: boolean, opcode: string): string =>
  `0 q:1 0011 00 ${post ? '1 L:1 0 rm:5' : '0 L:1 0 00000'} ${opcode} size:2 rn:5 rt:5`;
/**
 * Single structure: the element size is opcode<2:1> (8, 16, 32 bits, or 11 for LDnR); opcode<0>:R
 * is the number of registers minus one, and Q:S:size the lane index above the size's bits.
 */
const SINGLE = (post: boolean, L: string, fields: string, index: string): string =>
  `0 q:1 0011 01 ${post ? '1' : '0'} ${L} R:1 ${post ? 'rm:5' : '00000'} ${fields} rn:5 rt:5 sel=o:R${index}`;

function structurePatterns(post: boolean): Pattern[] {
  const tag = post ? ' (post-index)' : '';
  return [
    pat(`LD4/ST4 (multiple structures)${tag}`, MULTI(post, '0000'), multiple(1, 4)),
    pat(`LD1/ST1 (multiple structures, 4 registers)${tag}`, MULTI(post, '0010'), multiple(4, 1)),
    pat(`LD3/ST3 (multiple structures)${tag}`, MULTI(post, '0100'), multiple(1, 3)),
    pat(`LD1/ST1 (multiple structures, 3 registers)${tag}`, MULTI(post, '0110'), multiple(3, 1)),
    pat(`LD1/ST1 (multiple structures, 1 register)${tag}`, MULTI(post, '0111'), multiple(1, 1)),
    pat(`LD2/ST2 (multiple structures)${tag}`, MULTI(post, '1000'), multiple(1, 2)),
    pat(`LD1/ST1 (multiple structures, 2 registers)${tag}`, MULTI(post, '1010'), multiple(2, 1)),
    pat(`LD1-4/ST1-4 (single structure, 8-bit)${tag}`, SINGLE(post, 'L:1', '00 o:1 S:1 size:2', ' index=q:S:size'), single(1)),
    pat(`LD1-4/ST1-4 (single structure, 16-bit)${tag}`, SINGLE(post, 'L:1', '01 o:1 S:1 size:1 0', ' index=q:S:size'), single(2)),
    pat(`LD1-4/ST1-4 (single structure, 32-bit)${tag}`, SINGLE(post, 'L:1', '10 o:1 S:1 00', ' index=q:S'), single(4)),
    pat(`LD1-4/ST1-4 (single structure, 64-bit)${tag}`, SINGLE(post, 'L:1', '10 o:1 0 01', ' index=q'), single(8)),
    pat(`LD1R-LD4R${tag}`, SINGLE(post, '1', '11 o:1 0 size:2', ''), replicate),
  ];
}

export const simdLdstPatterns: Pattern[] = [...structurePatterns(false), ...structurePatterns(true)];
