// Advanced SIMD class: every encoding group of the vector and scalar SIMD space with random
// opcode/size fields (unallocated combinations trap under both emulators and are skipped),
// plus the crypto extension groups (AES, SHA1, SHA256) and PMULL.
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { Seq } from './seq.js';

/** Encoding groups; d, n, m are vector registers (Rd of UMOV/SMOV is a GPR, see below). */
const GROUPS: readonly string[] = [
  '0QU01110ss1mmmmmooooo1nnnnnddddd', // three same
  '0QU01110ss1mmmmmoooo00nnnnnddddd', // three different
  '0QU01110ss10000ooooo10nnnnnddddd', // two-register miscellaneous
  '0QU01110ss11000ooooo10nnnnnddddd', // across lanes
  '0Q001110ss0mmmmm0ooo10nnnnnddddd', // permute
  '0Q101110000mmmmm0iiii0nnnnnddddd', // EXT
  '0Q001110000mmmmm0llo00nnnnnddddd', // TBL/TBX
  '0Qo0111100000aaaccccp1bbbbbddddd', // modified immediate
  '0QU011110hhhhbbbooooo1nnnnnddddd', // shift by immediate
  '0QU01111sslmmmmmooooh0nnnnnddddd', // vector x indexed element
  '01U11110ss1mmmmmooooo1nnnnnddddd', // scalar three same
  '01U11110ss1mmmmmoooo00nnnnnddddd', // scalar three different
  '01U11110ss10000ooooo10nnnnnddddd', // scalar two-register miscellaneous
  '01U11110ss11000ooooo10nnnnnddddd', // scalar pairwise
  '01011110000iiiii000001nnnnnddddd', // scalar DUP (element)
  '01U111110hhhhbbbooooo1nnnnnddddd', // scalar shift by immediate
  '01U11111sslmmmmmooooh0nnnnnddddd', // scalar x indexed element
  '010011100010100ooooo10nnnnnddddd', // AES
  '01011110000mmmmm0ooo00nnnnnddddd', // SHA three-register
  '010111100010100ooooo10nnnnnddddd', // SHA two-register
];

/** DUP/INS/UMOV/SMOV: Rd or Rn is a GPR for some of them. */
function copy(s: Seq): number {
  if (s.rng.bool(0.25)) return s.t('01101110000iiiii0jjjj1nnnnnddddd', { n: s.v(), d: s.v() }); // INS (element)
  const imm4 = s.rng.pick([0, 1, 3, 5, 7]); // DUP (element), DUP (general), INS (general), SMOV, UMOV
  const fromGpr = imm4 === 1 || imm4 === 3, toGpr = imm4 === 5 || imm4 === 7;
  return s.t('0Q001110000iiiii0oooo1nnnnnddddd', { o: imm4, n: fromGpr ? s.src() : s.v(), d: toGpr ? s.dst() : s.v() });
}

function pmull(s: Seq): number {
  return s.t('0Q001110ss1mmmmm111000nnnnnddddd', { s: s.rng.pick([0, 3]), n: s.v(), m: s.v(), d: s.v() });
}

export const simdClass: InsnClass = {
  name: 'simd',
  referenceArgs: ['-cpu', 'cortex-a57'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(1, 16), true); // short ones too: FPSR flags are sticky
    while (!s.full) {
      const k = rng.below(GROUPS.length + 2);
      if (k === GROUPS.length) s.emit(copy(s));
      else if (k === GROUPS.length + 1) s.emit(pmull(s));
      else s.emit(s.t(GROUPS[k]!, { n: s.v(), m: s.v(), d: s.v() }));
    }
    return s.finish();
  },
};
