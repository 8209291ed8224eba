// The NEON subset: VLD1/VST1 with their write-back forms and VDUP (the lane operations are
// checked against qemu-arm by random.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireToolchain } from './elf-runner.js';
import { DATA, ISAS, runOk } from './harness.js';
import { compareWithQemu, Values } from './neon-qemu.js';

test('VLD1/VST1 (1-4 registers, one lane, all lanes; write-back by size or register), VDUP', () => {
  const data = new Uint8Array(64);
  for (let k = 0; k < 64; k++) data[k] = k;
  for (const isa of ISAS) {
    const r = runOk(`vld1.8 {d0}, [r0]
vld1.32 {d2-d3}, [r0]!
vld1.64 {d4-d6}, [r0], r1
vld1.16 {d16-d19}, [r2]
vst1.8 {d16-d17}, [r3]!
vdup.16 q5, r4
vdup.8 d14, r4
vld1.16 {d20[2]}, [r5]!
vst1.32 {d2[1]}, [r6]
vld1.32 {d22[], d23[]}, [r7], r1
bkpt`, isa, { r: { 0: DATA, 1: 4, 2: DATA + 8, 3: DATA + 128, 4: 0x1234abcd, 5: DATA + 2, 6: DATA + 200, 7: DATA + 4 }, data });
    const q = (base: number): bigint => { let v = 0n; for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(base + k); return v; };
    assert.equal(r.d(0), q(0), isa);
    assert.deepEqual([r.d(2), r.d(3)], [q(0), q(8)], isa);
    assert.equal(r.r(0), DATA + 16 + 4, isa);
    assert.deepEqual([r.d(4), r.d(5), r.d(6)], [q(16), q(24), q(32)], isa);
    assert.deepEqual([r.d(16), r.d(19)], [q(8), q(32)], isa);
    assert.equal(r.r(3), DATA + 144, isa);
    assert.equal(r.mem.read32(DATA + 136), 0x13121110, isa);
    assert.deepEqual([r.d(10), r.d(11)], [0xabcdabcdabcdabcdn, 0xabcdabcdabcdabcdn], isa);
    assert.equal(r.d(14), 0xcdcdcdcdcdcdcdcdn, isa);
    assert.equal(r.d(20), 0x0000030200000000n, isa);
    assert.equal(r.r(5), DATA + 4, isa);
    assert.equal(r.mem.read32(DATA + 200), 0x07060504, isa);
    assert.deepEqual([r.d(22), r.d(23), r.r(7)], [0x0706050407060504n, 0x0706050407060504n, DATA + 8], isa);
  }
});

/** Runs `insns` in both instruction sets from `seeds` random states and compares every step with qemu-arm. */
function matchesQemu(insns: readonly string[], seeds: number[]): void {
  requireToolchain();
  for (const seed of seeds) for (const isa of ISAS) assert.equal(compareWithQemu(insns, isa, new Values(seed).init()), null);
}

const FLOAT = [
  'vadd.f32 q0, q1, q2', 'vsub.f32 d3, d4, d5', 'vmul.f32 q3, q8, q9', 'vmul.f32 d6, d6, d7', 'vabd.f32 q10, q11, q12',
  'vmla.f32 q4, q5, q6', 'vmls.f32 d8, d9, d10', 'vfma.f32 q7, q13, q14', 'vfms.f32 d30, d31, d29',
  'vceq.f32 q0, q2, q4', 'vcge.f32 d1, d3, d5', 'vcgt.f32 q1, q3, q5', 'vacge.f32 d2, d4, d6', 'vacgt.f32 q6, q8, q10',
  'vmax.f32 q9, q11, q13', 'vmin.f32 d7, d9, d11', 'vpadd.f32 d12, d14, d16', 'vpmax.f32 d13, d15, d17', 'vpmin.f32 d18, d20, d22',
  'vrecps.f32 q12, q14, q15', 'vrsqrts.f32 d19, d21, d23',
  'vcgt.f32 q0, q1, #0', 'vcge.f32 d2, d3, #0', 'vceq.f32 q2, q3, #0', 'vcle.f32 d4, d5, #0', 'vclt.f32 q4, q5, #0',
  'vabs.f32 q6, q7', 'vneg.f32 d16, d17', 'vrecpe.f32 q8, q9', 'vrsqrte.f32 d20, d21', 'vrecpe.u32 q10, q11', 'vrsqrte.u32 d24, d25',
  'vcvt.s32.f32 q12, q13', 'vcvt.u32.f32 d26, d27', 'vcvt.f32.s32 q14, q15', 'vcvt.f32.u32 d28, d29',
  'vcvt.s32.f32 q0, q1, #16', 'vcvt.u32.f32 d2, d3, #1', 'vcvt.f32.s32 q2, q3, #32', 'vcvt.f32.u32 d4, d5, #7',
  'vmov.f32 q5, #-1.5', 'vmov.f32 d6, #0.125',
];

