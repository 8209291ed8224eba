// Reciprocal and reciprocal square root estimates (FRECPE, FRSQRTE, URECPE, URSQRTE), FRECPX
// and FCVTXN's round-to-odd narrowing: the Arm ARM's bit-exact algorithms (shared/functions/
// float/fprecipestimate, fprsqrtestimate, fprecpx; UnsignedRecipEstimate). The FP helpers take
// the FP environment FPCR<26:22> (softfloat's `Env`) for FZ (operands arrive flushed; FRECPE
// flushes its result) and DN; the FPSR flags of these operations come from fp-flags.ts.
import { registerHelper } from '../../../ir/helpers.js';
import { defaultNaN, ENV_DN, ENV_FZ, F32, F64, type Env, type Fmt } from '../../shared/softfloat.js';

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

/** The NaN result for NaN operand x: quieted, or the default NaN under FPCR.DN. */
const quiet = (x: bigint, f: Fmt, env: Env): bigint => (env & ENV_DN ? defaultNaN(f) : x | (1n << BigInt(f.mant - 1)));
const inf = (sign: bigint, f: Fmt): bigint => (sign << BigInt(f.bits - 1)) | (((1n << BigInt(f.expBits)) - 1n) << BigInt(f.mant));
const pack = (sign: bigint, exp: number, frac52: bigint, f: Fmt): bigint =>
  (sign << BigInt(f.bits - 1)) | (BigInt(exp) << BigInt(f.mant)) | (frac52 >> BigInt(52 - f.mant));

/** The RMode in `env` decides whether a too-small input gives infinity or the largest finite value. */
export function recpe(x: bigint, f: Fmt, env: Env): bigint {
  const p = parts(x, f), mode = env & 3;
  if (p.kind === 'nan') return quiet(x, f, env);
  if (p.kind === 'inf') return p.sign << BigInt(f.bits - 1);
  if (p.kind === 'zero') return inf(p.sign, f);
  // FZ: a reciprocal below the smallest normal (|x| >= 2^(bias-1)) is a zero.
  if (env & ENV_FZ && p.exp >= (1 << f.expBits) - 3) return p.sign << BigInt(f.bits - 1);
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

export function rsqrte(x: bigint, f: Fmt, env: Env): bigint {
  const p = parts(x, f);
  if (p.kind === 'nan') return quiet(x, f, env);
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

function recpx(x: bigint, f: Fmt, env: Env): bigint {
  const p = parts(x, f);
  if (p.kind === 'nan') return quiet(x, f, env);
  const maxExp = (1 << f.expBits) - 1;
  const exp = p.exp === 0 ? maxExp - 1 : ~p.exp & maxExp;
  return (p.sign << BigInt(f.bits - 1)) | (BigInt(exp) << BigInt(f.mant));
}

/** Double -> single rounding to odd (FCVTXN): truncate, then set the last bit if inexact. */
function fcvtxn(x: bigint, env: Env): number {
  const p = parts(x, F64);
  if (p.kind === 'nan') return env & ENV_DN ? 0x7fc00000 : Number((p.sign << 31n) | 0x7fc00000n | ((x >> 29n) & 0x3fffffn)) | 0;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, x);
  const d = dv.getFloat64(0);
  // FZ: an exact value below single's smallest normal is a zero.
  const flushed = env & ENV_FZ && Math.abs(d) < 2 ** -126;
  if (p.kind === 'inf' || p.kind === 'zero' || flushed) return Number((p.sign << 31n) | (p.kind === 'inf' ? 0x7f800000n : 0n)) | 0;
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
/** An estimate helper on one operand and the FP environment, for single and for double. */
function fpPair(name32: string, name64: string, fn: (x: bigint, f: Fmt, env: Env) => bigint): void {
  registerHelper({ name: name32, params: ['i32', 'i32'], result: 'i32', effects: 'pure', fn: (_c, x: number, env: number) => i32(fn(u32(x), F32, env)) });
  registerHelper({
    name: name64, params: ['i64', 'i32'], result: 'i64', effects: 'pure',
    fn: (_c, x: bigint, env: number) => BigInt.asIntN(64, fn(BigInt.asUintN(64, x), F64, env)),
  });
}

fpPair(ESTIMATE_HELPERS.recpe32, ESTIMATE_HELPERS.recpe64, recpe);
fpPair(ESTIMATE_HELPERS.rsqrte32, ESTIMATE_HELPERS.rsqrte64, rsqrte);
fpPair(ESTIMATE_HELPERS.recpx32, ESTIMATE_HELPERS.recpx64, recpx);
registerHelper({ name: ESTIMATE_HELPERS.urecpe, params: ['i32'], result: 'i32', effects: 'pure', fn: (_c, x: number) => urecpe(x >>> 0) });
registerHelper({ name: ESTIMATE_HELPERS.ursqrte, params: ['i32'], result: 'i32', effects: 'pure', fn: (_c, x: number) => ursqrte(x >>> 0) });
registerHelper({
  name: ESTIMATE_HELPERS.fcvtxn, params: ['i64', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, x: bigint, env: number) => fcvtxn(BigInt.asUintN(64, x), env),
});
