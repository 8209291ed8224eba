// FPU computation: arithmetic, compares, conversions and conditional moves for the S and D
// formats (and conversions from W and L).
// Every operation that rounds or can raise an exception goes through fpuOp (fpu-env.ts): host
// arithmetic with an exactness test in the default FCSR environment, the soft-float helper
// (fp-soft.ts: FCSR.RM, FS, legacy NaNs, Cause/Flags, enabled exceptions) otherwise.
// ABS/NEG/MOV and the conditional moves are bit operations that leave FCSR alone, as in qemu.
import type { BinKind, ConvKind, Temp } from '../../../ir/types.js';
import { ExactArith, isOrdinary } from '../../shared/fp-exact.js';
import { FP32 } from '../../shared/fp-type.js';
import type { MipsEmitter, Sem } from '../emitter.js';
import type { Fields } from '../../shared/bit-pattern.js';
import type { Width } from '../fp-helpers.js';
import { describe, FMT_CODE, type MipsFpOp } from '../fp-soft.js';
import { insn, type InsnDef } from '../table.js';
import { defaultEnv, floatOf, fpuOp, inexactUnless, type FastPath, type MipsFloat } from './fpu-env.js';

export type FpFmt = 'S' | 'D' | 'W' | 'L';
const WIDE: Record<FpFmt, boolean> = { S: false, D: true, W: false, L: true };

/** The sign bit and the rest of a value's bit pattern. */
const signMasks = (e: MipsEmitter, fmt: 'S' | 'D'): [Temp, Temp] =>
  fmt === 'S' ? [e.i32(0x80000000 | 0), e.i32(0x7fffffff)] : [e.b.i64(-0x8000000000000000n), e.b.i64(0x7fffffffffffffffn)];

const readRaw = (e: MipsEmitter, fmt: FpFmt, n: number): Temp => (WIDE[fmt] ? e.fpr64(n) : e.fpr32(n));
const writeRaw = (e: MipsEmitter, fmt: FpFmt, n: number, v: Temp): void => (WIDE[fmt] ? e.setFpr64(n, v) : e.setFpr32(n, v));
const width = (fmt: FpFmt): Width => (WIDE[fmt] ? 64 : 32);

/** One host operation of a fast path: its float result, and whether it was exact and stands (known exactness, ordinary result). */
interface Step { fr: Temp; exact: Temp; ok: Temp }
type ArithKind = 'add' | 'sub' | 'mul' | 'div' | 'sqrt';
const HOST_OP: Record<Exclude<ArithKind, 'sqrt'>, BinKind> = { add: 'fadd', sub: 'fsub', mul: 'fmul', div: 'fdiv' };

function hostStep(F: MipsFloat, op: ArithKind, fa: Temp, fc: Temp): Step {
  const b = F.e.b;
  const fr = op === 'sqrt' ? b.un('fsqrt', fa) : b.bin(HOST_OP[op], fa, fc);
  const { exact, known } = new ExactArith(F).exactness(op, fa, fc, fr);
  return { fr, exact, ok: b.bin('and', known, isOrdinary(b, F.toBits(fr), F.t)) };
}
/** The fast path of a chain of host steps whose last result (as bits, maybe changed by `bits`) is the result. */
function chain(e: MipsEmitter, F: MipsFloat, steps: Step[], bits = (x: Temp): Temp => x): FastPath {
  const b = e.b;
  let ok = defaultEnv(e), exact = e.i32(1);
  for (const s of steps) { ok = b.bin('and', ok, s.ok); exact = b.bin('and', exact, s.exact); }
  return { result: bits(F.toBits(steps[steps.length - 1]!.fr)), ok, cause: inexactUnless(e, exact) };
}
/** Run a float-format operation and write its result to fd. */
function arith(e: MipsEmitter, f: Fields, fmt: 'S' | 'D', op: MipsFpOp, args: Temp[], fast: FastPath): void {
  const w = width(fmt), code = FMT_CODE[fmt];
  writeRaw(e, fmt, f.fd, fpuOp(e, e.pc, describe(op, code, code), w, w, args, fast));
}

