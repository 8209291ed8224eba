// FPU: loads/stores, moves, arithmetic, compares and FP branches, conversions with FCSR.RM,
// COP1X indexed accesses and multiply-add; FR=0 register pairs on o32, FR=1 on n64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, runOk, VARIANTS, w32, type Result, type Variant } from './harness.js';

const BRK = 'break\n';
const buf = new DataView(new ArrayBuffer(8));
const f64bits = (x: number): bigint => { buf.setFloat64(0, x); return buf.getBigUint64(0); };
const f32bits = (x: number): number => { buf.setFloat32(0, x); return buf.getUint32(0); };
const bitsF64 = (x: bigint): number => { buf.setBigUint64(0, x); return buf.getFloat64(0); };
const bitsF32 = (x: number): number => { buf.setUint32(0, x); return buf.getFloat32(0); };
const lo32 = (x: bigint): number => Number(x & 0xffffffffn);

/** FPR initial values for a double in register n under the variant's FR mode. */
function dreg(v: Variant, n: number, x: number): Record<number, bigint> {
  const bits = f64bits(x);
  return v.bits === 64 ? { [n]: bits } : { [n]: bits & 0xffffffffn, [n + 1]: bits >> 32n };
}
const sreg = (n: number, x: number): Record<number, bigint> => ({ [n]: BigInt(f32bits(x)) });
function getD(v: Variant, r: Result, n: number): number {
  return bitsF64(v.bits === 64 ? r.f(n) : (BigInt(lo32(r.f(n + 1))) << 32n) | BigInt(lo32(r.f(n))));
}
const getS = (r: Result, n: number): number => bitsF32(lo32(r.f(n)));

test('double and single arithmetic', () => {
  for (const v of VARIANTS) {
    const init = { f: { ...dreg(v, 2, 1.5), ...dreg(v, 4, -0.25), ...sreg(6, 3), ...sreg(7, 0.5) } };
    const r = runOk(v, `add.d $f8, $f2, $f4\nsub.d $f10, $f2, $f4\nmul.d $f12, $f2, $f4\ndiv.d $f14, $f2, $f4\n` +
      `sqrt.d $f16, $f2\nabs.d $f18, $f4\nneg.d $f20, $f2\nmov.d $f22, $f4\n` +
      `add.s $f24, $f6, $f7\ndiv.s $f25, $f7, $f6\nrecip.s $f26, $f7\nrsqrt.d $f28, $f2\n${BRK}`, init);
    assert.deepEqual([8, 10, 12, 14, 16, 18, 20, 22, 28].map((n) => getD(v, r, n)),
      [1.25, 1.75, -0.375, -6, Math.sqrt(1.5), 0.25, -1.5, -0.25, 1 / Math.sqrt(1.5)], v.name);
    assert.deepEqual([24, 25, 26].map((n) => getS(r, n)), [3.5, Math.fround(0.5 / 3), 2], v.name);
  }
});

test('invalid operations give the legacy MIPS default NaN', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `sub.s $f0, $f2, $f2\nsub.d $f4, $f6, $f6\n${BRK}`, { f: { ...sreg(2, Infinity), ...dreg(v, 6, Infinity) } });
    assert.equal(lo32(r.f(0)), 0x7fbfffff, v.name);
    const raw = v.bits === 64 ? r.f(4) : (BigInt(lo32(r.f(5))) << 32n) | BigInt(lo32(r.f(4)));
    assert.equal(raw, 0x7ff7ffffffffffffn, v.name);
  }
});

test('LWC1/SWC1/LDC1/SDC1 and indexed forms use guest byte order', () => {
  const data = new Uint8Array(16);
  for (const v of VARIANTS) {
    const dv = new DataView(data.buffer);
    dv.setFloat64(0, 2.75, v.le);
    dv.setFloat32(8, -1.5, v.le);
    const r = runOk(v, `ldc1 $f2, 0($4)\nlwc1 $f4, 8($4)\nsdc1 $f2, 16($4)\nswc1 $f4, 24($4)\n` +
      `li $5, 8\nlwxc1 $f6, $5($4)\nldxc1 $f8, $0($4)\nsdxc1 $f8, $5($6)\nswxc1 $f6, $0($6)\n${BRK}`,
    { r: { 4: DATA, 6: DATA + 32 }, data });
    assert.equal(getD(v, r, 2), 2.75, v.name);
    assert.equal(getS(r, 4), -1.5);
    assert.equal(getS(r, 6), -1.5);
    assert.equal(getD(v, r, 8), 2.75);
    const out = new DataView(r.mem.readBytes(DATA, 48).buffer);
    assert.equal(out.getFloat64(16, v.le), 2.75);
    assert.equal(out.getFloat32(24, v.le), -1.5);
    assert.equal(out.getFloat32(32, v.le), -1.5);
    assert.equal(out.getFloat64(40, v.le), 2.75);
  }
});

test('MFC1/MTC1/MFHC1/MTHC1 (and DMFC1/DMTC1 on MIPS64)', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `mtc1 $4, $f2\nmthc1 $5, $f2\nmfc1 $6, $f2\nmfhc1 $7, $f2\n${BRK}`, { r: { 4: w32(0x89abcdef), 5: 0x3ff00000 } });
    assert.equal(r.r(6), w32(0x89abcdef), v.name);
    assert.equal(r.r(7), 0x3ff00000n);
    assert.equal(f64bits(getD(v, r, 2)), 0x3ff0000089abcdefn);
    if (v.bits !== 64) continue;
    const q = runOk(v, `dmtc1 $4, $f3\ndmfc1 $5, $f3\n${BRK}`, { r: { 4: 0x123456789abcdef0n } });
    assert.equal(q.r(5), 0x123456789abcdef0n);
    assert.equal(q.f(3), 0x123456789abcdef0n, 'odd registers hold doubles with FR=1');
  }
});

