// VFPv3/VFPv4 (32 D registers): arithmetic, fused multiply-add, compares, conversions, moves,
// loads/stores and FPSCR access. The encodings are the same in A32 (cond in bits 31:28) and
// T32 (first halfword 1110 11xx), so each is written once and both tables get it. Values move as
// bit patterns (S registers are the halves of the D registers); arithmetic, compares and
// conversions call the soft-float helpers (../helpers/vfp.ts), which follow FPSCR's rounding
// mode, FZ and DN and accumulate its cumulative flags. Short vectors (FPSCR.LEN) are not
// implemented: LEN and STRIDE read as zero.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Group, type Pattern } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { CVT_ROUND_NEAREST, CVT_ROUND_ZERO, CVT_SIGNED, cvtArgs, VFP_HELPERS } from '../helpers/vfp.js';
import { ARM } from '../state.js';

/** S register n's offset (the low or high half of D(n/2)). */
const sOff = (n: number): number => ARM.dreg(0) + 4 * n;

/** Register access for one precision: sz = 1 double (D:Vd numbering), 0 single (Vd:D). */
export interface Prec {
  readonly dbl: boolean;
  num(v: number, x: number): number;
  read(e: ArmEmitter, n: number): Temp;
  write(e: ArmEmitter, n: number, v: Temp): void;
  k(e: ArmEmitter, v: bigint): Temp;
  readonly sign: bigint;
}
export const SINGLE: Prec = {
  dbl: false,
  num: (v, x) => (v << 1) | x,
  read: (e, n) => e.b.get('i32', sOff(n)),
  write: (e, n, v) => e.b.set(sOff(n), v),
  k: (e, v) => e.b.i32(Number(BigInt.asIntN(32, v))),
  sign: 0x80000000n,
};
export const DOUBLE: Prec = {
  dbl: true,
  num: (v, x) => (x << 4) | v,
  read: (e, n) => e.b.get('i64', ARM.dreg(n)),
  write: (e, n, v) => e.b.set(ARM.dreg(n), v),
  k: (e, v) => e.b.i64(v),
  sign: 0x8000000000000000n,
};
const prec = (sz: number): Prec => (sz ? DOUBLE : SINGLE);

const neg = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.bin('xor', v, p.k(e, p.sign));
const abs = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.bin('and', v, p.k(e, ~p.sign));

const ADD = 0, SUB = 1, MUL = 2, DIV = 3, SQRT = 4;
const HOST_BIN = ['fadd', 'fsub', 'fmul', 'fdiv'] as const;

/** FPSCR.RMode, FZ, DN (the environment) and IXC. */
const FPSCR_ENV = 0x03c00000, FPSCR_IXC = 0x10, FPSCR_FZ = 1 << 24;

/** Exponent field of v minus `low` is below the field's maximum minus `low`: v is finite and its exponent at least low. */
export function exponentAtLeast(e: ArmEmitter, p: Prec, v: Temp, low: number): Temp {
  const b = e.b;
  const mant = p.dbl ? 52 : 23, max = p.dbl ? 0x7ff : 0xff;
  let ef = b.bin('shr_u', v, p.k(e, BigInt(mant)));
  if (p.dbl) ef = b.conv('wrap', ef);
  ef = b.bin('and', ef, b.i32(max));
  return b.cmp('lt_u', b.bin('sub', ef, b.i32(low)), b.i32(max - low));
}
export const isZero = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.cmp('eq', e.b.bin('and', v, p.k(e, ~p.sign)), p.k(e, 0n));
const isNaN = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.cmp('gt_u', e.b.bin('and', v, p.k(e, ~p.sign)), p.k(e, p.dbl ? 0x7ff0000000000000n : 0x7f800000n));
const toF = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.conv(p.dbl ? 'bits_to_f64' : 'bits_to_f32', v);
const fromF = (e: ArmEmitter, p: Prec, v: Temp): Temp => e.b.conv(p.dbl ? 'f64_to_bits' : 'f32_to_bits', v);

/**
 * The host computes `fast` into a fresh temp when `ok` holds and its result passes `check`;
 * otherwise (or when it fails) `slow` emits the exact helper call into the same temp.
 */
