// Integer classes (a32-int, t32-int): data processing with every operand form (immediate,
// register, immediate- and register-shifted register, RRX) and flag setting, MOVW/MOVT, the T32
// 16-bit forms, multiplies (and long, halfword, dual and most-significant-word ones), divides,
// bit and byte operations, extends, bit fields, saturation, parallel add/subtract, MRS/MSR APSR;
// conditional execution (A32 conditions, T32 IT blocks of 1-4) and forward branches (B<cond>,
// CBZ/CBNZ) over a few instructions.
import type { InsnClass } from '../types.js';
import { type Isa } from './machine.js';
import { Seq } from './seq.js';

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
const DP3 = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'orr', 'bic'];
const TEST = ['cmp', 'cmn', 'tst', 'teq'];
const LOW = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];

const sfx = (s: Seq): string => (s.bool() ? 's' : '');
const shiftImm = (s: Seq): string => { const k = s.pick([...SHIFTS, 'rrx']); return k === 'rrx' ? ', rrx' : `, ${k} #${k === 'lsl' || k === 'ror' ? 1 + s.int(31) : 1 + s.int(32)}`; };
/** A modified immediate valid in both instruction sets (an 8-bit value rotated by an even amount that T32 also encodes) or a T32 replicated pattern. */
function modImm(s: Seq): number {
  const v = s.int(256);
  switch (s.int(4)) {
    case 0: return v;
    case 1: return (v << (2 * s.int(12))) >>> 0 & 0xffffffff;
    case 2: return (((v | 0x80) << (24 - s.int(12) * 2)) >>> 0) || v;
    default: return s.pick([0xff000000, 0x80000000, 0x3fc, 0xff00, 0x10000, 0xab0, 7]);
  }
}
const hex = (v: number): string => `#0x${(v >>> 0).toString(16)}`;

type Form = (s: Seq) => string | string[] | null;