test('C.cond, BC1T/BC1F (likely too), MOVT/MOVF and condition codes', () => {
  for (const v of VARIANTS) {
    const f = { ...dreg(v, 2, 1), ...dreg(v, 4, 2), ...sreg(6, NaN) };
    const r = runOk(v, `
      c.lt.d $f2, $f4
      c.eq.d $fcc3, $f2, $f4
      c.un.s $fcc7, $f6, $f6
      li $2, 0
      bc1t 1f
      li $3, 1
      li $2, 9
    1:bc1fl $fcc3, 2f
      addiu $3, $3, 1
      li $2, 9
    2:bc1tl $fcc3, 3f
      addiu $3, $3, 10
      li $5, 7
      movf $5, $0, $fcc0
      movt $6, $4, $fcc7
      movt.d $f8, $f2, $fcc0
      cfc1 $7, $25
    3:${BRK}`, { f, r: { 4: 42 } });
    assert.equal(r.r(2), 0n, `${v.name} branches taken`);
    assert.equal(r.r(3), 2n, `${v.name} taken likely slot ran, untaken likely slot skipped`);
    assert.equal(r.r(5), 7n, 'movf: fcc0 is true, no move');
    assert.equal(r.r(6), 42n, 'movt on fcc7');
    assert.equal(getD(v, r, 8), 1);
    assert.equal(r.r(7), 0x81n, 'FCCR: fcc7 and fcc0');
    // JS's NaN 0x7fc00000 has the quiet bit set: a signalling NaN in the legacy encoding, so
    // c.un.s raised Invalid (Cause and Flags).
    assert.equal(r.fcsr(), ((1 << 23) | (1 << 31) | (16 << 12) | (16 << 2)) >>> 0);
  }
});

test('conversions: CVT.W honours FCSR.RM, ROUND/TRUNC/CEIL/FLOOR, invalid -> 0x7fffffff', () => {
  const modes = [[0, 2, -2], [1, 2, -2], [2, 3, -2], [3, 2, -3]]; // RM, cvt.w(2.5), cvt.w(-2.5)
  for (const v of VARIANTS) {
    for (const [rm, pos, neg] of modes) {
      const r = runOk(v, `ctc1 $4, $31\ncvt.w.d $f6, $f2\ncvt.w.s $f7, $f4\nmfc1 $2, $f6\nmfc1 $3, $f7\ncfc1 $5, $31\n${BRK}`,
        { r: { 4: rm! }, f: { ...dreg(v, 2, 2.5), ...sreg(4, -2.5) } });
      // Inexact conversions: Cause and Flags I (0x1004) besides RM.
      assert.deepEqual([r.r(2), r.r(3), r.r(5)], [BigInt(pos!), BigInt(neg!), BigInt(rm! | 0x1004)], `${v.name} rm ${rm}`);
    }
    const r = runOk(v, `round.w.d $f6, $f2\ntrunc.w.d $f7, $f2\nceil.w.d $f8, $f2\nfloor.w.d $f9, $f2\n` +
      `trunc.w.s $f10, $f4\ncvt.d.w $f12, $f14\ncvt.s.d $f16, $f2\ncvt.d.s $f18, $f4\ncvt.s.w $f20, $f14\n${BRK}`,
    { f: { ...dreg(v, 2, -3.5), ...sreg(4, 3e9), 14: 0xfffffff9n } });
    assert.deepEqual([6, 7, 8, 9, 10].map((n) => lo32(r.f(n)) | 0), [-4, -3, -3, -4, 0x7fffffff], v.name);
    assert.deepEqual([getD(v, r, 12), getS(r, 16), getD(v, r, 18), getS(r, 20)], [-7, -3.5, 3e9, -7]);
  }
});

test('64-bit integer conversions (FR=1)', () => {
  for (const v of VARIANTS.filter((x) => x.bits === 64)) {
    const r = runOk(v, `trunc.l.d $f4, $f2\ncvt.d.l $f6, $f8\ncvt.l.s $f10, $f12\n${BRK}`,
      { f: { 2: f64bits(-1e15 - 0.5), 8: BigInt.asUintN(64, -(1n << 40n)), 12: BigInt(f32bits(NaN)) } });
    assert.equal(BigInt.asIntN(64, r.f(4)), -1000000000000000n);
    assert.equal(bitsF64(r.f(6)), -(2 ** 40));
    assert.equal(r.f(10), 0x7fffffffffffffffn);
  }
});

test('MADD/MSUB/NMADD/NMSUB round the product first (not fused), as MIPS32r2 FPUs do', () => {
  for (const v of VARIANTS) {
    const a = 1 + 2 ** -30, b = 1 - 2 ** -30;
    const r = runOk(v, `madd.d $f8, $f6, $f2, $f4\nmsub.d $f10, $f6, $f2, $f4\nnmadd.s $f12, $f14, $f15, $f16\nnmsub.s $f13, $f14, $f15, $f16\n${BRK}`,
      { f: { ...dreg(v, 2, a), ...dreg(v, 4, b), ...dreg(v, 6, -1), ...sreg(14, 1), ...sreg(15, 2), ...sreg(16, 3) } });
    assert.equal(getD(v, r, 8), 0, `${v.name} madd.d`);
    assert.equal(getD(v, r, 10), 2);
    assert.deepEqual([getS(r, 12), getS(r, 13)], [-7, -5]);
  }
});
