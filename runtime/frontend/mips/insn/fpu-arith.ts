// FPU computation: arithmetic, compares, conversions and conditional moves for the S and D
// formats (and conversions from W and L). Fields: fd = sa, fs = rd, ft = rt, fr = rs (COP1X).
// Arithmetic always rounds to nearest-even whatever FCSR.RM says (IR float ops know no other
// mode); conversions to integers honour RM. FP exceptions are never raised. NaN results of
// arithmetic are the legacy (pre-NaN2008) MIPS default NaN, whose quiet bit is clear.
import type { ConvKind, Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';
import type { MipsInsn } from '../fields.js';
import { insn, type Node } from '../table.js';

export type FpFmt = 'S' | 'D' | 'W' | 'L';
const WIDE: Record<FpFmt, boolean> = { S: false, D: true, W: false, L: true };

function read(e: MipsEmitter, f: FpFmt, n: number): Temp {
  switch (f) {
    case 'S': return e.fs(n);
    case 'D': return e.fd(n);
    case 'W': return e.fpr32(n);
    case 'L': return e.fpr64(n);
  }
}
function write(e: MipsEmitter, f: FpFmt, n: number, v: Temp): void {
  switch (f) {
    case 'S': e.setFs(n, v); break;
    case 'D': e.setFd(n, v); break;
    case 'W': e.setFpr32(n, v); break;
    case 'L': e.setFpr64(n, v); break;
  }
}
/** Legacy MIPS default NaNs (what the FPU produces for invalid operations). */
const DEFAULT_NAN = { S: 0x7fbfffff, D: 0x7ff7ffffffffffffn } as const;

/** The bits of an arithmetic result, any NaN replaced by the default NaN (the host's has the quiet bit set). */
function arithBits(e: MipsEmitter, f: 'S' | 'D', v: Temp): Temp {
  const b = e.b;
  const nan = b.cmp('fne', v, v);
  return f === 'S' ? b.select(nan, e.i32(DEFAULT_NAN.S), b.conv('f32_to_bits', v)) : b.select(nan, b.i64(DEFAULT_NAN.D), b.conv('f64_to_bits', v));
}
function writeArith(e: MipsEmitter, f: 'S' | 'D', n: number, v: Temp): void { writeRaw(e, f, n, arithBits(e, f, v)); }
/** The sign bit and the rest of a value's bit pattern. */
const signMasks = (e: MipsEmitter, f: 'S' | 'D'): [Temp, Temp] =>
  f === 'S' ? [e.i32(0x80000000 | 0), e.i32(0x7fffffff)] : [e.b.i64(-0x8000000000000000n), e.b.i64(0x7fffffffffffffffn)];

const readRaw = (e: MipsEmitter, f: FpFmt, n: number): Temp => (WIDE[f] ? e.fpr64(n) : e.fpr32(n));
const writeRaw = (e: MipsEmitter, f: FpFmt, n: number, v: Temp): void => (WIDE[f] ? e.setFpr64(n, v) : e.setFpr32(n, v));

/** Wraps a body that uses 64-bit operands in the named registers: odd ones are reserved with FR=0. */
const wideRegs = (regs: (i: MipsInsn) => { n: number; f: FpFmt }[], body: Sem): Sem => (e, i) => {
  for (const r of regs(i)) if (WIDE[r.f] && !e.validDoubleReg(r.n)) return e.undef(i);
  return body(e, i);
};
/** fd <- op(fs[, ft]) with every operand of format f. */
const fdFsFt = (f: FpFmt, body: Sem): Sem => wideRegs((i) => [{ n: i.sa, f }, { n: i.rd, f }, { n: i.rt, f }], body);
/** fd <- op(fs); rt is unused or not an FPR. */
const fdFs = (f: FpFmt, body: Sem): Sem => wideRegs((i) => [{ n: i.sa, f }, { n: i.rd, f }], body);

const binary = (f: 'S' | 'D', kind: 'fadd' | 'fsub' | 'fmul' | 'fdiv'): Sem =>
  fdFsFt(f, (e, i) => { writeArith(e, f, i.sa, e.b.bin(kind, read(e, f, i.rd), read(e, f, i.rt))); });
const sqrt = (f: 'S' | 'D'): Sem => fdFs(f, (e, i) => { writeArith(e, f, i.sa, e.b.un('fsqrt', read(e, f, i.rd))); });
/** ABS and NEG only touch the sign bit, on the bit pattern: a host float would quiet a NaN. */
const signBit = (f: 'S' | 'D', op: 'abs' | 'neg'): Sem => fdFs(f, (e, i) => {
  const b = e.b, x = readRaw(e, f, i.rd);
  const [sign, rest] = signMasks(e, f);
  writeRaw(e, f, i.sa, op === 'abs' ? b.bin('and', x, rest) : b.bin('xor', x, sign));
});
const reciprocal = (f: 'S' | 'D', sqrt: boolean): Sem => fdFs(f, (e, i) => {
  const b = e.b;
  const x = read(e, f, i.rd);
  writeArith(e, f, i.sa, b.bin('fdiv', b.konst(b.tyOf(x), 1), sqrt ? b.un('fsqrt', x) : x));
});
const move = (f: FpFmt): Sem => fdFs(f, (e, i) => { writeRaw(e, f, i.sa, readRaw(e, f, i.rd)); });
/** fd = cond ? fs : fd, bit for bit. */
const moveIf = (f: FpFmt, cond: (e: MipsEmitter, i: MipsInsn) => Temp): Sem => fdFs(f, (e, i) => {
  const c = cond(e, i);
  writeRaw(e, f, i.sa, e.b.select(c, readRaw(e, f, i.rd), readRaw(e, f, i.sa)));
});
const onFcc = (e: MipsEmitter, i: MipsInsn): Temp => e.b.cmp('eq', e.fcc((i.rt >>> 2) & 7), e.i32(i.rt & 1));
const onGprZero = (zero: boolean) => (e: MipsEmitter, i: MipsInsn): Temp => {
  const z = e.isZero(e.gpr(i.rt));
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

/**
 * CVT/ROUND/TRUNC/CEIL/FLOOR to W or L. Out-of-range and NaN inputs give the invalid-operation
 * default result of legacy (non-2008) MIPS FPUs: the largest positive integer.
 */
const toInt = (from: FpFmt, to: 'W' | 'L', mode: Rounding): Sem =>
  wideRegs((i) => [{ n: i.sa, f: to }, { n: i.rd, f: from }], (e, i) => {
    const b = e.b;
    const r = round(e, read(e, from, i.rd), mode);
    const fty = b.tyOf(r);
    const bitsN = to === 'W' ? 31 : 63;
    const inRange = b.bin('and', b.cmp('fge', r, b.konst(fty, -(2 ** bitsN))), b.cmp('flt', r, b.konst(fty, 2 ** bitsN)));
    const v = b.conv(to === 'W' ? 'f_to_s32' : 'f_to_s64', r);
    const max = to === 'W' ? e.i32(0x7fffffff) : b.i64(0x7fffffffffffffffn);
    write(e, to, i.sa, b.select(inRange, v, max));
  });

const TO_FLOAT: Partial<Record<`${FpFmt}${FpFmt}`, ConvKind>> = {
  SD: 'f32_to_f64', DS: 'f64_to_f32', WS: 's32_to_f32', WD: 's32_to_f64', LS: 's64_to_f32', LD: 's64_to_f64',
};
const toFloat = (from: FpFmt, to: 'S' | 'D'): Sem =>
  wideRegs((i) => [{ n: i.sa, f: to }, { n: i.rd, f: from }], (e, i) => {
    writeArith(e, to, i.sa, e.b.conv(TO_FLOAT[`${from}${to}`]!, read(e, from, i.rd)));
  });

/**
 * C.cond.fmt: cond bit 0 = true if unordered, bit 1 = if equal, bit 2 = if less; bit 3 only
 * selects signalling on quiet NaNs (exceptions are not modelled).
 */
const compare = (f: FpFmt, cond: number): Sem =>
  wideRegs((i) => [{ n: i.rd, f }, { n: i.rt, f }], (e, i) => {
    const b = e.b;
    const x = read(e, f, i.rd);
    const y = read(e, f, i.rt);
    let r = e.i32(0);
    if (cond & 1) r = b.bin('or', r, b.bin('or', b.cmp('fne', x, x), b.cmp('fne', y, y)));
    if (cond & 2) r = b.bin('or', r, b.cmp('feq', x, y));
    if (cond & 4) r = b.bin('or', r, b.cmp('flt', x, y));
    e.setFcc((i.word >>> 8) & 7, r);
  });

const COND_NAMES = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'];

/** COP1 fmt S or D, keyed by funct. */
export function floatFmtTable(f: 'S' | 'D'): Record<number, Node> {
  const s = f.toLowerCase();
  const t: Record<number, Node> = {
    0x00: insn(`add.${s}`, binary(f, 'fadd')),
    0x01: insn(`sub.${s}`, binary(f, 'fsub')),
    0x02: insn(`mul.${s}`, binary(f, 'fmul')),
    0x03: insn(`div.${s}`, binary(f, 'fdiv')),
    0x04: insn(`sqrt.${s}`, sqrt(f)),
    0x05: insn(`abs.${s}`, signBit(f, 'abs')),
    0x06: insn(`mov.${s}`, move(f)),
    0x07: insn(`neg.${s}`, signBit(f, 'neg')),
    0x08: insn(`round.l.${s}`, toInt(f, 'L', 'fnearest')),
    0x09: insn(`trunc.l.${s}`, toInt(f, 'L', 'ftrunc')),
    0x0a: insn(`ceil.l.${s}`, toInt(f, 'L', 'fceil')),
    0x0b: insn(`floor.l.${s}`, toInt(f, 'L', 'ffloor')),
    0x0c: insn(`round.w.${s}`, toInt(f, 'W', 'fnearest')),
    0x0d: insn(`trunc.w.${s}`, toInt(f, 'W', 'ftrunc')),
    0x0e: insn(`ceil.w.${s}`, toInt(f, 'W', 'fceil')),
    0x0f: insn(`floor.w.${s}`, toInt(f, 'W', 'ffloor')),
    0x11: insn(`movcf.${s}`, moveIf(f, onFcc)),
    0x12: insn(`movz.${s}`, moveIf(f, onGprZero(true))),
    0x13: insn(`movn.${s}`, moveIf(f, onGprZero(false))),
    0x15: insn(`recip.${s}`, reciprocal(f, false)),
    0x16: insn(`rsqrt.${s}`, reciprocal(f, true)),
    0x24: insn(`cvt.w.${s}`, toInt(f, 'W', 'rm')),
    0x25: insn(`cvt.l.${s}`, toInt(f, 'L', 'rm')),
  };
  if (f === 'D') t[0x20] = insn('cvt.s.d', toFloat('D', 'S'));
  else t[0x21] = insn('cvt.d.s', toFloat('S', 'D'));
  COND_NAMES.forEach((name, cond) => { t[0x30 + cond] = insn(`c.${name}.${s}`, compare(f, cond)); });
  return t;
}

/** COP1 fmt W or L: only the conversions to floating point. */
export function fixedFmtTable(f: 'W' | 'L'): Record<number, Node> {
  const s = f.toLowerCase();
  return { 0x20: insn(`cvt.s.${s}`, toFloat(f, 'S')), 0x21: insn(`cvt.d.${s}`, toFloat(f, 'D')) };
}

/**
 * MADD/MSUB/NMADD/NMSUB.fmt (COP1X): fd = ±(fs * ft ± fr). MIPS32r2/MIPS64r2 FPUs round the
 * product before the addition (not fused).
 */
export const multiplyAdd = (f: 'S' | 'D', sub: boolean, negate: boolean): Sem =>
  wideRegs((i) => [{ n: i.sa, f }, { n: i.rd, f }, { n: i.rt, f }, { n: i.rs, f }], (e, i) => {
    const b = e.b;
    const p = b.bin('fmul', read(e, f, i.rd), read(e, f, i.rt));
    const r = b.bin(sub ? 'fsub' : 'fadd', p, read(e, f, i.rs));
    // NMADD/NMSUB negate the rounded result, a default NaN included (as the kernel's emulator does).
    const bits = arithBits(e, f, r);
    writeRaw(e, f, i.sa, negate ? b.bin('xor', bits, signMasks(e, f)[0]) : bits);
  });
