// Every IR op with its edge cases, in every tier: inputs come from state slots (so nothing is
// constant-folded), the result goes to a state slot and is compared bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerHelper } from '../../runtime/ir/helpers.js';
import type { IRBuilder } from '../../runtime/ir/builder.js';
import type { BinKind, Temp, Ty } from '../../runtime/ir/types.js';
import { CODE_BASE, DATA_BASE, FakeFrontend, off, setup } from './fake-frontend.js';
import { TIERS } from './tiers.js';

type V = [Ty, number | bigint];
interface Case { name: string; inputs: V[]; build: (b: IRBuilder, ...t: Temp[]) => Temp; expect: V | 'nan' }

const IN: Record<Ty, string[]> = { i32: ['w0', 'w1', 'w3'], i64: ['r0', 'r1', 'r3'], f32: ['g0', 'g1'], f64: ['f0', 'f1', 'f3'] };
const OUT: Record<Ty, string> = { i32: 'w2', i64: 'r2', f32: 'g2', f64: 'f2' };

const I32_MIN = -(2 ** 31), I64_MIN = -(2n ** 63n), I64_MAX = 2n ** 63n - 1n;
const i32 = (v: number): V => ['i32', v];
const i64 = (v: bigint): V => ['i64', v];
const f64 = (v: number): V => ['f64', v];
const f32 = (v: number): V => ['f32', v];

const cases: Case[] = [];
const bin = (kind: any, a: V, b: V, expect: V): void => {
  cases.push({ name: `${kind} ${a[0]} ${a[1]} ${b[1]}`, inputs: [a, b], build: (bb, x, y) => bb.bin(kind, x!, y!), expect });
};
const un = (kind: any, a: V, expect: V | 'nan'): void => {
  cases.push({ name: `${kind} ${a[0]} ${a[1]}`, inputs: [a], build: (bb, x) => bb.un(kind, x!), expect });
};
const conv = (kind: any, a: V, expect: V | 'nan'): void => {
  cases.push({ name: `${kind} ${a[0]} ${a[1]}`, inputs: [a], build: (bb, x) => bb.conv(kind, x!), expect });
};
const cmp = (kind: any, a: V, b: V, expect: number): void => {
  cases.push({ name: `${kind} ${a[0]} ${a[1]} ${b[1]}`, inputs: [a, b], build: (bb, x, y) => bb.cmp(kind, x!, y!), expect: i32(expect) });
};

