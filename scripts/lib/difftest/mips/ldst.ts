// Load/store class: LB/LBU/LH/LHU/LW/SB/SH/SW, the unaligned LWL/LWR/SWL/SWR, LWC1/SWC1/
// LDC1/SDC1, LL/SC, and on n64 LWU/LD/SD, LDL/LDR/SDL/SDR and LLD/SCD. Bases are pinned registers pointing into the scratch buffer,
// offsets keep every access inside it and naturally aligned (the unaligned forms take any byte).
// On n64, LWL/LWR merge into a register that must hold a sign-extended word (UNPREDICTABLE
// otherwise).
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { itype } from './encode.js';
import type { Layout } from './machine.js';
import { SCRATCH_SIZE, Seq } from './seq.js';

interface Access { op: number; size: number; load: boolean; unaligned?: boolean; wide?: boolean; fpr?: boolean; sext: boolean }

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
  { op: 0x31, size: 4, load: true, fpr: true, sext: false }, // LWC1
  { op: 0x39, size: 4, load: false, fpr: true, sext: false }, // SWC1
  { op: 0x35, size: 8, load: true, fpr: true, sext: false }, // LDC1
  { op: 0x3d, size: 8, load: false, fpr: true, sext: false }, // SDC1
];

/** LL/SC (LLD/SCD on n64): opcode of the load-linked, of the store-conditional, and size. */
const LINKED = [{ ll: 0x30, sc: 0x38, size: 4, wide: false }, { ll: 0x34, sc: 0x3c, size: 8, wide: true }];

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
      // The open LL: SC follows it at its address with no store in between (a store by the same
      // CPU to the linked block makes the SC's outcome UNPREDICTABLE), and never without an LL.
      let link: { sc: number; reg: number; imm: number } | null = null;
      const linked = LINKED.filter((l) => layout.v.word === 8 || !l.wide);
      while (!s.full) {
        if (rng.bool(0.1)) {
          const rt = s.dst();
          if (link) {
            s.emit(itype(link.sc, link.reg, rt, link.imm));
            s.wrote(rt, true); // the success flag
            link = null;
          } else {
            const l = rng.pick(linked), base = rng.pick(bases);
            const imm = l.size * rng.below(SCRATCH_SIZE / l.size) - base.off;
            s.emit(itype(l.ll, base.reg, rt, imm));
            s.wrote(rt, !l.wide);
            link = { sc: l.sc, reg: base.reg, imm };
          }
          continue;
        }
        const a = rng.pick(accesses), base = rng.pick(bases);
        // Unaligned forms touch the aligned unit holding the addressed byte.
        const at = a.unaligned ? rng.below(SCRATCH_SIZE) : a.size * rng.below(SCRATCH_SIZE / a.size);
        if (a.fpr) {
          // With FR=0, 64-bit transfers name an even FPR.
          const ft = a.size === 8 && !layout.v.fr1 ? 2 * rng.below(16) : rng.below(32);
          s.emit(itype(a.op, base.reg, ft, at - base.off));
          if (!a.load) link = null;
        } else if (a.load) {
          const rt = s.dst();
          if (a.unaligned && a.size === 4 && !s.isSext(rt)) continue;
          s.emit(itype(a.op, base.reg, rt, at - base.off));
          s.wrote(rt, a.sext);
        } else {
          s.emit(itype(a.op, base.reg, s.src(), at - base.off));
          link = null;
        }
      }
      return s.finish();
    },
  };
}
