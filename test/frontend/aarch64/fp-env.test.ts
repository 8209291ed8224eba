// FPCR.FZ (flush-to-zero), DN (default NaN) and AHP (alternative half precision), and the FPSR
// flags they affect (IDC for flushed operands, UFC without IXC for flushed results), scalar and
// vector, in both tiers. Each case runs one instruction under its FPCR with FPSR cleared; the
// expected values follow the Arm ARM (FPUnpack, FPRound, FPConvert) and agree with qemu-aarch64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, runOk } from './harness.js';

const FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26, RP = 1 << 22;
const IOC = 1n, DZC = 2n, UFC = 8n, IXC = 16n, IDC = 128n;
const Z = 4, C = 2;

/** Bits of a double and of a single. */
const dv = new DataView(new ArrayBuffer(8));
const d = (x: number): bigint => { dv.setFloat64(0, x, true); return dv.getBigUint64(0, true); };
const s = (x: number): bigint => { dv.setFloat32(0, x, true); return BigInt(dv.getUint32(0, true)); };
/** Lanes (low first) of `size` bits packed into a 128-bit value. */
const lanes = (size: number, ...v: bigint[]): bigint => v.reduce((acc, x, k) => acc | (x << BigInt(size * k)), 0n);

interface Case {
  asm: string;
  fpcr: number;
  /** q1, q2, q3. */
  in: bigint[];
  /** Expected q0, or x3 with `x3`. */
  out: bigint;
  fpsr: bigint;
  x3?: true;
  nzcv?: number;
}

const SD = 0x00400000n; // single denormal 2^-127
const SD_NEG = 0x80000001n; // -2^-149
const DD = 0x0008000000000000n; // double denormal 2^-1023