export function hostOrHelper(e: ArmEmitter, ty: 'i32' | 'i64', ok: Temp, fast: () => { r: Temp; check: Temp } | Temp, slow: (dst: Temp) => void): Temp {
  const b = e.b;
  const res = b.newTemp(ty);
  const slowPath = b.newLabel(), done = b.newLabel();
  b.brif(b.cmp('eq', ok, b.i32(0)), slowPath);
  const f = fast();
  const [r, check] = typeof f === 'number' ? [f, null] : [f.r, f.check];
  if (check !== null) b.brif(b.cmp('eq', check, b.i32(0)), slowPath);
  b.ops.push({ op: 'bin', kind: 'or', dst: res, a: r, b: b.konst(ty, 0) });
  b.brif(b.i32(1), done);
  b.label(slowPath);
  slow(res);
  b.label(done);
  return res;
}

/**
 * The host computes FPAdd/FPSub/FPMul/FPDiv/FPSqrt (op: index in VFP_OPS) when `envOk` (the
 * environment is one where that is exact and IXC is already set), the operands are normal or
 * zero (a divisor normal, a square root's operand positive) and the result normal and above the
 * smallest normal: then nothing new can be raised (as in the AArch64 frontend). Else `slow`
 * emits the soft-float helper's call into the result.
 */
export function hostArith(e: ArmEmitter, p: Prec, op: number, a: Temp, c: Temp, envOk: Temp, slow: (dst: Temp) => void): Temp {
  const b = e.b;
  const operand = (v: Temp): Temp => b.bin('or', exponentAtLeast(e, p, v, 1), isZero(e, p, v));
  let ok = envOk;
  if (op === SQRT) ok = b.bin('and', ok, b.bin('and', exponentAtLeast(e, p, a, 1), b.cmp('eq', b.bin('and', a, p.k(e, p.sign)), p.k(e, 0n))));
  else ok = b.bin('and', ok, b.bin('and', operand(a), op === DIV ? exponentAtLeast(e, p, c, 1) : operand(c)));
  return hostOrHelper(e, p.dbl ? 'i64' : 'i32', ok, () => {
    const fr = op === SQRT ? b.un('fsqrt', toF(e, p, a)) : b.bin(HOST_BIN[op]!, toF(e, p, a), toF(e, p, c));
    const r = fromF(e, p, fr);
    return { r, check: exponentAtLeast(e, p, r, 2) };
  }, slow);
}

/** VFP arithmetic in the FPSCR environment: on the host in the default one (see hostArith), else the helper. */
function arith(e: ArmEmitter, p: Prec, op: number, a: Temp, c: Temp): Temp {
  const b = e.b;
  const fpscr = b.get('i32', ARM.fpscr);
  const envOk = b.cmp('eq', b.bin('and', fpscr, b.i32(FPSCR_ENV | FPSCR_IXC)), b.i32(FPSCR_IXC));
  return hostArith(e, p, op, a, c, envOk, (dst) => { b.ops.push({ op: 'call', helper: p.dbl ? VFP_HELPERS.arith64 : VFP_HELPERS.arith32, dst, args: [b.i32(op), a, c] }); });
}

/** Operand fields of the three-register forms, decoded for the precision. */
function regs(f: Fields): { p: Prec; d: number; n: number; m: number } {
  const p = prec(f.sz);
  return { p, d: p.num(f.vd, f.D), n: p.num(f.vn, f.N), m: p.num(f.vm, f.M) };
}

/** VADD/VSUB/VMUL/VDIV/VNMUL. */
const binary = (op: number, negate = false): EmitFn => (e, f) => {
  const { p, d, n, m } = regs(f);
  const r = arith(e, p, op, p.read(e, n), p.read(e, m));
  p.write(e, d, negate ? neg(e, p, r) : r);
};

/**
 * VMLA/VMLS/VNMLA/VNMLS: Dd = [-]Dd + [-](Dn * Dm), two roundings (the product rounded first).
 * `negAcc`/`negProd` say which terms are negated.
 */