// Integer arithmetic, guest-safe division, shifts modulo width.
bin('add', i32(0x7fffffff), i32(1), i32(I32_MIN));
bin('sub', i32(0), i32(1), i32(-1));
bin('mul', i32(0x10001), i32(0x10001), i32(0x20001));
bin('div_s', i32(-7), i32(2), i32(-3));
bin('div_s', i32(5), i32(0), i32(0));
bin('div_s', i32(I32_MIN), i32(-1), i32(I32_MIN));
bin('div_u', i32(-1), i32(2), i32(0x7fffffff));
bin('div_u', i32(9), i32(0), i32(0));
bin('rem_s', i32(-7), i32(2), i32(-1));
bin('rem_s', i32(-7), i32(0), i32(-7));
bin('rem_s', i32(I32_MIN), i32(-1), i32(0));
bin('rem_u', i32(-1), i32(10), i32(5));
bin('rem_u', i32(-3), i32(0), i32(-3));
bin('mulh_s', i32(I32_MIN), i32(I32_MIN), i32(0x40000000));
bin('mulh_s', i32(-1), i32(5), i32(-1));
bin('mulh_u', i32(-1), i32(-1), i32(-2));
bin('shl', i32(1), i32(33), i32(2));
bin('shr_u', i32(-1), i32(32), i32(-1));
bin('shr_u', i32(-1), i32(28), i32(15));
bin('shr_s', i32(-256), i32(36), i32(-16));
bin('rotl', i32(0x80000001), i32(36), i32(0x18));
bin('rotr', i32(0x10), i32(5), i32(I32_MIN));
bin('rotl', i32(0x1234), i32(0), i32(0x1234));
bin('and', i32(0xff0), i32(0x0ff), i32(0xf0));
bin('or', i32(0xf00), i32(0x00f), i32(0xf0f));
bin('xor', i32(-1), i32(0xff), i32(~0xff));
bin('add', i64(I64_MAX), i64(1n), i64(I64_MIN));
bin('mul', i64(0x100000001n), i64(0x100000001n), i64(0x200000001n));
bin('mul', i64(-3n), i64(I64_MAX), i64(BigInt.asIntN(64, -3n * I64_MAX)));
bin('div_s', i64(I64_MIN), i64(-1n), i64(I64_MIN));
bin('div_s', i64(-9n), i64(4n), i64(-2n));
bin('div_s', i64(1n), i64(0n), i64(0n));
bin('div_u', i64(-1n), i64(3n), i64(0x5555555555555555n));
bin('div_u', i64(-1n), i64(0n), i64(0n));
bin('rem_s', i64(I64_MIN), i64(-1n), i64(0n));
bin('rem_s', i64(-9n), i64(0n), i64(-9n));
bin('rem_s', i64(-9n), i64(4n), i64(-1n));
bin('rem_u', i64(-1n), i64(10n), i64(5n));
bin('rem_u', i64(7n), i64(0n), i64(7n));
for (const [a, b] of [[-1n, -1n], [I64_MIN, I64_MIN], [I64_MIN, -1n], [0x123456789abcdefn, -0x7edcba987654321n], [I64_MAX, 2n]] as const) {
  bin('mulh_s', i64(a), i64(b), i64(BigInt.asIntN(64, (a * b) >> 64n)));
  const ua = BigInt.asUintN(64, a), ub = BigInt.asUintN(64, b);
  bin('mulh_u', i64(a), i64(b), i64(BigInt.asIntN(64, (ua * ub) >> 64n)));
}
bin('shl', i64(1n), i64(65n), i64(2n));
bin('shr_u', i64(-1n), i64(64n), i64(-1n));
bin('shr_u', i64(-1n), i64(60n), i64(15n));
bin('shr_s', i64(-256n), i64(68n), i64(-16n));
bin('rotl', i64(I64_MIN + 1n), i64(68n), i64(0x18n));
bin('rotr', i64(1n), i64(1n), i64(I64_MIN));
bin('xor', i64(-1n), i64(0xffn), i64(~0xffn));

// i64 values around the edges of the interpreter's number form (core/int64.ts: safe integers are
// numbers, the rest bigints), against BigInt arithmetic modulo 2^64.
const EDGES = [0n, 1n, -1n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 52n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, -(2n ** 53n), 2n ** 53n, I64_MIN, I64_MAX];
const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const EDGE_BIN: [string, (a: bigint, b: bigint) => bigint][] = [
  ['add', (a, b) => a + b], ['sub', (a, b) => a - b], ['mul', (a, b) => a * b],
  ['and', (a, b) => a & b], ['or', (a, b) => a | b], ['xor', (a, b) => a ^ b],
];
/** The result compared (eq) with its expected value read from the state: catches non-canonical forms. */
const sameAs = (name: string, inputs: V[], build: Case['build'], want: bigint): void => {
  cases.push({ name: `${name} == ${want}`, inputs: [...inputs, i64(want)], build: (bb, ...t) => bb.cmp('eq', build(bb, ...t), t[inputs.length]!), expect: i32(1) });
};
for (const a of EDGES) {
  sameAs(`not ${a}`, [i64(a)], (bb, x) => bb.un('not', x!), ~a);
  sameAs(`neg ${a}`, [i64(a)], (bb, x) => bb.un('neg', x!), wrap64(-a));
  for (const b of EDGES) {
    for (const [kind, f] of EDGE_BIN) {
      bin(kind, i64(a), i64(b), i64(wrap64(f(a, b))));
      sameAs(`${kind} ${a} ${b}`, [i64(a), i64(b)], (bb, x, y) => bb.bin(kind as BinKind, x!, y!), wrap64(f(a, b)));
    }
    cmp('lt_u', i64(a), i64(b), u64(a) < u64(b) ? 1 : 0);
    cmp('ge_u', i64(a), i64(b), u64(a) >= u64(b) ? 1 : 0);
    cmp('lt_s', i64(a), i64(b), a < b ? 1 : 0);
    cmp('eq', i64(a), i64(b), a === b ? 1 : 0);
  }
  for (const n of [0n, 1n, 11n, 31n, 32n, 52n, 63n, 65n]) {
    bin('shl', i64(a), i64(n), i64(wrap64(a << (n & 63n))));
    bin('shr_s', i64(a), i64(n), i64(a >> (n & 63n)));
    bin('shr_u', i64(a), i64(n), i64(wrap64(u64(a) >> (n & 63n))));
  }
  un('neg', i64(a), i64(wrap64(-a)));
  un('not', i64(a), i64(~a));
  conv('wrap', i64(a), i32(Number(BigInt.asIntN(32, a))));
  conv('sext8', i64(a), i64(BigInt.asIntN(8, a)));
  conv('s64_to_f64', i64(a), f64(Number(a)));
  conv('u64_to_f64', i64(a), f64(Number(u64(a))));
}

