// Advanced SIMD structure loads and stores: LD1-LD4/ST1-ST4 (multiple structures), the single
// lane forms and LD1R-LD4R, with post-index (Arm ARM C4.1.94). All memory accesses happen
// before any register or base writeback.
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm } from '../fields.js';
import { shape, writeVec, type Esize } from './simd-common.js';

/** opcode -> [register repeats, structure elements]. */
const MULTIPLE: Record<number, [number, number]> = { 0: [1, 4], 2: [4, 1], 4: [1, 3], 6: [3, 1], 7: [1, 1], 8: [1, 2], 10: [2, 1] };

/** Base writeback for post-indexed forms: Rm = 31 means the transfer size. */
function writeback(e: Emitter, i: number, base: Temp, bytes: number): void {
  if (!bit(i, 23)) return;
  const m = rm(i);
  e.setXsp(rn(i), e.b.bin('add', base, m === 31 ? e.b.i64(bytes) : e.x(m)));
}

function multiple(e: Emitter, i: number): boolean {
  const q = bit(i, 30), load = bit(i, 22) === 1, size = bits(i, 11, 10);
  const layout = MULTIPLE[bits(i, 15, 12)];
  if (!layout) return false;
  const [rpt, selem] = layout;
  if (size === 3 && !q && selem > 1) return false;
  const s = shape(q, size), esize = s.esize;
  const t = rd(i), base = e.xsp(rn(i));
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
    writeback(e, i, base, bytes);
    vals.forEach((lanes, r) => writeVec(e, (t + r) % 32, { esize: unit, count: perReg }, lanes));
  } else {
    for (let r = 0; r < regs; r++) {
      for (let k = 0; k < perReg; k++) e.store(e.addr(base, slot(r, k)), e.vlane((t + r) % 32, k, unit), unit);
    }
    writeback(e, i, base, bytes);
  }
  return true;
}

function single(e: Emitter, i: number): boolean {
  const q = bit(i, 30), load = bit(i, 22) === 1, opcode = bits(i, 15, 13), sBit = bit(i, 12), size = bits(i, 11, 10);
  const selem = (((opcode & 1) << 1) | bit(i, 21)) + 1;
  const scale = opcode >> 1;
  const t = rd(i), base = e.xsp(rn(i));
  if (scale === 3) { // LDnR: load one structure and replicate it to every lane
    if (!load || sBit) return false;
    const esize = (1 << size) as Esize;
    const vals = Array.from({ length: selem }, (_, k) => e.load(e.addr(base, k * esize), esize, false, esize === 8 ? 'i64' : 'i32'));
    writeback(e, i, base, selem * esize);
    const s = shape(q, size);
    vals.forEach((v, k) => writeVec(e, (t + k) % 32, s, Array.from({ length: s.count }, () => v)));
    return true;
  }
  let esize: Esize, index: number;
  if (scale === 0) { esize = 1; index = (q << 3) | (sBit << 2) | size; }
  else if (scale === 1) { if (size & 1) return false; esize = 2; index = (q << 2) | (sBit << 1) | (size >> 1); }
  else if (size === 0) { esize = 4; index = (q << 1) | sBit; }
  else if (size === 1 && !sBit) { esize = 8; index = q; }
  else return false;
  const at = (k: number): Temp => e.addr(base, k * esize);
  if (load) {
    const vals = Array.from({ length: selem }, (_, k) => e.load(at(k), esize, false, esize === 8 ? 'i64' : 'i32'));
    writeback(e, i, base, selem * esize);
    vals.forEach((v, k) => e.setVlane((t + k) % 32, index, esize, v));
  } else {
    for (let k = 0; k < selem; k++) e.store(at(k), e.vlane((t + k) % 32, index, esize), esize);
    writeback(e, i, base, selem * esize);
  }
  return true;
}

export const simdLdstPatterns: Pattern[] = [
  pat('AdvSIMD load/store multiple structures', '0 - 0011000 - 000000 ----------------', multiple),
  pat('AdvSIMD load/store multiple structures (post-index)', '0 - 0011001 - 0 ---------------------', multiple),
  pat('AdvSIMD load/store single structure', '0 - 0011010 -- 00000 ----------------', single),
  pat('AdvSIMD load/store single structure (post-index)', '0 - 0011011 -----------------------', single),
];
