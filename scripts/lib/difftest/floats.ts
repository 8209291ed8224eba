// Random floating-point bit patterns for the generators of every target: edge values, NaNs
// with payloads (quiet and signalling under either NaN encoding), subnormals, small and random ones.
import type { Rng } from './rng.js';

const F64_EDGE = [0, -0, 1, -1, 0.5, -2.5, 3, 1.5, 2 ** 52, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 31, -(2 ** 31), 4294967295.5, 1e300, -1e-300,
  Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, Infinity, -Infinity, NaN, 0.1, 1 / 3, 123456.789];

function f64Bits(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}
function f32Bits(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return BigInt(dv.getUint32(0, true));
}

/** A float of `bits` width as a bit pattern: edge values, NaNs with payloads, small and random ones. */
export function randomFloat(rng: Rng, bits: 16 | 32 | 64): bigint {
  const mant = bits === 64 ? 52 : bits === 32 ? 23 : 10;
  const exp = bits === 64 ? 11 : bits === 32 ? 8 : 5;
  const fracMask = (1n << BigInt(mant)) - 1n;
  const expAll = ((1n << BigInt(exp)) - 1n) << BigInt(mant);
  const sign = rng.bool() ? 1n << BigInt(bits - 1) : 0n;
  const randFrac = (): bigint => (rng.u64() & fracMask);
  switch (rng.below(8)) {
    case 0: { // a NaN: quiet or signalling, random payload
      const quiet = 1n << BigInt(mant - 1);
      const frac = rng.bool() ? (randFrac() | quiet) : ((randFrac() & ~quiet) | 1n);
      return sign | expAll | frac;
    }
    case 1: return sign | randFrac(); // subnormal or zero
    case 2: { // small integers and halves
      const v = rng.range(-40, 40) / (rng.bool() ? 1 : 2);
      return bits === 64 ? f64Bits(v) : bits === 32 ? f32Bits(v) : halfBits(v);
    }
    case 3: case 4: {
      if (bits === 16) return sign | (BigInt(rng.below(31)) << BigInt(mant)) | randFrac();
      const v = rng.pick(F64_EDGE);
      return bits === 64 ? f64Bits(v) : f32Bits(v);
    }
    case 5: { // exponent near the bias (values of ordinary magnitude)
      const bias = (1 << (exp - 1)) - 1;
      return sign | (BigInt(bias + rng.range(-20, 40)) << BigInt(mant)) | randFrac();
    }
    default: return BigInt.asUintN(bits, rng.u64());
  }
}

function halfBits(v: number): bigint {
  if (v === 0) return 0n;
  const sign = v < 0 ? 0x8000n : 0n;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  const frac = Math.round((a / 2 ** e - 1) * 1024);
  return sign | (BigInt(e + 15) << 10n) | BigInt(frac);
}
