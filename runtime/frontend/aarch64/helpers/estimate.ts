// Reciprocal and reciprocal square root estimates (FRECPE, FRSQRTE, URECPE, URSQRTE), FRECPX
// and FCVTXN's round-to-odd narrowing: the Arm ARM's bit-exact algorithms (shared/functions/
// float/fprecipestimate, fprsqrtestimate, fprecpx; UnsignedRecipEstimate). FPCR.FZ/DN are not
// modelled; the FPSR flags of these operations come from fp-flags.ts.
import { registerHelper } from '../../../ir/helpers.js';
import { defaultNaN, F32, F64, type Fmt } from '../../shared/softfloat.js';

export const ESTIMATE_HELPERS = {
  recpe32: 'a64_frecpe32', recpe64: 'a64_frecpe64', rsqrte32: 'a64_frsqrte32', rsqrte64: 'a64_frsqrte64',
  recpx32: 'a64_frecpx32', recpx64: 'a64_frecpx64', urecpe: 'a64_urecpe', ursqrte: 'a64_ursqrte', fcvtxn: 'a64_fcvtxn',
} as const;

/** 9-bit input 256..511 -> 9-bit estimate 256..511. */
function recipEstimate(a: number): number {
  const b = Math.floor(2 ** 19 / (a * 2 + 1));
  return (b + 1) >> 1;
}

/** 9-bit input 128..511 -> 9-bit estimate 256..511. */
function recipSqrtEstimate(a0: number): number {
  const a = a0 < 256 ? a0 * 2 + 1 : ((a0 >> 1) << 1) + 1 << 1;
  let b = 512;
  while (a * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}

interface Parts { sign: bigint; exp: number; frac: bigint; kind: 'nan' | 'inf' | 'zero' | 'num' }

function parts(x: bigint, f: Fmt): Parts {
  const sign = (x >> BigInt(f.bits - 1)) & 1n;
  const exp = Number((x >> BigInt(f.mant)) & ((1n << BigInt(f.expBits)) - 1n));
  const frac = x & ((1n << BigInt(f.mant)) - 1n);
  const maxExp = (1 << f.expBits) - 1;
  const kind = exp === maxExp ? (frac ? 'nan' : 'inf') : exp === 0 && frac === 0n ? 'zero' : 'num';
  return { sign, exp, frac, kind };
}

const quiet = (x: bigint, f: Fmt): bigint => x | (1n << BigInt(f.mant - 1));
const inf = (sign: bigint, f: Fmt): bigint => (sign << BigInt(f.bits - 1)) | (((1n << BigInt(f.expBits)) - 1n) << BigInt(f.mant));
const pack = (sign: bigint, exp: number, frac52: bigint, f: Fmt): bigint =>
  (sign << BigInt(f.bits - 1)) | (BigInt(exp) << BigInt(f.mant)) | (frac52 >> BigInt(52 - f.mant));

/** `mode` is FPCR.RMode: it decides whether a too-small input gives infinity or the largest finite value. */
function recpe(x: bigint, f: Fmt, mode: number): bigint {
  const p = parts(x, f);
  if (p.kind === 'nan') return quiet(x, f);
  if (p.kind === 'inf') return p.sign << BigInt(f.bits - 1);
  if (p.kind === 'zero') return inf(p.sign, f);
  let frac = p.frac << BigInt(52 - f.mant);
  let exp = p.exp;
  // Below 2^-(bias+1) the reciprocal overflows: infinity, or the largest finite value when the
  // rounding mode rounds toward zero from this side.
  if (exp === 0 && ((frac >> 51n) & 1n) === 0n && ((frac >> 50n) & 1n) === 0n) {
    const toInf = mode === 0 || (mode === 1 && p.sign === 0n) || (mode === 2 && p.sign === 1n);
    return toInf ? inf(p.sign, f) : inf(p.sign, f) - 1n;
  }
  if (exp === 0) {
    if (((frac >> 51n) & 1n) === 0n) { exp = -1; frac = (frac << 2n) & ((1n << 52n) - 1n); } else frac = (frac << 1n) & ((1n << 52n) - 1n);
  }
  const scaled = 256 | Number(frac >> 44n);
  let resultExp = (f === F32 ? 253 : 2045) - exp;
  let rf = BigInt(recipEstimate(scaled) & 0xff) << 44n;
  if (resultExp === 0) rf = (1n << 51n) | (rf >> 1n);
  else if (resultExp === -1) { rf = (1n << 50n) | (rf >> 2n); resultExp = 0; }
  return pack(p.sign, resultExp, rf, f);
}

function rsqrte(x: bigint, f: Fmt): bigint {
  const p = parts(x, f);
  if (p.kind === 'nan') return quiet(x, f);
  if (p.kind === 'zero') return inf(p.sign, f);
  if (p.sign) return defaultNaN(f);
  if (p.kind === 'inf') return 0n;
  let frac = p.frac << BigInt(52 - f.mant);
  let exp = p.exp;
  const top = (1n << 52n) - 1n;
  if (exp === 0) {
    while (((frac >> 51n) & 1n) === 0n) { frac = (frac << 1n) & top; exp--; }
    frac = (frac << 1n) & top;
  }
  const scaled = (exp & 1) === 0 ? 256 | Number(frac >> 44n) : 128 | Number(frac >> 45n);
  const resultExp = Math.floor(((f === F32 ? 380 : 3068) - exp) / 2);
  return pack(0n, resultExp, BigInt(recipSqrtEstimate(scaled) & 0xff) << 44n, f);
}

function recpx(x: bigint, f: Fmt): bigint {
  const p = parts(x, f);
  if (p.kind === 'nan') return quiet(x, f);
  const maxExp = (1 << f.expBits) - 1;
  const exp = p.exp === 0 ? maxExp - 1 : ~p.exp & maxExp;
  return (p.sign << BigInt(f.bits - 1)) | (BigInt(exp) << BigInt(f.mant));
}

/** Double -> single rounding to odd (FCVTXN): truncate, then set the last bit if inexact. */
function fcvtxn(x: bigint): number {
  const p = parts(x, F64);
  if (p.kind === 'nan') return Number((p.sign << 31n) | 0x7fc00000n | ((x >> 29n) & 0x3fffffn)) | 0;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, x);
  const d = dv.getFloat64(0);
  if (p.kind === 'inf' || p.kind === 'zero') return Number((p.sign << 31n) | (p.kind === 'inf' ? 0x7f800000n : 0n)) | 0;
  dv.setFloat32(0, Math.fround(d));
  let bits = dv.getUint32(0);
  let r = Math.fround(d);
  if (Math.abs(r) > Math.abs(d)) { bits -= 1; dv.setUint32(0, bits); r = dv.getFloat32(0); }
  if (r !== d) bits |= 1;
  return bits | 0;
}