const multiplyAccumulate = (negAcc: boolean, negProd: boolean): EmitFn => (e, f) => {
  const { p, d, n, m } = regs(f);
  const prod = arith(e, p, MUL, p.read(e, n), p.read(e, m));
  const acc = p.read(e, d);
  p.write(e, d, arith(e, p, ADD, negAcc ? neg(e, p, acc) : acc, negProd ? neg(e, p, prod) : prod));
};

/** VFMA/VFMS/VFNMA/VFNMS: Dd = [-]Dd + [-]Dn * Dm with one rounding. */
const fused = (negAcc: boolean, negN: boolean): EmitFn => (e, f) => {
  const { p, d, n, m } = regs(f);
  const acc = p.read(e, d), x = p.read(e, n);
  const args = [negAcc ? neg(e, p, acc) : acc, negN ? neg(e, p, x) : x, p.read(e, m)];
  p.write(e, d, e.b.call(p.dbl ? VFP_HELPERS.fma64 : VFP_HELPERS.fma32, args, p.dbl ? 'i64' : 'i32'));
};

/** Two-register forms of the "other" group: VMOV, VABS, VNEG, VSQRT. */
const unary = (fn: (e: ArmEmitter, p: Prec, v: Temp) => Temp): EmitFn => (e, f) => {
  const p = prec(f.sz);
  p.write(e, p.num(f.vd, f.D), fn(e, p, p.read(e, p.num(f.vm, f.M))));
};

/** VFPExpandImm. */
function vmovImm(e: ArmEmitter, f: Fields): void {
  const p = prec(f.sz);
  const a = BigInt(f.imm8 >> 7), bit = (f.imm8 >> 6) & 1, cdefgh = BigInt(f.imm8 & 0x3f);
  const v = p.dbl
    ? (a << 63n) | (BigInt(bit ^ 1) << 62n) | ((bit ? 0xffn : 0n) << 54n) | (cdefgh << 48n)
    : (a << 31n) | (BigInt(bit ^ 1) << 30n) | ((bit ? 0x1fn : 0n) << 25n) | (cdefgh << 19n);
  p.write(e, p.num(f.vd, f.D), p.k(e, v));
}

/** VCMP/VCMPE (with Vm, or with #0.0 when `zero`): FPSCR.NZCV. */
const compare = (zero: boolean): EmitFn => (e, f) => {
  const p = prec(f.sz);
  const b = e.b;
  const x = p.read(e, p.num(f.vd, f.D));
  const y = zero ? p.k(e, 0n) : p.read(e, p.num(f.vm, f.M));
  // Without NaNs and FZ (which flushes denormal operands) the host compares; else the helper.
  const fpscr = b.get('i32', ARM.fpscr);
  const ok = b.bin('and', b.cmp('eq', b.bin('and', fpscr, b.i32(FPSCR_FZ)), b.i32(0)), b.cmp('eq', b.bin('or', isNaN(e, p, x), isNaN(e, p, y)), b.i32(0)));
  const skip = b.newLabel(), done = b.newLabel();
  b.brif(b.cmp('eq', ok, b.i32(0)), skip);
  const fx = toF(e, p, x), fy = toF(e, p, y);
  const nzcv = b.select(b.cmp('feq', fx, fy), b.i32(0b0110), b.select(b.cmp('flt', fx, fy), b.i32(0b1000), b.i32(0b0010)));
  b.set(ARM.fpscr, b.bin('or', b.bin('and', fpscr, b.i32(0x0fffffff)), b.bin('shl', nzcv, b.i32(28))));
  b.brif(b.i32(1), done);
  b.label(skip);
  b.call(p.dbl ? VFP_HELPERS.cmp64 : VFP_HELPERS.cmp32, [x, y, b.i32(f.E)]);
  b.label(done);
};

/** VCVT between single and double (sz: the source precision). */
function cvtPrecision(e: ArmEmitter, f: Fields): void {
  const from = prec(f.sz), to = prec(f.sz ^ 1);
  const v = from.read(e, from.num(f.vm, f.M));
  to.write(e, to.num(f.vd, f.D), e.b.call(from.dbl ? VFP_HELPERS.f64to32 : VFP_HELPERS.f32to64, [v], to.dbl ? 'i64' : 'i32'));
}

