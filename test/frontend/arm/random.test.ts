// Differential test of random instruction sequences against qemu-arm: data processing with every
// operand form and flag setting, conditional execution (A32 condition codes, Thumb IT), the
// multiplies, divides, bit and byte manipulation, saturation and parallel add/subtract. Each
// program loads random registers and flags, runs the instructions and records r0-r10, r12 and
// APSR (NZCVQ, GE) after each one; a mismatch names the first instruction whose state differs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SEED_ENV } from '../../../scripts/lib/difftest/seed.js';
import { requireToolchain, runElf, runQemu } from './elf-runner.js';

const workDir = mkdtempSync(join(tmpdir(), 'arm-random-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

type Isa = 'arm' | 'thumb';

class Rng {
  constructor(private s: number) {}
  next(): number { this.s ^= this.s << 13; this.s ^= this.s >>> 17; this.s ^= this.s << 5; return this.s >>> 0; }
  int(n: number): number { return this.next() % n; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
}

/** Registers the instructions may use: r11 points at the record buffer, sp and pc stay out. */
const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r12'];
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
/** Modified immediates valid in both instruction sets. */
const IMMS = [0, 1, 0xff, 0x3fc, 0xff000000, 0x80000000, 0xff00, 0x10000, 0xab0, 7];

type Gen = (r: Rng, isa: Isa) => string | null;

const reg = (r: Rng): string => r.pick(REGS);
/** n distinct registers. */
function regs(r: Rng, n: number): string[] {
  const out: string[] = [];
  while (out.length < n) { const x = reg(r); if (!out.includes(x)) out.push(x); }
  return out;
}
const s = (r: Rng): string => (r.int(2) ? 's' : '');

const GENS: Gen[] = [
  (r) => `${r.pick(['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'orr', 'bic'])}${s(r)} ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => `${r.pick(['and', 'eor', 'sub', 'add', 'adc', 'sbc', 'orr', 'bic'])}${s(r)} ${reg(r)}, ${reg(r)}, ${reg(r)}, ${r.pick(SHIFTS)} #${1 + r.int(31)}`,
  (r) => `${r.pick(['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'orr', 'bic'])}${s(r)} ${reg(r)}, ${reg(r)}, #${r.pick(IMMS)}`,
  (r) => `${r.pick(['cmp', 'cmn', 'tst', 'teq'])} ${reg(r)}, ${reg(r)}${r.int(2) ? `, ${r.pick(SHIFTS)} #${1 + r.int(31)}` : ''}`,
  (r) => `${r.pick(['cmp', 'cmn', 'tst', 'teq'])} ${reg(r)}, #${r.pick(IMMS)}`,
  (r) => `${r.pick(['mov', 'mvn'])}${s(r)} ${reg(r)}, ${reg(r)}${r.int(2) ? `, ${r.pick(SHIFTS)} #${1 + r.int(31)}` : ''}`,
  (r) => `${r.pick(['lsr', 'asr'])}${s(r)} ${reg(r)}, ${reg(r)}, #32`,
  (r) => `rrx${s(r)} ${reg(r)}, ${reg(r)}`,
  (r, isa) => (isa === 'arm' ? `mov${s(r)} ${reg(r)}, ${reg(r)}, ${r.pick(SHIFTS)} ${reg(r)}` : `${r.pick(SHIFTS)}${s(r)} ${reg(r)}, ${reg(r)}, ${reg(r)}`),
  (r, isa) => (isa === 'arm' ? `${r.pick(['add', 'rsc', 'sbc', 'orr', 'cmp'])}${s(r)} ${reg(r)}, ${reg(r)}, ${reg(r)}, ${r.pick(SHIFTS)} ${reg(r)}`.replace(/cmps? (\S+), /, 'cmp ') : `orn${s(r)} ${reg(r)}, ${reg(r)}, ${reg(r)}`),
  (r) => `${r.pick(['movw', 'movt'])} ${reg(r)}, #${r.int(65536)}`,
  (r) => `mul ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => `${r.pick(['mla', 'mls'])} ${reg(r)}, ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => { const [lo, hi] = regs(r, 2); return `${r.pick(['umull', 'smull', 'umlal', 'smlal', 'umaal'])} ${lo}, ${hi}, ${reg(r)}, ${reg(r)}`; },
  (r) => `${r.pick(['smulbb', 'smulbt', 'smultb', 'smultt', 'smulwb', 'smulwt', 'smmul', 'smmulr', 'smuad', 'smuadx', 'smusd', 'smusdx', 'sdiv', 'udiv'])} ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => `${r.pick(['smlabb', 'smlabt', 'smlatb', 'smlatt', 'smlawb', 'smlawt', 'smmla', 'smmlar', 'smmls', 'smmlsr', 'smlad', 'smladx', 'smlsd', 'smlsdx'])} ${reg(r)}, ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => { const [lo, hi] = regs(r, 2); return `${r.pick(['smlalbb', 'smlalbt', 'smlaltb', 'smlaltt', 'smlald', 'smlaldx', 'smlsld', 'smlsldx'])} ${lo}, ${hi}, ${reg(r)}, ${reg(r)}`; },
  (r) => `${r.pick(['clz', 'rev', 'rev16', 'revsh', 'rbit'])} ${reg(r)}, ${reg(r)}`,
  (r) => { const lsb = r.int(32); return `${r.pick(['ubfx', 'sbfx', 'bfi'])} ${reg(r)}, ${reg(r)}, #${lsb}, #${1 + r.int(32 - lsb)}`; },
  (r) => { const lsb = r.int(32); return `bfc ${reg(r)}, #${lsb}, #${1 + r.int(32 - lsb)}`; },
  (r) => `${r.pick(['sxtb', 'sxth', 'uxtb', 'uxth', 'sxtb16', 'uxtb16'])} ${reg(r)}, ${reg(r)}${r.int(2) ? `, ror #${8 * (1 + r.int(3))}` : ''}`,
  (r) => `${r.pick(['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])} ${reg(r)}, ${reg(r)}, ${reg(r)}${r.int(2) ? `, ror #${8 * (1 + r.int(3))}` : ''}`,
  (r) => `${r.pick(['ssat', 'usat'])} ${reg(r)}, #${1 + r.int(31)}, ${reg(r)}${r.int(2) ? `, ${r.pick(['lsl', 'asr'])} #${1 + r.int(31)}` : ''}`,
  (r) => `${r.pick(['ssat16', 'usat16'])} ${reg(r)}, #${1 + r.int(15)}, ${reg(r)}`,
  (r) => `${r.pick(['qadd', 'qsub', 'qdadd', 'qdsub', 'sel', 'usad8'])} ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => `usada8 ${reg(r)}, ${reg(r)}, ${reg(r)}, ${reg(r)}`,
  (r) => `pkhbt ${reg(r)}, ${reg(r)}, ${reg(r)}, lsl #${r.int(32)}`,
  (r) => `pkhtb ${reg(r)}, ${reg(r)}, ${reg(r)}, asr #${1 + r.int(31)}`,
  (r) => `${r.pick(['s', 'q', 'sh', 'u', 'uq', 'uh'])}${r.pick(['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8'])} ${reg(r)}, ${reg(r)}, ${reg(r)}`,
];

/** One instruction, conditional one time in four (A32 suffix, Thumb IT). */
function instruction(r: Rng, isa: Isa): string {
  const text = r.pick(GENS)(r, isa)!;
  if (r.int(4) !== 0) return text;
  const cond = r.pick(CONDS);
  const [op, ...rest] = text.split(' ');
  const withCond = `${op}${cond} ${rest.join(' ')}`;
  return isa === 'arm' ? withCond : `it ${cond}\n  ${withCond}`;
}

const RECORD = 'stmia r11!, {r0-r10, r12}\n  str r0, [r11], #4\n  mrs r0, apsr\n  bic r0, r0, #0x07f00000\n  bic r0, r0, #0xff00\n  bic r0, r0, #0xff\n  str r0, [r11], #4\n  ldr r0, [r11, #-8]';
const WORDS = 14;
/** Every program: r11 walks the records from `out`; they go to stdout, then the program exits 0. */
const RECORDS_START = 'movw r11, #:lower16:out\n  movt r11, #:upper16:out';
const WRITE_RECORDS = 'movw r1, #:lower16:out\n  movt r1, #:upper16:out\n  sub r2, r11, r1\n  mov r0, #1\n  mov r7, #4\n  svc 0';
const EXIT = 'mov r0, #0\n  mov r7, #1\n  svc 0';

function program(seed: number, isa: Isa, count: number): { src: string; insns: string[] } {
  const r = new Rng(seed);
  const insns = [...Array(count)].map(() => instruction(r, isa));
  const init = [...Array(13)].map(() => r.pick([r.next(), r.next(), r.int(256), 0x80000000, 0x7fffffff, 0xffffffff, 0]) >>> 0);
  init[12] = (r.next() & 0xf80f0000) >>> 0; // APSR
  const src = `.syntax unified
.${isa}
.text
.global _start
.type _start, %function
_start:
  movw r0, #:lower16:init
  movt r0, #:upper16:init
  ldr r1, [r0, #48]
  msr APSR_nzcvqg, r1
  ldm r0, {r0-r10, r12}
  ${RECORDS_START}
  ${RECORD}
${insns.map((i) => `  ${i}\n  ${RECORD}`).join('\n')}
  ${WRITE_RECORDS}
  ${EXIT}
.data
.align 2
init: .word ${init.join(', ')}
out: .space ${(count + 1) * WORDS * 4}
`;
  return { src, insns };
}

function build(src: string, name: string): string {
  const base = join(workDir, name);
  writeFileSync(`${base}.s`, src);
  const as = spawnSync('arm-linux-gnueabihf-as', ['-march=armv7ve', '-o', `${base}.o`, `${base}.s`], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as: ${as.stderr.slice(0, 2000)}`);
  const ld = spawnSync('arm-linux-gnueabihf-ld', ['-static', '-o', base, `${base}.o`], { encoding: 'utf8' });
  if (ld.status !== 0) throw new Error(`ld: ${ld.stderr}`);
  return base;
}

const words = (s: string): number[] => { const b = Buffer.from(s, 'latin1'); return [...Array(b.length >> 2).keys()].map((k) => b.readUInt32LE(4 * k)); };

/** The first instruction after which the recorded states differ, described. */
function firstDifference(insns: string[], init: string, got: string, want: string, WORDS: number): string | null {
  if (got === want) return null;
  const a = words(got), b = words(want);
  for (let k = 0; k * WORDS < Math.max(a.length, b.length); k++) {
    const x = a.slice(k * WORDS, (k + 1) * WORDS), y = b.slice(k * WORDS, (k + 1) * WORDS);
    if (x.join() !== y.join()) {
      const hex = (v: number[]): string => v.map((w) => w.toString(16)).join(' ');
      return `${k === 0 ? 'initial state' : `after '${insns[k - 1]!.replace('\n', ';')}'`} (${init}):\n  got  ${hex(x)}\n  want ${hex(y)}\n  before ${hex(b.slice((k - 1) * WORDS, k * WORDS))}`;
    }
  }
  return 'lengths differ';
}

// ---- VFP: d0-d7 and d16-d23 (s0-s15 are d0-d7), random FPSCR environments ----

const DREGS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd16', 'd17', 'd18', 'd19', 'd20', 'd21', 'd22', 'd23'];
const SREGS = [...Array(16).keys()].map((k) => `s${k}`);
const VFP_GENS: ((r: Rng) => string)[] = [
  (r) => { const [t, R] = r.int(2) ? ['f64', DREGS] : ['f32', SREGS]; return `${r.pick(['vadd', 'vsub', 'vmul', 'vdiv', 'vnmul', 'vmla', 'vmls', 'vnmla', 'vnmls', 'vfma', 'vfms', 'vfnma', 'vfnms'])}.${t} ${r.pick(R)}, ${r.pick(R)}, ${r.pick(R)}`; },
  (r) => { const [t, R] = r.int(2) ? ['f64', DREGS] : ['f32', SREGS]; return `${r.pick(['vneg', 'vabs', 'vsqrt', 'vmov'])}.${t} ${r.pick(R)}, ${r.pick(R)}`; },
  (r) => { const [t, R] = r.int(2) ? ['f64', DREGS] : ['f32', SREGS]; return `${r.pick(['vcmp', 'vcmpe'])}.${t} ${r.pick(R)}, ${r.int(4) ? r.pick(R) : '#0'}\n  vmrs APSR_nzcv, fpscr`; },
  (r) => `${r.pick(['vcvt.s32.f64', 'vcvt.u32.f64', 'vcvtr.s32.f64', 'vcvtr.u32.f64'])} ${r.pick(SREGS)}, ${r.pick(DREGS)}`,
  (r) => `${r.pick(['vcvt.s32.f32', 'vcvt.u32.f32', 'vcvtr.s32.f32', 'vcvtr.u32.f32', 'vcvt.f32.s32', 'vcvt.f32.u32'])} ${r.pick(SREGS)}, ${r.pick(SREGS)}`,
  (r) => `${r.pick(['vcvt.f64.s32', 'vcvt.f64.u32', 'vcvt.f64.f32'])} ${r.pick(DREGS)}, ${r.pick(SREGS)}`,
  (r) => `vcvt.f32.f64 ${r.pick(SREGS)}, ${r.pick(DREGS)}`,
  (r) => `vcvt.${r.pick(['s32', 'u32', 's16', 'u16'])}.f64 ${((d) => `${d}, ${d}`)(r.pick(DREGS))}, #${1 + r.int(16)}`,
  (r) => `vcvt.f32.${r.pick(['s32', 'u32', 's16', 'u16'])} ${((x) => `${x}, ${x}`)(r.pick(SREGS))}, #${1 + r.int(16)}`,
  (r) => `vmov.f64 ${r.pick(DREGS)}, #${r.pick(['1.0', '-2.5', '0.125', '31.0', '-0.1875'])}`,
];
// NEON integer operations on the same registers (q0-q3 = d0-d7, q8-q11 = d16-d23).
const QREGS = ['q0', 'q1', 'q2', 'q3', 'q8', 'q9', 'q10', 'q11'];
const vreg = (r: Rng): [string, () => string] => (r.int(2) ? ['q', () => r.pick(QREGS)] : ['d', () => r.pick(DREGS)]);
const NEON_GENS: ((r: Rng) => string)[] = [
  (r) => { const [, R] = vreg(r); return `${r.pick(['vand', 'vbic', 'vorr', 'vorn', 'veor', 'vbsl', 'vbit', 'vbif'])} ${R()}, ${R()}, ${R()}`; },
  (r) => { const [, R] = vreg(r); return `${r.pick(['vadd', 'vsub'])}.i${r.pick([8, 16, 32, 64])} ${R()}, ${R()}, ${R()}`; },
  (r) => { const [, R] = vreg(r); return `${r.pick(['vmul', 'vmla', 'vmls', 'vceq'])}.i${r.pick([8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (r) => { const [, R] = vreg(r); return `vtst.${r.pick([8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (r) => { const [, R] = vreg(r); return `${r.pick(['vcgt', 'vcge', 'vmax', 'vmin'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (r) => `vpadd.i${r.pick([8, 16, 32])} ${r.pick(DREGS)}, ${r.pick(DREGS)}, ${r.pick(DREGS)}`,
  (r) => { const [, R] = vreg(r); const sz = r.pick([8, 16, 32, 64]); return `vshr.${r.pick(['s', 'u'])}${sz} ${R()}, ${R()}, #${1 + r.int(sz)}`; },
  (r) => { const [, R] = vreg(r); const sz = r.pick([8, 16, 32, 64]); return `vshl.i${sz} ${R()}, ${R()}, #${r.int(sz)}`; },
  (r) => { const [, R] = vreg(r); return r.pick([`vmov.i8 ${R()}, #${r.int(256)}`, `vmov.i16 ${R()}, #${r.int(256) << 8}`, `vmov.i32 ${R()}, #${r.int(256) << 16}`,
    `vmvn.i32 ${R()}, #${r.int(256)}`, `vorr.i32 ${R()}, #${r.int(256) << 8}`, `vbic.i16 ${R()}, #${r.int(256)}`, `vmov.i64 ${R()}, #0xff00ff0000ffff00`, `vmov.i32 ${R()}, #0x${r.int(256).toString(16)}ffff`]); },
  (r) => { const [, R] = vreg(r); return `vdup.${r.pick([8, 16, 32])} ${R()}, r${1 + r.int(8)}`; },
  (r) => { const [, R] = vreg(r); return `${r.pick(['vrev64.8', 'vrev64.16', 'vrev64.32', 'vrev32.8', 'vrev32.16', 'vrev16.8', 'vclz.i8', 'vclz.i16', 'vclz.i32', 'vcnt.8', 'vmvn', 'vabs.s8', 'vabs.s32', 'vneg.s16'])} ${R()}, ${R()}`; },
  // The permutations of a register with itself are UNPREDICTABLE: two different ones.
  (r) => { const [, R] = vreg(r); const a = R(); let b = R(); while (b === a) b = R(); return `${r.pick(['vswp', 'vtrn.8', 'vtrn.32', 'vuzp.16', 'vzip.8'])} ${a}, ${b}`; },
  (r) => { const [, R] = vreg(r); return `${r.pick(['vcgt', 'vcge', 'vcle', 'vclt'])}.s${r.pick([8, 16, 32])} ${R()}, ${R()}, #0`; },
  (r) => { const [, R] = vreg(r); return `vceq.i${r.pick([8, 16, 32])} ${R()}, ${R()}, #0`; },
  (r) => `vmovn.i${r.pick([16, 32, 64])} ${r.pick(DREGS)}, ${r.pick(QREGS)}`,
  (r) => { const [, R] = vreg(r); return `${r.pick(['vpaddl', 'vpadal'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${R()}, ${R()}`; },
  (r) => { const [, R] = vreg(r); const sz = r.pick([8, 16, 32]); return `vdup.${sz} ${R()}, ${r.pick(DREGS)}[${r.int(64 / sz)}]`; },
  (r) => `vmovl.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${r.pick(QREGS)}, ${r.pick(DREGS)}`,
  (r) => { const sz = r.pick([8, 16, 32]); return `vshll.${r.pick(['s', 'u'])}${sz} ${r.pick(QREGS)}, ${r.pick(DREGS)}, #${1 + r.int(sz - 1)}`; },
  (r) => { const q = r.int(2); return q ? `vext.8 ${r.pick(QREGS)}, ${r.pick(QREGS)}, ${r.pick(QREGS)}, #${r.int(16)}` : `vext.8 ${r.pick(DREGS)}, ${r.pick(DREGS)}, ${r.pick(DREGS)}, #${r.int(8)}`; },
  (r) => `${r.pick(['vpmax', 'vpmin'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${r.pick(DREGS)}, ${r.pick(DREGS)}, ${r.pick(DREGS)}`,
  (r) => { const [, R] = vreg(r); return `${r.pick(['vqadd', 'vqsub'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${R()}, ${R()}, ${R()}`; },
  (r) => `${r.pick(['vaddl', 'vsubl', 'vmull'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${r.pick(QREGS)}, ${r.pick(DREGS)}, ${r.pick(DREGS)}`,
  (r) => `${r.pick(['vaddw', 'vsubw'])}.${r.pick(['s', 'u'])}${r.pick([8, 16, 32])} ${r.pick(QREGS)}, ${r.pick(QREGS)}, ${r.pick(DREGS)}`,
];

/** Doubles and singles with the special cases the rounding and NaN rules are about. */
function vfpValue(r: Rng): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  const pick = r.int(6);
  if (pick === 0) return (BigInt(r.next()) << 32n) | BigInt(r.next()); // anything, NaNs included
  if (pick === 1) {
    const singles = [r.next(), 0x7fc00001, 0x7f800001, 0x00000001, 0x80800000, 0x7f7fffff, 0x3eaaaaab, 0x4f800000];
    return (BigInt(r.pick(singles) >>> 0) << 32n) | BigInt(r.pick(singles) >>> 0);
  }
  const doubles = [1 / 3, -2.5, 1e300, 1e-310, 2 ** -1022, 0, -0, Infinity, 4294967295.5, -2147483648.5, 65535.75, NaN, 3.5, 1e-5];
  dv.setFloat64(0, pick === 2 ? (r.next() - 2 ** 31) / (1 + r.int(1000)) : r.pick(doubles), true);
  return dv.getBigUint64(0, true);
}

const VFP_RECORD = 'vstmia r11!, {d0-d7}\n  vstmia r11!, {d16-d23}\n  vmrs r12, fpscr\n  str r12, [r11], #4\n  mrs r12, apsr\n  bic r12, r12, #0x07f00000\n  bic r12, r12, #0xff00\n  bic r12, r12, #0xff\n  str r12, [r11], #4';
const VFP_WORDS = 34;

function vfpProgram(seed: number, isa: Isa, count: number): { src: string; insns: string[] } {
  const r = new Rng(seed);
  const insns = [...Array(count)].map(() => (r.int(3) ? r.pick(VFP_GENS) : r.pick(NEON_GENS))(r));
  const init = [...Array(16)].map(() => vfpValue(r));
  const core = [...Array(8)].map(() => r.next() >>> 0);
  // FPSCR: a random rounding mode, FZ and DN one time in four each.
  const fpscr = (r.int(4) << 22) | (r.int(4) ? 0 : 1 << 24) | (r.int(4) ? 0 : 1 << 25);
  const src = `.syntax unified
.${isa}
.fpu neon-vfpv4
.text
.global _start
.type _start, %function
_start:
  movw r0, #:lower16:init
  movt r0, #:upper16:init
  vldmia r0!, {d0-d7}
  vldmia r0!, {d16-d23}
  ldm r0, {r1-r8}
  movw r1, #${fpscr & 0xffff}
  movt r1, #${fpscr >>> 16}
  vmsr fpscr, r1
  ${RECORDS_START}
  ${VFP_RECORD}
${insns.map((i) => `  ${i}\n  ${VFP_RECORD}`).join('\n')}
  ${WRITE_RECORDS}
  ${EXIT}
.data
.align 3
init: .quad ${init.map((v) => `0x${v.toString(16)}`).join(', ')}
  .word ${core.join(', ')}
out: .space ${(count + 1) * VFP_WORDS * 4}
`;
  return { src, insns };
}

// ---- loads and stores: r9 = a buffer's middle, r10 walks through it, r8 a small index ----

const DATA_REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r12'];
const MEM_GENS: ((r: Rng, isa: Isa) => string)[] = [
  (r) => `${r.pick(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'])} ${r.pick(DATA_REGS)}, [r9, #${r.int(256) - 128}]`,
  (r) => `${r.pick(['ldr', 'ldrb', 'str', 'strb'])} ${r.pick(DATA_REGS)}, [r9, r8${r.int(2) ? `, lsl #${r.int(3)}` : ''}]`,
  (r) => `${r.pick(['ldrh', 'ldrsh', 'ldrsb', 'strh'])} ${r.pick(DATA_REGS)}, [r9, r8]`,
  // r10 stays word-aligned: LDM/STM need it (qemu-arm raises SIGBUS; this frontend does not check).
  (r) => `${r.pick(['ldr', 'ldrb', 'ldrsh', 'str', 'strh'])} ${r.pick(DATA_REGS)}, [r10, #${4 * (r.int(16) - 8)}]!`,
  (r) => `${r.pick(['ldr', 'ldrh', 'ldrsb', 'str', 'strb'])} ${r.pick(DATA_REGS)}, [r10], #${4 * (r.int(16) - 8)}`,
  (r, isa) => {
    const k = r.int(4) * 2, j = (k + 1 + r.int(7)) % 8; // A32: an even/odd pair; T32: any two
    return `${r.pick(['ldrd', 'strd'])} r${k}, r${isa === 'arm' ? k + 1 : j}, [r9, #${4 * (r.int(32) - 16)}]`;
  },
  (r, isa) => { const list = DATA_REGS.filter(() => r.int(2)).filter((x) => x !== 'r12' || isa === 'arm'); return `${r.pick(isa === 'arm' ? ['ldmia', 'ldmdb', 'ldmib', 'ldmda', 'stmia', 'stmdb', 'stmib', 'stmda'] : ['ldmia', 'ldmdb', 'stmia', 'stmdb'])} r10!, {${(list.length ? list : ['r1', 'r2']).join(', ')}}`; },
  (r) => { const [a, b2, c] = [r.int(8), r.int(8), r.int(8)].map((k) => `r${k}`); return b2 === c || b2 === a ? 'nop' : `ldrex ${a}, [r9]\n  strex ${b2}, ${c}, [r9]`; },
  (r) => `${r.pick(['ldrexb', 'ldrexh'])} ${r.pick(DATA_REGS)}, [r9]`,
  // NEON element and structure loads/stores: what they load shows in the buffer after a store.
  (r) => {
    const lists = { 1: ['{d0}', '{d0-d1}', '{d0-d2}', '{d0-d3}'], 2: ['{d0-d1}', '{d0, d2}', '{d0-d3}'], 3: ['{d0-d2}', '{d0, d2, d4}'], 4: ['{d0-d3}', '{d0, d2, d4, d6}'] } as Record<number, string[]>;
    const n = 1 + r.int(4), list = r.pick(lists[n]!), sz = r.pick([8, 16, 32]);
    return `vld${n}.${sz} ${list}, [r9]\n  vst1.${sz} {d0-d3}, [r10]!\n  vst${n}.${sz} ${list}, [r10]!`;
  },
];

function memProgram(seed: number, isa: Isa, count: number): { src: string; insns: string[] } {
  const r = new Rng(seed);
  const insns = [...Array(count)].map(() => r.pick(MEM_GENS)(r, isa));
  const init = [...Array(8)].map(() => r.next() >>> 0);
  const fill = [...Array(1024)].map(() => r.next() >>> 0);
  const src = `.syntax unified
.${isa}
.fpu neon
.text
.global _start
.type _start, %function
_start:
  movw r0, #:lower16:init
  movt r0, #:upper16:init
  ldm r0, {r0-r7}
  movw r9, #:lower16:buf + 2048
  movt r9, #:upper16:buf + 2048
  mov r10, r9
  mov r8, #${4 * r.int(64)}
  mov r12, #0
  ${RECORDS_START}
  ${RECORD}
${insns.map((i) => `  ${i}\n  ${RECORD}`).join('\n')}
  ${WRITE_RECORDS}
  movw r1, #:lower16:buf
  movt r1, #:upper16:buf
  mov r2, #4096
  mov r0, #1
  mov r7, #4
  svc 0
  ${EXIT}
.data
.align 3
init: .word ${init.join(', ')}
buf: .word ${fill.join(', ')}
out: .space ${(count + 1) * WORDS * 4}
`;
  return { src, insns };
}

// npm test's difftest seed (printed first; `npm test -- --seed N` repeats it), else $ARM_RANDOM_SEED, else the time.
const SEED = Number(process.env[SEED_ENV] ?? process.env.ARM_RANDOM_SEED ?? Date.now() % 100000) % 1_000_000;

/**
 * Runs `programs` random programs of `make` (alternately A32 and Thumb) under qemu-arm and on both
 * tiers, and compares the records after every instruction; `extra` bytes (a memory buffer the
 * program writes out after its records) must match too.
 */
function matchesQemu(programs: number, seedOffset: number, prefix: string, make: (seed: number, isa: Isa) => { src: string; insns: string[] }, words: number, extra = 0): void {
  requireToolchain();
  for (let k = 0; k < programs; k++) {
    const isa: Isa = k & 1 ? 'thumb' : 'arm';
    const seed = (SEED * 8 + k + seedOffset) | 0;
    const { src, insns } = make(seed, isa);
    const prog = build(src, `${prefix}${seed}`);
    const want = runQemu(prog);
    assert.equal(want.length, (insns.length + 1) * words * 4 + extra);
    for (const threshold of [1_000_000, 2]) {
      const got = runElf(prog, threshold);
      const where = `${isa} seed ${seed}, ${threshold === 2 ? 'JIT' : 'interpreter'}`;
      const diff = firstDifference(insns, where, got.slice(0, got.length - extra), want.slice(0, want.length - extra), words);
      assert.equal(diff, null, diff ?? '');
      if (extra !== 0) assert.equal(Buffer.from(got.slice(-extra), 'latin1').toString('hex'), Buffer.from(want.slice(-extra), 'latin1').toString('hex'), `${where}: the buffer`);
    }
  }
}

test(`random instruction sequences match qemu-arm (seed ${SEED})`, () => matchesQemu(6, 1, 'p', (seed, isa) => program(seed, isa, 150), WORDS));

test(`random VFP and NEON (integer) sequences in random FPSCR environments match qemu-arm (seed ${SEED})`, () =>
  matchesQemu(4, 101, 'v', (seed, isa) => vfpProgram(seed, isa, 120), VFP_WORDS));

test(`random load/store sequences match qemu-arm (seed ${SEED})`, () => matchesQemu(4, 201, 'm', (seed, isa) => memProgram(seed, isa, 120), WORDS, 4096));