// Floats.
bin('fadd', f64(0.1), f64(0.2), f64(0.1 + 0.2));
bin('fdiv', f64(1), f64(0), f64(Infinity));
bin('fmul', f32(1.1), f32(1.1), f32(Math.fround(Math.fround(1.1) * Math.fround(1.1))));
bin('fsub', f32(16777216), f32(-1), f32(16777216));
bin('fmin', f64(-0), f64(0), f64(-0));
bin('fmax', f64(-0), f64(0), f64(0));
cases.push({ name: 'fmin with a NaN is a NaN', inputs: [f64(NaN), f64(1)], build: (b, x, y) => b.bin('fmin', x!, y!), expect: 'nan' });
bin('fcopysign', f64(3), f64(-0), f64(-3));
bin('fcopysign', f32(-3), f32(1), f32(3));
cases.push({ name: 'fdiv 0/0 is a NaN', inputs: [f64(0), f64(0)], build: (b, x, y) => b.bin('fdiv', x!, y!), expect: 'nan' });

// Comparisons.
cmp('lt_s', i32(-1), i32(0), 1);
cmp('lt_u', i32(-1), i32(0), 0);
cmp('ge_u', i32(-1), i32(1), 1);
cmp('le_s', i64(I64_MIN), i64(0n), 1);
cmp('gt_u', i64(I64_MIN), i64(0n), 1);
cmp('eq', i64(5n), i64(5n), 1);
cmp('ne', i32(5), i32(5), 0);
cmp('flt', f64(NaN), f64(1), 0);
cmp('fge', f64(NaN), f64(NaN), 0);
cmp('feq', f64(NaN), f64(NaN), 0);
cmp('fne', f64(NaN), f64(NaN), 1);
cmp('feq', f64(0), f64(-0), 1);
cmp('fle', f32(1), f32(1), 1);

// Unary ops.
un('clz', i32(0), i32(32));
un('clz', i32(0x00800000), i32(8));
un('ctz', i32(0), i32(32));
un('ctz', i32(0x100), i32(8));
un('popcnt', i32(-1), i32(32));
un('neg', i32(I32_MIN), i32(I32_MIN));
un('not', i32(0), i32(-1));
un('bswap', i32(0x11223344), i32(0x44332211));
un('clz', i64(0n), i64(64n));
un('clz', i64(0x80000000n), i64(32n));
un('ctz', i64(0n), i64(64n));
un('ctz', i64(0x100000000n), i64(32n));
un('popcnt', i64(-1n), i64(64n));
un('neg', i64(I64_MIN), i64(I64_MIN));
un('not', i64(5n), i64(-6n));
un('bswap', i64(0x0102030405060708n), i64(0x0807060504030201n));
un('fabs', f64(-0), f64(0));
un('fneg', f64(0), f64(-0));
un('fsqrt', f64(2), f64(Math.SQRT2));
un('fsqrt', f64(-1), 'nan');
un('fsqrt', f32(2), f32(Math.fround(Math.SQRT2)));
un('fceil', f64(-0.5), f64(-0));
un('ffloor', f64(-0.5), f64(-1));
un('ftrunc', f64(-1.7), f64(-1));
for (const [x, r] of [[2.5, 2], [3.5, 4], [-2.5, -2], [-0.5, -0], [0.4999999999999999, 0], [-1.5, -2], [4503599627370497, 4503599627370497]]) {
  un('fnearest', f64(x!), f64(r!));
}
un('fnearest', f32(2.5), f32(2));