/**
 * VCVTB/VCVTT: between single precision and the bottom (T = 0) or top half of Sd/Sm as half
 * precision (op = 1: to half, the other half of Sd kept). ARMv7 has no double form (sz = 1).
 */
function cvtHalf(e: ArmEmitter, f: Fields): boolean {
  if (f.sz) return false;
  const b = e.b;
  const d = SINGLE.num(f.vd, f.D), m = SINGLE.read(e, SINGLE.num(f.vm, f.M));
  if (f.op === 0) {
    const half = f.T ? b.bin('shr_u', m, b.i32(16)) : b.bin('and', m, b.i32(0xffff));
    SINGLE.write(e, d, b.call(VFP_HELPERS.f16to32, [half, b.i32(0)], 'i32'));
    return true;
  }
  const half = b.call(VFP_HELPERS.f32to16, [m, b.i32(0)], 'i32');
  const kept = b.bin('and', SINGLE.read(e, d), b.i32(f.T ? 0xffff : 0xffff0000));
  SINGLE.write(e, d, b.bin('or', kept, f.T ? b.bin('shl', half, b.i32(16)) : half));
  return true;
}

/** VCVT to a float from a 32-bit integer in Sm (op: signed). */
function cvtFromInt(e: ArmEmitter, f: Fields): void {
  const p = prec(f.sz);
  const v = SINGLE.read(e, SINGLE.num(f.vm, f.M));
  // Every 32-bit integer is a double: exact, no flags, no rounding mode.
  if (p.dbl) return p.write(e, p.num(f.vd, f.D), fromF(e, p, e.b.conv(f.op ? 's32_to_f64' : 'u32_to_f64', v)));
  p.write(e, p.num(f.vd, f.D), e.b.call(VFP_HELPERS.fromInt32, [v, e.b.i32(cvtArgs(f.op ? CVT_SIGNED : 0))], 'i32'));
}

/** VCVT/VCVTR to a 32-bit integer in Sd (op = 1: toward zero, else the FPSCR mode). */
function cvtToInt(e: ArmEmitter, f: Fields): void {
  const p = prec(f.sz);
  const b = e.b;
  const mode = (f.s ? CVT_SIGNED : 0) | (f.op ? CVT_ROUND_ZERO : 0);
  const v = p.read(e, p.num(f.vm, f.M));
  const helper = (dst: Temp): void => { b.ops.push({ op: 'call', helper: p.dbl ? VFP_HELPERS.toInt64 : VFP_HELPERS.toInt32, dst, args: [v, b.i32(cvtArgs(mode))] }); };
  if (!f.op) return SINGLE.write(e, SINGLE.num(f.vd, f.D), b.call(p.dbl ? VFP_HELPERS.toInt64 : VFP_HELPERS.toInt32, [v, b.i32(cvtArgs(mode))], 'i32'));
  // Toward zero, in range and not under FZ the host converts; exact results raise nothing, inexact ones IXC.
  const x = toF(e, p, v);
  const lo = f.s ? -2147483649 : -1, hi = f.s ? 2147483648 : 4294967296;
  const k = (n: number): Temp => (p.dbl ? b.f64(n) : b.f32(n));
  const inRange = b.bin('and', b.cmp('fgt', x, k(lo)), b.cmp('flt', x, k(hi)));
  const fpscr = b.get('i32', ARM.fpscr);
  const ok = b.bin('and', inRange, b.cmp('eq', b.bin('and', fpscr, b.i32(FPSCR_FZ)), b.i32(0)));
  SINGLE.write(e, SINGLE.num(f.vd, f.D), hostOrHelper(e, 'i32', ok, () => {
    const r = b.conv(f.s ? 'f_to_s32' : 'f_to_u32', x);
    const back = b.conv(p.dbl ? (f.s ? 's32_to_f64' : 'u32_to_f64') : (f.s ? 's32_to_f32' : 'u32_to_f32'), r);
    const exactOrIxc = b.bin('or', b.cmp('feq', back, x), b.cmp('ne', b.bin('and', fpscr, b.i32(FPSCR_IXC)), b.i32(0)));
    return { r, check: exactOrIxc };
  }, helper));
}

