// FPSR.QC (bit 27): every saturating Advanced SIMD instruction sets it exactly when a lane it
// writes was clamped, leaves it alone otherwise, and never clears it (it is cumulative).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, runOk } from './harness.js';

const QC = 1n << 27n;

/** A 128-bit value from lanes of `esize` bytes, least significant first (lanes not given are 0). */
const lanes = (esize: number, ls: (bigint | number)[]): bigint =>
  ls.reduce<bigint>((acc, x, k) => acc | ((BigInt(x) & ((1n << BigInt(esize * 8)) - 1n)) << BigInt(k * esize * 8)), 0n);
/** One lane `k` set, the others 0: saturation in one lane must be enough. */
const lane = (esize: number, k: number, x: bigint | number): bigint =>
  lanes(esize, Array.from({ length: k + 1 }, (_, j) => (j === k ? x : 0)));

interface QcCase {
  /** Instructions run with FPSR cleared; v0, v1 and the destination v2 start from n, m, d. */
  asm: string;
  n: bigint;
  m?: bigint;
  d?: bigint;
  qc: 0 | 1;
}

const CASES: QcCase[] = [
  // SQADD/UQADD/SQSUB/UQSUB, vector and scalar; only the lanes of the arrangement count.
  { asm: 'sqadd v2.16b, v0.16b, v1.16b', n: lane(1, 15, 0x7f), m: lane(1, 15, 1), qc: 1 },
  { asm: 'sqadd v2.16b, v0.16b, v1.16b', n: lane(1, 15, 0x7e), m: lane(1, 15, 1), qc: 0 },
  { asm: 'sqadd v2.8b, v0.8b, v1.8b', n: lane(1, 15, 0x7f), m: lane(1, 15, 1), qc: 0 },
  { asm: 'uqsub v2.8h, v0.8h, v1.8h', n: 0n, m: lane(2, 3, 1), qc: 1 },
  { asm: 'uqsub v2.8h, v0.8h, v1.8h', n: lane(2, 3, 1), m: lane(2, 3, 1), qc: 0 },
  { asm: 'sqsub d2, d0, d1', n: 1n << 63n, m: 1n, qc: 1 },
  { asm: 'sqsub d2, d0, d1', n: 1n << 63n, m: 0n, qc: 0 },
  { asm: 'uqadd b2, b0, b1', n: 0xffn, m: 1n, qc: 1 },
  { asm: 'uqadd b2, b0, b1', n: 0xff00n, m: 0x100n, qc: 0 },
  // SQABS/SQNEG: only the most negative value.
  { asm: 'sqabs v2.4s, v0.4s', n: lane(4, 2, 0x80000000), qc: 1 },
  { asm: 'sqabs v2.4s, v0.4s', n: lane(4, 2, 0x80000001), qc: 0 },
  { asm: 'sqneg h2, h0', n: 0x8000n, qc: 1 },
  { asm: 'sqneg h2, h0', n: 0x7fffn, qc: 0 },
  // SUQADD/USQADD accumulate into the destination.
  { asm: 'suqadd v2.16b, v0.16b', n: lane(1, 9, 1), d: lane(1, 9, 0x7f), qc: 1 },
  { asm: 'suqadd v2.16b, v0.16b', n: lane(1, 9, 0xff), d: lane(1, 9, 0x80), qc: 0 },
  { asm: 'usqadd v2.2d, v0.2d', n: lane(8, 1, -1n), d: 0n, qc: 1 },
  { asm: 'usqadd v2.2d, v0.2d', n: lane(8, 1, -1n), d: lane(8, 1, 1), qc: 0 },
  { asm: 'usqadd d2, d0', n: 1n, d: (1n << 64n) - 1n, qc: 1 },
  // Saturating narrows, both halves.
  { asm: 'sqxtn v2.8b, v0.8h', n: lane(2, 7, 0x0080), qc: 1 },
  { asm: 'sqxtn v2.8b, v0.8h', n: lanes(2, [0x7f, 0xff80, 0, 0, 0, 0, 0, 0xff80]), qc: 0 },
  { asm: 'sqxtn2 v2.16b, v0.8h', n: lane(2, 3, 0xff7f), qc: 1 },
  { asm: 'uqxtn s2, d0', n: 1n << 32n, qc: 1 },
  { asm: 'uqxtn s2, d0', n: 0xffffffffn, qc: 0 },
  { asm: 'sqxtun v2.4h, v0.4s', n: lane(4, 1, -1n), qc: 1 },
  { asm: 'sqxtun v2.4h, v0.4s', n: lane(4, 1, 0xffff), qc: 0 },
  // Shifts left by immediate and by register.
  { asm: 'sqshl v2.8h, v0.8h, #1', n: lane(2, 5, 0x4000), qc: 1 },
  { asm: 'sqshl v2.8h, v0.8h, #1', n: lanes(2, [0x3fff, 0xc000]), qc: 0 },
  { asm: 'sqshl v2.8h, v0.8h, #1', n: lane(2, 1, 0xbfff), qc: 1 },
  { asm: 'uqshl v2.4s, v0.4s, #4', n: lane(4, 3, 0x10000000), qc: 1 },
  { asm: 'uqshl v2.4s, v0.4s, #4', n: lane(4, 3, 0x0fffffff), qc: 0 },
  { asm: 'sqshlu v2.2d, v0.2d, #0', n: lane(8, 1, -1n), qc: 1 },
  { asm: 'sqshlu v2.2d, v0.2d, #0', n: lane(8, 1, 5), qc: 0 },
  { asm: 'sqshlu s2, s0, #1', n: 0x80000000n, qc: 1 },
  { asm: 'sqshl v2.16b, v0.16b, v1.16b', n: lane(1, 4, 1), m: lane(1, 4, 7), qc: 1 },
  { asm: 'sqshl v2.16b, v0.16b, v1.16b', n: lane(1, 4, 1), m: lane(1, 4, 100), qc: 1 },
  { asm: 'sqshl v2.16b, v0.16b, v1.16b', n: lanes(1, [0x80, 0, 1]), m: lanes(1, [0xff, 100, 6]), qc: 0 },
  { asm: 'uqrshl h2, h0, h1', n: 0xffffn, m: 1n, qc: 1 },
  { asm: 'uqrshl h2, h0, h1', n: 0xffffn, m: 0xffn, qc: 0 },
  { asm: 'sqrshl d2, d0, d1', n: 1n << 62n, m: 1n, qc: 1 },
  { asm: 'uqshl d2, d0, d1', n: 1n, m: 63n, qc: 0 },
  // Saturating shifts right and narrow.
  { asm: 'sqshrn v2.8b, v0.8h, #1', n: lane(2, 6, 0x0100), qc: 1 },
  { asm: 'sqshrn v2.8b, v0.8h, #1', n: lane(2, 6, 0x00fe), qc: 0 },
  { asm: 'uqrshrn b2, h0, #1', n: 0x01ffn, qc: 1 },
  { asm: 'uqrshrn b2, h0, #1', n: 0x01fdn, qc: 0 },
  { asm: 'sqshrun s2, d0, #8', n: -1n, qc: 1 },
  { asm: 'sqrshrun2 v2.8h, v0.4s, #16', n: lane(4, 2, -1n), qc: 0 }, // -1 rounds to 0
  { asm: 'sqrshrun2 v2.8h, v0.4s, #16', n: lane(4, 2, -0x8001n), qc: 1 },
  { asm: 'sqrshrn2 v2.4s, v0.2d, #1', n: lane(8, 1, 0xffffffffn), qc: 1 },
  { asm: 'uqshrn v2.2s, v0.2d, #32', n: lane(8, 1, -1n), qc: 0 },
  // Doubling multiplies: only MIN * MIN overflows the product.
  { asm: 'sqdmulh v2.8h, v0.8h, v1.8h', n: lane(2, 7, 0x8000), m: lane(2, 7, 0x8000), qc: 1 },
  { asm: 'sqdmulh v2.8h, v0.8h, v1.8h', n: lane(2, 7, 0x8000), m: lane(2, 7, 0x7fff), qc: 0 },
  { asm: 'sqrdmulh v2.4s, v0.4s, v1.s[1]', n: lane(4, 3, 0x80000000), m: lane(4, 1, 0x80000000), qc: 1 },
  { asm: 'sqrdmulh v2.4s, v0.4s, v1.s[1]', n: lane(4, 3, 0x80000000), m: lane(4, 2, 0x80000000), qc: 0 },
  { asm: 'sqdmulh s2, s0, s1', n: 0x80000000n, m: 0x80000000n, qc: 1 },
  { asm: 'sqrdmulh h2, h0, v1.h[3]', n: 0x8000n, m: lane(2, 3, 0x8000), qc: 1 },
  { asm: 'sqdmull v2.4s, v0.4h, v1.4h', n: lane(2, 3, 0x8000), m: lane(2, 3, 0x8000), qc: 1 },
  { asm: 'sqdmull2 v2.2d, v0.4s, v1.4s', n: lane(4, 3, 0x80000000), m: lane(4, 3, 0x80000000), qc: 1 },
  { asm: 'sqdmull2 v2.2d, v0.4s, v1.4s', n: lane(4, 1, 0x80000000), m: lane(4, 1, 0x80000000), qc: 0 },
  { asm: 'sqdmlal v2.4s, v0.4h, v1.4h', n: lane(2, 0, 1), m: lane(2, 0, 1), d: lane(4, 0, 0x7fffffff), qc: 1 },
  { asm: 'sqdmlal v2.4s, v0.4h, v1.4h', n: lane(2, 0, 1), m: lane(2, 0, 1), d: lane(4, 0, 0x7ffffffd), qc: 0 },
  // The saturated product counts even when the sum is back in range.
  { asm: 'sqdmlal v2.4s, v0.4h, v1.4h', n: lane(2, 2, 0x8000), m: lane(2, 2, 0x8000), d: lane(4, 2, -1n), qc: 1 },
  { asm: 'sqdmlsl d2, s0, s1', n: 1n, m: 1n, d: 1n << 63n, qc: 1 },
  { asm: 'sqdmlsl d2, s0, s1', n: 1n, m: 1n, d: 0n, qc: 0 },
  { asm: 'sqdmlal2 v2.2d, v0.4s, v1.s[3]', n: lane(4, 3, 0x80000000), m: lane(4, 3, 0x80000000), qc: 1 },
  { asm: 'sqdmull s2, h0, v1.h[5]', n: 0x8000n, m: lane(2, 5, 0x8000), qc: 1 },
  // Cumulative: a later non-saturating instruction leaves QC set.
  { asm: 'sqadd b2, b0, b1\n add v2.16b, v0.16b, v1.16b\n uqadd v2.16b, v1.16b, v1.16b', n: 0x7fn, m: 1n, qc: 1 },
];