// Conversions.
conv('wrap', i64(0x1ffffffffn), i32(-1));
conv('extend_s', i32(-2), i64(-2n));
conv('extend_u', i32(-2), i64(0xfffffffen));
conv('sext8', i32(0x180), i32(-128));
conv('sext16', i32(0x18000), i32(-32768));
conv('sext8', i64(0x7fn), i64(0x7fn));
conv('sext16', i64(0xffffn), i64(-1n));
conv('sext32', i64(0x80000000n), i64(-0x80000000n));
conv('f32_to_f64', f32(1.5), f64(1.5));
conv('f64_to_f32', f64(1.0000000596046448), f32(Math.fround(1.0000000596046448)));
conv('f64_to_f32', f64(1e300), f32(Infinity));
conv('f_to_s32', f64(NaN), i32(0));
conv('f_to_s32', f64(1e10), i32(0x7fffffff));
conv('f_to_s32', f64(-1e10), i32(I32_MIN));
conv('f_to_s32', f64(-1.9), i32(-1));
conv('f_to_s32', f64(-2147483648.9), i32(I32_MIN));
conv('f_to_u32', f64(-5), i32(0));
conv('f_to_u32', f64(-0.9), i32(0));
conv('f_to_u32', f64(5e9), i32(-1));
conv('f_to_u32', f32(4294967040), i32(-256));
conv('f_to_s64', f64(1e19), i64(I64_MAX));
conv('f_to_s64', f64(-1e19), i64(I64_MIN));
conv('f_to_s64', f64(NaN), i64(0n));
conv('f_to_s64', f64(-123.9), i64(-123n));
conv('f_to_s64', f32(-Infinity), i64(I64_MIN));
conv('f_to_u64', f64(2e19), i64(-1n));
conv('f_to_u64', f64(-1), i64(0n));
conv('f_to_u64', f64(1.8e19), i64(BigInt.asIntN(64, 18000000000000000000n)));
conv('s32_to_f32', i32(16777217), f32(16777216));
conv('u32_to_f32', i32(-1), f32(4294967296));
conv('s64_to_f32', i64(2n ** 60n + 2n ** 36n + 1n), f32(2 ** 60 + 2 ** 37)); // no double rounding
conv('s64_to_f32', i64(-(2n ** 60n) - 2n ** 36n - 1n), f32(-(2 ** 60 + 2 ** 37)));
conv('u64_to_f32', i64(-1n), f32(2 ** 64));
conv('u64_to_f32', i64(BigInt.asIntN(64, 2n ** 63n + 2n ** 39n + 1n)), f32(2 ** 63 + 2 ** 40));
conv('s32_to_f64', i32(-5), f64(-5));
conv('u32_to_f64', i32(-1), f64(4294967295));
conv('s64_to_f64', i64(2n ** 53n + 1n), f64(2 ** 53));
conv('s64_to_f64', i64(I64_MIN), f64(-(2 ** 63)));
conv('u64_to_f64', i64(-1n), f64(2 ** 64));
conv('bits_to_f32', i32(0x3f800000), f32(1));
conv('bits_to_f64', i64(0x4000000000000000n), f64(2));
conv('f32_to_bits', f32(-2), i32(0xc0000000 | 0));
conv('f64_to_bits', f64(-0), i64(I64_MIN));