/**
 * VCVT between floating point and fixed point in place (op = 1: to fixed, rounding toward zero;
 * else to float), 16- or 32-bit (sx) signed or unsigned (u) fixed-point values with
 * size - imm4:i fraction bits.
 */
function cvtFixed(e: ArmEmitter, f: Fields): boolean {
  const p = prec(f.sf);
  const bits = f.sx ? 32 : 16;
  const fbits = bits - ((f.imm4 << 1) | f.i);
  if (fbits < 0) return false;
  const d = p.num(f.vd, f.D);
  const b = e.b;
  const signed = f.u ? 0 : CVT_SIGNED;
  if (f.op) {
    const r = b.call(p.dbl ? VFP_HELPERS.toInt64 : VFP_HELPERS.toInt32, [p.read(e, d), b.i32(cvtArgs(signed | CVT_ROUND_ZERO, fbits, bits))], 'i32');
    // The result is sign- or zero-extended to the register's width.
    p.write(e, d, p.dbl ? b.conv(signed ? 'extend_s' : 'extend_u', r) : r);
  } else {
    const v = p.dbl ? b.conv('wrap', p.read(e, d)) : p.read(e, d);
    // FixedToFP with round_to_nearest (Arm ARM VCVT between floating-point and fixed-point).
    p.write(e, d, b.call(p.dbl ? VFP_HELPERS.fromInt64 : VFP_HELPERS.fromInt32, [v, b.i32(cvtArgs(signed | CVT_ROUND_NEAREST, fbits, bits))], p.dbl ? 'i64' : 'i32'));
  }
  return true;
}

// ---- moves between core and VFP registers, FPSCR ----

/** VMOV Rt <-> Sn. */
function vmovCoreSingle(e: ArmEmitter, f: Fields): boolean {
  if (f.rt === 15 || f.rt === 13) return false;
  const s = SINGLE.num(f.vn, f.N);
  if (f.op) e.setReg(f.rt, SINGLE.read(e, s));
  else SINGLE.write(e, s, e.reg(f.rt));
  return true;
}

/** VMOV Rt, Rt2 <-> Dm, or <-> Sm, Sm+1. */
const vmovCorePair = (dbl: boolean): EmitFn => (e, f) => {
  if (f.rt === 15 || f.rt2 === 15 || f.rt === 13 || f.rt2 === 13 || (f.op && f.rt === f.rt2)) return false;
  const lo = dbl ? 2 * DOUBLE.num(f.vm, f.M) : SINGLE.num(f.vm, f.M);
  if (!dbl && lo === 31) return false;
  if (f.op) {
    const a = SINGLE.read(e, lo), b = SINGLE.read(e, lo + 1);
    e.setReg(f.rt, a);
    e.setReg(f.rt2, b);
  } else {
    SINGLE.write(e, lo, e.reg(f.rt));
    SINGLE.write(e, lo + 1, e.reg(f.rt2));
  }
  return true;
};

/** Lane size and index of VMOV (scalar) from opc1:opc2. */
function scalarLane(opc: number): { size: 1 | 2 | 4; index: number } | null {
  if (opc & 8) return { size: 1, index: opc & 7 };
  if (opc & 1) return { size: 2, index: (opc >> 1) & 3 };
  if ((opc & 3) === 0) return { size: 4, index: (opc >> 2) & 1 };
  return null;
}

/** VMOV Dd[x] <- Rt, VMOV Rt <- Dn[x] (byte and halfword lanes: NEON, sign- or zero-extended by U). */
function vmovScalar(e: ArmEmitter, f: Fields): boolean {
  const lane = scalarLane((f.opc1 << 2) | f.opc2);
  if (lane === null || f.rt === 15 || f.rt === 13) return false;
  const off = ARM.dreg(DOUBLE.num(f.vn, f.N)) + lane.index * lane.size;
  const b = e.b;
  if (!f.l) { b.set(off, e.reg(f.rt), lane.size); return true; }
  if (lane.size === 4 && f.u) return false;
  const v = b.get('i32', off, lane.size);
  e.setReg(f.rt, lane.size === 4 || f.u ? v : b.conv(lane.size === 1 ? 'sext8' : 'sext16', v));
  return true;
}

