// Advanced SIMD shift by immediate, vector and scalar: SSHR/USHR, SSRA/USRA, SRSHR/URSHR,
// SRSRA/URSRA, SHL, SLI, SRI, SHRN/RSHRN, SSHLL/USHLL, the saturating shifts (SQSHL/UQSHL,
// SQSHLU, SQSHRN/UQSHRN, SQSHRUN and their rounding forms) and the fixed-point conversions
// (SCVTF/UCVTF, FCVTZS/FCVTZU) (Arm ARM C4.1.97-99). Each instruction has one pattern per
// element size it allows: immh's highest set bit is the size, so the table rejects the sizes an
// instruction does not have and leaves immh = 0000 to the modified-immediate group.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { Lane, readVec, shape, writeHalf, writeVec, type Esize, type Shape } from './simd-common.js';
import { toFloat, toInt } from './fp-convert.js';
import { FP32, FP64, FpOps } from './fp-common.js';
import { clampNarrow, satShiftLeftImm, shiftRightConst } from './simd-sat.js';

/** x >> sh for 1 <= sh <= lane bits, optionally rounding (adds the last bit shifted out). */
function shiftRight(l: Lane, x: Temp, sh: number, signed: boolean, round: boolean): Temp {
  const b = l.b;
  const v = signed ? l.sx(x) : x;
  const whole = sh >= l.bits;
  let r: Temp;
  if (whole) r = signed ? b.bin('shr_s', v, l.k(l.bits - 1)) : l.k(0);
  else r = b.bin(signed ? 'shr_s' : 'shr_u', v, l.k(sh));
  if (round) {
    const lastOut = b.bin('and', b.bin(signed ? 'shr_s' : 'shr_u', v, l.k(sh - 1)), l.k(1));
    r = b.bin('add', r, lastOut);
  }
  return l.zx(r);
}

/** Right shift amount of an element of `size`: esize - imm (1..esize). */
const rightShift = (size: number, f: Fields): number => (8 << size) - f.imm;

type ShapedEmit = (e: Emitter, f: Fields, s: Shape, size: number) => boolean | void;

/** SSHR/USHR, SRSHR/URSHR (`round`), SSRA/USRA and SRSRA/URSRA (`accumulate`); U = 1 unsigned. */
const shr = (round: boolean, accumulate: boolean): ShapedEmit => (e, f, s, size) => {
  const sh = rightShift(size, f), signed = f.U === 0;
  const l = new Lane(e, s.esize), b = e.b;
  const a = readVec(e, f.rn, s);
  const acc = accumulate ? readVec(e, f.rd, s) : null;
  const res = a.map((x, j) => (acc ? l.zx(b.bin('add', acc[j]!, shiftRight(l, x, sh, signed, round))) : shiftRight(l, x, sh, signed, round)));
  writeVec(e, f.rd, s, res);
};

/** SRI: shift right and insert, keeping the destination's top `sh` bits. */
const sri: ShapedEmit = (e, f, s, size) => {
  const bitsE = s.esize * 8, sh = rightShift(size, f);
  const l = new Lane(e, s.esize), b = e.b;
  const a = readVec(e, f.rn, s);
  const acc = readVec(e, f.rd, s);
  const keep = sh >= bitsE ? (1n << BigInt(bitsE)) - 1n : ~(((1n << BigInt(bitsE)) - 1n) >> BigInt(sh)) & ((1n << BigInt(bitsE)) - 1n);
  writeVec(e, f.rd, s, a.map((x, j) => b.bin('or', b.bin('and', acc[j]!, l.k(keep)), shiftRight(l, x, sh, false, false))));
};

/** SHL, and SLI (`insert`: keeps the destination's low `imm` bits). */
const shl = (insert: boolean): ShapedEmit => (e, f, s) => {
  const l = new Lane(e, s.esize), b = e.b;
  const a = readVec(e, f.rn, s);
  const shifted = a.map((x) => l.zx(b.bin('shl', x, l.k(f.imm))));
  if (!insert) { writeVec(e, f.rd, s, shifted); return; }
  const acc = readVec(e, f.rd, s);
  const keep = ((1n << BigInt(f.imm)) - 1n);
  writeVec(e, f.rd, s, shifted.map((x, j) => b.bin('or', b.bin('and', acc[j]!, l.k(keep)), x)));
};

