// Integer data processing in A32 and Thumb (T32 and 16-bit forms): ALU operations and their
// flags, the shifter's carry-out, multiplies, divides, bit manipulation, saturation, parallel
// add/subtract.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ISAS, runOk } from './harness.js';

const N = 8, Z = 4, C = 2, V = 1;

test('ADD/SUB/ADC/SBC/RSB/RSC flags (A32 and T32)', () => {
  const cases: [string, number, number, number, number, number][] = [
    // insn, r1, r2, nzcv-in, r0, nzcv-out
    ['adds r0, r1, r2', 1, 2, 0, 3, 0],
    ['adds r0, r1, r2', 0x7fffffff, 1, 0, 0x80000000, N | V],
    ['adds r0, r1, r2', 0xffffffff, 1, 0, 0, Z | C],
    ['subs r0, r1, r2', 5, 5, 0, 0, Z | C],
    ['subs r0, r1, r2', 3, 5, 0, 0xfffffffe, N],
    ['subs r0, r1, r2', 0x80000000, 1, 0, 0x7fffffff, C | V],
    ['adcs r0, r1, r2', 0xffffffff, 0, C, 0, Z | C],
    ['adcs r0, r1, r2', 0xffffffff, 0xffffffff, C, 0xffffffff, N | C],
    ['adcs r0, r1, r2', 0x7fffffff, 0, C, 0x80000000, N | V],
    ['sbcs r0, r1, r2', 5, 5, 0, 0xffffffff, N],
    ['sbcs r0, r1, r2', 5, 5, C, 0, Z | C],
    ['rsbs r0, r1, #0', 1, 0, 0, 0xffffffff, N],
    ['rsbs r0, r1, #0', 0, 0, 0, 0, Z | C],
    ['ands r0, r1, r2', 0x80000001, 0x80000000, C | V, 0x80000000, N | C | V],
    ['bics r0, r1, r2', 0xff, 0xff, 0, 0, Z],
    ['cmp r1, r2', 1, 2, 0, 0, N],
    ['cmn r1, r2', 0xffffffff, 1, 0, 0, Z | C],
    ['tst r1, r2', 1, 2, 0, 0, Z],
    ['teq r1, r2', 1, 1, 0, 0, Z],
    ['orrs r0, r1, r2, lsl #31', 0, 3, 0, 0x80000000, N | C],
    ['movs r0, r1, lsr #1', 3, 0, 0, 1, C],
    ['movs r0, r1, asr #32', 0x80000000, 0, 0, 0xffffffff, N | C],
    ['movs r0, r1, lsr #32', 0x80000000, 0, 0, 0, Z | C],
    ['movs r0, r1, rrx', 3, 0, C, 0x80000001, N | C],
    ['movs r0, r1, ror #4', 0x1f, 0, 0, 0xf0000001, N | C],
    ['eors r0, r1, #0x80000000', 0x80000000, 0, 0, 0, Z | C],
    ['mvns r0, r1', 0, 0, 0, 0xffffffff, N],
  ];
  for (const isa of ISAS) {
    for (const [insn, a, b, nzcv, res, flags] of cases) {
      if (isa === 'thumb' && (insn.includes('rsc'))) continue;
      const r = runOk(`${insn}\nbkpt`, isa, { r: { 1: a, 2: b }, nzcv });
      if (!insn.startsWith('cm') && !insn.startsWith('t')) assert.equal(r.r(0), res >>> 0, `${isa}: ${insn}`);
      assert.equal(r.nzcv(), flags, `${isa}: ${insn} flags`);
    }
  }
});

