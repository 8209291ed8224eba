// Scalar floating point: arithmetic, Arm NaN rules, fused multiply-add, conversions, rounding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOk, u64 } from './harness.js';

const dv = new DataView(new ArrayBuffer(8));
const dbits = (x: number): bigint => { dv.setFloat64(0, x, true); return dv.getBigUint64(0, true); };
const sbits = (x: number): bigint => { dv.setFloat32(0, x, true); return BigInt(dv.getUint32(0, true)); };
const DNAN = 0x7ff8000000000000n;
const lo64 = (v: bigint): bigint => v & 0xffffffffffffffffn;

test('double arithmetic and Arm NaN results', () => {
  const r = runOk(`
    fadd d0, d1, d2
    fsub d3, d1, d2
    fmul d4, d1, d2
    fdiv d5, d1, d2
    fnmul d6, d1, d2
    fdiv d7, d8, d8
    fadd d9, d10, d1
    fadd d11, d1, d12
    fsqrt d13, d14
    fabs d15, d14
    fneg d16, d1
    fmax d17, d18, d19
    fmin d20, d18, d19
    fmaxnm d21, d12, d1
    fmax d22, d12, d1
    fadd d23, d12, d10
    brk #0`, {
    v: { 1: dbits(1.5), 2: dbits(-4), 8: 0n, 10: 0x7ff0000000000001n, 12: 0xfff8000000000005n, 14: dbits(-1),
      18: dbits(-0), 19: dbits(0), 0: (1n << 127n) | 5n },
  });
  assert.equal(r.d(0), -2.5);
  assert.equal(r.v(0) >> 64n, 0n); // scalar writes clear the upper half
  assert.equal(r.d(3), 5.5);
  assert.equal(r.d(4), -6);
  assert.equal(r.d(5), -0.375);
  assert.equal(r.d(6), 6);
  assert.equal(r.v(7), DNAN); // 0/0: positive default NaN, unlike x86
  assert.equal(r.v(9), 0x7ff8000000000001n); // signalling NaN quietened
  assert.equal(r.v(11), 0xfff8000000000005n); // quiet NaN payload and sign kept
  assert.equal(r.v(13), DNAN);
  assert.equal(r.d(15), 1);
  assert.equal(r.d(16), -1.5);
  assert.equal(r.v(17), 0n);
  assert.equal(r.v(20), 0x8000000000000000n);
  assert.equal(r.d(21), 1.5);
  assert.equal(r.v(22), 0xfff8000000000005n);
  assert.equal(r.v(23), 0x7ff8000000000001n); // signalling NaN wins over an earlier quiet NaN
});

test('single precision arithmetic and FMOV immediates', () => {
  const r = runOk(`
    fadd s0, s1, s2
    fmul s3, s1, s1
    fmov d4, #-1.25
    fmov s5, #0.5
    fmov s6, #31.0
    fdiv s7, s8, s8
    brk #0`, { v: { 1: sbits(0.1), 2: sbits(0.2) } });
  assert.equal(r.v(0), sbits(Math.fround(Math.fround(0.1) + Math.fround(0.2))));
  assert.equal(r.v(3), sbits(Math.fround(0.1) * Math.fround(0.1)));
  assert.equal(r.d(4), -1.25);
  assert.equal(r.s(5), 0.5);
  assert.equal(r.s(6), 31);
  assert.equal(r.v(7), 0x7fc00000n);
});

test('fused multiply-add rounds once', () => {
  const a = 1 + 2 ** -30, b = 1 - 2 ** -30;
  const r = runOk(`
    fmadd d0, d1, d2, d3
    fmsub d4, d1, d2, d5
    fnmadd d6, d1, d2, d3
    fnmsub d7, d1, d2, d5
    fmadd s8, s9, s10, s11
    fmadd d12, d13, d14, d3
    fmadd d15, d16, d1, d17
    brk #0`, {
    v: { 1: dbits(a), 2: dbits(b), 3: dbits(-1), 5: dbits(1), 9: sbits(1 + 2 ** -12), 10: sbits(1 - 2 ** -12), 11: sbits(-1),
      13: dbits(Infinity), 14: 0n, 16: dbits(2 ** -1022), 17: dbits(-(2 ** -1022)) },
  });
  assert.equal(r.d(0), -(2 ** -60));
  assert.equal(r.d(4), 2 ** -60);
  assert.equal(r.d(6), 2 ** -60);
  assert.equal(r.d(7), -(2 ** -60));
  assert.equal(r.s(8), -(2 ** -24));
  assert.equal(r.v(12), DNAN); // inf * 0 + QNaN-free addend: invalid
  assert.equal(r.d(15), 2 ** -1022 * 2 ** -30); // subnormal result, exact
});

