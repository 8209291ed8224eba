// VFP classes (a32-vfp, t32-vfp): VFPv3/VFPv4 arithmetic (VADD ... VDIV, VNMUL, the chained and
// fused multiply-accumulates), VABS/VNEG/VSQRT/VMOV, compares (VCMP/VCMPE, with zero) and
// VMRS APSR_nzcv, every VCVT (integer, rounding-mode VCVTR, fixed point, precision), VMOV of
// immediates and between core and S/D registers and scalars, VMRS/VMSR FPSCR; conditional one
// time in five. Each case starts in a random FP environment (seq.ts randomFpscr: rounding mode,
// FZ, DN, NZCV, cumulative flags), and the cumulative flags are compared.
import type { InsnClass } from '../types.js';
import type { Isa } from './machine.js';
import { Seq } from './seq.js';

const d = (s: Seq): string => `d${s.int(32)}`;
const sr = (s: Seq): string => `s${s.int(32)}`;
/** A precision and a register chooser for it. */
const prec = (s: Seq): [string, () => string] => (s.bool() ? ['f64', () => d(s)] : ['f32', () => sr(s)]);
const ARITH = ['vadd', 'vsub', 'vmul', 'vdiv', 'vnmul', 'vmla', 'vmls', 'vnmla', 'vnmls', 'vfma', 'vfms', 'vfnma', 'vfnms'];
const CORE = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'lr'];
/** VMOV immediates: +-n * 2^-r, n 16..31, r 0..7. */
const fimm = (s: Seq): string => `${s.bool() ? '-' : ''}${((16 + s.int(16)) / 2 ** s.int(8)).toString()}`;

type Form = (s: Seq) => string | string[];

const FORMS: Form[] = [
  (s) => { const [t, R] = prec(s); return `${s.pick(ARITH)}.${t} ${R()}, ${R()}, ${R()}`; },
  (s) => { const [t, R] = prec(s); return `${s.pick(ARITH)}.${t} ${R()}, ${R()}, ${R()}`; },
  (s) => { const [t, R] = prec(s); return `${s.pick(['vneg', 'vabs', 'vsqrt', 'vmov'])}.${t} ${R()}, ${R()}`; },
  (s) => { const [t, R] = prec(s); return [`${s.pick(['vcmp', 'vcmpe'])}.${t} ${R()}, ${s.int(4) ? R() : '#0'}`, ...(s.bool(0.7) ? ['vmrs APSR_nzcv, fpscr'] : [])]; },
  (s) => `${s.pick(['vcvt.s32.f64', 'vcvt.u32.f64', 'vcvtr.s32.f64', 'vcvtr.u32.f64'])} ${sr(s)}, ${d(s)}`,
  (s) => `${s.pick(['vcvt.s32.f32', 'vcvt.u32.f32', 'vcvtr.s32.f32', 'vcvtr.u32.f32', 'vcvt.f32.s32', 'vcvt.f32.u32'])} ${sr(s)}, ${sr(s)}`,
  (s) => `${s.pick(['vcvt.f64.s32', 'vcvt.f64.u32', 'vcvt.f64.f32'])} ${d(s)}, ${sr(s)}`,
  (s) => `vcvt.f32.f64 ${sr(s)}, ${d(s)}`,
  (s) => `${s.pick(['vcvtb', 'vcvtt'])}.${s.pick(['f32.f16', 'f16.f32'])} ${sr(s)}, ${sr(s)}`,
  (s) => { const t = s.pick(['s32', 'u32', 's16', 'u16']); const r = d(s); return `vcvt.${s.bool() ? `${t}.f64` : `f64.${t}`} ${r}, ${r}, #${t.endsWith('16') ? s.int(17) : 1 + s.int(32)}`; },
  (s) => { const t = s.pick(['s32', 'u32', 's16', 'u16']); const r = sr(s); return `vcvt.${s.bool() ? `${t}.f32` : `f32.${t}`} ${r}, ${r}, #${t.endsWith('16') ? s.int(17) : 1 + s.int(32)}`; },
  (s) => `vmov.${s.bool() ? 'f64' : 'f32'} ${s.bool() ? d(s) : sr(s)}, #${fimm(s)}`.replace(/^vmov\.f64 s/, 'vmov.f32 s').replace(/^vmov\.f32 d/, 'vmov.f64 d'),
  (s) => (s.bool() ? `vmov ${sr(s)}, ${s.pick(CORE)}` : `vmov ${s.pick(CORE)}, ${sr(s)}`),
  (s) => { const [a, b] = [s.pick(CORE), s.pick(CORE)]; return s.bool() ? `vmov ${d(s)}, ${a}, ${b}` : a === b ? `vmov ${d(s)}, ${a}, ${b}` : `vmov ${a}, ${b}, ${d(s)}`; },
  (s) => { const k = s.int(31); const [a, b] = [s.pick(CORE), s.pick(CORE)]; return s.bool() || a === b ? `vmov s${k}, s${k + 1}, ${a}, ${b}` : `vmov ${a}, ${b}, s${k}, s${k + 1}`; },
  (s) => (s.bool() ? `vmov.32 ${d(s)}[${s.int(2)}], ${s.pick(CORE)}` : `vmov.32 ${s.pick(CORE)}, ${d(s)}[${s.int(2)}]`),
  (s) => `vmrs ${s.pick(CORE)}, fpscr`,
  // A new FP environment mid-sequence: rounding mode, FZ, DN, NZCV and flags from a core register (LEN/STRIDE clear).
  (s) => { const r = s.pick(CORE); return [`movw ${r}, #0x${(s.int(0x10000) & 0x9f).toString(16)}`, `movt ${r}, #0x${((s.int(16) << 12) | (s.int(16) << 6) | (s.bool(0.2) ? 0x800 : 0)).toString(16)}`, `vmsr fpscr, ${r}`]; },
];

export function vfpClass(isa: Isa, cpu: readonly string[]): InsnClass {
  return {
    name: `${isa}-vfp`,
    referenceArgs: cpu,
    generate(rng) {
      const s = new Seq(rng, isa, 8 + rng.below(10), { fpEnv: true });
      while (!s.full) {
        const text = s.pick(FORMS)(s);
        const insns = typeof text === 'string' ? [text] : text;
        if (insns.length === 1 && s.int(5) === 0) s.emitCond(insns);
        else s.emit(...insns);
      }
      return s.finish();
    },
  };
}
