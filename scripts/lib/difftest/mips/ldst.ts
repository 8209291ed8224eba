// Load/store class: LB/LBU/LH/LHU/LW/SB/SH/SW, the unaligned LWL/LWR/SWL/SWR, and on n64
// LWU/LD/SD and LDL/LDR/SDL/SDR. Bases are pinned registers pointing into the scratch buffer,
// offsets keep every access inside it and naturally aligned (the unaligned forms take any byte).
// On n64, LWL/LWR merge into a register that must hold a sign-extended word (UNPREDICTABLE
// otherwise).
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { itype } from './encode.js';
import type { Layout } from './machine.js';
import { SCRATCH_SIZE, Seq } from './seq.js';

interface Access { op: number; size: number; load: boolean; unaligned?: boolean; wide?: boolean; sext: boolean }

const ACCESSES: Access[] = [
  { op: 0x20, size: 1, load: true, sext: true }, // LB
  { op: 0x24, size: 1, load: true, sext: true }, // LBU
  { op: 0x21, size: 2, load: true, sext: true }, // LH
  { op: 0x25, size: 2, load: true, sext: true }, // LHU
  { op: 0x23, size: 4, load: true, sext: true }, // LW
  { op: 0x22, size: 4, load: true, unaligned: true, sext: true }, // LWL
  { op: 0x26, size: 4, load: true, unaligned: true, sext: true }, // LWR
  { op: 0x28, size: 1, load: false, sext: false }, // SB
  { op: 0x29, size: 2, load: false, sext: false }, // SH
  { op: 0x2b, size: 4, load: false, sext: false }, // SW
  { op: 0x2a, size: 4, load: false, unaligned: true, sext: false }, // SWL
  { op: 0x2e, size: 4, load: false, unaligned: true, sext: false }, // SWR
  { op: 0x27, size: 4, load: true, wide: true, sext: false }, // LWU
  { op: 0x37, size: 8, load: true, wide: true, sext: false }, // LD
  { op: 0x1a, size: 8, load: true, unaligned: true, wide: true, sext: false }, // LDL
  { op: 0x1b, size: 8, load: true, unaligned: true, wide: true, sext: false }, // LDR
  { op: 0x3f, size: 8, load: false, wide: true, sext: false }, // SD
  { op: 0x2c, size: 8, load: false, unaligned: true, wide: true, sext: false }, // SDL
  { op: 0x2d, size: 8, load: false, unaligned: true, wide: true, sext: false }, // SDR
];

export function ldstClass(layout: Layout, referenceArgs: readonly string[]): InsnClass {
  const accesses = ACCESSES.filter((a) => layout.v.word === 8 || !a.wide);
  return {
    name: 'ldst',
    referenceArgs,
    generate(rng: Rng) {
      const s = new Seq(rng, layout, rng.range(4, 20));
      const bases = Array.from({ length: rng.range(1, 3) }, () => {
        const off = 8 * rng.below(SCRATCH_SIZE / 8);
        return { reg: s.pinBase(off), off };
      });
      while (!s.full) {
        const a = rng.pick(accesses), base = rng.pick(bases);
        // Unaligned forms touch the aligned unit holding the addressed byte.
        const at = a.unaligned ? rng.below(SCRATCH_SIZE) : a.size * rng.below(SCRATCH_SIZE / a.size);
        if (a.load) {
          const rt = s.dst();
          if (a.unaligned && a.size === 4 && !s.isSext(rt)) continue;
          s.emit(itype(a.op, base.reg, rt, at - base.off));
          s.wrote(rt, a.sext);
        } else {
          s.emit(itype(a.op, base.reg, s.src(), at - base.off));
        }
      }
      return s.finish();
    },
  };
}
