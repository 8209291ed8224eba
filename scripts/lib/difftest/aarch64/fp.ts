// Scalar floating-point class: 1/2/3-source arithmetic, compares, conditional compare/select,
// FMOV immediate, conversions to and from integers and fixed point, precision conversions.
// Single and double mostly, half precision where the base architecture has it (conversions).
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { Seq } from './seq.js';

type Form = (s: Seq) => void;

const ftype = (s: Seq): number => s.rng.pick([0, 0, 1, 1, 3]);

const FORMS: Form[] = [
  (s) => s.emit(s.t('00011110tt1oooooo10000nnnnnddddd', { t: ftype(s), o: s.rng.below(16), n: s.v(), d: s.v() })), // 1-source
  (s) => s.emit(s.t('00011110tt1mmmmmoooo10nnnnnddddd', { t: ftype(s), o: s.rng.below(9), n: s.v(), m: s.v(), d: s.v() })), // 2-source
  (s) => s.emit(s.t('00011111ttommmmmOaaaaannnnnddddd', { t: ftype(s), n: s.v(), m: s.v(), a: s.v(), d: s.v() })), // FMADD...
  (s) => s.emit(s.t('00011110tt1mmmmm001000nnnnnoo000', { t: ftype(s), n: s.v(), m: s.v() })), // FCMP/FCMPE
  (s) => s.emit(s.t('00011110tt1mmmmmcccc01nnnnnoffff', { t: ftype(s), n: s.v(), m: s.v() })), // FCCMP/FCCMPE
  (s) => s.emit(s.t('00011110tt1mmmmmcccc11nnnnnddddd', { t: ftype(s), n: s.v(), m: s.v(), d: s.v() })), // FCSEL
  (s) => s.emit(s.t('00011110tt1iiiiiiii10000000ddddd', { t: ftype(s), d: s.v() })), // FMOV (immediate)
  (s) => { // FCVT{N,P,M,Z}{S,U}, FCVTA{S,U}: to a GPR
    const [r, o] = s.rng.pick([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1], [0, 4], [0, 5]] as const);
    s.emit(s.t('f0011110tt1rrooo000000nnnnnddddd', { t: ftype(s), r, o, n: s.v(), d: s.dst() }));
  },
  (s) => s.emit(s.t('f0011110tt1000oo000000nnnnnddddd', { t: ftype(s), o: 2 | s.rng.below(2), n: s.src(), d: s.v() })), // SCVTF/UCVTF
  (s) => { // fixed point: SCVTF/UCVTF, FCVTZS/FCVTZU
    const f = s.rng.below(2), toInt = s.rng.bool();
    s.emit(s.t('f0011110tt0rrooossssssnnnnnddddd', {
      f, t: ftype(s), r: toInt ? 3 : 0, o: (toInt ? 0 : 2) | s.rng.below(2), s: s.rng.range(f ? 0 : 32, 63),
      n: toInt ? s.v() : s.src(), d: toInt ? s.dst() : s.v(),
    }));
  },
  (s) => { // FMOV (general): W<->S, X<->D, X<->V.D[1], W/X<->H
    const [f, t, r, o, toFp] = s.rng.pick([[0, 0, 0, 6, 0], [0, 0, 0, 7, 1], [1, 1, 0, 6, 0], [1, 1, 0, 7, 1], [1, 2, 1, 6, 0], [1, 2, 1, 7, 1], [0, 3, 0, 6, 0], [1, 3, 0, 7, 1]] as const);
    s.emit(s.t('f0011110tt1rrooo000000nnnnnddddd', { f, t, r, o, n: toFp ? s.src() : s.v(), d: toFp ? s.v() : s.dst() }));
  },
];

export const fpClass: InsnClass = {
  name: 'fp',
  referenceArgs: ['-cpu', 'cortex-a57'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(1, 16), true); // short ones too: FPSR flags are sticky
    while (!s.full) rng.pick(FORMS)(s);
    return s.finish();
  },
};