/** Wraps a body that uses 64-bit operands in the named registers: odd ones are reserved with FR=0. */
const wideRegs = (regs: (f: Fields) => { n: number; fmt: FpFmt }[], body: Sem): Sem => (e, f) => {
  for (const r of regs(f)) if (WIDE[r.fmt] && !e.validDoubleReg(r.n)) return e.undef();
  return body(e, f);
};
/** fd <- op(fs, ft) with every operand of format fmt. */
const fdFsFt = (fmt: FpFmt, body: Sem): Sem => wideRegs((f) => [{ n: f.fd, fmt }, { n: f.fs, fmt }, { n: f.ft, fmt }], body);
/** fd <- op(fs) (and a condition that is no FPR). */
const fdFs = (fmt: FpFmt, body: Sem): Sem => wideRegs((f) => [{ n: f.fd, fmt }, { n: f.fs, fmt }], body);

const binary = (fmt: 'S' | 'D', op: Exclude<ArithKind, 'sqrt'>): Sem => fdFsFt(fmt, (e, f) => {
  const F = floatOf(e, width(fmt)), x = readRaw(e, fmt, f.fs), y = readRaw(e, fmt, f.ft);
  arith(e, f, fmt, op, [x, y], chain(e, F, [hostStep(F, op, F.toF(x), F.toF(y))]));
});
const sqrt = (fmt: 'S' | 'D'): Sem => fdFs(fmt, (e, f) => {
  const F = floatOf(e, width(fmt)), x = readRaw(e, fmt, f.fs), fx = F.toF(x);
  arith(e, f, fmt, 'sqrt', [x], chain(e, F, [hostStep(F, 'sqrt', fx, fx)]));
});
/** ABS and NEG only touch the sign bit, on the bit pattern: a host float would quiet a NaN. */
const signBit = (fmt: 'S' | 'D', op: 'abs' | 'neg'): Sem => fdFs(fmt, (e, f) => {
  const b = e.b, x = readRaw(e, fmt, f.fs);
  const [sign, rest] = signMasks(e, fmt);
  writeRaw(e, fmt, f.fd, op === 'abs' ? b.bin('and', x, rest) : b.bin('xor', x, sign));
});
/** RECIP = 1 / x and RSQRT = 1 / sqrt(x), each step rounded (as qemu computes them). */
const reciprocal = (fmt: 'S' | 'D', root: boolean): Sem => fdFs(fmt, (e, f) => {
  const F = floatOf(e, width(fmt)), x = readRaw(e, fmt, f.fs), fx = F.toF(x);
  const steps = root ? [hostStep(F, 'sqrt', fx, fx)] : [];
  const one = e.b.konst(F.t.fty, 1);
  steps.push(hostStep(F, 'div', one, steps.length ? steps[0]!.fr : fx));
  arith(e, f, fmt, root ? 'rsqrt' : 'recip', [x], chain(e, F, steps));
});
const move = (fmt: FpFmt): Sem => fdFs(fmt, (e, f) => { writeRaw(e, fmt, f.fd, readRaw(e, fmt, f.fs)); });
/** fd = cond ? fs : fd, bit for bit. */
const moveIf = (fmt: FpFmt, cond: (e: MipsEmitter, f: Fields) => Temp): Sem => fdFs(fmt, (e, f) => {
  const c = cond(e, f);
  writeRaw(e, fmt, f.fd, e.b.select(c, readRaw(e, fmt, f.fs), readRaw(e, fmt, f.fd)));
});
/** MOVF/MOVT.fmt: condition code cc equals tf. */
const onFcc = (e: MipsEmitter, f: Fields): Temp => e.b.cmp('eq', e.fcc(f.cc), e.i32(f.tf));
/** MOVZ/MOVN.fmt: GPR rt is (non)zero. */
const onGprZero = (zero: boolean) => (e: MipsEmitter, f: Fields): Temp => {
  const z = e.isZero(e.gpr(f.rt));
  return zero ? z : e.isZero(z);
};