// select, state access sizes.
cases.push({ name: 'select true', inputs: [i32(7), i32(9), i32(2)], build: (b, x, y, c) => b.select(c!, x!, y!), expect: i32(7) });
cases.push({ name: 'select false', inputs: [i64(7n), i64(9n)], build: (b, x, y) => b.select(b.i32(0), x!, y!), expect: i64(9n) });
cases.push({ name: 'get size 1 zero-extends', inputs: [i64(-1n)], build: (b) => b.get('i64', off('r0'), 1), expect: i64(255n) });
cases.push({ name: 'get size 4 of i64 zero-extends', inputs: [i64(-2n)], build: (b) => b.get('i64', off('r0'), 4), expect: i64(0xfffffffen) });
cases.push({ name: 'get size 2 into i32', inputs: [i32(-1)], build: (b) => b.get('i32', off('w0'), 2), expect: i32(0xffff) });
cases.push({
  name: 'set size 2 truncates', inputs: [i64(0x123456789n)],
  build: (b, x) => { b.set(off('r2'), b.i64(-1n)); b.set(off('r2'), x!, 2); return b.get('i64', off('r2')); },
  expect: i64(BigInt.asIntN(64, 0xffffffffffff6789n)),
});

// Memory: byte order, sign extension, floats, page crossing.
const D = DATA_BASE + 0xff8; // 8 bytes before a page boundary; the next page is mapped too
const storeLoad = (name: string, v: V, st: { size: 1 | 2 | 4 | 8; e: 'le' | 'be' }, ld: { ty: 'i32' | 'i64'; size: 1 | 2 | 4 | 8; signed: boolean; e: 'le' | 'be'; at?: number }, expect: V): void => {
  cases.push({
    name, inputs: [v],
    build: (b, x) => { b.store(b.i64(D), x!, st.size, st.e); return b.load(ld.ty, b.i64(D + (ld.at ?? 0)), ld.size, ld.signed, ld.e); },
    expect,
  });
};
storeLoad('store be 4, load le 4', i32(0x11223344), { size: 4, e: 'be' }, { ty: 'i32', size: 4, signed: false, e: 'le' }, i32(0x44332211));
storeLoad('store be 8, read byte 0', i64(0x0102030405060708n), { size: 8, e: 'be' }, { ty: 'i32', size: 1, signed: false, e: 'le' }, i32(1));
storeLoad('store be 8, load be 8', i64(-0x0102030405060708n), { size: 8, e: 'be' }, { ty: 'i64', size: 8, signed: false, e: 'be' }, i64(-0x0102030405060708n));
storeLoad('load be 2 signed into i64', i32(0x80ff), { size: 2, e: 'be' }, { ty: 'i64', size: 2, signed: true, e: 'be' }, i64(-32513n));
storeLoad('load be 4 unsigned into i64', i32(-2), { size: 4, e: 'be' }, { ty: 'i64', size: 4, signed: false, e: 'be' }, i64(0xfffffffen));
storeLoad('load le 1 signed', i32(0x80), { size: 1, e: 'le' }, { ty: 'i64', size: 1, signed: true, e: 'le' }, i64(-128n));
storeLoad('load le 2 unsigned', i32(-1), { size: 2, e: 'le' }, { ty: 'i32', size: 2, signed: false, e: 'le' }, i32(0xffff));
storeLoad('store i64 size 4 be', i64(0x1122334455n), { size: 4, e: 'be' }, { ty: 'i32', size: 4, signed: false, e: 'be' }, i32(0x22334455));
storeLoad('store f64 le', f64(1.5), { size: 8, e: 'le' }, { ty: 'i64', size: 8, signed: false, e: 'le' }, i64(0x3ff8000000000000n));
storeLoad('store f32 be', f32(1), { size: 4, e: 'be' }, { ty: 'i32', size: 1, signed: false, e: 'le' }, i32(0x3f));
storeLoad('page-crossing load', i64(0x0807060504030201n), { size: 8, e: 'le' }, { ty: 'i64', size: 8, signed: false, e: 'le', at: 4 }, i64(BigInt.asIntN(64, 0xaaaaaaaa08070605n)));