/** SQSHL/UQSHL (immediate) (U = 1 unsigned), and SQSHLU (`toUnsigned`: signed in, unsigned out). */
const satShiftLeft = (toUnsigned: boolean): ShapedEmit => (e, f, s) => {
  const signedIn = toUnsigned || f.U === 0, signedOut = !toUnsigned && f.U === 0;
  const l = new Lane(e, s.esize);
  writeVec(e, f.rd, s, readVec(e, f.rn, s).map((x) => satShiftLeftImm(l, x, f.imm, signedIn, signedOut)));
};

/**
 * SHRN/RSHRN ('truncate'), SQSHRUN/SQRSHRUN ('toUnsigned') and SQSHRN/UQSHRN/SQRSHRN/UQRSHRN
 * ('saturate', U = 1 unsigned), `round` = 1 for the R forms: `size` is the narrow (destination)
 * element's.
 */
const shiftNarrow = (kind: 'truncate' | 'toUnsigned' | 'saturate', scalar: boolean) => (e: Emitter, f: Fields, size: number): void => {
  const round = f.round === 1;
  const signedIn = kind === 'saturate' ? f.U === 0 : true, signedOut = kind === 'saturate' ? f.U === 0 : false;
  const dst = (1 << size) as Esize;
  const src: Shape = { esize: (dst * 2) as Esize, count: scalar ? 1 : 8 / dst };
  const sh = rightShift(size, f);
  const l = new Lane(e, src.esize);
  const vals = readVec(e, f.rn, src).map((x) => {
    if (kind === 'truncate') return l.resize(shiftRight(l, x, sh, false, round), dst, false);
    const shifted = shiftRightConst(l, x, sh, signedIn, round);
    return l.resize(clampNarrow(l, l.zx(shifted), dst * 8, signedIn, signedOut), dst, false);
  });
  if (scalar) writeVec(e, f.rd, { esize: dst, count: 1 }, vals);
  else writeHalf(e, f.rd, dst, vals, f.q);
};

/**
 * SCVTF/UCVTF (`toFp`) and FCVTZS/FCVTZU (vector and scalar, fixed-point; U = 1 unsigned):
 * fbits = esize - imm.
 */
const fixedPoint = (toFp: boolean, scalar: boolean) => (e: Emitter, f: Fields, size: number): boolean => {
  if (!scalar && size === 3 && !f.q) return false;
  const t = size === 3 ? FP64 : FP32, fp = new FpOps(e, t);
  const fbits = rightShift(size, f), signed = f.U === 0, wide = t.bits === 64 ? 1 : 0;
  const s: Shape = { esize: t.size, count: scalar ? 1 : (f.q ? 16 : 8) / t.size };
  writeVec(e, f.rd, s, readVec(e, f.rn, s).map((x) => (toFp ? toFloat(fp, x, signed, wide, fbits) : toInt(fp, x, 'ftrunc', signed, wide, fbits))));
  return true;
};

/** SSHLL/USHLL (and SXTL/UXTL): widen the low (q = 0) or high half, then shift left by imm. */
function shiftLong(e: Emitter, f: Fields, size: number): void {
  const src = (1 << size) as Esize, dst = (src * 2) as Esize;
  const count = 8 / src, upper = f.q;
  const ls = new Lane(e, src), ld = new Lane(e, dst);
  const vals = Array.from({ length: count }, (_, j) => {
    const wide = ls.resize(e.vlane(f.rn, j + (upper ? count : 0), src), dst, f.U === 0);
    return f.imm ? ld.zx(e.b.bin('shl', wide, ld.k(f.imm))) : wide;
  });
  writeVec(e, f.rd, { esize: dst, count }, vals);
}

/**
 * immh:immb for each element size (0..3: 8..64 bits): immh's highest set bit gives the size
 * (immh = 0000 is the modified-immediate group), and `imm` is the bits below it: the shift is
 * imm to the left, esize - imm to the right.
 */
const IMMH_IMMB = ['0001 imm:3', '001 imm:4', '01 imm:5', '1 imm:6'] as const;
const ALL = [0, 1, 2, 3], NARROW = [0, 1, 2], FP = [2, 3];