const CASES: Case[] = [
  // Denormal operands are zeros under FZ (IDC); 1 + 2^-127 is then exact.
  { asm: 'fadd s0, s1, s2', fpcr: 0, in: [SD, s(1)], out: s(1), fpsr: IXC },
  { asm: 'fadd s0, s1, s2', fpcr: FZ, in: [SD, s(1)], out: s(1), fpsr: IDC },
  { asm: 'fadd d0, d1, d2', fpcr: FZ, in: [DD, d(-0)], out: 0n, fpsr: IDC },
  // Results below the smallest normal are zeros of their sign: UFC without IXC, exact or not.
  { asm: 'fmul s0, s1, s2', fpcr: 0, in: [s(2 ** -70), s(2 ** -70)], out: 0x200n, fpsr: 0n },
  { asm: 'fmul s0, s1, s2', fpcr: FZ, in: [s(2 ** -70), s(2 ** -70)], out: 0n, fpsr: UFC },
  { asm: 'fmul s0, s1, s2', fpcr: FZ | RP, in: [s(2 ** -70), s(2 ** -70)], out: 0n, fpsr: UFC },
  { asm: 'fmul d0, d1, d2', fpcr: FZ, in: [d(-(2 ** -600)), d(2 ** -500)], out: 1n << 63n, fpsr: UFC },
  { asm: 'fdiv d0, d1, d2', fpcr: FZ, in: [d(2 ** -1021), d(3)], out: 0n, fpsr: UFC },
  // (1 - 2^-24) * 2^-126 rounds up to the smallest normal, but is below it before rounding.
  { asm: 'fmul s0, s1, s2', fpcr: 0, in: [0x3f7fffffn, 0x00800000n], out: 0x00800000n, fpsr: UFC | IXC },
  { asm: 'fmul s0, s1, s2', fpcr: FZ, in: [0x3f7fffffn, 0x00800000n], out: 0n, fpsr: UFC },
  { asm: 'fmadd s0, s1, s2, s3', fpcr: FZ, in: [s(2 ** -70), s(-(2 ** -70)), SD], out: 0x80000000n, fpsr: UFC | IDC },
  { asm: 'fsub s0, s1, s2', fpcr: FZ, in: [0x00800001n, 0x00800000n], out: 0n, fpsr: UFC },
  // DN: every NaN result is the default NaN.
  { asm: 'fadd s0, s1, s2', fpcr: 0, in: [0x7fa00001n, s(1)], out: 0x7fe00001n, fpsr: IOC },
  { asm: 'fadd s0, s1, s2', fpcr: DN, in: [0x7fa00001n, s(1)], out: 0x7fc00000n, fpsr: IOC },
  { asm: 'fmul d0, d1, d2', fpcr: DN, in: [0xfff8000000000005n, d(2)], out: 0x7ff8000000000000n, fpsr: 0n },
  { asm: 'fmadd s0, s1, s2, s3', fpcr: DN, in: [s(1), s(2), 0xffc00123n], out: 0x7fc00000n, fpsr: 0n },
  { asm: 'fmaxnm d0, d1, d2', fpcr: DN, in: [0x7ff0000000000001n, d(1)], out: 0x7ff8000000000000n, fpsr: IOC },
  { asm: 'frinta s0, s1', fpcr: DN, in: [0xffc00001n], out: 0x7fc00000n, fpsr: 0n },
  { asm: 'fcvt d0, s1', fpcr: DN, in: [0xffc00001n], out: 0x7ff8000000000000n, fpsr: 0n },
  { asm: 'fcvt s0, d1', fpcr: DN, in: [0xfff0000000000001n], out: 0x7fc00000n, fpsr: IOC },
  { asm: 'frecpe d0, d1', fpcr: DN, in: [0x7ff0000000000001n], out: 0x7ff8000000000000n, fpsr: IOC },
  // Compares, conversions to integer and rounding see flushed operands.
  { asm: 'fcmp s1, #0.0', fpcr: FZ, in: [SD], out: 0n, fpsr: IDC, nzcv: Z | C },
  { asm: 'fcmp s1, #0.0', fpcr: 0, in: [SD], out: 0n, fpsr: 0n, nzcv: C },
  { asm: 'cmp xzr, xzr\n fccmp s1, s2, #0, ne', fpcr: FZ, in: [SD, s(1)], out: 0n, fpsr: 0n, nzcv: 0 }, // condition false: no compare
  { asm: 'cmp xzr, xzr\n fccmp s1, s2, #0, eq', fpcr: FZ, in: [SD_NEG, s(-1)], out: 0n, fpsr: IDC, nzcv: C }, // -0 > -1
  { asm: 'fcvtps w3, s1', fpcr: 0, in: [SD], out: 1n, fpsr: IXC, x3: true },
  { asm: 'fcvtps w3, s1', fpcr: FZ, in: [SD], out: 0n, fpsr: IDC, x3: true },
  { asm: 'frintp s0, s1', fpcr: 0, in: [SD], out: s(1), fpsr: 0n },
  { asm: 'frintp s0, s1', fpcr: FZ, in: [SD], out: 0n, fpsr: IDC },
  { asm: 'frintx d0, d1', fpcr: FZ, in: [DD | (1n << 63n)], out: 1n << 63n, fpsr: IDC },
  // Moves are not arithmetic: no flushing.
  { asm: 'fabs s0, s1', fpcr: FZ, in: [SD_NEG], out: 1n, fpsr: 0n },
  // Conversions: FZ flushes single and double, never half precision.
  { asm: 'fcvt s0, d1', fpcr: 0, in: [d(2 ** -140)], out: 0x200n, fpsr: 0n },
  { asm: 'fcvt s0, d1', fpcr: FZ, in: [d(2 ** -140)], out: 0n, fpsr: UFC },
  { asm: 'fcvt d0, s1', fpcr: 0, in: [1n], out: d(2 ** -149), fpsr: 0n },
  { asm: 'fcvt d0, s1', fpcr: FZ, in: [1n], out: 0n, fpsr: IDC },
  { asm: 'fcvt h0, s1', fpcr: FZ, in: [0x387fc000n], out: 0x3ffn, fpsr: 0n },
  { asm: 'fcvt h0, s1', fpcr: FZ, in: [SD], out: 0n, fpsr: IDC },
  { asm: 'fcvt s0, h1', fpcr: FZ, in: [1n], out: s(2 ** -24), fpsr: 0n },
  { asm: 'fcvtxn s0, d1', fpcr: FZ, in: [d(2 ** -140)], out: 0n, fpsr: UFC },
  // AHP: half precision without infinities and NaNs.
  { asm: 'fcvt h0, s1', fpcr: AHP, in: [0x7f800000n], out: 0x7fffn, fpsr: IOC },
  { asm: 'fcvt h0, s1', fpcr: AHP, in: [0xffc00000n], out: 0x8000n, fpsr: IOC },
  { asm: 'fcvt h0, d1', fpcr: AHP, in: [d(65536)], out: 0x7c00n, fpsr: 0n },
  { asm: 'fcvt s0, h1', fpcr: AHP, in: [0x7c00n], out: s(65536), fpsr: 0n },
  { asm: 'fcvt d0, h1', fpcr: AHP, in: [0xffffn], out: d(-131008), fpsr: 0n },
  { asm: 'fcvt s0, h1', fpcr: 0, in: [0x7c00n], out: 0x7f800000n, fpsr: 0n },
  // Estimates and steps.
  { asm: 'frecpe s0, s1', fpcr: 0, in: [s(2 ** 127)], out: 0x003fe000n, fpsr: 0n }, // a denormal estimate
  { asm: 'frecpe s0, s1', fpcr: FZ, in: [s(2 ** 127)], out: 0n, fpsr: UFC },
  { asm: 'frecpe s0, s1', fpcr: FZ, in: [SD_NEG], out: 0xff800000n, fpsr: DZC | IDC },
  { asm: 'frsqrte d0, d1', fpcr: FZ, in: [DD], out: 0x7ff0000000000000n, fpsr: DZC | IDC },
  { asm: 'frecpx s0, s1', fpcr: FZ, in: [SD], out: 0x7f000000n, fpsr: IDC },
  { asm: 'fmulx s0, s1, s2', fpcr: FZ, in: [SD_NEG, 0x7f800000n], out: s(-2), fpsr: IDC },
  { asm: 'frecps s0, s1, s2', fpcr: FZ, in: [SD, 0x7f800000n], out: s(2), fpsr: IDC },
  // Vectors: every lane flushes and defaults on its own; the flags gather.
  {
    asm: 'fmul v0.4s, v1.4s, v2.4s', fpcr: FZ | DN,
    in: [lanes(32, SD, s(2 ** -70), s(1.5), 0x7f800001n), lanes(32, s(1), s(2 ** -70), s(2), s(1))],
    out: lanes(32, 0n, 0n, s(3), 0x7fc00000n), fpsr: IDC | UFC | IOC,
  },
  { asm: 'fmla v0.2d, v1.2d, v2.2d', fpcr: FZ, in: [lanes(64, d(2 ** -600), DD), lanes(64, d(2 ** -500), d(1))], out: 0n, fpsr: IDC | UFC },
  { asm: 'fmaxnm v0.2d, v1.2d, v2.2d', fpcr: FZ, in: [lanes(64, DD, d(-1)), lanes(64, d(-1), DD)], out: 0n, fpsr: IDC },
  { asm: 'fcvtl v0.2d, v1.2s', fpcr: FZ, in: [lanes(32, SD, s(0.5))], out: lanes(64, 0n, d(0.5)), fpsr: IDC },
  { asm: 'fcvtn v0.2s, v1.2d', fpcr: FZ, in: [lanes(64, d(2 ** -140), d(0.5))], out: lanes(32, 0n, s(0.5)), fpsr: UFC },
  { asm: 'fcmeq v0.4s, v1.4s, #0.0', fpcr: FZ, in: [lanes(32, SD, s(1), SD_NEG, 0n)], out: lanes(32, 0xffffffffn, 0n, 0xffffffffn, 0xffffffffn), fpsr: IDC },
  { asm: 'faddp s0, v1.2s', fpcr: FZ, in: [lanes(32, s(2 ** -120), s(-(2 ** -120) * (1 + 2 ** -20)))], out: 0x80000000n, fpsr: UFC },
];

