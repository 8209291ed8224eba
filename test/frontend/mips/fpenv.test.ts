// The FCSR environment: every rounding operation honours FCSR.RM, sets Cause and accumulates
// Flags as qemu-user does (V Z O U I), traps when a cause is enabled (Cause left set, Flags and
// the destination unchanged), and FS flushes tiny results to zero without a flag. Both tiers
// run every snippet (harness.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRAP_FPE } from '../../../runtime/frontend/mips/traps.js';
import { runOk, run, VARIANTS, type Result, type Variant } from './harness.js';

const BRK = 'break\n';
const buf = new DataView(new ArrayBuffer(8));
const f64bits = (x: number): bigint => { buf.setFloat64(0, x); return buf.getBigUint64(0); };
const f32bits = (x: number): bigint => { buf.setFloat32(0, x); return BigInt(buf.getUint32(0)); };
const I = 1, U = 2, O = 4, Z = 8, V = 16;
const RM = { nearest: 0, zero: 1, up: 2, down: 3 } as const;

function dreg(v: Variant, n: number, x: number | bigint): Record<number, bigint> {
  const bits = typeof x === 'bigint' ? x : f64bits(x);
  return v.bits === 64 ? { [n]: bits } : { [n]: bits & 0xffffffffn, [n + 1]: bits >> 32n };
}
function getD(v: Variant, r: Result, n: number): bigint {
  return v.bits === 64 ? r.f(n) : ((r.f(n + 1) & 0xffffffffn) << 32n) | (r.f(n) & 0xffffffffn);
}
const cause = (r: Result): number => (r.fcsr() >>> 12) & 0x3f;
const flags = (r: Result): number => (r.fcsr() >>> 2) & 0x1f;

/** One double operation `insn $f0, $f2, $f4` (operands 2 and 4) in mode rm: [result bits, cause]. */
function dop(v: Variant, insn: string, a: number, b: number, rm: number, c = 0): [bigint, number] {
  const r = runOk(v, `${insn}\n${BRK}`, { fcsr: rm, f: { ...dreg(v, 2, a), ...dreg(v, 4, b), ...dreg(v, 6, c) } });
  return [getD(v, r, 0), cause(r)];
}

test('every double arithmetic op rounds in FCSR.RM and raises Inexact', () => {
  const third = 0x3fd5555555555555n; // RN(1/3), rounded down
  const cases: [string, number, number, bigint, bigint][] = [
    // insn, a, b, result toward -inf / zero, result toward +inf
    ['div.d $f0, $f2, $f4', 1, 3, third, third + 1n],
    ['add.d $f0, $f2, $f4', 1, 2 ** -60, f64bits(1), f64bits(1) + 1n],
    ['sub.d $f0, $f2, $f4', 1, -(2 ** -60), f64bits(1), f64bits(1) + 1n],
    ['mul.d $f0, $f2, $f4', 1 + 2 ** -52, 1 + 2 ** -52, f64bits(1) + 2n, f64bits(1) + 3n],
    ['sqrt.d $f0, $f2', 2, 0, 0x3ff6a09e667f3bccn, 0x3ff6a09e667f3bcdn],
    ['recip.d $f0, $f2', 3, 0, third, third + 1n],
  ];
  for (const v of VARIANTS) {
    for (const [insn, a, b, down, up] of cases) {
      assert.deepEqual(dop(v, insn, a, b, RM.up), [up, I], `${v.name} ${insn} up`);
      assert.deepEqual(dop(v, insn, a, b, RM.down), [down, I], `${v.name} ${insn} down`);
      assert.deepEqual(dop(v, insn, a, b, RM.zero), [down, I], `${v.name} ${insn} zero`);
      assert.deepEqual(dop(v, insn, -a, b === 0 ? 0 : b, RM.nearest)[1], insn.startsWith('sqrt') ? V : I, `${v.name} ${insn} -a`);
    }
    // MADD: $f6 + $f2 * $f4 = RN(1/3) + 3, rounded in RM.
    assert.deepEqual(dop(v, 'madd.d $f0, $f6, $f2, $f4', 1, 3, RM.up, 1 / 3), [0x400aaaaaaaaaaaabn, I], `${v.name} madd up`);
    assert.deepEqual(dop(v, 'madd.d $f0, $f6, $f2, $f4', 1, 3, RM.down, 1 / 3), [0x400aaaaaaaaaaaaan, I], `${v.name} madd down`);
  }
});

test('single and conversion ops honour RM', () => {
  for (const v of VARIANTS) {
    const s = (insn: string, x: bigint, rm: number): [bigint, number] => {
      const r = runOk(v, `${insn}\n${BRK}`, { fcsr: rm, f: { ...dreg(v, 2, 0), 4: x, ...dreg(v, 6, 1 / 3) } });
      return [r.f(0) & 0xffffffffn, cause(r)];
    };
    // 2/3 in single: 0x3f2aaaab to nearest and up, 0x3f2aaaaa down.
    const two = f32bits(2), three = f32bits(3);
    const rDiv = (rm: number): [bigint, number] => {
      const r = runOk(v, `div.s $f0, $f4, $f5\n${BRK}`, { fcsr: rm, f: { 4: two, 5: three } });
      return [r.f(0) & 0xffffffffn, cause(r)];
    };
    assert.deepEqual(rDiv(RM.nearest), [0x3f2aaaabn, I], v.name);
    assert.deepEqual(rDiv(RM.down), [0x3f2aaaaan, I], v.name);
    // CVT.S.D of 1/3 (in $f6): 0x3eaaaaab up, 0x3eaaaaaa toward zero; CVT.S.W of 2^24 + 1.
    assert.deepEqual(s('cvt.s.d $f0, $f6', 0n, RM.up), [0x3eaaaaabn, I], v.name);
    assert.deepEqual(s('cvt.s.d $f0, $f6', 0n, RM.zero), [0x3eaaaaaan, I], v.name);
    assert.deepEqual(s('cvt.s.w $f0, $f4', BigInt(2 ** 24 + 1), RM.up), [0x4b800001n, I], v.name);
    assert.deepEqual(s('cvt.s.w $f0, $f4', BigInt(2 ** 24 + 1), RM.nearest), [0x4b800000n, I], v.name);
    assert.deepEqual(s('cvt.s.w $f0, $f4', 5n, RM.up), [f32bits(5), 0], `${v.name} exact`);
  }
});