type Rounding = 'rm' | 'fnearest' | 'ftrunc' | 'fceil' | 'ffloor';
/** FCSR.RM 0..3: nearest, toward zero, toward +inf, toward -inf. */
const RM_ORDER = ['fnearest', 'ftrunc', 'fceil', 'ffloor'] as const;

function round(e: MipsEmitter, x: Temp, mode: Rounding): Temp {
  const b = e.b;
  if (mode !== 'rm') return b.un(mode, x);
  const rm = b.bin('and', e.fcsr(), e.i32(3));
  let r = b.un(RM_ORDER[3], x);
  for (let m = 2; m >= 0; m--) r = b.select(b.cmp('eq', rm, e.i32(m)), b.un(RM_ORDER[m]!, x), r);
  return r;
}

const INT_OP: Record<Rounding, MipsFpOp> = { rm: 'cvt', fnearest: 'round', ftrunc: 'trunc', fceil: 'ceil', ffloor: 'floor' };
/** The enables field of FCSR. */
const ENABLES = 0x1f << 7;

/**
 * CVT/ROUND/TRUNC/CEIL/FLOOR to W or L. Out-of-range and NaN inputs give the invalid-operation
 * default result of legacy (non-2008) MIPS FPUs, the largest positive integer (helper path).
 */
const toInt = (from: 'S' | 'D', to: 'W' | 'L', mode: Rounding): Sem =>
  wideRegs((f) => [{ n: f.fd, fmt: to }, { n: f.fs, fmt: from }], (e, f) => {
    const b = e.b;
    const x = readRaw(e, from, f.fs), fx = floatOf(e, width(from)).toF(x);
    const r = round(e, fx, mode);
    const fty = b.tyOf(r);
    const bitsN = to === 'W' ? 31 : 63;
    const inRange = b.bin('and', b.cmp('fge', r, b.konst(fty, -(2 ** bitsN))), b.cmp('flt', r, b.konst(fty, 2 ** bitsN)));
    const fast: FastPath = {
      result: b.conv(to === 'W' ? 'f_to_s32' : 'f_to_s64', r),
      ok: b.bin('and', inRange, e.isZero(b.bin('and', e.fcsr(), e.i32(ENABLES)))),
      cause: inexactUnless(e, b.cmp('feq', r, fx)),
    };
    writeRaw(e, to, f.fd, fpuOp(e, e.pc, describe(INT_OP[mode], FMT_CODE[from], FMT_CODE[to]), width(from), width(to), [x], fast));
  });

const TO_FLOAT: Partial<Record<`${FpFmt}${FpFmt}`, ConvKind>> = {
  SD: 'f32_to_f64', DS: 'f64_to_f32', WS: 's32_to_f32', WD: 's32_to_f64', LS: 's64_to_f32', LD: 's64_to_f64',
};
/** Significand bits of the float formats. */
const SIGNIFICAND = { S: 24, D: 53 } as const;

/**
 * CVT.S/CVT.D: the host converts when the result is exact, or ordinary (CVT.S.D) or inexact (from
 * W/L) in the default environment.
 */
