// Advanced SIMD: VLD1/VST1 with their write-back forms and VDUP on the core Engine, then every
// group's instruction forms against qemu-arm (neon-qemu.ts: the whole register file, FPSCR and
// the core registers after each instruction, from random states with float specials, in A32 and
// T32, interpreter and JIT).
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

/** Integer operations of every other group at each element size: halving, absolute difference, polynomial, doubling, long, narrowing, by scalar, table lookups, 64-bit saturation. */
const INTEGER = [
  'vhadd.s8 q0, q1, q2', 'vhadd.u16 d3, d4, d5', 'vhadd.s32 q3, q8, q9', 'vhadd.u32 d6, d7, d8', 'vrhadd.u8 q4, q5, q6', 'vrhadd.s16 d9, d10, d11',
  'vrhadd.u32 q10, q11, q12', 'vrhadd.s32 d12, d13, d14', 'vhsub.s8 d15, d16, d17', 'vhsub.u16 q13, q14, q15', 'vhsub.s32 d18, d19, d20', 'vhsub.u32 q0, q1, q2',
  'vabd.s8 q3, q4, q5', 'vabd.u16 d21, d22, d23', 'vabd.s32 q6, q7, q8', 'vabd.u32 d24, d25, d26', 'vaba.u8 d27, d28, d29', 'vaba.s16 q9, q10, q11',
  'vaba.u32 q12, q13, q14', 'vaba.s32 d30, d31, d0', 'vmul.p8 q15, q0, q1', 'vmul.p8 d1, d2, d3', 'vqdmulh.s16 q2, q3, q4', 'vqdmulh.s32 d4, d5, d6',
  'vqrdmulh.s16 d7, d8, d9', 'vqrdmulh.s32 q5, q6, q7', 'vaddhn.i16 d10, q8, q9', 'vaddhn.i32 d11, q10, q11', 'vaddhn.i64 d12, q12, q13', 'vraddhn.i16 d13, q14, q15',
  'vraddhn.i64 d14, q0, q1', 'vsubhn.i32 d15, q2, q3', 'vsubhn.i64 d16, q4, q5', 'vrsubhn.i16 d17, q6, q7', 'vrsubhn.i32 d18, q8, q9', 'vabal.s8 q10, d20, d21',
  'vabal.u16 q11, d22, d23', 'vabal.s32 q12, d24, d25', 'vabdl.u8 q13, d26, d27', 'vabdl.s16 q14, d28, d29', 'vabdl.u32 q15, d30, d31', 'vmlal.s8 q0, d2, d3',
  'vmlal.u16 q1, d4, d5', 'vmlal.s32 q2, d6, d7', 'vmlal.u32 q3, d8, d9', 'vmlsl.u8 q4, d10, d11', 'vmlsl.s16 q5, d12, d13', 'vmlsl.s32 q6, d14, d15',
  'vqdmlal.s16 q7, d16, d17', 'vqdmlal.s32 q8, d18, d19', 'vqdmlsl.s16 q9, d20, d21', 'vqdmlsl.s32 q10, d22, d23', 'vqdmull.s16 q11, d24, d25', 'vqdmull.s32 q12, d26, d27',
  'vmull.p8 q13, d28, d29', 'vmla.i16 q14, q15, d0[3]', 'vmla.i32 d1, d2, d15[1]', 'vmla.f32 q0, q1, d5[0]', 'vmls.i16 d3, d4, d7[2]', 'vmls.i32 q2, q3, d9[1]',
  'vmls.f32 d5, d6, d13[1]', 'vmul.i16 q4, q5, d1[1]', 'vmul.i32 d7, d8, d10[0]', 'vmul.f32 q6, q7, d14[1]', 'vqdmulh.s16 d9, d10, d3[3]', 'vqdmulh.s32 q8, q9, d11[1]',
  'vqrdmulh.s16 q10, q11, d6[0]', 'vqrdmulh.s32 d12, d13, d15[0]', 'vmlal.s16 q12, d14, d2[1]', 'vmlal.u32 q13, d15, d12[1]', 'vmlsl.u16 q14, d16, d4[3]', 'vmlsl.s32 q15, d17, d8[0]',
  'vmull.s16 q0, d18, d5[2]', 'vmull.u32 q1, d19, d13[1]', 'vqdmlal.s16 q2, d20, d7[1]', 'vqdmlal.s32 q3, d21, d9[0]', 'vqdmlsl.s16 q4, d22, d0[0]', 'vqdmlsl.s32 q5, d23, d11[1]',
  'vqdmull.s16 q6, d24, d1[3]', 'vqdmull.s32 q7, d25, d14[1]', 'vcls.s8 q8, q9', 'vcls.s16 d20, d21', 'vcls.s32 q11, q12', 'vqabs.s8 d26, d27',
  'vqabs.s16 q14, q15', 'vqabs.s32 d28, d29', 'vqneg.s8 q0, q1', 'vqneg.s16 d4, d5', 'vqneg.s32 q3, q4', 'vtbl.8 d10, {d11}, d12',
  'vtbl.8 d13, {d14, d15}, d16', 'vtbl.8 d17, {d18, d19, d20}, d21', 'vtbl.8 d22, {d23, d24, d25, d26}, d27', 'vtbx.8 d28, {d29}, d30', 'vtbx.8 d31, {d0, d1}, d2', 'vtbx.8 d3, {d4, d5, d6}, d7',
  'vtbx.8 d8, {d28, d29, d30, d31}, d9', 'vqadd.s64 q9, q10, q11', 'vqadd.u64 d24, d25, d26', 'vqsub.s64 d27, d28, d29', 'vqsub.u64 q12, q13, q14', 'vqadd.s8 q0, q0, q0',
];