const STRIDE = 96;

function caseData(): Uint8Array {
  const data = new Uint8Array(CASES.length * STRIDE);
  const view = new DataView(data.buffer);
  CASES.forEach((c, k) => c.in.forEach((v, j) => {
    view.setBigUint64(k * STRIDE + 16 * j, v & 0xffffffffffffffffn, true);
    view.setBigUint64(k * STRIDE + 16 * j + 8, v >> 64n, true);
  }));
  return data;
}

function caseCode(): string {
  return CASES.map((c) => `
    mov x4, #${c.fpcr}
    msr fpcr, x4
    msr fpsr, xzr
    ldp q1, q2, [x1]
    ldr q3, [x1, #32]
    movi v0.2d, #0
    mov x3, #0
    ${c.asm}
    mrs x5, fpsr
    mrs x6, nzcv
    msr fpcr, xzr
    str q0, [x1, #48]
    stp x5, x6, [x1, #64]
    str x3, [x1, #80]
    add x1, x1, #${STRIDE}`).join('\n') + '\n brk #0';
}

test('FPCR.FZ, DN and AHP: results and FPSR (IDC, UFC) per instruction, scalar and vector', () => {
  const r = runOk(caseCode(), { x: { 1: DATA }, data: caseData() });
  const show = (c: Case, out: bigint, fpsr: bigint, nzcv: number): string =>
    `${c.asm} fpcr=${c.fpcr.toString(16)} -> ${out.toString(16)} fpsr=${fpsr.toString(16)}${c.nzcv === undefined ? '' : ` nzcv=${nzcv.toString(2)}`}`;
  const got = CASES.map((c, k) => {
    const at = DATA + k * STRIDE;
    const out = c.x3 ? r.mem.read64(at + 80) : r.mem.read64(at + 48) | (r.mem.read64(at + 56) << 64n);
    return show(c, out, r.mem.read64(at + 64), Number(r.mem.read64(at + 72) >> 28n));
  });
  assert.deepEqual(got, CASES.map((c) => show(c, c.out, c.fpsr, c.nzcv ?? 0)));
});

test('FZ operands are flushed copies: the source registers keep their denormals', () => {
  const r = runOk(`
    mov x4, #${FZ}
    msr fpcr, x4
    fadd s0, s1, s1
    fmul v2.4s, v1.4s, v1.4s
    mrs x5, fpsr
    brk #0`, { v: { 1: lanes(32, SD, SD, SD, SD) } });
  assert.equal(r.v(1), lanes(32, SD, SD, SD, SD));
  assert.equal(r.v(0), 0n);
  assert.equal(r.v(2), 0n);
  assert.equal(r.x(5), IDC);
});
