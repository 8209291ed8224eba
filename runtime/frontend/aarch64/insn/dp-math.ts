// Data processing: 1-source (bit reversal, byte reversal, leading bits), 2-source (divide,
// variable shifts, CRC32) and 3-source (multiply-accumulate) (Arm ARM C4.1.95).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
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

/** A 1-source operation on Rn (width per sf) written to Rd. */
const unary = (op: (e: Emitter, x: Temp, sf: number) => Temp) => (e: Emitter, _i: number, f: Fields): void => {
  e.setX(f.rd, op(e, e.r(f.sf, f.rn), f.sf));
};

function cls(e: Emitter, x: Temp): Temp {
  const b = e.b, ty = b.tyOf(x);
  return b.bin('sub', b.un('clz', b.bin('xor', x, b.bin('shr_s', x, b.konst(ty, 1)))), b.konst(ty, 1));
}

/** A 2-source operation on Rn and Rm; variable shifts take the amount modulo the width, as IR shifts do. */
const binary = (kind: 'div_u' | 'div_s' | 'shl' | 'shr_u' | 'shr_s' | 'rotr') => (e: Emitter, _i: number, f: Fields): void => {
  e.setX(f.rd, e.b.bin(kind, e.r(f.sf, f.rn), e.r(f.sf, f.rm)));
};

/** CRC32{B,H,W,X} and CRC32C*: Wd = crc(Wn, Rm), over 1 << size bytes (size from the sz field unless given). */
const crc = (size?: number) => (e: Emitter, _i: number, f: Fields): void => {
  const sz = size ?? f.sz;
  const data = sz === 3 ? e.x(f.rm) : e.to64(e.w(f.rm));
  const helper = CRC_HELPERS[f.c ? 'crc32c' : 'crc32'];
  e.setX(f.rd, e.b.call(helper, [e.w(f.rn), data, e.b.i32(1 << sz)], 'i32'));
};

/** MADD/MSUB (widen = null), SMADDL/SMSUBL and UMADDL/UMSUBL (64-bit Ra): Rd = Ra +/- Rn * Rm. */
const multiplyAdd = (widen: 'extend_s' | 'extend_u' | null) => (e: Emitter, _i: number, f: Fields): void => {
  const b = e.b;
  const product = widen
    ? b.bin('mul', b.conv(widen, e.w(f.rn)), b.conv(widen, e.w(f.rm)))
    : b.bin('mul', e.r(f.sf, f.rn), e.r(f.sf, f.rm));
  e.setX(f.rd, b.bin(f.sub ? 'sub' : 'add', widen ? e.x(f.ra) : e.r(f.sf, f.ra), product));
};

const multiplyHigh = (kind: 'mulh_s' | 'mulh_u') => (e: Emitter, _i: number, f: Fields): void => {
  e.setX(f.rd, e.b.bin(kind, e.x(f.rn), e.x(f.rm)));
};

const DP1 = 'sf:1 1 0 11010110 00000';
const DP2 = 'sf:1 0 0 11010110 rm:5';
export const dpMathPatterns: Pattern[] = [
  pat('RBIT', `${DP1} 000000 rn:5 rd:5`, unary(reverseBits)),
  pat('REV16', `${DP1} 000001 rn:5 rd:5`, unary(rev16)),
  pat('REV32 / REV (32-bit)', `${DP1} 000010 rn:5 rd:5`,
    unary((e, x, sf) => (sf ? e.b.bin('rotl', e.b.un('bswap', x), e.b.i64(32)) : e.b.un('bswap', x)))),
  pat('REV (64-bit)', '1 1 0 11010110 00000 000011 rn:5 rd:5', (e, _i, f) => e.setX(f.rd, e.b.un('bswap', e.x(f.rn)))),
  pat('CLZ', `${DP1} 000100 rn:5 rd:5`, unary((e, x) => e.b.un('clz', x))),
  pat('CLS', `${DP1} 000101 rn:5 rd:5`, unary(cls)),
  pat('UDIV', `${DP2} 000010 rn:5 rd:5`, binary('div_u')),
  pat('SDIV', `${DP2} 000011 rn:5 rd:5`, binary('div_s')),
  pat('LSLV', `${DP2} 001000 rn:5 rd:5`, binary('shl')),
  pat('LSRV', `${DP2} 001001 rn:5 rd:5`, binary('shr_u')),
  pat('ASRV', `${DP2} 001010 rn:5 rd:5`, binary('shr_s')),
  pat('RORV', `${DP2} 001011 rn:5 rd:5`, binary('rotr')),
  pat('CRC32B/H', '0 0 0 11010110 rm:5 010 c:1 0 sz:1 rn:5 rd:5', crc()),
  pat('CRC32W', '0 0 0 11010110 rm:5 010 c:1 10 rn:5 rd:5', crc(2)),
  pat('CRC32X', '1 0 0 11010110 rm:5 010 c:1 11 rn:5 rd:5', crc(3)),
  pat('MADD/MSUB', 'sf:1 00 11011 000 rm:5 sub:1 ra:5 rn:5 rd:5', multiplyAdd(null)),
  pat('SMADDL/SMSUBL', '1 00 11011 001 rm:5 sub:1 ra:5 rn:5 rd:5', multiplyAdd('extend_s')),
  pat('UMADDL/UMSUBL', '1 00 11011 101 rm:5 sub:1 ra:5 rn:5 rd:5', multiplyAdd('extend_u')),
  pat('SMULH', '1 00 11011 010 rm:5 0 ra:5 rn:5 rd:5', multiplyHigh('mulh_s')),
  pat('UMULH', '1 00 11011 110 rm:5 0 ra:5 rn:5 rd:5', multiplyHigh('mulh_u')),
];