/** URECPE / URSQRTE on a 32-bit lane. */
function urecpe(v: number): number {
  return v & 0x80000000 ? (recipEstimate(v >>> 23) << 23) | 0 : -1;
}
function ursqrte(v: number): number {
  return (v >>> 30) === 0 ? -1 : (recipSqrtEstimate(v >>> 23) << 23) | 0;
}

const u32 = (v: number): bigint => BigInt(v >>> 0);
const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const pure32 = (name: string, fn: (x: bigint) => bigint): void =>
  registerHelper({ name, params: ['i32'], result: 'i32', effects: 'pure', fn: (_c, x: number) => i32(fn(u32(x))) });
const pure64 = (name: string, fn: (x: bigint) => bigint): void =>
  registerHelper({ name, params: ['i64'], result: 'i64', effects: 'pure', fn: (_c, x: bigint) => BigInt.asIntN(64, fn(BigInt.asUintN(64, x))) });

registerHelper({
  name: ESTIMATE_HELPERS.recpe32, params: ['i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, x: number, mode: number) => i32(recpe(u32(x), F32, mode)),
});
registerHelper({
  name: ESTIMATE_HELPERS.recpe64, params: ['i64', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, x: bigint, mode: number) => BigInt.asIntN(64, recpe(BigInt.asUintN(64, x), F64, mode)),
});
pure32(ESTIMATE_HELPERS.rsqrte32, (x) => rsqrte(x, F32));
pure64(ESTIMATE_HELPERS.rsqrte64, (x) => rsqrte(x, F64));
pure32(ESTIMATE_HELPERS.recpx32, (x) => recpx(x, F32));
pure64(ESTIMATE_HELPERS.recpx64, (x) => recpx(x, F64));
registerHelper({ name: ESTIMATE_HELPERS.urecpe, params: ['i32'], result: 'i32', effects: 'pure', fn: (_c, x: number) => urecpe(x >>> 0) });
registerHelper({ name: ESTIMATE_HELPERS.ursqrte, params: ['i32'], result: 'i32', effects: 'pure', fn: (_c, x: number) => ursqrte(x >>> 0) });
registerHelper({ name: ESTIMATE_HELPERS.fcvtxn, params: ['i64'], result: 'i32', effects: 'pure', fn: (_c, x: bigint) => fcvtxn(BigInt.asUintN(64, x)) });