test('NEON integer arithmetic, by-scalar forms and table lookups match qemu-arm', () => matchesQemu(INTEGER, [1, 2, 3, 4]));

/** Structure loads and stores of one lane and to all lanes (r9 walks a buffer, r8 a small post-index). */
const LANES = [
  'vld2.8 {d0[3], d1[3]}, [r9]', 'vld2.16 {d2[1], d4[1]}, [r9]!', 'vld2.32 {d5[1], d6[1]}, [r9], r8', 'vst2.8 {d7[5], d8[5]}, [r9]!',
  'vst2.16 {d9[2], d11[2]}, [r9]', 'vst2.32 {d12[0], d14[0]}, [r9]!', 'vld3.8 {d16[7], d17[7], d18[7]}, [r9]', 'vld3.16 {d19[3], d21[3], d23[3]}, [r9]!',
  'vld3.32 {d24[1], d25[1], d26[1]}, [r9]', 'vst3.8 {d0[2], d1[2], d2[2]}, [r9]!', 'vst3.16 {d3[0], d4[0], d5[0]}, [r9]', 'vst3.32 {d6[1], d8[1], d10[1]}, [r9]!',
  'vld4.8 {d11[6], d12[6], d13[6], d14[6]}, [r9]', 'vld4.16 {d16[2], d18[2], d20[2], d22[2]}, [r9]!', 'vld4.32 {d24[0], d25[0], d26[0], d27[0]}, [r9]', 'vst4.8 {d28[1], d29[1], d30[1], d31[1]}, [r9]!',
  'vst4.16 {d0[3], d1[3], d2[3], d3[3]}, [r9]', 'vst4.32 {d4[1], d6[1], d8[1], d10[1]}, [r9]!', 'vld1.8 {d12[5]}, [r9]!', 'vst1.16 {d13[3]}, [r9]',
  'vld1.8 {d14[]}, [r9]', 'vld1.16 {d15[], d16[]}, [r9]!', 'vld2.8 {d17[], d18[]}, [r9]', 'vld2.16 {d19[], d21[]}, [r9]!',
  'vld2.32 {d22[], d23[]}, [r9]', 'vld3.8 {d24[], d25[], d26[]}, [r9]!', 'vld3.16 {d27[], d29[], d31[]}, [r9]', 'vld3.32 {d0[], d1[], d2[]}, [r9]!',
  'vld4.8 {d3[], d4[], d5[], d6[]}, [r9]', 'vld4.16 {d7[], d9[], d11[], d13[]}, [r9]!', 'vld4.32 {d14[], d15[], d16[], d17[]}, [r9]', 'bic r9, r9, #15',
  'vld4.32 {d18[], d19[], d20[], d21[]}, [r9:128]', 'vld2.8 {d0-d3}, [r9]', 'vst1.32 {d0-d3}, [r9]!',
];

test('NEON VLDn/VSTn of one lane and VLDn to all lanes match qemu-arm', () => matchesQemu(LANES, [1, 2, 3, 4]));
