// Atomics class (LSE and RCpc): LDADD/LDCLR/LDEOR/LDSET/LD{S,U}{MAX,MIN} and SWP with every
// acquire/release combination and size, CAS, CASP, LDAPR; mixed with plain loads and adds so
// values flow. Addresses are naturally aligned (unaligned atomics fault on qemu).
// Exclusions: CASP with odd register numbers (unallocated), Rs/Rt equal to the base.
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { MemModel } from './memory.js';
import { Seq } from './seq.js';

type Form = (s: Seq, m: MemModel) => boolean;

/** A destination register that is not pinned (or 31, discarding the loaded value). */
const rt = (s: Seq): number => (s.rng.bool(0.15) ? 31 : s.dst());

const FORMS: Form[] = [
  (s, m) => { // LD<op>, SWP: size 111000 A R 1 Rs o3 opc 00 Rn Rt
    const o3 = s.rng.bool(0.2) ? 1 : 0;
    s.emit(s.t('zz111000AR1rrrrrOooo00nnnnnttttt', { O: o3, o: o3 ? 0 : s.rng.below(8), r: s.src(), n: m.fixedBase().reg, t: rt(s) }));
    return true;
  },
  (s, m) => { // CAS: size 0010001 L 1 Rs o0 11111 Rn Rt
    const b = m.fixedBase();
    const rs = s.dst();
    s.emit(s.t('zz0010001L1rrrrro11111nnnnnttttt', { r: rs, n: b.reg, t: s.src() }));
    return true;
  },
  (s, m) => { // CASP: 0 sz 0010000 L 1 Rs o0 11111 Rn Rt, Rs and Rt even
    const even = (): number => {
      for (;;) {
        const r = 2 * s.rng.below(15);
        if (!s.pinned.has(r) && !s.pinned.has(r + 1)) return r;
      }
    };
    s.emit(s.t('0z0010000L1rrrrro11111nnnnnttttt', { r: even(), n: m.fixedBase().reg, t: 2 * s.rng.below(16) }));
    return true;
  },
  (s, m) => { s.emit(s.t('zz11100010111111110000nnnnnttttt', { n: m.fixedBase().reg, t: s.dst() })); return true; }, // LDAPR
  (s, m) => { // LDR from an atomics address, so results show up in registers too
    const b = m.fixedBase();
    s.emit(0xf9400000 | (b.reg << 5) | s.dst());
    return true;
  },
  (s) => { s.emit(s.t('1AS100010hiiiiiiiiiiiinnnnnddddd', { S: 0, d: s.dst(), n: s.src() })); return true; }, // value churn
];

export const atomicsClass: InsnClass = {
  name: 'atomics',
  referenceArgs: ['-cpu', 'max'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(4, 16));
    const m = new MemModel(s);
    while (!s.full) rng.pick(FORMS)(s, m);
    return s.finish();
  },
};