// Each case loads its registers from DATA, clears FPSR, runs, and stores FPSR after its inputs.
const STRIDE = 64;

function caseData(): Uint8Array {
  const data = new Uint8Array(CASES.length * STRIDE);
  const view = new DataView(data.buffer);
  CASES.forEach((c, k) => {
    [c.n, c.m ?? 0n, c.d ?? 0n].forEach((v, r) => {
      const x = BigInt.asUintN(128, v);
      view.setBigUint64(k * STRIDE + 16 * r, x & ((1n << 64n) - 1n), true);
      view.setBigUint64(k * STRIDE + 16 * r + 8, x >> 64n, true);
    });
  });
  return data;
}

function caseCode(): string {
  return CASES.map((c) => `
    ldp q0, q1, [x1]
    ldr q2, [x1, #32]
    msr fpsr, xzr
    ${c.asm}
    mrs x2, fpsr
    str x2, [x1, #48]
    add x1, x1, #${STRIDE}`).join('\n') + '\n brk #0';
}

test('saturating SIMD instructions set FPSR.QC exactly when a lane saturates', () => {
  const r = runOk(caseCode(), { x: { 1: DATA }, data: caseData() });
  const got = CASES.map((c, k) => `${c.asm.split('\n')[0]} -> ${(r.mem.read64(DATA + k * STRIDE + 48) & QC) !== 0n ? 1 : 0}`);
  assert.deepEqual(got, CASES.map((c) => `${c.asm.split('\n')[0]} -> ${c.qc}`));
});

test('QC is sticky, only bit 27 changes, and MSR FPSR clears it', () => {
  const r = runOk(`
    mov x0, #0x1f
    msr fpsr, x0
    sqadd b2, b0, b1
    mrs x1, fpsr
    add v3.16b, v0.16b, v1.16b
    mrs x2, fpsr
    msr fpsr, xzr
    uqadd b2, b1, b1
    mrs x3, fpsr
    brk #0`, { v: { 0: 0x7fn, 1: 1n } });
  assert.equal(r.x(1), QC | 0x1fn);
  assert.equal(r.x(2), QC | 0x1fn);
  assert.equal(r.x(3), 0n);
});