const toFloat = (from: FpFmt, to: 'S' | 'D'): Sem =>
  wideRegs((f) => [{ n: f.fd, fmt: to }, { n: f.fs, fmt: from }], (e, f) => {
    const b = e.b;
    const x = readRaw(e, from, f.fs), T = floatOf(e, width(to));
    const src = from === 'S' || from === 'D' ? floatOf(e, width(from)).toF(x) : x;
    const r = b.conv(TO_FLOAT[`${from}${to}`]!, src);
    let fast: FastPath;
    if (from === 'D') {
      const exact = b.cmp('feq', b.conv('f32_to_f64', r), src);
      fast = { result: T.toBits(r), ok: b.bin('and', defaultEnv(e), isOrdinary(b, T.toBits(r), FP32)), cause: inexactUnless(e, exact) };
    } else if (from === 'S') {
      fast = { result: T.toBits(r), ok: e.isZero(floatOf(e, 32).isNaN(x)), cause: e.i32(0) };
    } else {
      // Exact when the integer's significant bits (from the highest to the lowest set one) fit.
      const ity = b.tyOf(x), spare = (ity === 'i64' ? 64 : 32) - SIGNIFICAND[to];
      let exact = e.i32(1);
      if (spare > 0) {
        const k = (v: number): Temp => (ity === 'i64' ? b.i64(BigInt(v)) : e.i32(v));
        const magnitude = b.select(b.cmp('lt_s', x, k(0)), b.un('neg', x), x);
        exact = b.cmp('ge_u', b.bin('add', b.un('clz', magnitude), b.un('ctz', magnitude)), k(spare));
      }
      fast = { result: T.toBits(r), ok: b.bin('or', exact, defaultEnv(e)), cause: inexactUnless(e, exact) };
    }
    writeRaw(e, to, f.fd, fpuOp(e, e.pc, describe('cvt', FMT_CODE[from], FMT_CODE[to]), width(from), width(to), [x], fast));
  });

/**
 * C.cond.fmt: cond bit 0 = true if unordered, bit 1 = if equal, bit 2 = if less; bit 3 makes a
 * NaN operand of either kind invalid (the quiet forms only signal on a signalling NaN).
 */
const compare = (fmt: 'S' | 'D', cond: number): Sem =>
  wideRegs((f) => [{ n: f.fs, fmt }, { n: f.ft, fmt }], (e, f) => {
    const b = e.b, F = floatOf(e, width(fmt));
    const x = readRaw(e, fmt, f.fs), y = readRaw(e, fmt, f.ft);
    const fx = F.toF(x), fy = F.toF(y);
    let r = e.i32(0);
    if (cond & 2) r = b.bin('or', r, b.cmp('feq', fx, fy));
    if (cond & 4) r = b.bin('or', r, b.cmp('flt', fx, fy));
    const ordered = b.bin('and', e.isZero(F.isNaN(x)), e.isZero(F.isNaN(y)));
    const c = fpuOp(e, e.pc, describe('cmp', FMT_CODE[fmt], FMT_CODE.W, cond), width(fmt), 32, [x, y], { result: r, ok: ordered, cause: e.i32(0) });
    e.setFcc(f.cc, c);
  });

const COND_NAMES = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'];

/** COP1 fmt field of each format. */
const FMT_FIELD: Record<FpFmt, string> = { S: '10000', D: '10001', W: '10100', L: '10101' };
/** The operand fields between fmt and funct (bits 20:6) of each kind of operation. */
const FD_FS_FT = 'ft:5 fs:5 fd:5', FD_FS = '----- fs:5 fd:5';
const ON_FCC = 'cc:3 - tf:1 fs:5 fd:5', ON_GPR = 'rt:5 fs:5 fd:5', COMPARE = 'ft:5 fs:5 cc:3 --';
/** A COP1 arithmetic encoding of format fmt: its operands, then funct. */
const fmtSpec = (fmt: FpFmt, operands: string, funct: number): string =>
  `010001 ${FMT_FIELD[fmt]} ${operands} ${funct.toString(2).padStart(6, '0')}`;