// Helpers: pure and state-effect.
registerHelper({ name: 'test_fma', params: ['f64', 'f64', 'f64'], result: 'f64', effects: 'pure', fn: (_c, a, b, c) => a * b + c });
registerHelper({
  name: 'test_bump_r5', params: ['i64'], result: 'i64', effects: 'state',
  fn: (ctx, d: bigint) => { const v = ctx.state.getBigInt64(40, true) + d; ctx.state.setBigInt64(40, v, true); return v * 2n; },
});
cases.push({ name: 'pure helper', inputs: [f64(2), f64(3), f64(1)], build: (b, x, y, z) => b.call('test_fma', [x!, y!, z!], 'f64'), expect: f64(7) });
cases.push({
  name: 'state helper sees and changes cached registers',
  inputs: [i64(5n)],
  build: (b, x) => {
    b.set(off('r5'), b.i64(100n)); // r5 lives in a local in the JIT: must be spilled before the call
    const r = b.call('test_bump_r5', [x!], 'i64');
    return b.bin('add', r, b.get('i64', off('r5'))); // and reloaded after it
  },
  expect: i64(315n),
});

function bits(ty: Ty, dv: DataView, o: number): bigint {
  return ty === 'i64' || ty === 'f64' ? dv.getBigUint64(o, true) : BigInt(dv.getUint32(o, true));
}
function expectedBits(v: V): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  switch (v[0]) {
    case 'i32': return BigInt(Number(v[1]) >>> 0);
    case 'i64': return BigInt.asUintN(64, BigInt(v[1]));
    case 'f32': dv.setFloat32(0, Number(v[1]), true); return BigInt(dv.getUint32(0, true));
    case 'f64': dv.setFloat64(0, Number(v[1]), true); return dv.getBigUint64(0, true);
  }
}

for (const tier of TIERS.filter((t) => t.name !== 'mixed')) {
  test(`${tier.name}: ${cases.length} op cases`, () => {
    const fe = new FakeFrontend();
    const resultTy: Ty[] = [];
    cases.forEach((c, k) => {
      const pc = CODE_BASE + 4 * k;
      fe.at(pc, (b) => {
        const used: Record<Ty, number> = { i32: 0, i64: 0, f32: 0, f64: 0 };
        const temps = c.inputs.map(([ty]) => b.get(ty, off(IN[ty][used[ty]++]!)));
        const r = c.build(b, ...temps);
        resultTy[k] = b.tyOf(r);
        b.set(off(OUT[b.tyOf(r)]), r);
        b.exit('halt', pc);
      });
    });
    const { engine, thread, mem } = setup(fe, tier);
    cases.forEach((c, k) => {
      const used: Record<Ty, number> = { i32: 0, i64: 0, f32: 0, f64: 0 };
      for (const [ty, v] of c.inputs) thread.set(IN[ty][used[ty]++]!, ty === 'f32' || ty === 'f64' ? Number(v) : v);
      mem.u8.fill(0xaa, D - 8, D + 16);
      thread.pc = CODE_BASE + 4 * k;
      assert.equal(engine.run(thread).kind, 'halt', c.name);
      const ty = resultTy[k]!;
      const o = off(OUT[ty]);
      if (c.expect === 'nan') {
        assert.ok(Number.isNaN(Number(thread.get(OUT[ty]))), `${c.name}: expected NaN`);
      } else {
        assert.equal(ty, c.expect[0], `${c.name}: result type`);
        const got = bits(ty, thread.state, o), want = expectedBits(c.expect);
        assert.equal(got.toString(16), want.toString(16), c.name);
      }
    });
  });
}

// Addresses have the guest pointer type: i32 on a 32-bit guest.
for (const tier of TIERS.filter((t) => t.name !== 'mixed')) {
  test(`${tier.name}: a 32-bit guest's i32 address reaches the low 4 GiB`, () => {
    const fe = new FakeFrontend(32).at(CODE_BASE, (b) => {
      b.store(b.get('i32', off('w0')), b.i32(0x55), 1, 'le');
      b.set(off('w1'), b.load('i32', b.i32(DATA_BASE + 16), 1, false, 'le'));
      b.exit('halt', CODE_BASE);
    });
    const { engine, thread } = setup(fe, tier);
    thread.set('w0', DATA_BASE + 16);
    assert.equal(engine.run(thread).kind, 'halt');
    assert.equal(thread.get('w1'), 0x55);
  });
}
