// Crypto class: the cryptographic extension (AES, SHA1, SHA256), PMULL, PMUL and SHLL with random
// register contents. The random-opcode SIMD class reaches these rarely; this class checks each
// of them many times.
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { Seq } from './seq.js';

const FORMS: readonly ((s: Seq) => number)[] = [
  (s) => s.t('010011100010100001oo10nnnnnddddd', { n: s.v(), d: s.v() }), // AESE AESD AESMC AESIMC
  (s) => s.t('01011110000mmmmm0ooo00nnnnnddddd', { o: s.rng.below(7), n: s.v(), m: s.v(), d: s.v() }), // SHA1C..SHA256SU1
  (s) => s.t('010111100010100000oo10nnnnnddddd', { o: s.rng.below(3), n: s.v(), d: s.v() }), // SHA1H SHA1SU1 SHA256SU0
  (s) => s.t('0Q001110ss1mmmmm111000nnnnnddddd', { s: s.rng.pick([0, 3]), n: s.v(), m: s.v(), d: s.v() }), // PMULL{2}
  (s) => s.t('0Q101110ss100001001110nnnnnddddd', { s: s.rng.below(3), n: s.v(), d: s.v() }), // SHLL{2}
  (s) => s.t('0Q101110001mmmmm100111nnnnnddddd', { n: s.v(), m: s.v(), d: s.v() }), // PMUL
];

export const cryptoClass: InsnClass = {
  name: 'crypto',
  referenceArgs: ['-cpu', 'cortex-a57'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(4, 12));
    while (!s.full) s.emit(rng.pick(FORMS)(s));
    return s.finish();
  },
};
