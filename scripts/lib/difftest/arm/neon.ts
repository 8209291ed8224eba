// Advanced SIMD classes (a32-neon, t32-neon): the ARMv7 encoding groups with their data types
// and D/Q forms: three registers of the same length (integer, polynomial, saturating, rounding,
// shifts by register, single-precision), three of different lengths (long, wide, narrow),
// two registers and a scalar, two registers and a shift amount (incl. narrowing, rounding,
// saturating and fixed-point conversions), two-register miscellaneous (reverses, counts,
// pairwise, saturating, compares with zero, permutations, narrowing moves, estimates,
// conversions), VEXT, VTBL/VTBX, VDUP, the modified-immediate moves and the core<->scalar VMOVs.
// Floating-point lanes run in the "standard FPSCR" environment; their cumulative flags (and QC)
// reach FPSCR and are compared. Each case starts with a random FPSCR (seq.ts).
import type { InsnClass } from '../types.js';
import type { Isa } from './machine.js';
import { Seq } from './seq.js';

/**
 * Forms left out of every run (npm test's counts included), and why: the frontend does not
 * implement them (runtime/frontend/arm/README.md, Not implemented), so they are SIGILL under
 * qemu-ts only. A generated instruction matching a pattern is drawn again. Removing an entry
 * brings its forms back.
 */
export const NEON_PENDING: readonly { pattern: RegExp; reason: string }[] = [];

const d = (s: Seq): string => `d${s.int(32)}`;
const q = (s: Seq): string => `q${s.int(16)}`;
/** A chooser of D registers or of Q registers (one for the whole instruction). */
const dq = (s: Seq): (() => string) => (s.bool() ? () => d(s) : () => q(s));
const su = (s: Seq): string => s.pick(['s', 'u']);
const sz = (s: Seq, sizes: readonly number[]): number => s.pick(sizes);
const two = <T>(s: Seq, pick: () => T): [T, T] => { const a = pick(); let b = pick(); while (b === a) b = pick(); return [a, b]; };
/** A by-scalar operand: D0-D7[0-3] for 16-bit elements, D0-D15[0-1] for 32-bit. */
const scalar = (s: Seq, size: number): string => (size === 16 ? `d${s.int(8)}[${s.int(4)}]` : `d${s.int(16)}[${s.int(2)}]`);

type Form = (s: Seq) => string;