/** COP1 fmt S or D, by funct. */
export function floatFmtEncodings(fmt: 'S' | 'D'): InsnDef[] {
  const s = fmt.toLowerCase();
  const at = (funct: number, name: string, operands: string, sem: Sem): InsnDef => insn(name, fmtSpec(fmt, operands, funct), sem);
  return [
    at(0x00, `add.${s}`, FD_FS_FT, binary(fmt, 'add')),
    at(0x01, `sub.${s}`, FD_FS_FT, binary(fmt, 'sub')),
    at(0x02, `mul.${s}`, FD_FS_FT, binary(fmt, 'mul')),
    at(0x03, `div.${s}`, FD_FS_FT, binary(fmt, 'div')),
    at(0x04, `sqrt.${s}`, FD_FS, sqrt(fmt)),
    at(0x05, `abs.${s}`, FD_FS, signBit(fmt, 'abs')),
    at(0x06, `mov.${s}`, FD_FS, move(fmt)),
    at(0x07, `neg.${s}`, FD_FS, signBit(fmt, 'neg')),
    at(0x08, `round.l.${s}`, FD_FS, toInt(fmt, 'L', 'fnearest')),
    at(0x09, `trunc.l.${s}`, FD_FS, toInt(fmt, 'L', 'ftrunc')),
    at(0x0a, `ceil.l.${s}`, FD_FS, toInt(fmt, 'L', 'fceil')),
    at(0x0b, `floor.l.${s}`, FD_FS, toInt(fmt, 'L', 'ffloor')),
    at(0x0c, `round.w.${s}`, FD_FS, toInt(fmt, 'W', 'fnearest')),
    at(0x0d, `trunc.w.${s}`, FD_FS, toInt(fmt, 'W', 'ftrunc')),
    at(0x0e, `ceil.w.${s}`, FD_FS, toInt(fmt, 'W', 'fceil')),
    at(0x0f, `floor.w.${s}`, FD_FS, toInt(fmt, 'W', 'ffloor')),
    at(0x11, `movcf.${s}`, ON_FCC, moveIf(fmt, onFcc)),
    at(0x12, `movz.${s}`, ON_GPR, moveIf(fmt, onGprZero(true))),
    at(0x13, `movn.${s}`, ON_GPR, moveIf(fmt, onGprZero(false))),
    at(0x15, `recip.${s}`, FD_FS, reciprocal(fmt, false)),
    at(0x16, `rsqrt.${s}`, FD_FS, reciprocal(fmt, true)),
    at(0x24, `cvt.w.${s}`, FD_FS, toInt(fmt, 'W', 'rm')),
    at(0x25, `cvt.l.${s}`, FD_FS, toInt(fmt, 'L', 'rm')),
    fmt === 'D' ? at(0x20, 'cvt.s.d', FD_FS, toFloat('D', 'S')) : at(0x21, 'cvt.d.s', FD_FS, toFloat('S', 'D')),
    ...COND_NAMES.map((name, cond) => at(0x30 + cond, `c.${name}.${s}`, COMPARE, compare(fmt, cond))),
  ];
}

/** COP1 fmt W or L: only the conversions to floating point. */
export function fixedFmtEncodings(fmt: 'W' | 'L'): InsnDef[] {
  const s = fmt.toLowerCase();
  return [
    insn(`cvt.s.${s}`, fmtSpec(fmt, FD_FS, 0x20), toFloat(fmt, 'S')),
    insn(`cvt.d.${s}`, fmtSpec(fmt, FD_FS, 0x21), toFloat(fmt, 'D')),
  ];
}

/**
 * MADD/MSUB/NMADD/NMSUB.fmt (COP1X): fd = ±(fs * ft ± fr). MIPS32r2/MIPS64r2 FPUs round the
 * product before the addition (not fused); NMADD/NMSUB negate the rounded result, a default NaN
 * included (as qemu and the kernel's emulator do).
 */
export const multiplyAdd = (fmt: 'S' | 'D', sub: boolean, negate: boolean): Sem =>
  wideRegs((f) => [{ n: f.fd, fmt }, { n: f.fs, fmt }, { n: f.ft, fmt }, { n: f.fr, fmt }], (e, f) => {
    const F = floatOf(e, width(fmt));
    const x = readRaw(e, fmt, f.fs), y = readRaw(e, fmt, f.ft), z = readRaw(e, fmt, f.fr);
    const product = hostStep(F, 'mul', F.toF(x), F.toF(y));
    const sum = hostStep(F, sub ? 'sub' : 'add', product.fr, F.toF(z));
    const fast = chain(e, F, [product, sum], negate ? (v) => e.b.bin('xor', v, signMasks(e, fmt)[0]) : undefined);
    const op: MipsFpOp = `${negate ? 'n' : ''}${sub ? 'msub' : 'madd'}`;
    arith(e, f, fmt, op, [x, y, z], fast);
  });