test('NEON single-precision lanes (standard FPSCR value, cumulative flags) match qemu-arm', () => matchesQemu(FLOAT, [1, 2, 3, 4]));

/** Every shift form at every element size, with amounts at the edges (0, 1, esize-1, esize). */
const SHIFTS = [
  'vshl.s8 q0, q1, q2', 'vshl.u16 d3, d4, d5', 'vshl.s32 q3, q8, q9', 'vshl.u64 d6, d7, d8', 'vshl.s64 q5, q6, q7', 'vrshl.s8 d9, d10, d11',
  'vrshl.u16 q4, q10, q11', 'vrshl.s32 d12, d13, d14', 'vrshl.u32 q12, q13, q14', 'vrshl.s64 d15, d16, d17', 'vrshl.u64 q15, q0, q1', 'vqshl.s8 q2, q3, q4',
  'vqshl.u8 d18, d19, d20', 'vqshl.s16 q5, q6, q7', 'vqshl.u32 d21, d22, d23', 'vqshl.s32 q8, q9, q10', 'vqshl.s64 d24, d25, d26', 'vqshl.u64 q11, q12, q13',
  'vqrshl.s16 d27, d28, d29', 'vqrshl.u8 q14, q15, q0', 'vqrshl.s32 d30, d31, d0', 'vqrshl.s64 q1, q2, q3', 'vqrshl.u64 d1, d2, d3', 'vsra.s8 q0, q1, #3',
  'vsra.u16 d2, d3, #16', 'vsra.s32 q2, q3, #32', 'vsra.u64 d4, d5, #64', 'vsra.s64 q4, q5, #17', 'vrshr.s8 d6, d7, #8', 'vrshr.u16 q6, q7, #1',
  'vrshr.s32 d8, d9, #31', 'vrshr.u32 q8, q9, #32', 'vrshr.s64 d10, d11, #64', 'vrshr.u64 q10, q11, #63', 'vrsra.s16 d12, d13, #5', 'vrsra.u32 q12, q13, #32',
  'vrsra.s64 d14, d15, #1', 'vsri.8 d16, d17, #8', 'vsri.16 q14, q15, #3', 'vsri.32 d18, d19, #32', 'vsri.64 q0, q1, #64', 'vsri.64 d20, d21, #9',
  'vsli.8 d22, d23, #0', 'vsli.16 q2, q3, #15', 'vsli.32 d24, d25, #31', 'vsli.64 q4, q5, #40', 'vqshl.s8 q6, q7, #7', 'vqshl.u16 d26, d27, #15',
  'vqshl.s32 q8, q9, #31', 'vqshl.u32 d28, d29, #1', 'vqshl.s64 q10, q11, #63', 'vqshl.u64 d30, d31, #0', 'vqshlu.s8 d0, d1, #7', 'vqshlu.s16 q1, q2, #0',
  'vqshlu.s32 d2, d3, #31', 'vqshlu.s64 q3, q4, #33', 'vshrn.i16 d4, q5, #8', 'vshrn.i32 d5, q6, #1', 'vshrn.i64 d6, q7, #32', 'vrshrn.i16 d7, q8, #3',
  'vrshrn.i32 d8, q9, #16', 'vrshrn.i64 d9, q10, #31', 'vqshrn.s16 d10, q11, #1', 'vqshrn.u32 d11, q12, #16', 'vqshrn.s64 d12, q13, #32', 'vqshrn.u64 d13, q14, #3',
  'vqrshrn.s16 d14, q15, #8', 'vqrshrn.u16 d15, q0, #2', 'vqrshrn.s32 d16, q1, #5', 'vqrshrn.u64 d17, q2, #32', 'vqrshrn.s64 d18, q3, #1', 'vqshrun.s16 d19, q4, #4',
  'vqshrun.s32 d20, q5, #16', 'vqshrun.s64 d21, q6, #7', 'vqrshrun.s16 d22, q7, #8', 'vqrshrun.s32 d23, q8, #1', 'vqrshrun.s64 d24, q9, #32', 'vqmovn.s16 d25, q10',
  'vqmovn.u32 d26, q11', 'vqmovn.s64 d27, q12', 'vqmovn.u64 d28, q13', 'vqmovun.s16 d29, q14', 'vqmovun.s32 d30, q15', 'vqmovun.s64 d31, q0',
  'vshll.i8 q1, d2, #8', 'vshll.i16 q2, d3, #16', 'vshll.i32 q3, d4, #32', 'vmovn.i32 d5, q4',
];

test('NEON shifts by register and immediate (rounding, accumulating, inserting, saturating, narrowing) match qemu-arm', () => matchesQemu(SHIFTS, [1, 2, 3, 4]));