const FORMS: Form[] = [
  // Three registers of the same length.
  (s) => { const R = dq(s); return `${s.pick(['vadd', 'vsub'])}.i${sz(s, [8, 16, 32, 64])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vhadd', 'vrhadd', 'vhsub', 'vcgt', 'vcge', 'vmax', 'vmin', 'vabd', 'vaba'])}.${su(s)}${sz(s, [8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vqadd', 'vqsub', 'vshl', 'vrshl', 'vqshl', 'vqrshl'])}.${su(s)}${sz(s, [8, 16, 32, 64])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vmul', 'vmla', 'vmls', 'vceq'])}.i${sz(s, [8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `vtst.${sz(s, [8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `vmul.p8 ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vqdmulh', 'vqrdmulh'])}.s${sz(s, [16, 32])} ${R()}, ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vand', 'vbic', 'vorr', 'vorn', 'veor', 'vbsl', 'vbit', 'vbif'])} ${R()}, ${R()}, ${R()}`; },
  (s) => `${s.pick(['vpadd.i', 'vpmax.s', 'vpmin.u', 'vpmax.u', 'vpmin.s'])}${sz(s, [8, 16, 32])} ${d(s)}, ${d(s)}, ${d(s)}`,
  (s) => { const R = dq(s); return `${s.pick(['vadd', 'vsub', 'vmul', 'vmla', 'vmls', 'vfma', 'vfms', 'vabd', 'vmax', 'vmin', 'vceq', 'vcge', 'vcgt', 'vacge', 'vacgt', 'vrecps', 'vrsqrts'])}.f32 ${R()}, ${R()}, ${R()}`; },
  (s) => `${s.pick(['vpadd', 'vpmax', 'vpmin'])}.f32 ${d(s)}, ${d(s)}, ${d(s)}`,
  // Three registers of different lengths.
  (s) => `${s.pick(['vaddl', 'vsubl', 'vabdl', 'vabal', 'vmlal', 'vmlsl', 'vmull'])}.${su(s)}${sz(s, [8, 16, 32])} ${q(s)}, ${d(s)}, ${d(s)}`,
  (s) => `${s.pick(['vaddw', 'vsubw'])}.${su(s)}${sz(s, [8, 16, 32])} ${q(s)}, ${q(s)}, ${d(s)}`,
  (s) => `${s.pick(['vaddhn', 'vraddhn', 'vsubhn', 'vrsubhn'])}.i${sz(s, [16, 32, 64])} ${d(s)}, ${q(s)}, ${q(s)}`,
  (s) => `${s.pick(['vqdmlal', 'vqdmlsl', 'vqdmull'])}.s${sz(s, [16, 32])} ${q(s)}, ${d(s)}, ${d(s)}`,
  (s) => `vmull.p8 ${q(s)}, ${d(s)}, ${d(s)}`,
  // Two registers and a scalar.
  (s) => { const R = dq(s), e = sz(s, [16, 32]); return `${s.pick(['vmla', 'vmls', 'vmul'])}.${s.bool(0.3) ? 'f32' : `i${e}`} ${R()}, ${R()}, ${scalar(s, e)}`.replace(/f32(.*)d(\d+)\[(\d)\]$/, (_x, mid, _r, _i) => `f32${mid}${scalar(s, 32)}`); },
  (s) => { const e = sz(s, [16, 32]); return `${s.pick(['vmlal', 'vmlsl', 'vmull'])}.${su(s)}${e} ${q(s)}, ${d(s)}, ${scalar(s, e)}`; },
  (s) => { const e = sz(s, [16, 32]); return `${s.pick(['vqdmlal', 'vqdmlsl', 'vqdmull'])}.s${e} ${q(s)}, ${d(s)}, ${scalar(s, e)}`; },
  (s) => { const R = dq(s), e = sz(s, [16, 32]); return `${s.pick(['vqdmulh', 'vqrdmulh'])}.s${e} ${R()}, ${R()}, ${scalar(s, e)}`; },
  // Two registers and a shift amount.
  (s) => { const R = dq(s), e = sz(s, [8, 16, 32, 64]); return `${s.pick(['vshr', 'vrshr', 'vsra', 'vrsra'])}.${su(s)}${e} ${R()}, ${R()}, #${1 + s.int(e)}`; },
  (s) => { const R = dq(s), e = sz(s, [8, 16, 32, 64]); return `vsri.${e} ${R()}, ${R()}, #${1 + s.int(e)}`; },
  (s) => { const R = dq(s), e = sz(s, [8, 16, 32, 64]); return `${s.pick(['vshl.i', 'vsli.', 'vqshl.s', 'vqshl.u', 'vqshlu.s'])}${e} ${R()}, ${R()}, #${s.int(e)}`; },
  (s) => { const e = sz(s, [16, 32, 64]); return `${s.pick(['vshrn.i', 'vrshrn.i', 'vqshrn.s', 'vqshrn.u', 'vqrshrn.s', 'vqrshrn.u', 'vqshrun.s', 'vqrshrun.s'])}${e} ${d(s)}, ${q(s)}, #${1 + s.int(e / 2)}`; },
  (s) => { const e = sz(s, [8, 16, 32]); return s.bool(0.8) ? `vshll.${su(s)}${e} ${q(s)}, ${d(s)}, #${1 + s.int(e - 1)}` : `vshll.i${e} ${q(s)}, ${d(s)}, #${e}`; },
  (s) => `vmovl.${su(s)}${sz(s, [8, 16, 32])} ${q(s)}, ${d(s)}`,
  (s) => { const R = dq(s); return `vcvt.${s.pick(['s32.f32', 'u32.f32', 'f32.s32', 'f32.u32'])} ${R()}, ${R()}${s.bool() ? `, #${1 + s.int(32)}` : ''}`; },
  // Two registers, miscellaneous.
  (s) => { const R = dq(s); return `${s.pick(['vrev64.8', 'vrev64.16', 'vrev64.32', 'vrev32.8', 'vrev32.16', 'vrev16.8', 'vclz.i8', 'vclz.i16', 'vclz.i32', 'vcls.s8', 'vcls.s16', 'vcls.s32', 'vcnt.8', 'vmvn'])} ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vpaddl', 'vpadal'])}.${su(s)}${sz(s, [8, 16, 32])} ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vabs', 'vneg', 'vqabs', 'vqneg'])}.s${sz(s, [8, 16, 32])} ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vabs', 'vneg', 'vrecpe', 'vrsqrte'])}.f32 ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vrecpe', 'vrsqrte'])}.u32 ${R()}, ${R()}`; },
  (s) => { const R = dq(s); return `${s.pick(['vcgt', 'vcge', 'vceq', 'vcle', 'vclt'])}.${s.pick(['s8', 's16', 's32', 'f32'])} ${R()}, ${R()}, #0`.replace(/^vceq\.s/, 'vceq.i'); },
  // The permutations of a register with itself are UNPREDICTABLE: two different ones.
  (s) => { const R = dq(s); const [a, b] = two(s, R); return `${s.pick(['vswp', 'vtrn.8', 'vtrn.16', 'vtrn.32', 'vuzp.8', 'vuzp.16', 'vzip.8', 'vzip.16'])} ${a}, ${b}`; },
  (s) => { const [a, b] = two(s, () => q(s)); return `${s.pick(['vuzp.32', 'vzip.32'])} ${a}, ${b}`; },
  (s) => `${s.pick(['vmovn.i', 'vqmovn.s', 'vqmovn.u', 'vqmovun.s'])}${sz(s, [16, 32, 64])} ${d(s)}, ${q(s)}`,
  (s) => (s.bool() ? `vcvt.f16.f32 ${d(s)}, ${q(s)}` : `vcvt.f32.f16 ${q(s)}, ${d(s)}`),
  // VEXT, VTBL/VTBX, VDUP, immediates, core <-> scalar.
  (s) => (s.bool() ? `vext.8 ${q(s)}, ${q(s)}, ${q(s)}, #${s.int(16)}` : `vext.${s.pick([8, 16, 32])} ${d(s)}, ${d(s)}, ${d(s)}, #0`.replace(/vext\.(\d+)(.*)#0$/, (_x, e, mid) => `vext.${e}${mid}#${s.int(8 / (Number(e) / 8))}`)),
  (s) => { const n = 1 + s.int(4), first = s.int(33 - n); return `${s.pick(['vtbl', 'vtbx'])}.8 ${d(s)}, {${[...Array(n).keys()].map((k) => `d${first + k}`).join(', ')}}, ${d(s)}`; },
  (s) => { const R = dq(s); return `vdup.${sz(s, [8, 16, 32])} ${R()}, ${s.pick(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r12', 'lr'])}`; },
  (s) => { const R = dq(s); const e = sz(s, [8, 16, 32]); return `vdup.${e} ${R()}, ${d(s)}[${s.int(64 / e)}]`; },
  (s) => { const R = dq(s); const b = s.int(256); return s.pick([`vmov.i8 ${R()}, #${b}`, `vmov.i16 ${R()}, #${b << (8 * s.int(2))}`, `vmov.i32 ${R()}, #${(b << (8 * s.int(4))) >>> 0}`,
    `vmvn.i32 ${R()}, #${b << (8 * s.int(4)) >>> 0}`, `vmvn.i16 ${R()}, #${b << (8 * s.int(2))}`, `vorr.i32 ${R()}, #${b << (8 * s.int(4)) >>> 0}`, `vorr.i16 ${R()}, #${b << 8 * s.int(2)}`,
    `vbic.i16 ${R()}, #${b << 8 * s.int(2)}`, `vbic.i32 ${R()}, #${b << (8 * s.int(4)) >>> 0}`, `vmov.i64 ${R()}, #0xff00ff0000ffff00`, `vmov.i32 ${R()}, #0x${b.toString(16)}ffff`,
    `vmov.i32 ${R()}, #0x${b.toString(16)}ff`, `vmvn.i32 ${R()}, #0x${b.toString(16)}ff`, `vmov.f32 ${R()}, #${((16 + s.int(16)) / 2 ** s.int(8)).toFixed(7)}`]); },
  (s) => { const e = sz(s, [8, 16, 32]); const lane = `${d(s)}[${s.int(64 / e)}]`; const r = s.pick(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r12', 'lr']);
    return s.bool() ? `vmov.${e} ${lane}, ${r}` : `vmov.${e === 32 ? '32' : su(s) + e} ${r}, ${lane}`; },
];

export function neonClass(isa: Isa, cpu: readonly string[]): InsnClass {
  return {
    name: `${isa}-neon`,
    referenceArgs: cpu,
    generate(rng) {
      const s = new Seq(rng, isa, 8 + rng.below(10), { fpEnv: true });
      while (!s.full) {
        const insn = s.pick(FORMS)(s);
        if (NEON_PENDING.some((p) => p.pattern.test(insn))) continue;
        s.emit(insn);
      }
      return s.finish();
    },
  };
}