test('A32 RSC and register-shifted register operands', () => {
  const cases: [string, number, number, number, number, number, number][] = [
    // insn, r1, r2, r3, nzcv-in, r0, nzcv-out
    ['rscs r0, r1, r2', 1, 5, 0, C, 4, C],
    ['movs r0, r1, lsl r3', 1, 0, 32, 0, 0, Z | C],
    ['movs r0, r1, lsl r3', 1, 0, 33, C, 0, Z],
    ['movs r0, r1, lsl r3', 3, 0, 0x100, C, 3, C],
    ['movs r0, r1, lsr r3', 0x80000000, 0, 32, 0, 0, Z | C],
    ['movs r0, r1, asr r3', 0x80000000, 0, 200, 0, 0xffffffff, N | C],
    ['movs r0, r1, ror r3', 0x80000001, 0, 32, 0, 0x80000001, N | C],
    ['add r0, r1, r2, lsl r3', 1, 1, 4, 0, 17, 0],
  ];
  for (const [insn, a, b, c, nzcv, res, flags] of cases) {
    const r = runOk(`${insn}\nbkpt`, 'arm', { r: { 1: a, 2: b, 3: c }, nzcv });
    assert.equal(r.r(0), res >>> 0, insn);
    assert.equal(r.nzcv(), flags, `${insn} flags`);
  }
  // Thumb's register shifts are their own instructions.
  const t = runOk('lsls r0, r1, r3\nbkpt', 'thumb', { r: { 1: 1, 3: 32 } });
  assert.equal(t.r(0), 0);
  assert.equal(t.nzcv(), Z | C);
});

test('16-bit Thumb data processing sets flags outside IT blocks only', () => {
  const r = runOk('adds r0, r1, r2\nit eq\naddeq r3, r1, r2\nbkpt', 'thumb', { r: { 1: 0, 2: 0 } });
  assert.equal(r.nzcv(), Z);
  assert.equal(r.r(3), 0);
  const big = runOk('movs r0, #255\nadds r0, #1\nsubs r1, r0, #7\nlsls r2, r0, #24\nmuls r2, r0\nbkpt', 'thumb');
  assert.equal(big.r(0), 256);
  assert.equal(big.r(1), 249);
  assert.equal(big.r(2), 0);
  assert.equal(big.nzcv(), Z | C); // MULS keeps C from LSLS
});

test('MOVW/MOVT, ADR, modified immediates', () => {
  for (const isa of ISAS) {
    const r = runOk('movw r0, #0x5678\nmovt r0, #0x1234\nmov r1, #0xff000000\nmvn r2, #0\nadr r3, 1f\nnop\nnop\n1: bkpt', isa);
    assert.equal(r.r(0), 0x12345678, isa);
    assert.equal(r.r(1), 0xff000000, isa);
    assert.equal(r.r(2), 0xffffffff, isa);
    assert.equal(r.r(3), r.event.pc & ~1, isa); // the BKPT's address
  }
  const t = runOk('mov r0, #0x00ab00ab\nmov r1, #0xabababab\nbkpt', 'thumb');
  assert.equal(t.r(0), 0x00ab00ab);
  assert.equal(t.r(1), 0xabababab);
});

test('multiplies', () => {
  for (const isa of ISAS) {
    const r = runOk(`mul r0, r1, r2
mla r3, r1, r2, r1
mls r4, r1, r2, r1
umull r5, r6, r1, r2
smull r7, r8, r1, r2
bkpt`, isa, { r: { 1: 0xfffffffe, 2: 3 } });
    assert.equal(r.r(0), 0xfffffffa, isa);
    assert.equal(r.r(3), 0xfffffff8, isa);
    assert.equal(r.r(4), 4, isa);
    assert.equal(r.r(5), 0xfffffffa, isa);
    assert.equal(r.r(6), 2, isa);
    assert.equal(r.r(7), 0xfffffffa, isa);
    assert.equal(r.r(8), 0xffffffff, isa);
    const a = runOk('umlal r0, r1, r2, r3\numaal r4, r5, r2, r3\nsmlal r6, r7, r2, r3\nbkpt', isa,
      { r: { 0: 0xffffffff, 1: 1, 2: 0xffffffff, 3: 0xffffffff, 4: 0xffffffff, 5: 0xffffffff, 6: 1, 7: 0 } });
    assert.equal(a.r(0), 0, isa); // 0xfffffffe00000001 + 0x1ffffffff, modulo 2^64
    assert.equal(a.r(1), 0, isa);
    assert.equal(a.r(4), 0xffffffff, isa); // 0xfffffffe00000001 + 2 * 0xffffffff
    assert.equal(a.r(5), 0xffffffff, isa);
    assert.equal(a.r(6), 2, isa); // (-1 * -1) + 1
    assert.equal(a.r(7), 0, isa);
  }
  const s = runOk('muls r0, r1, r2\numulls r3, r4, r1, r2\nbkpt', 'arm', { r: { 1: 0x80000000, 2: 2 }, nzcv: C | V });
  assert.equal(s.r(0), 0);
  assert.equal(s.nzcv(), C | V); // N Z of the 64-bit UMULL result (1 << 32): neither
});