test('compares and conditional FP ops', () => {
  const flags = (a: number, b: number): number => {
    const r = runOk('fcmp d1, d2\nbrk #0', { v: { 1: dbits(a), 2: dbits(b) } });
    return r.nzcv();
  };
  assert.equal(flags(1, 2), 0b1000);
  assert.equal(flags(2, 2), 0b0110);
  assert.equal(flags(3, 2), 0b0010);
  assert.equal(flags(NaN, 2), 0b0011);
  const r = runOk(`
    fcmp s1, #0.0
    fcsel d3, d4, d5, gt
    fccmp d4, d5, #0b0011, gt
    cset x0, mi
    fcmpe d4, d4
    cset x1, eq
    brk #0`, { v: { 1: sbits(1), 4: dbits(1), 5: dbits(7) } });
  assert.equal(r.d(3), 1);
  assert.equal(r.x(0), 1n);
  assert.equal(r.x(1), 1n);
});

test('float to integer conversions saturate and round per mode', () => {
  const r = runOk(`
    fcvtzs w0, d1
    fcvtzs w2, d3
    fcvtzs x4, d5
    fcvtzu x6, d7
    fcvtas x8, d9
    fcvtas x10, d11
    fcvtns x12, d9
    fcvtms x13, d7
    fcvtps w14, d15
    fcvtzu w16, s17
    fcvtau w18, d9
    fcvtzs w19, d1, #8
    fcvtzs x20, s21
    brk #0`, {
    v: { 1: dbits(1e20), 3: dbits(-1e20), 5: DNAN, 7: dbits(-1.5), 9: dbits(2.5), 11: dbits(-2.5), 15: dbits(1.2),
      17: sbits(4294967296), 21: sbits(-3.99) },
  });
  assert.equal(r.x(0), 0x7fffffffn);
  assert.equal(r.x(2), 0x80000000n);
  assert.equal(r.x(4), 0n);
  assert.equal(r.x(6), 0n);
  assert.equal(r.x(8), 3n);
  assert.equal(r.x(10), u64(-3));
  assert.equal(r.x(12), 2n);
  assert.equal(r.x(13), u64(-2));
  assert.equal(r.x(14), 2n);
  assert.equal(r.x(16), 0xffffffffn);
  assert.equal(r.x(18), 3n);
  assert.equal(r.x(19), 0x7fffffffn);
  assert.equal(r.x(20), u64(-3));
});

test('integer to float, fixed point and FMOV general', () => {
  const r = runOk(`
    scvtf d0, x1
    ucvtf s2, x3
    scvtf d4, w5, #16
    ucvtf d6, w5
    fmov x7, d0
    fmov d8, x9
    fmov v8.d[1], x10
    fmov w11, s2
    fmov s12, w9
    fmov x13, v8.d[1]
    brk #0`, { x: { 1: u64(-3), 3: u64(-1), 5: 0x18000, 9: 0x1234567890abcdefn, 10: 42 }, v: { 12: u64(-1) } });
  assert.equal(r.d(0), -3);
  assert.equal(r.v(2), 0x5f800000n);
  assert.equal(r.d(4), 1.5);
  assert.equal(r.d(6), 0x18000);
  assert.equal(r.x(7), dbits(-3));
  assert.equal(r.v(8), (42n << 64n) | 0x1234567890abcdefn);
  assert.equal(r.x(11), 0x5f800000n);
  assert.equal(r.v(12), 0x90abcdefn);
  assert.equal(r.x(13), 42n);
});

test('precision conversions including half precision', () => {
  const r = runOk(`
    fcvt s0, d1
    fcvt d2, s3
    fcvt h4, s5
    fcvt h6, d7
    fcvt d8, h9
    fcvt s10, h11
    fcvt d12, s13
    fcvt s14, d15
    fcvt h16, s17
    brk #0`, {
    v: { 1: dbits(0.1), 3: sbits(0.1), 5: sbits(1 + 2 ** -11), 7: dbits(65520), 9: 0x3c01n, 11: 0x0001n,
      13: 0x7f800001n, 15: 0xfff0000020000000n, 17: sbits(1 + 3 * 2 ** -11) },
  });
  assert.equal(r.v(0), sbits(0.1));
  assert.equal(r.d(2), Math.fround(0.1));
  assert.equal(r.v(4), 0x3c00n); // tie to even
  assert.equal(r.v(6), 0x7c00n); // overflow to infinity
  assert.equal(r.d(8), 1 + 2 ** -10);
  assert.equal(r.s(10), 2 ** -24);
  assert.equal(r.v(12), 0x7ff8000020000000n); // SNaN widened: quietened, payload shifted up
  assert.equal(r.v(14), 0xffc00001n);
  assert.equal(r.v(16), 0x3c02n);
});