/** One pattern per element size; U is '0', '1' or the field 'U:1', opcode insn<15:11>. */
function sized(name: string, scalar: boolean, u: string, opcode: string, sizes: readonly number[], emit: (e: Emitter, f: Fields, size: number) => boolean | void): Pattern[] {
  const head = scalar ? `01 ${u} 111110` : `0 q:1 ${u} 011110`;
  return sizes.map((size) => pat(`${name} (${scalar ? 'scalar' : 'vector'}, ${8 << size}-bit)`, `${head} ${IMMH_IMMB[size]!} ${opcode} 1 rn:5 rd:5`, (e, _i, f) => emit(e, f, size)));
}

/** Same-size vector forms: Q selects 64 or 128 bits; a single 64-bit element (Q = 0) is reserved. */
const vector = (name: string, u: string, opcode: string, op: ShapedEmit): Pattern[] =>
  sized(name, false, u, opcode, ALL, (e, f, size) => (size === 3 && !f.q ? false : op(e, f, shape(f.q, size), size)));
const scalar = (name: string, u: string, opcode: string, sizes: readonly number[], op: ShapedEmit): Pattern[] =>
  sized(name, true, u, opcode, sizes, (e, f, size) => op(e, f, { esize: (1 << size) as Esize, count: 1 }, size));

export const simdShiftPatterns: Pattern[] = [
  ...vector('SSHR/USHR', 'U:1', '00000', shr(false, false)),
  ...vector('SSRA/USRA', 'U:1', '00010', shr(false, true)),
  ...vector('SRSHR/URSHR', 'U:1', '00100', shr(true, false)),
  ...vector('SRSRA/URSRA', 'U:1', '00110', shr(true, true)),
  ...vector('SRI', '1', '01000', sri),
  ...vector('SHL', '0', '01010', shl(false)),
  ...vector('SLI', '1', '01010', shl(true)),
  ...vector('SQSHLU', '1', '01100', satShiftLeft(true)),
  ...vector('SQSHL/UQSHL (immediate)', 'U:1', '01110', satShiftLeft(false)),
  ...sized('SHRN/RSHRN', false, '0', '1000 round:1', NARROW, shiftNarrow('truncate', false)),
  ...sized('SQSHRUN/SQRSHRUN', false, '1', '1000 round:1', NARROW, shiftNarrow('toUnsigned', false)),
  ...sized('SQSHRN/UQSHRN/SQRSHRN/UQRSHRN', false, 'U:1', '1001 round:1', NARROW, shiftNarrow('saturate', false)),
  ...sized('SSHLL/USHLL', false, 'U:1', '10100', NARROW, shiftLong),
  ...sized('SCVTF/UCVTF (fixed-point)', false, 'U:1', '11100', FP, fixedPoint(true, false)),
  ...sized('FCVTZS/FCVTZU (fixed-point)', false, 'U:1', '11111', FP, fixedPoint(false, false)),
  // The scalar forms: the non-saturating shifts on doublewords only.
  ...scalar('SSHR/USHR', 'U:1', '00000', [3], shr(false, false)),
  ...scalar('SSRA/USRA', 'U:1', '00010', [3], shr(false, true)),
  ...scalar('SRSHR/URSHR', 'U:1', '00100', [3], shr(true, false)),
  ...scalar('SRSRA/URSRA', 'U:1', '00110', [3], shr(true, true)),
  ...scalar('SRI', '1', '01000', [3], sri),
  ...scalar('SHL', '0', '01010', [3], shl(false)),
  ...scalar('SLI', '1', '01010', [3], shl(true)),
  ...scalar('SQSHLU', '1', '01100', ALL, satShiftLeft(true)),
  ...scalar('SQSHL/UQSHL (immediate)', 'U:1', '01110', ALL, satShiftLeft(false)),
  ...sized('SQSHRUN/SQRSHRUN', true, '1', '1000 round:1', NARROW, shiftNarrow('toUnsigned', true)),
  ...sized('SQSHRN/UQSHRN/SQRSHRN/UQRSHRN', true, 'U:1', '1001 round:1', NARROW, shiftNarrow('saturate', true)),
  ...sized('SCVTF/UCVTF (fixed-point)', true, 'U:1', '11100', FP, fixedPoint(true, true)),
  ...sized('FCVTZS/FCVTZU (fixed-point)', true, 'U:1', '11111', FP, fixedPoint(false, true)),
];