test('DSP multiplies and Q', () => {
  for (const isa of ISAS) {
    const r = runOk(`smulbb r0, r1, r2
smultt r3, r1, r2
smulwb r4, r1, r2
smlabb r5, r1, r2, r6
smmul r7, r1, r2
smmulr r8, r1, r2
smlad r9, r1, r2, r10
smlalbb r11, r12, r1, r2
bkpt`, isa, { r: { 1: 0x8000_0003, 2: 0x8000_fffe, 6: 0x7fffffff, 10: 0, 11: 0, 12: 0 } });
    assert.equal(r.r(0), (3 * -2) >>> 0, isa);
    assert.equal(r.r(3), 0x40000000, isa);
    assert.equal(r.r(4), Number((BigInt.asIntN(32, 0x80000003n) * -2n) >> 16n) >>> 0, isa);
    assert.equal(r.r(5), (0x7fffffff - 6) >>> 0, isa);
    assert.equal(r.r(7), Number(BigInt.asUintN(32, (BigInt.asIntN(32, 0x80000003n) * BigInt.asIntN(32, 0x8000fffen)) >> 32n)), isa);
    assert.equal(r.r(9), (0x40000000 - 6) >>> 0, isa);
    assert.equal(r.r(11), (3 * -2) >>> 0, isa);
    assert.equal(r.r(12), 0xffffffff, isa);
    assert.equal(r.q(), 0, isa);
    const q = runOk('smlabb r0, r1, r1, r2\nbkpt', isa, { r: { 1: 0x4000, 2: 0x7fffffff } });
    assert.equal(q.r(0), 0x8fffffff, isa);
    assert.equal(q.q(), 1, isa);
  }
});

test('SDIV/UDIV (division by zero gives 0)', () => {
  for (const isa of ISAS) {
    const r = runOk('sdiv r0, r1, r2\nudiv r3, r1, r2\nsdiv r4, r1, r5\nsdiv r6, r7, r8\nbkpt', isa,
      { r: { 1: -7, 2: 2, 5: 0, 7: 0x80000000, 8: -1 } });
    assert.equal(r.r(0), -3 >>> 0, isa);
    assert.equal(r.r(3), 0x7ffffffc, isa);
    assert.equal(r.r(4), 0, isa);
    assert.equal(r.r(6), 0x80000000, isa);
  }
});

