// Data processing: 1-source (bit reversal, byte reversal, leading bits), 2-source (divide,
// variable shifts, CRC32) and 3-source (multiply-accumulate) (Arm ARM C4.1.95).
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, ra, rd, rn, rm, sf } from '../fields.js';
import { CRC_HELPERS } from '../helpers/crc.js';

/** Swap adjacent groups of `width` bits selected by mask m: ((x >> w) & m) | ((x & m) << w). */
function swapGroups(e: Emitter, x: Temp, width: number, m: bigint): Temp {
  const b = e.b, ty = b.tyOf(x);
  const mm = b.konst(ty, m), w = b.konst(ty, width);
  return b.bin('or', b.bin('and', b.bin('shr_u', x, w), mm), b.bin('shl', b.bin('and', x, mm), w));
}

const M1 = 0x5555555555555555n, M2 = 0x3333333333333333n, M4 = 0x0f0f0f0f0f0f0f0fn, M8 = 0x00ff00ff00ff00ffn;

export function reverseBits(e: Emitter, x: Temp): Temp {
  const swapped = swapGroups(e, swapGroups(e, swapGroups(e, x, 1, M1), 2, M2), 4, M4);
  return e.b.un('bswap', swapped);
}

/** REV16: reverse bytes within each halfword. */
export function rev16(e: Emitter, x: Temp): Temp { return swapGroups(e, x, 8, M8); }

function dp1(e: Emitter, i: number): boolean {
  if (bits(i, 20, 16) !== 0 || bit(i, 29)) return false;
  const b = e.b, s = sf(i);
  const x = e.r(s, rn(i));
  const ty = e.ty(s);
  let res: Temp;
  switch (bits(i, 15, 10)) {
    case 0: res = reverseBits(e, x); break;
    case 1: res = rev16(e, x); break;
    case 2: res = s ? b.bin('rotl', b.un('bswap', x), b.i64(32)) : b.un('bswap', x); break; // REV32 / REV (W)
    case 3: if (!s) return false; res = b.un('bswap', x); break;
    case 4: res = b.un('clz', x); break;
    case 5: res = b.bin('sub', b.un('clz', b.bin('xor', x, b.bin('shr_s', x, b.konst(ty, 1)))), b.konst(ty, 1)); break;
    default: return false;
  }
  e.setX(rd(i), res);
  return true;
}

function dp2(e: Emitter, i: number): boolean {
  if (bit(i, 29)) return false;
  const b = e.b, s = sf(i), op = bits(i, 15, 10);
  if (op >= 0x10 && op <= 0x17) {
    const size = op & 3;
    if ((size === 3) !== (s === 1)) return false;
    const data = size === 3 ? e.x(rm(i)) : e.to64(e.w(rm(i)));
    const helper = CRC_HELPERS[op & 4 ? 'crc32c' : 'crc32'];
    e.setX(rd(i), b.call(helper, [e.w(rn(i)), data, b.i32(1 << size)], 'i32'));
    return true;
  }
  const kind = ({ 2: 'div_u', 3: 'div_s', 8: 'shl', 9: 'shr_u', 10: 'shr_s', 11: 'rotr' } as const)[op as 2];
  if (!kind) return false;
  // Variable shifts take the amount modulo the width, as IR shifts do.
  e.setX(rd(i), b.bin(kind, e.r(s, rn(i)), e.r(s, rm(i))));
  return true;
}

function dp3(e: Emitter, i: number): boolean {
  const b = e.b, s = sf(i), op31 = bits(i, 23, 21), sub = bit(i, 15) === 1;
  if (bits(i, 30, 29) !== 0 || (!s && op31 !== 0)) return false;
  let product: Temp;
  switch (op31) {
    case 0: product = b.bin('mul', e.r(s, rn(i)), e.r(s, rm(i))); break;
    case 1: case 5: {
      const ext = op31 === 1 ? 'extend_s' : 'extend_u';
      product = b.bin('mul', b.conv(ext, e.w(rn(i))), b.conv(ext, e.w(rm(i))));
      break;
    }
    case 2: case 6:
      if (sub) return false;
      e.setX(rd(i), b.bin(op31 === 2 ? 'mulh_s' : 'mulh_u', e.x(rn(i)), e.x(rm(i))));
      return true;
    default: return false;
  }
  e.setX(rd(i), b.bin(sub ? 'sub' : 'add', e.r(s, ra(i)), product));
  return true;
}

export const dpMathPatterns: Pattern[] = [
  pat('data-processing (1 source)', '- 1 - 11010110 ---------------------', dp1),
  pat('data-processing (2 source)', '- 0 - 11010110 ---------------------', dp2),
  pat('data-processing (3 source)', '--- 11011 ------------------------', dp3),
];