/** FPSCR bits a write keeps: NZCV, QC, AHP, DN, FZ, RMode and the cumulative flags. */
const FPSCR_WRITABLE = 0xffc0009f | 0;

function vmrs(e: ArmEmitter, f: Fields): boolean {
  if (f.reg !== 1) return false; // FPSCR only (FPSID, MVFR0/1 and FPEXC are privileged reads)
  const b = e.b;
  const v = b.get('i32', ARM.fpscr);
  if (f.rt !== 15) { e.setReg(f.rt, v); return true; }
  // VMRS APSR_nzcv, FPSCR
  b.set(ARM.n, b.bin('shr_u', v, b.i32(31)));
  for (const [flag, bit] of [['z', 30], ['c', 29], ['v', 28]] as const) b.set(ARM[flag], b.bin('and', b.bin('shr_u', v, b.i32(bit)), b.i32(1)));
  return true;
}
function vmsr(e: ArmEmitter, f: Fields): boolean {
  if (f.reg !== 1 || f.rt === 15) return false;
  e.b.set(ARM.fpscr, e.b.bin('and', e.reg(f.rt), e.b.i32(FPSCR_WRITABLE)));
  return true;
}

// ---- loads and stores ----

const baseOf = (e: ArmEmitter, rn: number): Temp => (rn === 15 ? e.i32(e.pcAligned()) : e.reg(rn));

function loadStoreRegs(e: ArmEmitter, p: Prec, first: number, count: number, addr: Temp, load: boolean): void {
  const size = p.dbl ? 8 : 4;
  if (load) {
    const vals = [...Array(count).keys()].map((k) => (p.dbl ? e.load64(e.add(addr, k * size)) : e.load(e.add(addr, k * size), 4)));
    return void vals.forEach((v, k) => p.write(e, first + k, v));
  }
  for (let k = 0; k < count; k++) e.store(e.add(addr, k * size), p.read(e, first + k), size);
}

/** VLDR/VSTR (P = 1, W = 0) and VLDM/VSTM/VPUSH/VPOP (IA with optional write-back, DB with write-back). */
function loadStoreMultiple(e: ArmEmitter, f: Fields): boolean {
  const p = prec(f.sz);
  const first = p.num(f.vd, f.D);
  const load = f.l === 1;
  if (f.p && !f.w) {
    const addr = e.b.bin(f.u ? 'add' : 'sub', baseOf(e, f.rn), e.i32(f.imm8 * 4));
    loadStoreRegs(e, p, first, 1, addr, load);
    return true;
  }
  if (f.p === f.u || f.rn === 15) return false; // P = U: undefined (P = U = 0, W = 0 are the 64-bit VMOVs)
  const count = p.dbl ? f.imm8 >> 1 : f.imm8;
  if (count === 0 || first + count > 32 || (p.dbl && count > 16)) return false;
  const rn = e.reg(f.rn);
  const addr = f.u ? rn : e.add(rn, -f.imm8 * 4);
  loadStoreRegs(e, p, first, count, addr, load);
  if (f.w) e.setReg(f.rn, e.add(rn, f.u ? f.imm8 * 4 : -f.imm8 * 4));
  return true;
}

/** The encoding in both instruction sets: A32 with its condition, T32 as 1110 in those bits. */
function both(name: string, spec: string, emit: EmitFn): { a32: Pattern; t32: Pattern } {
  return { a32: pat(name, `---- ${spec}`, emit), t32: pat(name, `1110 ${spec}`, emit) };
}

/** Three-register data processing: opc1 (insn<23,21:20>) and opc3 (insn<6>). */
const DP3 = (opc: string, o6: string): string => `1110 ${opc.slice(0, 1)} D:1 ${opc.slice(1)} vn:4 vd:4 101 sz:1 N:1 ${o6} M:1 0 vm:4`;
/** Two-register "other" forms: opc2 (insn<19:16>) and opc3 (insn<7:6>). */
const DP2 = (opc2: string, opc3: string): string => `1110 1 D:1 11 ${opc2} vd:4 101 sz:1 ${opc3} M:1 0 vm:4`;