test('bit manipulation and extension', () => {
  for (const isa of ISAS) {
    const r = runOk(`clz r0, r1
rev r2, r1
rev16 r3, r1
revsh r4, r1
rbit r5, r1
ubfx r6, r1, #4, #8
sbfx r7, r1, #28, #4
bfi r8, r1, #8, #8
bfc r9, #0, #16
sxtb r10, r1
uxth r11, r1, ror #16
sxtah r12, r1, r1
bkpt`, isa, { r: { 1: 0x8123_45f6, 8: 0xffffffff, 9: 0x12345678 } });
    assert.equal(r.r(0), 0, isa);
    assert.equal(r.r(2), 0xf6452381, isa);
    assert.equal(r.r(3), 0x2381f645, isa);
    assert.equal(r.r(4), 0xfffff645, isa);
    assert.equal(r.r(5), 0x6fa2c481, isa);
    assert.equal(r.r(6), 0x5f, isa);
    assert.equal(r.r(7), 0xfffffff8, isa);
    assert.equal(r.r(8), 0xfffff6ff, isa);
    assert.equal(r.r(9), 0x12340000, isa);
    assert.equal(r.r(10), 0xfffffff6, isa);
    assert.equal(r.r(11), 0x8123, isa);
    assert.equal(r.r(12), (0x812345f6 + 0x45f6) >>> 0, isa);
    const b16 = runOk('uxtb16 r0, r1\nsxtb16 r2, r1\nuxtab16 r3, r4, r1\npkhbt r5, r1, r4, lsl #16\npkhtb r6, r1, r4, asr #16\nbkpt', isa,
      { r: { 1: 0x81_82_83_84, 4: 0x0001_ffff } });
    assert.equal(b16.r(0), 0x00820084, isa);
    assert.equal(b16.r(2), 0xff82ff84, isa);
    assert.equal(b16.r(3), 0x00830083, isa);
    assert.equal(b16.r(5), 0xffff8384, isa);
    assert.equal(b16.r(6), 0x81820001, isa);
  }
});

test('saturation: SSAT/USAT/QADD/QSUB/QDADD set Q', () => {
  for (const isa of ISAS) {
    const r = runOk('ssat r0, #8, r1\nusat r2, #8, r3\nqadd r4, r5, r5\nqsub r6, r7, r5\nqdadd r8, r9, r5\nbkpt', isa,
      { r: { 1: 300, 3: -5, 5: 0x7fffffff, 7: 0x80000000, 9: 1 } });
    assert.equal(r.r(0), 127, isa);
    assert.equal(r.r(2), 0, isa);
    assert.equal(r.r(4), 0x7fffffff, isa);
    assert.equal(r.r(6), 0x80000000, isa);
    assert.equal(r.r(8), 0x7fffffff, isa);
    assert.equal(r.q(), 1, isa);
    const none = runOk('ssat r0, #16, r1, lsl #4\nqadd r2, r1, r1\nbkpt', isa, { r: { 1: 100 } });
    assert.equal(none.r(0), 1600, isa);
    assert.equal(none.r(2), 200, isa);
    assert.equal(none.q(), 0, isa);
  }
});

test('parallel add/subtract, GE and SEL', () => {
  for (const isa of ISAS) {
    const r = runOk('uadd8 r0, r1, r2\nsel r3, r4, r5\nssub16 r6, r1, r2\nuqadd8 r7, r1, r2\nshadd16 r8, r1, r2\nbkpt', isa,
      { r: { 1: 0xff01_80ff, 2: 0x0101_8001, 4: 0x11111111, 5: 0x22222222 } });
    assert.equal(r.r(0), 0x00020000, isa);
    assert.equal(r.r(3), 0x11221111, isa); // GE from UADD8: lanes 0, 1 and 3 carried
    assert.equal(r.r(7), 0xff02ffff, isa);
    assert.equal(r.r(8), (((0xff01 - 0x10000 + 0x0101) >> 1) & 0xffff) << 16 | (((0x80ff - 0x10000 + 0x8001 - 0x10000) >> 1) & 0xffff), isa);
    assert.equal(r.ge(), 0b0011, isa); // SSUB16: both signed differences are >= 0? lane1 -255-257 < 0
  }
});

test('MRS/MSR APSR', () => {
  for (const isa of ISAS) {
    const r = runOk('mrs r0, apsr\nmsr apsr_nzcvq, r1\nmsr apsr_g, r2\nbkpt', isa,
      { nzcv: N | C, q: 1, r: { 1: 0x60000000, 2: 0x000a0000 } });
    assert.equal(r.r(0), 0xa8000010, isa);
    assert.equal(r.nzcv(), Z | C, isa);
    assert.equal(r.q(), 0, isa);
    assert.equal(r.ge(), 0xa, isa);
  }
});
