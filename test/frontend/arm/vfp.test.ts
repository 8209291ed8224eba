// VFP: arithmetic in both precisions, fused and chained multiply-accumulate, compares and
// VMRS APSR_nzcv, conversions (FPSCR rounding mode, saturation, fixed point), moves,
// loads/stores, FPSCR rounding modes and cumulative flags, FZ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, ISAS, runOk } from './harness.js';

const dv = new DataView(new ArrayBuffer(8));
const f64 = (x: number): bigint => { dv.setFloat64(0, x, true); return dv.getBigUint64(0, true); };
const asF64 = (b: bigint): number => { dv.setBigUint64(0, b, true); return dv.getFloat64(0, true); };
const f32 = (x: number): number => { dv.setFloat32(0, x, true); return dv.getUint32(0, true); };
const asF32 = (b: number): number => { dv.setUint32(0, b, true); return dv.getFloat32(0, true); };
/** D register holding two singles (s2n low, s2n+1 high). */
const pair = (lo: number, hi: number): bigint => BigInt(f32(lo)) | (BigInt(f32(hi)) << 32n);

const IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
const RM_ZERO = 3 << 22, RM_MINUS = 2 << 22, RM_PLUS = 1 << 22, FZ = 1 << 24, DN = 1 << 25;
const N = 8, Z = 4, C = 2, V = 1;

test('VADD/VSUB/VMUL/VDIV/VSQRT/VNMUL/VNEG/VABS, double and single', () => {
  for (const isa of ISAS) {
    const r = runOk(`vadd.f64 d0, d1, d2
vsub.f64 d3, d1, d2
vmul.f64 d4, d1, d2
vdiv.f64 d5, d1, d2
vsqrt.f64 d6, d2
vnmul.f64 d7, d1, d2
vneg.f64 d8, d1
vabs.f64 d9, d8
vadd.f32 s20, s22, s23
vdiv.f32 s21, s22, s23
bkpt`, isa, { d: { 1: f64(1.5), 2: f64(4), 11: pair(1, 3) } });
    assert.deepEqual([0, 3, 4, 5, 6, 7, 8, 9].map((n) => asF64(r.d(n))), [5.5, -2.5, 6, 0.375, 2, -6, -1.5, 1.5], isa);
    assert.equal(asF32(r.s(20)), 4, isa);
    assert.equal(r.s(21), f32(1 / 3), isa);
    assert.equal(r.fpscr(), IXC, isa); // 1/3 is inexact
  }
});

test('VMLA/VMLS/VNMLA/VNMLS round twice, VFMA/VFMS/VFNMA/VFNMS once', () => {
  const a = 1 + 2 ** -30, b = 1 - 2 ** -30; // a * b = 1 - 2^-60, which double rounding loses
  for (const isa of ISAS) {
    const r = runOk(`vmla.f64 d0, d1, d2
vfma.f64 d3, d1, d2
vmls.f64 d4, d1, d2
vnmla.f64 d5, d1, d2
vnmls.f64 d6, d1, d2
vfms.f64 d7, d1, d2
vfnma.f64 d8, d1, d2
vfnms.f64 d9, d1, d2
bkpt`, isa, { d: { 0: f64(-1), 1: f64(a), 2: f64(b), 3: f64(-1), 4: f64(1), 5: f64(1), 6: f64(1), 7: f64(1), 8: f64(1), 9: f64(1) } });
    assert.equal(asF64(r.d(0)), 0, isa);
    assert.equal(asF64(r.d(3)), -(2 ** -60), isa);
    assert.equal(asF64(r.d(4)), 0, isa);
    assert.equal(asF64(r.d(5)), -2, isa); // -d - n*m
    assert.equal(asF64(r.d(6)), 0, isa); // -d + n*m
    assert.equal(asF64(r.d(7)), 2 ** -60, isa); // d - n*m fused
    assert.equal(asF64(r.d(8)), -2 + 2 ** -60, isa); // -d - n*m fused
    assert.equal(asF64(r.d(9)), -(2 ** -60), isa); // -d + n*m fused
  }
});