test('round to integral', () => {
  const r = runOk(`
    frinta d0, d1
    frintn d2, d3
    frintm d4, d5
    frintp d6, d5
    frintz d7, d1
    frinta d8, d9
    frintx s10, s11
    frinti d12, d13
    brk #0`, { v: { 1: dbits(-2.5), 3: dbits(2.5), 5: dbits(-0.5), 9: dbits(-0.4), 11: sbits(3.5), 13: 0x7ff0000000000001n } });
  assert.equal(r.d(0), -3);
  assert.equal(r.d(2), 2);
  assert.equal(r.d(4), -1);
  assert.equal(lo64(r.v(6)), 0x8000000000000000n);
  assert.equal(r.d(7), -2);
  assert.equal(lo64(r.v(8)), 0x8000000000000000n);
  assert.equal(r.s(10), 4);
  assert.equal(r.v(12), 0x7ff8000000000001n);
});

test('FP loads and stores of B/H/S/D/Q registers', () => {
  const data = Uint8Array.from({ length: 64 }, (_, k) => k);
  const r = runOk(`
    ldr q0, [x1]
    ldr d1, [x1, #8]
    ldr s2, [x1, #4]!
    ldr h3, [x1], #2
    ldr b4, [x1, x5]
    ldp q6, q7, [x20]
    ldp s8, s9, [x20, #8]
    str q0, [x1, #26]
    stp d1, d2, [x20, #48]
    str h3, [x1, #58]
    ldr q10, 1f
    b 2f
    .balign 16
1:  .quad 1, 2
2:  brk #0`, { x: { 1: 0x200000, 5: 3, 20: 0x200000 }, data });
  const le = (off: number, n: number): bigint => {
    let v = 0n;
    for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(data[off + k]!);
    return v;
  };
  assert.equal(r.v(0), le(0, 16));
  assert.equal(r.v(1), le(8, 8));
  assert.equal(r.v(2), le(4, 4));
  assert.equal(r.v(3), le(4, 2));
  assert.equal(r.v(4), 9n);
  assert.equal(r.v(6), le(0, 16));
  assert.equal(r.v(7), le(16, 16));
  assert.equal(r.v(8), le(8, 4));
  assert.equal(r.v(9), le(12, 4));
  assert.deepEqual([...r.mem.readBytes(0x200000 + 32, 16)], [...data.slice(0, 16)]);
  assert.equal(r.mem.read64(0x200000 + 48), le(8, 8));
  assert.equal(r.mem.read32(0x200000 + 56), Number(le(4, 4)));
  assert.equal(r.mem.read16(0x200000 + 64), Number(le(4, 2)));
  assert.equal(r.v(10), (2n << 64n) | 1n);
});

test('FPCR.RMode: arithmetic, conversions and FRINTX round in the selected mode (both tiers)', () => {
  const code = `
    fdiv d0, d1, d2
    fdiv d3, d4, d2
    fcvt s5, d6
    scvtf s7, x1
    fadd s8, s9, s10
    frintx d11, d12
    fmadd d13, d1, d1, d14
    brk #0`;
  const init = (rmode: number) => ({
    fpcr: rmode << 22,
    x: { 1: 0x7fffffffffffffffn },
    v: { 1: dbits(1), 2: dbits(3), 4: dbits(-1), 6: dbits(0.1), 9: sbits(1), 10: sbits(2 ** -30), 12: dbits(-2.5), 14: dbits(2 ** -60) },
  });
  const expect: Record<number, { third: bigint; m3: bigint; tenth: bigint; big: bigint; sum: bigint; rint: number; fma: bigint }> = {
    0: { third: 0x3fd5555555555555n, m3: 0xbfd5555555555555n, tenth: 0x3dcccccdn, big: 0x5f000000n, sum: 0x3f800000n, rint: -2, fma: 0x3ff0000000000000n },
    1: { third: 0x3fd5555555555556n, m3: 0xbfd5555555555555n, tenth: 0x3dcccccdn, big: 0x5f000000n, sum: 0x3f800001n, rint: -2, fma: 0x3ff0000000000001n },
    2: { third: 0x3fd5555555555555n, m3: 0xbfd5555555555556n, tenth: 0x3dccccccn, big: 0x5effffffn, sum: 0x3f800000n, rint: -3, fma: 0x3ff0000000000000n },
    3: { third: 0x3fd5555555555555n, m3: 0xbfd5555555555555n, tenth: 0x3dccccccn, big: 0x5effffffn, sum: 0x3f800000n, rint: -2, fma: 0x3ff0000000000000n },
  };
  for (const [mode, want] of Object.entries(expect)) {
    const r = runOk(code, init(Number(mode)));
    assert.equal(lo64(r.v(0)), want.third, `mode ${mode} 1/3`);
    assert.equal(lo64(r.v(3)), want.m3, `mode ${mode} -1/3`);
    assert.equal(r.v(5), want.tenth, `mode ${mode} (float)0.1`);
    assert.equal(r.v(7), want.big, `mode ${mode} scvtf`);
    assert.equal(r.v(8), want.sum, `mode ${mode} 1 + 2^-30`);
    assert.equal(r.d(11), want.rint, `mode ${mode} frintx`);
    assert.equal(lo64(r.v(13)), want.fma, `mode ${mode} fmadd`);
  }
});