/** Forms of both instruction sets: one instruction (conditional one time in four) or null to draw again. */
const FORMS: Form[] = [
  (s) => `${s.pick(DP3)}${sfx(s)} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => `${s.pick(DP3)}${sfx(s)} ${s.r()}, ${s.r()}, ${s.r()}${shiftImm(s)}`,
  (s) => `${s.pick(DP3)}${sfx(s)} ${s.r()}, ${s.r()}, ${hex(modImm(s))}`,
  (s) => `${s.pick(TEST)} ${s.r()}, ${s.r()}${s.bool() ? shiftImm(s) : ''}`,
  (s) => `${s.pick(TEST)} ${s.r()}, ${hex(modImm(s))}`,
  (s) => `${s.pick(['mov', 'mvn'])}${sfx(s)} ${s.r()}, ${s.r()}${s.bool() ? shiftImm(s) : ''}`,
  (s) => `${s.pick(['mov', 'mvn'])}${sfx(s)} ${s.r()}, ${hex(modImm(s))}`,
  (s) => `${s.pick(['lsl', 'lsr', 'asr', 'ror'])}${sfx(s)} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => { const k = s.pick(['lsl', 'lsr', 'asr', 'ror']); return `${k}${sfx(s)} ${s.r()}, ${s.r()}, #${k === 'lsl' ? s.int(32) : 1 + s.int(k === 'ror' ? 31 : 32)}`; },
  (s) => `rrx${sfx(s)} ${s.r()}, ${s.r()}`,
  (s) => (s.thumb ? `orn${sfx(s)} ${s.r()}, ${s.r()}, ${s.bool() ? s.r() + shiftImm(s) : hex(modImm(s))}`
    : `${s.pick([...DP3, 'rsc'])}${sfx(s)} ${s.r()}, ${s.r()}, ${s.r()}, ${s.pick(SHIFTS)} ${s.r()}`),
  (s) => (s.thumb ? `${s.pick(['addw', 'subw'])} ${s.r()}, ${s.r()}, #${s.int(4096)}`
    : `${s.pick(['mov', 'mvn'])}${sfx(s)} ${s.r()}, ${s.r()}, ${s.pick(SHIFTS)} ${s.r()}`),
  (s) => (s.thumb ? null : `${s.pick(TEST)} ${s.r()}, ${s.r()}, ${s.pick(SHIFTS)} ${s.r()}`),
  (s) => (s.thumb ? null : `rsc${sfx(s)} ${s.r()}, ${s.r()}, ${hex(modImm(s))}`),
  (s) => `${s.pick(['movw', 'movt'])} ${s.r()}, #${s.int(65536)}`,
  (s) => `mul${s.thumb ? '' : sfx(s)} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => `${s.pick(['mla', 'mls'])} ${s.r()}, ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => { const [lo, hi] = s.rs(2); const op = s.pick(['umull', 'smull', 'umlal', 'smlal', 'umaal']); return `${op}${s.thumb || op === 'umaal' ? '' : sfx(s)} ${lo}, ${hi}, ${s.r()}, ${s.r()}`; },
  (s) => `${s.pick(['smulbb', 'smulbt', 'smultb', 'smultt', 'smulwb', 'smulwt', 'smmul', 'smmulr', 'smuad', 'smuadx', 'smusd', 'smusdx', 'sdiv', 'udiv'])} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => `${s.pick(['smlabb', 'smlabt', 'smlatb', 'smlatt', 'smlawb', 'smlawt', 'smmla', 'smmlar', 'smmls', 'smmlsr', 'smlad', 'smladx', 'smlsd', 'smlsdx'])} ${s.r()}, ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => { const [lo, hi] = s.rs(2); return `${s.pick(['smlalbb', 'smlalbt', 'smlaltb', 'smlaltt', 'smlald', 'smlaldx', 'smlsld', 'smlsldx'])} ${lo}, ${hi}, ${s.r()}, ${s.r()}`; },
  (s) => `${s.pick(['clz', 'rev', 'rev16', 'revsh', 'rbit'])} ${s.r()}, ${s.r()}`,
  (s) => { const lsb = s.int(32); return `${s.pick(['ubfx', 'sbfx', 'bfi'])} ${s.r()}, ${s.r()}, #${lsb}, #${1 + s.int(32 - lsb)}`; },
  (s) => { const lsb = s.int(32); return `bfc ${s.r()}, #${lsb}, #${1 + s.int(32 - lsb)}`; },
  (s) => `${s.pick(['sxtb', 'sxth', 'uxtb', 'uxth', 'sxtb16', 'uxtb16'])} ${s.r()}, ${s.r()}${s.bool() ? `, ror #${8 * (1 + s.int(3))}` : ''}`,
  (s) => `${s.pick(['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])} ${s.r()}, ${s.r()}, ${s.r()}${s.bool() ? `, ror #${8 * (1 + s.int(3))}` : ''}`,
  (s) => { const op = s.pick(['ssat', 'usat']); return `${op} ${s.r()}, #${op === 'ssat' ? 1 + s.int(32) : s.int(32)}, ${s.r()}${s.bool() ? `, ${s.pick(['lsl', 'asr'])} #${1 + s.int(31)}` : ''}`; },
  (s) => `${s.pick(['ssat16', 'usat16'])} ${s.r()}, #${1 + s.int(15)}, ${s.r()}`,
  (s) => `${s.pick(['qadd', 'qsub', 'qdadd', 'qdsub', 'sel', 'usad8'])} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => `usada8 ${s.r()}, ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => `pkhbt ${s.r()}, ${s.r()}, ${s.r()}, lsl #${s.int(32)}`,
  (s) => `pkhtb ${s.r()}, ${s.r()}, ${s.r()}, asr #${1 + s.int(32)}`,
  (s) => `${s.pick(['s', 'q', 'sh', 'u', 'uq', 'uh'])}${s.pick(['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8'])} ${s.r()}, ${s.r()}, ${s.r()}`,
  (s) => [`mrs ${s.r()}, apsr`],
  (s) => `msr ${s.pick(['APSR_nzcvq', 'APSR_g', 'APSR_nzcvqg'])}, ${s.r()}`,
  (s) => (s.thumb ? null : `msr APSR_nzcvq, ${hex(modImm(s) & 0xf8000000 || 0x40000000)}`),
];

/** The T32 16-bit encodings the assembler picks only for low registers, immediates in range, or outside IT blocks (flag-setting forms). */
const T16: Form[] = [
  (s) => `adds ${s.pick(LOW)}, ${s.pick(LOW)}, #${s.int(8)}`,
  (s) => `subs ${s.pick(LOW)}, ${s.pick(LOW)}, #${s.int(8)}`,
  (s) => `${s.pick(['adds', 'subs', 'movs', 'cmp'])} ${s.pick(LOW)}, #${s.int(256)}`,
  (s) => `${s.pick(['adds', 'subs'])} ${s.pick(LOW)}, ${s.pick(LOW)}, ${s.pick(LOW)}`,
  (s) => { const d = s.pick(LOW); return `${s.pick(['ands', 'eors', 'adcs', 'sbcs', 'orrs', 'bics', 'lsls', 'lsrs', 'asrs', 'rors'])} ${d}, ${d}, ${s.pick(LOW)}`; },
  (s) => `${s.pick(['tst', 'cmn', 'cmp', 'mvns'])} ${s.pick(LOW)}, ${s.pick(LOW)}`,
  (s) => `rsbs ${s.pick(LOW)}, ${s.pick(LOW)}, #0`,
  (s) => { const d = s.pick(LOW); return `muls ${d}, ${s.pick(LOW)}, ${d}`; },
  (s) => `${s.pick(['lsls', 'lsrs', 'asrs'])} ${s.pick(LOW)}, ${s.pick(LOW)}, #${1 + s.int(31)}`,
  (s) => `movs ${s.pick(LOW)}, ${s.pick(LOW)}`,
  (s) => { const d = s.r(); return `add ${d}, ${d}, ${s.r()}`; },
  (s) => `${s.pick(['mov', 'cmp'])} ${s.r()}, ${s.r()}`,
  (s) => `${s.pick(['sxtb', 'sxth', 'uxtb', 'uxth', 'rev', 'rev16', 'revsh'])} ${s.pick(LOW)}, ${s.pick(LOW)}`,
];

/** Instructions that cannot be conditional here: MRS (kept simple), T32 MULS (16-bit only, outside IT blocks). */
const unconditional = (insn: string): boolean => /^(mrs|muls) /.test(insn);

function item(s: Seq, forms: readonly Form[]): void {
  for (;;) {
    const text = s.pick(forms)(s);
    if (text === null) continue;
    const insns = typeof text === 'string' ? [text] : text;
    if (s.int(4) === 0 && !unconditional(insns[0]!)) {
      // T32: an IT block of up to four instructions.
      const block = [insns[0]!];
      if (s.thumb) for (let n = s.int(4); n > 0; n--) { const t = s.pick(forms)(s); if (typeof t === 'string' && !unconditional(t)) block.push(t); }
      s.emitCond(block);
    } else s.emit(...insns);
    return;
  }
}

export function intClass(isa: Isa, cpu: readonly string[]): InsnClass {
  const forms = isa === 't32' ? [...FORMS, ...T16] : FORMS;
  return {
    name: `${isa}-int`,
    referenceArgs: cpu,
    generate(rng) {
      const s = new Seq(rng, isa, 8 + rng.below(12));
      while (!s.full) {
        if (s.int(8) === 0) s.branchOver(() => { for (let n = 1 + s.int(3); n > 0 && !s.full; n--) item(s, forms); });
        else item(s, forms);
      }
      return s.finish();
    },
  };
}