test('VCMP/VCMPE set FPSCR.NZCV; VMRS APSR_nzcv copies them; VCMPE of a NaN raises IOC', () => {
  const cases: [number, number, number][] = [[1, 2, N], [2, 2, Z | C], [3, 2, C], [NaN, 2, C | V]];
  for (const isa of ISAS) {
    for (const [x, y, flags] of cases) {
      const r = runOk('vcmp.f64 d0, d1\nvmrs APSR_nzcv, fpscr\nbkpt', isa, { d: { 0: f64(x), 1: f64(y) } });
      assert.equal(r.nzcv(), flags, `${isa} ${x} ${y}`);
      assert.equal(r.fpscr() >>> 28, flags, `${isa} ${x} ${y}`);
      assert.equal(r.fpscr() & IOC, 0, isa);
    }
    const e = runOk('vcmpe.f32 s0, #0\nvmrs r0, fpscr\nbkpt', isa, { d: { 0: BigInt(f32(NaN)) } });
    assert.equal(e.r(0), ((C | V) << 28 | IOC) >>> 0, isa);
    const z = runOk('vcmp.f32 s0, #0\nvmrs APSR_nzcv, fpscr\nbkpt', isa, { d: { 0: BigInt(f32(-0)) } });
    assert.equal(z.nzcv(), Z | C, isa);
  }
});

test('conversions: to integer toward zero or in the FPSCR mode, saturation, from integer, precision', () => {
  for (const isa of ISAS) {
    const r = runOk(`vcvt.s32.f64 s0, d8
vcvtr.s32.f64 s1, d8
vcvt.u32.f64 s2, d9
vcvt.s32.f64 s3, d11
vcvt.f64.s32 d2, s20
vcvt.f32.u32 s6, s20
vcvt.f32.f64 s7, d12
vcvt.f64.f32 d4, s21
bkpt`, isa, { d: { 8: f64(-2.5), 9: f64(-1), 10: BigInt(0xfffffffe) | (BigInt(f32(0.1)) << 32n), 11: f64(1e10), 12: f64(1 / 3) } });
    assert.equal(r.s(0), -2 >>> 0, isa);
    assert.equal(r.s(1), -2 >>> 0, isa); // ties to even
    assert.equal(r.s(2), 0, isa); // saturated
    assert.equal(r.s(3), 0x7fffffff, isa);
    assert.equal(asF64(r.d(2)), -2, isa);
    assert.equal(asF32(r.s(6)), 4294967296, isa);
    assert.equal(r.s(7), f32(1 / 3), isa);
    assert.equal(asF64(r.d(4)), Math.fround(0.1), isa);
    assert.equal(r.fpscr() & (IOC | IXC), IOC | IXC, isa);
    const m = runOk('vcvtr.s32.f64 s0, d8\nbkpt', isa, { d: { 8: f64(-2.5) }, fpscr: RM_MINUS });
    assert.equal(m.s(0), -3 >>> 0, isa);
    const fx = runOk('vcvt.s32.f64 d0, d0, #16\nvcvt.f32.u16 s2, s2, #8\nbkpt', isa, { d: { 0: f64(1.5), 1: 0x180n } });
    assert.equal(fx.d(0), 0x18000n, isa);
    assert.equal(asF32(fx.s(2)), 1.5, isa);
  }
});

test('FPSCR rounding modes and cumulative flags; FZ and DN', () => {
  for (const isa of ISAS) {
    const src = 'vadd.f32 s0, s2, s3\nbkpt';
    const init = { d: { 1: pair(1, 2 ** -30) } };
    assert.equal(asF32(runOk(src, isa, init).s(0)), 1, isa);
    assert.equal(asF32(runOk(src, isa, { ...init, fpscr: RM_PLUS }).s(0)), 1 + 2 ** -23, isa);
    const neg = { d: { 1: pair(-1, -(2 ** -30)) } };
    assert.equal(asF32(runOk(src, isa, { ...neg, fpscr: RM_MINUS }).s(0)), -1 - 2 ** -23, isa);
    assert.equal(asF32(runOk(src, isa, { ...neg, fpscr: RM_ZERO }).s(0)), -1, isa);
    const flags = runOk(`vdiv.f64 d0, d1, d2
vdiv.f64 d3, d2, d2
vmul.f64 d4, d5, d5
vmul.f64 d6, d7, d7
vmrs r0, fpscr
bkpt`, isa, { d: { 1: f64(1), 2: f64(0), 5: f64(1e300), 7: f64(1e-300) } });
    assert.equal(flags.r(0), IOC | DZC | OFC | UFC | IXC, isa);
    assert.equal(asF64(flags.d(0)), Infinity, isa);
    assert.equal(flags.d(3), 0x7ff8000000000000n, isa); // the default NaN
    const fz = runOk('vadd.f32 s0, s2, s3\nbkpt', isa, { d: { 1: pair(2 ** -130, 0) }, fpscr: FZ });
    assert.equal(fz.s(0), 0, isa);
    assert.equal(fz.fpscr() & IDC, IDC, isa);
    const dn = runOk('vadd.f32 s0, s2, s3\nbkpt', isa, { d: { 1: BigInt(0x7fc00001) }, fpscr: DN });
    assert.equal(dn.s(0), 0x7fc00000, isa);
    const w = runOk('vmsr fpscr, r0\nvmrs r1, fpscr\nbkpt', isa, { r: { 0: 0xffffffff } });
    assert.equal(w.r(1), 0xffc0009f, isa);
  }
});