const ENCODINGS = [
  both('VMLA', DP3('000', '0'), multiplyAccumulate(false, false)),
  both('VMLS', DP3('000', '1'), multiplyAccumulate(false, true)),
  both('VNMLS', DP3('001', '0'), multiplyAccumulate(true, false)),
  both('VNMLA', DP3('001', '1'), multiplyAccumulate(true, true)),
  both('VMUL', DP3('010', '0'), binary(MUL)),
  both('VNMUL', DP3('010', '1'), binary(MUL, true)),
  both('VADD', DP3('011', '0'), binary(ADD)),
  both('VSUB', DP3('011', '1'), binary(SUB)),
  both('VDIV', DP3('100', '0'), binary(DIV)),
  both('VFNMS', DP3('101', '0'), fused(true, false)),
  both('VFNMA', DP3('101', '1'), fused(true, true)),
  both('VFMA', DP3('110', '0'), fused(false, false)),
  both('VFMS', DP3('110', '1'), fused(false, true)),
  both('VMOV (immediate)', '1110 1 D:1 11 imm4h:4 vd:4 101 sz:1 0000 imm4l:4 imm8=imm4h:imm4l', vmovImm),
  both('VMOV (register)', DP2('0000', '01'), unary((_e, _p, v) => v)),
  both('VABS', DP2('0000', '11'), unary(abs)),
  both('VNEG', DP2('0001', '01'), unary(neg)),
  both('VSQRT', DP2('0001', '11'), unary((e, p, v) => arith(e, p, SQRT, v, v))),
  both('VCMP/VCMPE', '1110 1 D:1 11 0100 vd:4 101 sz:1 E:1 1 M:1 0 vm:4', compare(false)),
  both('VCMP/VCMPE #0', '1110 1 D:1 11 0101 vd:4 101 sz:1 E:1 1 0 0 0000', compare(true)),
  both('VCVT (single/double)', DP2('0111', '11'), cvtPrecision),
  both('VCVTB/VCVTT', DP2('001 op:1', 'T:1 1'), cvtHalf),
  both('VCVT (from integer)', '1110 1 D:1 11 1000 vd:4 101 sz:1 op:1 1 M:1 0 vm:4', cvtFromInt),
  both('VCVT/VCVTR (to integer)', '1110 1 D:1 11 110 s:1 vd:4 101 sz:1 op:1 1 M:1 0 vm:4', cvtToInt),
  both('VCVT (fixed point)', '1110 1 D:1 11 1 op:1 1 u:1 vd:4 101 sf:1 sx:1 1 i:1 0 imm4:4', cvtFixed),
  both('VMOV (core, single)', '1110 000 op:1 vn:4 rt:4 1010 N:1 00 1 0000', vmovCoreSingle),
  both('VMOV (two core, double)', '1100 010 op:1 rt2:4 rt:4 1011 00 M:1 1 vm:4', vmovCorePair(true)),
  both('VMOV (two core, two singles)', '1100 010 op:1 rt2:4 rt:4 1010 00 M:1 1 vm:4', vmovCorePair(false)),
  both('VMOV (core to scalar)', '1110 0 opc1:2 0 vn:4 rt:4 1011 N:1 opc2:2 1 0000', (e, f) => vmovScalar(e, { ...f, l: 0, u: 0 })),
  both('VMOV (scalar to core)', '1110 u:1 opc1:2 1 vn:4 rt:4 1011 N:1 opc2:2 1 0000', (e, f) => vmovScalar(e, { ...f, l: 1 })),
  both('VMRS', '1110 1111 reg:4 rt:4 1010 0001 0000', vmrs),
  both('VMSR', '1110 1110 reg:4 rt:4 1010 0001 0000', vmsr),
  both('VLDR/VSTR/VLDM/VSTM', '110 p:1 u:1 D:1 w:1 l:1 rn:4 vd:4 101 sz:1 imm8:8', loadStoreMultiple),
];

export const vfpGroup: Group = {
  a32: ENCODINGS.map((x) => x.a32),
  t32: ENCODINGS.map((x) => x.t32),
};