test('Cause is replaced by each op, Flags accumulate: O U Z V', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `mul.d $f0, $f2, $f2\ndiv.d $f8, $f4, $f6\n${BRK}`, { f: { ...dreg(v, 2, 1e300), ...dreg(v, 4, 1), ...dreg(v, 6, 0) } });
    assert.equal(getD(v, r, 0), f64bits(Infinity), v.name);
    assert.equal(getD(v, r, 8), f64bits(Infinity));
    assert.equal(cause(r), Z, `${v.name} cause of the last op only`);
    assert.equal(flags(r), O | I | Z, `${v.name} flags of both`);
    const u = runOk(v, `mul.d $f0, $f2, $f2\n${BRK}`, { f: dreg(v, 2, 1e-200) });
    assert.deepEqual([getD(v, u, 0), cause(u)], [0n, U | I], `${v.name} underflow`);
    // Tininess after rounding: (2^-1022 - 2^-1074)(1 + 2^-52) = 2^-1022 - 2^-1126 rounds to the
    // smallest normal even with an unbounded exponent, so no Underflow (Arm would raise it).
    const t = runOk(v, `mul.d $f0, $f2, $f4\n${BRK}`, { f: { ...dreg(v, 2, 0x000fffffffffffffn), ...dreg(v, 4, 0x3ff0000000000001n) } });
    assert.deepEqual([getD(v, t, 0), cause(t)], [0x0010000000000000n, I], `${v.name} tiny after rounding`);
    const n = runOk(v, `sub.d $f0, $f2, $f2\nadd.d $f4, $f6, $f6\n${BRK}`, { f: { ...dreg(v, 2, Infinity), ...dreg(v, 6, 1) } });
    assert.equal(getD(v, n, 0), 0x7ff7ffffffffffffn, `${v.name} legacy default NaN`);
    assert.deepEqual([cause(n), flags(n)], [0, V], `${v.name} an exact op clears Cause`);
    // Compares: quiet ones signal only on a signalling NaN (quiet bit set in the legacy encoding).
    const qnan = 0x7ff7ffffffffffffn, snan = 0x7ff8000000000000n;
    const c = (insn: string, x: bigint): number => cause(runOk(v, `${insn} $f2, $f4\n${BRK}`, { f: { ...dreg(v, 2, x), ...dreg(v, 4, 1) } }));
    assert.deepEqual([c('c.eq.d', qnan), c('c.eq.d', snan), c('c.seq.d', qnan)], [0, V, V], v.name);
  }
});

test('an enabled exception traps: SIGFPE exit, Cause set, Flags and destination unchanged', () => {
  for (const v of VARIANTS) {
    const enables = Z << 7;
    const r = run(v, `div.d $f0, $f2, $f4\n${BRK}`, { fcsr: enables, f: { ...dreg(v, 0, 7), ...dreg(v, 2, 1), ...dreg(v, 4, 0) } });
    assert.equal(r.event.kind, 'trap', v.name);
    assert.equal((r.event as { info: number }).info, TRAP_FPE);
    assert.equal(r.fcsr(), enables | (Z << 12), `${v.name} Cause Z, no flag`);
    assert.equal(getD(v, r, 0), f64bits(7), `${v.name} destination kept`);
    // Inexact enabled traps an ordinary division (the fast path must not skip it).
    const i = run(v, `div.d $f0, $f2, $f4\n${BRK}`, { fcsr: I << 7, f: { ...dreg(v, 2, 1), ...dreg(v, 4, 3) } });
    assert.equal(i.event.kind, 'trap', v.name);
    assert.equal(i.fcsr(), (I << 7) | (I << 12));
    // CTC1 writing an enabled Cause traps too.
    const w = run(v, `ctc1 $4, $31\n${BRK}`, { r: { 4: (V << 7) | (V << 12) } });
    assert.equal((w.event as { info: number }).info, TRAP_FPE, `${v.name} ctc1`);
  }
});

test('FS flushes results tiny before rounding to zero, raising nothing', () => {
  for (const v of VARIANTS) {
    const FS = 1 << 24;
    const r = runOk(v, `mul.d $f0, $f2, $f4\n${BRK}`, { fcsr: FS, f: { ...dreg(v, 2, 1e-300), ...dreg(v, 4, -1e-20) } });
    assert.deepEqual([getD(v, r, 0), cause(r), flags(r)], [1n << 63n, 0, 0], v.name);
    const n = runOk(v, `mul.d $f0, $f2, $f4\n${BRK}`, { f: { ...dreg(v, 2, 1e-300), ...dreg(v, 4, 1e-20) } });
    assert.deepEqual([getD(v, n, 0), cause(n)], [f64bits(1e-320), U | I], `${v.name} without FS: a subnormal`);
  }
});