test('VMOV forms, VLDR/VSTR, VLDM/VSTM, VPUSH/VPOP', () => {
  for (const isa of ISAS) {
    const r = runOk(`vmov.f64 d0, #1.5
vmov.f32 s2, #-2.0
vmov s3, r1
vmov r2, s2
vmov d2, r3, r4
vmov r5, r6, d2
vmov.32 d3[1], r1
vmov.u8 r7, d2[5]
vmov.s16 r8, d2[1]
vmov.f64 d4, d0
vstr d0, [r0, #8]
vldr s30, [r0, #12]
vpush {d0-d2}
vpop {d5-d7}
vstmia r0!, {s0-s3}
vldmdb r0!, {d8-d9}
bkpt`, isa, { r: { 0: DATA, 1: 0x11223344, 3: 0x8899aabb, 4: 0xccddeeff, 13: DATA + 0x800 } });
    assert.equal(asF64(r.d(0)), 1.5, isa);
    assert.equal(asF32(r.s(2)), -2, isa);
    assert.equal(r.s(3), 0x11223344, isa);
    assert.equal(r.r(2), f32(-2), isa);
    assert.equal(r.d(2), 0xccddeeff8899aabbn, isa);
    assert.deepEqual([r.r(5), r.r(6)], [0x8899aabb, 0xccddeeff], isa);
    assert.equal(r.d(3) >> 32n, 0x11223344n, isa);
    assert.equal(r.r(7), 0xee, isa);
    assert.equal(r.r(8), 0xffff8899, isa);
    assert.equal(r.d(4), r.d(0), isa);
    assert.equal(r.s(30), Number(f64(1.5) >> 32n), isa);
    assert.deepEqual([r.d(5), r.d(6), r.d(7)], [r.d(0), r.d(1), r.d(2)], isa);
    assert.equal(r.r(13), DATA + 0x800, isa);
    assert.equal(r.r(0), DATA, isa);
    assert.deepEqual([r.d(8), r.d(9)], [r.d(0), r.d(1)], isa);
  }
});

test('the host fast path of the arithmetic helpers agrees with soft-float (results and flags)', async () => {
  const { getHelper } = await import('../../../runtime/ir/helpers.js');
  const { VFP_HELPERS } = await import('../../../runtime/frontend/arm/helpers/vfp.js');
  const sf = await import('../../../runtime/frontend/shared/softfloat.js');
  const { ARM } = await import('../../../runtime/frontend/arm/state.js');
  const state = new DataView(new ArrayBuffer(ARM.size));
  const ctx = { state, mem: new Uint8Array(0) };
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
  const interesting = (): number => [1, 3, 0.1, 1e-300, 1e300, 2 ** -1022, 1 / 3, 7, 2 ** 52 + 1][rnd() % 9]! * (rnd() & 1 ? -1 : 1);
  for (let k = 0; k < 3000; k++) {
    const op = rnd() % 5;
    const a = k & 1 ? interesting() : (rnd() / 2 ** 16) * (rnd() & 1 ? -1 : 1), b = k & 2 ? interesting() : rnd() / 2 ** 20;
    for (const dbl of [true, false]) {
      state.setUint32(ARM.fpscr, 0, true);
      const res = dbl
        ? BigInt.asUintN(64, getHelper(VFP_HELPERS.arith64).fn(ctx, op, f64(a), f64(b)) as bigint)
        : BigInt((getHelper(VFP_HELPERS.arith32).fn(ctx, op, f32(a), f32(b)) as number) >>> 0);
      sf.takeFlags();
      const want = dbl ? sf.arith(['add', 'sub', 'mul', 'div', 'sqrt'][op] as 'add', f64(a), f64(b), sf.F64, 0)
        : sf.arith(['add', 'sub', 'mul', 'div', 'sqrt'][op] as 'add', BigInt(f32(a)), BigInt(f32(b)), sf.F32, 0);
      assert.equal(res, want, `${dbl ? 'f64' : 'f32'} op ${op} ${a} ${b}`);
      assert.equal(state.getUint32(ARM.fpscr, true), sf.takeFlags(), `${dbl ? 'f64' : 'f32'} op ${op} ${a} ${b} flags`);
    }
  }
});

