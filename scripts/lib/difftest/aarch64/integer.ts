// Integer class: data processing (immediate, register, 1/2/3 source), conditional select and
// compare, flag moves, PC-relative addresses, CRC32, and forward branches inside the sequence.
// Exclusions: writes to SP (the harness's state pointer is fine, but an unaligned SP faults on
// hardware and not under qemu), and UNPREDICTABLE field combinations (noted per form).
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { Seq } from './seq.js';

type Form = (s: Seq) => void;

/** DecodeBitMasks succeeds: N:imms has a set bit defining the element size and S is not all ones. */
export function validBitmask(sf: number, n: number, imms: number): boolean {
  if (!sf && n) return false;
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return false;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return false;
  const levels = (1 << len) - 1;
  return (imms & levels) !== levels;
}

const FORMS: Form[] = [
  (s) => s.emit(s.t('fAS100010hiiiiiiiiiiiinnnnnddddd', { d: s.dst(), n: s.src(), A: 0 })), // ADD/ADDS imm (Rn 31 = SP)
  (s) => s.emit(s.t('fAS100010hiiiiiiiiiiiinnnnnddddd', { d: s.dst(), n: s.src(), A: 1 })),
  (s) => { // ADD/SUB (shifted register): shift 3 reserved, 32-bit amount < 32
    const f = s.rng.below(2);
    s.emit(s.t('fAS01011tt0mmmmmiiiiiinnnnnddddd', { f, t: s.rng.below(3), i: s.rng.below(f ? 64 : 32), d: s.dst(), n: s.src(), m: s.src() }));
  },
  (s) => s.emit(s.t('fAS01011001mmmmmoooiiinnnnnddddd', { i: s.rng.below(5), d: s.dst(), n: s.src(), m: s.src() })), // extended register
  (s) => s.emit(s.t('fAS11010000mmmmm000000nnnnnddddd', { d: s.dst(), n: s.src(), m: s.src() })), // ADC/SBC(S)
  (s) => { // logical (shifted register)
    const f = s.rng.below(2);
    s.emit(s.t('fOO01010ttNmmmmmiiiiiinnnnnddddd', { f, i: s.rng.below(f ? 64 : 32), d: s.dst(), n: s.src(), m: s.src() }));
  },
  (s) => { // logical (immediate) with a valid bitmask
    for (;;) {
      const f = s.rng.below(2), N = f ? s.rng.below(2) : 0, imms = s.rng.below(64);
      if (!validBitmask(f, N, imms)) continue;
      s.emit(s.t('fOO100100Nrrrrrrssssssnnnnnddddd', { f, N, s: imms, r: s.rng.below(f ? 64 : 32), d: s.dst(), n: s.src() }));
      return;
    }
  },
  (s) => { // MOVN/MOVZ/MOVK
    const f = s.rng.below(2);
    s.emit(s.t('fOO100101hhiiiiiiiiiiiiiiiiddddd', { f, O: s.rng.pick([0, 2, 3]), h: s.rng.below(f ? 4 : 2), d: s.dst() }));
  },
  (s) => { // SBFM/BFM/UBFM
    const f = s.rng.below(2), w = f ? 64 : 32;
    s.emit(s.t('fOO100110Nrrrrrrssssssnnnnnddddd', { f, N: f, O: s.rng.below(3), r: s.rng.below(w), s: s.rng.below(w), d: s.dst(), n: s.src() }));
  },
  (s) => { // EXTR
    const f = s.rng.below(2);
    s.emit(s.t('f00100111N0mmmmmssssssnnnnnddddd', { f, N: f, s: s.rng.below(f ? 64 : 32), d: s.dst(), n: s.src(), m: s.src() }));
  },
  (s) => { // 2-source: UDIV SDIV LSLV LSRV ASRV RORV, CRC32[C]{B,H,W,X}
    const op = s.rng.pick([2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]);
    const crcSize = op & 3;
    const f = op >= 16 ? (crcSize === 3 ? 1 : 0) : s.rng.below(2);
    s.emit(s.t('f0011010110mmmmmoooooonnnnnddddd', { f, o: op, d: s.dst(), n: s.src(), m: s.src() }));
  },
  (s) => { // 1-source: RBIT REV16 REV32/REV REV CLZ CLS
    const f = s.rng.below(2);
    s.emit(s.t('f101101011000000oooooonnnnnddddd', { f, o: s.rng.pick(f ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 4, 5]), d: s.dst(), n: s.src() }));
  },
  (s) => { // 3-source: MADD MSUB SMADDL SMSUBL SMULH UMADDL UMSUBL UMULH
    const [op, o0, f] = s.rng.pick([[0, 0, 2], [0, 1, 2], [1, 0, 1], [1, 1, 1], [2, 0, 1], [5, 0, 1], [5, 1, 1], [6, 0, 1]] as const);
    const sf = f === 2 ? s.rng.below(2) : 1;
    s.emit(s.t('f0011011ooommmmmOaaaaannnnnddddd', { f: sf, o: op, O: o0, a: op === 2 || op === 6 ? 31 : s.src(), d: s.dst(), n: s.src(), m: s.src() }));
  },
  (s) => s.emit(s.t('fo011010100mmmmmcccc0pnnnnnddddd', { d: s.dst(), n: s.src(), m: s.src() })), // CSEL CSINC CSINV CSNEG
  (s) => s.emit(s.t('fo111010010mmmmmcccc00nnnnn0zzzz', { n: s.src(), m: s.src() })), // CCMN/CCMP (register)
  (s) => s.emit(s.t('fo111010010iiiiicccc10nnnnn0zzzz', { n: s.src() })), // CCMN/CCMP (immediate)
  (s) => s.emit(s.t('pll10000iiiiiiiiiiiiiiiiiiiddddd', { d: s.dst() })), // ADR/ADRP
  (s) => s.emit(0xd53b4200 | s.dst()), // MRS Xt, NZCV
  (s) => s.emit(0xd51b4200 | s.src()), // MSR NZCV, Xt
  (s) => s.emit(s.t('fAS11010000mmmmm000000nnnnnddddd', { S: 1, d: s.dst(), n: s.src(), m: s.src() })), // flag producers for the branches
  forwardBranch,
];

/** B.cond, CBZ/CBNZ, TBZ/TBNZ, B and BL to a later instruction (or the exit branch). */
function forwardBranch(s: Seq): void {
  const off = s.rng.range(1, s.left);
  switch (s.rng.below(5)) {
    case 0: s.emit(s.t('01010100iiiiiiiiiiiiiiiiiii0cccc', { i: off })); break;
    case 1: s.emit(s.t('f011010oiiiiiiiiiiiiiiiiiiittttt', { i: off, t: s.src() })); break;
    case 2: s.emit(s.t('B011011obbbbbiiiiiiiiiiiiiittttt', { i: off, t: s.src() })); break;
    case 3: s.emit(s.t('000101iiiiiiiiiiiiiiiiiiiiiiiiii', { i: off })); break;
    default: if (!s.pinned.has(30)) s.emit(s.t('100101iiiiiiiiiiiiiiiiiiiiiiiiii', { i: off })); else s.emit(0xd503201f);
  }
}

export const integerClass: InsnClass = {
  name: 'integer',
  referenceArgs: ['-cpu', 'cortex-a57'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(4, 24));
    while (!s.full) rng.pick(FORMS)(s);
    return s.finish();
  },
};