test('with IXC already set (the host path) results and new flags are those of the exact path', () => {
  const values = [1.5, -3, -0, 1e300, 1e-300, 5e-324, Infinity, NaN, 1 / 3, 4294967295.5];
  const src = `vadd.f64 d0, d1, d2
vsub.f64 d3, d1, d2
vmul.f64 d4, d1, d2
vdiv.f64 d5, d1, d2
vsqrt.f64 d6, d1
vcvt.s32.f64 s14, d1
vcvt.u32.f64 s15, d1
vcmp.f64 d1, d2
vadd.f32 s16, s18, s19
vmul.f32 s17, s18, s19
vdiv.f32 s20, s18, s19
vcvt.f64.f32 d11, s18
bkpt`;
  for (const isa of ISAS) {
    for (const x of values) {
      for (const y of values) {
        const init = { d: { 1: f64(x), 2: f64(y), 9: pair(x, y) } };
        const exact = runOk(src, isa, init);
        const host = runOk(src, isa, { ...init, fpscr: IXC });
        for (const n of [0, 3, 4, 5, 6, 7, 8, 10, 11]) assert.equal(host.d(n), exact.d(n), `${isa} d${n} ${x} ${y}`);
        assert.equal(host.fpscr(), (exact.fpscr() | IXC) >>> 0, `${isa} fpscr ${x} ${y}`);
      }
    }
  }
});

test('VCVTB/VCVTT: half precision in the bottom or top of a single register, AHP, rounding, flags', () => {
  const AHP = 1 << 26;
  for (const isa of ISAS) {
    // s0 = 1.0 (bottom) and -2.0 (top) as halves; s2 = 65520 (rounds to infinity, or AHP's largest).
    const init = { d: { 0: 0xc0003c00n, 1: BigInt(f32(65520)) | (BigInt(f32(1 + 2 ** -12)) << 32n) } };
    const r = runOk(`vcvtb.f32.f16 s4, s0
vcvtt.f32.f16 s5, s0
vcvtb.f16.f32 s6, s2
vcvtt.f16.f32 s6, s3
bkpt`, isa, { ...init, d: { ...init.d, 3: 0x1234abcdn } });
    assert.deepEqual([asF32(r.s(4)), asF32(r.s(5))], [1, -2], isa);
    assert.equal(r.s(6), 0x3c007c00, isa); // top: 1 + 2^-12 rounds to 1.0; bottom: +infinity
    assert.equal(r.fpscr(), OFC | IXC, isa);
    // AHP: exponent 31 is a normal one (65520 rounds to 65536), an infinity becomes the largest value (IOC).
    const a = runOk('vcvtb.f16.f32 s6, s2\nvcvtt.f16.f32 s6, s3\nbkpt', isa, { d: { 1: BigInt(f32(65520)) | (BigInt(f32(-Infinity)) << 32n) }, fpscr: AHP });
    assert.equal(a.s(6) >>> 0, 0xffff7c00, isa);
    assert.equal(a.fpscr(), AHP | IOC | IXC, isa);
    const z = runOk('vcvtb.f16.f32 s6, s3\nbkpt', isa, { d: { 1: BigInt(f32(1 + 2 ** -12)) << 32n }, fpscr: RM_PLUS });
    assert.equal(z.s(6) & 0xffff, 0x3c01, isa); // rounds up under RP
  }
});
