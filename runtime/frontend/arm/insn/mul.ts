// Multiplies and divides: MUL/MLA/MLS, the long multiplies (UMULL/UMLAL/SMULL/SMLAL, UMAAL),
// the signed halfword and word-by-halfword DSP multiplies (SMULxy/SMLAxy, SMULWy/SMLAWy,
// SMLALxy), the dual 16-bit multiplies (SMUAD/SMLAD/SMUSD/SMLSD/SMLALD/SMLSLD), the most-
// significant-word multiplies (SMMUL/SMMLA/SMMLS) and SDIV/UDIV (ARMv7VE: x/0 = 0 as with
// divide-by-zero trapping off, which the IR's division gives). Accumulations that overflow a
// signed 32-bit result set the sticky Q flag.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';

/** ORs an i32 0/1 into the sticky Q flag. */
export function setQIf(e: ArmEmitter, overflow: Temp): void {
  const b = e.b;
  b.set(ARM.q, b.bin('or', b.get('i32', ARM.q), overflow));
}

/** a + b with Q set on signed overflow. */
function addQ(e: ArmEmitter, a: Temp, x: Temp): Temp {
  const b = e.b;
  const r = b.bin('add', a, x);
  setQIf(e, b.bin('shr_u', b.bin('and', b.bin('xor', a, r), b.bin('xor', x, r)), b.i32(31)));
  return r;
}

const any15 = (...regs: number[]): boolean => regs.some((r) => r === 15);

/** MUL/MLA/MLS: Rd = [Ra ±] Rn * Rm (S: N and Z from the result). */
function mul32(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number | null, sub: boolean, s: boolean): boolean {
  if (any15(rd, rn, rm) || ra === 15) return false;
  const b = e.b;
  const p = b.bin('mul', e.reg(rn), e.reg(rm));
  const res = ra === null ? p : b.bin(sub ? 'sub' : 'add', e.reg(ra), p);
  if (s) e.setNZ(res);
  e.setReg(rd, res);
  return true;
}

const wide = (e: ArmEmitter, v: Temp, signed: boolean): Temp => e.b.conv(signed ? 'extend_s' : 'extend_u', v);
const pair = (e: ArmEmitter, lo: number, hi: number): Temp => {
  const b = e.b;
  return b.bin('or', b.conv('extend_u', e.reg(lo)), b.bin('shl', b.conv('extend_u', e.reg(hi)), b.i64(32)));
};
function setPair(e: ArmEmitter, lo: number, hi: number, v: Temp): void {
  const b = e.b;
  e.setReg(lo, b.conv('wrap', v));
  e.setReg(hi, b.conv('wrap', b.bin('shr_u', v, b.i64(32))));
}

/** UMULL/SMULL/UMLAL/SMLAL: RdHi:RdLo = [RdHi:RdLo +] Rn * Rm (S: N and Z of the 64-bit result). */
function mulLong(e: ArmEmitter, lo: number, hi: number, rn: number, rm: number, signed: boolean, acc: boolean, s: boolean): boolean {
  if (any15(lo, hi, rn, rm) || lo === hi) return false;
  const b = e.b;
  let r = b.bin('mul', wide(e, e.reg(rn), signed), wide(e, e.reg(rm), signed));
  if (acc) r = b.bin('add', r, pair(e, lo, hi));
  if (s) {
    e.b.set(ARM.n, b.conv('wrap', b.bin('shr_u', r, b.i64(63))));
    e.b.set(ARM.z, b.cmp('eq', r, b.i64(0)));
  }
  setPair(e, lo, hi, r);
  return true;
}

/** UMAAL: RdHi:RdLo = Rn * Rm + RdHi + RdLo (unsigned, never overflows 64 bits). */
function umaal(e: ArmEmitter, lo: number, hi: number, rn: number, rm: number): boolean {
  if (any15(lo, hi, rn, rm) || lo === hi) return false;
  const b = e.b;
  const r = b.bin('add', b.bin('add', b.bin('mul', wide(e, e.reg(rn), false), wide(e, e.reg(rm), false)), wide(e, e.reg(lo), false)), wide(e, e.reg(hi), false));
  setPair(e, lo, hi, r);
  return true;
}

/** The signed top (1) or bottom (0) halfword of a register. */
function half(e: ArmEmitter, r: number, top: number): Temp {
  const b = e.b;
  const v = e.reg(r);
  return top ? b.bin('shr_s', v, b.i32(16)) : b.conv('sext16', v);
}

/** SMULxy/SMLAxy: Rd = [Ra +] half(Rn) * half(Rm) (Q on the accumulation's overflow). */
function smlaxy(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number | null, n: number, m: number): boolean {
  if (any15(rd, rn, rm) || ra === 15) return false;
  const p = e.b.bin('mul', half(e, rn, n), half(e, rm, m));
  e.setReg(rd, ra === null ? p : addQ(e, p, e.reg(ra)));
  return true;
}

/** SMULWy/SMLAWy: Rd = [Ra +] (Rn * half(Rm)) >> 16. */
function smlawy(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number | null, m: number): boolean {
  if (any15(rd, rn, rm) || ra === 15) return false;
  const b = e.b;
  const p = b.conv('wrap', b.bin('shr_s', b.bin('mul', wide(e, e.reg(rn), true), wide(e, half(e, rm, m), true)), b.i64(16)));
  e.setReg(rd, ra === null ? p : addQ(e, p, e.reg(ra)));
  return true;
}

/** SMLALxy: RdHi:RdLo += half(Rn) * half(Rm). */
function smlalxy(e: ArmEmitter, lo: number, hi: number, rn: number, rm: number, n: number, m: number): boolean {
  if (any15(lo, hi, rn, rm) || lo === hi) return false;
  const b = e.b;
  const p = wide(e, b.bin('mul', half(e, rn, n), half(e, rm, m)), true);
  setPair(e, lo, hi, b.bin('add', pair(e, lo, hi), p));
  return true;
}

/** The two 16x16 products of SMUAD and friends (`x`: Rm's halves swapped). */
function dualProducts(e: ArmEmitter, rn: number, rm: number, x: number): [Temp, Temp] {
  const b = e.b;
  return [b.bin('mul', half(e, rn, 0), half(e, rm, x)), b.bin('mul', half(e, rn, 1), half(e, rm, x ^ 1))];
}

/** SMUAD/SMLAD/SMUSD/SMLSD: Rd = [Ra +] p1 ± p2 (Q on overflow of the 32-bit sum). */
function smlad(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number | null, x: number, sub: boolean): boolean {
  if (any15(rd, rn, rm) || ra === 15) return false;
  const b = e.b;
  const [p1, p2] = dualProducts(e, rn, rm, x);
  // p1 + p2 can overflow only as 0x8000 * 0x8000 * 2; p1 - p2 never does.
  const sum = sub ? b.bin('sub', p1, p2) : addQ(e, p1, p2);
  e.setReg(rd, ra === null ? sum : addQ(e, sum, e.reg(ra)));
  return true;
}

/** SMLALD/SMLSLD: RdHi:RdLo += p1 ± p2 (64-bit). */
function smlald(e: ArmEmitter, lo: number, hi: number, rn: number, rm: number, x: number, sub: boolean): boolean {
  if (any15(lo, hi, rn, rm) || lo === hi) return false;
  const b = e.b;
  const [p1, p2] = dualProducts(e, rn, rm, x);
  const sum = b.bin(sub ? 'sub' : 'add', wide(e, p1, true), wide(e, p2, true));
  setPair(e, lo, hi, b.bin('add', pair(e, lo, hi), sum));
  return true;
}

/** SMMUL/SMMLA/SMMLS: Rd = high word of ([Ra:0] ± Rn * Rm), rounded with R. */
function smmla(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number | null, sub: boolean, round: number): boolean {
  if (any15(rd, rn, rm) || ra === 15) return false;
  const b = e.b;
  const p = b.bin('mul', wide(e, e.reg(rn), true), wide(e, e.reg(rm), true));
  let r = ra === null ? p : b.bin(sub ? 'sub' : 'add', b.bin('shl', wide(e, e.reg(ra), false), b.i64(32)), p);
  if (round) r = b.bin('add', r, b.i64(0x80000000n));
  e.setReg(rd, b.conv('wrap', b.bin('shr_u', r, b.i64(32))));
  return true;
}

/** SDIV/UDIV: x / 0 = 0, INT_MIN / -1 = INT_MIN. */
function div(e: ArmEmitter, rd: number, rn: number, rm: number, signed: boolean): boolean {
  if (any15(rd, rn, rm)) return false;
  e.setReg(rd, e.b.bin(signed ? 'div_s' : 'div_u', e.reg(rn), e.reg(rm)));
  return true;
}

/** Ra = 15 selects the non-accumulating form of several T32 and A32 encodings. */
const acc = (ra: number): number | null => (ra === 15 ? null : ra);

export const mulGroup: Group = {
  a32: [
    pat('MUL/MLA', '---- 0000 00 a:1 s:1 rd:4 ra:4 rm:4 1001 rn:4', (e, f) => (!f.a && f.ra !== 0 ? false : mul32(e, f.rd, f.rn, f.rm, f.a ? f.ra : null, false, f.s === 1))),
    pat('MLS', '---- 0000 0110 rd:4 ra:4 rm:4 1001 rn:4', (e, f) => mul32(e, f.rd, f.rn, f.rm, f.ra, true, false)),
    pat('UMAAL', '---- 0000 0100 hi:4 lo:4 rm:4 1001 rn:4', (e, f) => umaal(e, f.lo, f.hi, f.rn, f.rm)),
    pat('UMULL/UMLAL/SMULL/SMLAL', '---- 0000 1 sg:1 a:1 s:1 hi:4 lo:4 rm:4 1001 rn:4', (e, f) => mulLong(e, f.lo, f.hi, f.rn, f.rm, f.sg === 1, f.a === 1, f.s === 1)),
    pat('SMLAxy', '---- 00010 00 0 rd:4 ra:4 rm:4 1 m:1 n:1 0 rn:4', (e, f) => smlaxy(e, f.rd, f.rn, f.rm, f.ra, f.n, f.m)),
    pat('SMLAWy', '---- 00010 01 0 rd:4 ra:4 rm:4 1 m:1 0 0 rn:4', (e, f) => smlawy(e, f.rd, f.rn, f.rm, f.ra, f.m)),
    pat('SMULWy', '---- 00010 01 0 rd:4 0000 rm:4 1 m:1 1 0 rn:4', (e, f) => smlawy(e, f.rd, f.rn, f.rm, null, f.m)),
    pat('SMLALxy', '---- 00010 10 0 hi:4 lo:4 rm:4 1 m:1 n:1 0 rn:4', (e, f) => smlalxy(e, f.lo, f.hi, f.rn, f.rm, f.n, f.m)),
    pat('SMULxy', '---- 00010 11 0 rd:4 0000 rm:4 1 m:1 n:1 0 rn:4', (e, f) => smlaxy(e, f.rd, f.rn, f.rm, null, f.n, f.m)),
    pat('SMLAD/SMUAD', '---- 0111 0000 rd:4 ra:4 rm:4 00 x:1 1 rn:4', (e, f) => smlad(e, f.rd, f.rn, f.rm, acc(f.ra), f.x, false)),
    pat('SMLSD/SMUSD', '---- 0111 0000 rd:4 ra:4 rm:4 01 x:1 1 rn:4', (e, f) => smlad(e, f.rd, f.rn, f.rm, acc(f.ra), f.x, true)),
    pat('SMLALD', '---- 0111 0100 hi:4 lo:4 rm:4 00 x:1 1 rn:4', (e, f) => smlald(e, f.lo, f.hi, f.rn, f.rm, f.x, false)),
    pat('SMLSLD', '---- 0111 0100 hi:4 lo:4 rm:4 01 x:1 1 rn:4', (e, f) => smlald(e, f.lo, f.hi, f.rn, f.rm, f.x, true)),
    pat('SMMLA/SMMUL', '---- 0111 0101 rd:4 ra:4 rm:4 00 r:1 1 rn:4', (e, f) => smmla(e, f.rd, f.rn, f.rm, acc(f.ra), false, f.r)),
    pat('SMMLS', '---- 0111 0101 rd:4 ra:4 rm:4 11 r:1 1 rn:4', (e, f) => smmla(e, f.rd, f.rn, f.rm, f.ra, true, f.r)),
    pat('SDIV', '---- 0111 0001 rd:4 1111 rm:4 0001 rn:4', (e, f) => div(e, f.rd, f.rn, f.rm, true)),
    pat('UDIV', '---- 0111 0011 rd:4 1111 rm:4 0001 rn:4', (e, f) => div(e, f.rd, f.rn, f.rm, false)),
  ],
  t32: [
    pat('MUL/MLA', '111110110000 rn:4 ra:4 rd:4 0000 rm:4', (e, f) => mul32(e, f.rd, f.rn, f.rm, acc(f.ra), false, false)),
    pat('MLS', '111110110000 rn:4 ra:4 rd:4 0001 rm:4', (e, f) => mul32(e, f.rd, f.rn, f.rm, f.ra, true, false)),
    pat('SMULL', '111110111000 rn:4 lo:4 hi:4 0000 rm:4', (e, f) => mulLong(e, f.lo, f.hi, f.rn, f.rm, true, false, false)),
    pat('UMULL', '111110111010 rn:4 lo:4 hi:4 0000 rm:4', (e, f) => mulLong(e, f.lo, f.hi, f.rn, f.rm, false, false, false)),
    pat('SMLAL', '111110111100 rn:4 lo:4 hi:4 0000 rm:4', (e, f) => mulLong(e, f.lo, f.hi, f.rn, f.rm, true, true, false)),
    pat('UMLAL', '111110111110 rn:4 lo:4 hi:4 0000 rm:4', (e, f) => mulLong(e, f.lo, f.hi, f.rn, f.rm, false, true, false)),
    pat('UMAAL', '111110111110 rn:4 lo:4 hi:4 0110 rm:4', (e, f) => umaal(e, f.lo, f.hi, f.rn, f.rm)),
    pat('SMLAxy/SMULxy', '111110110001 rn:4 ra:4 rd:4 00 n:1 m:1 rm:4', (e, f) => smlaxy(e, f.rd, f.rn, f.rm, acc(f.ra), f.n, f.m)),
    pat('SMLAWy/SMULWy', '111110110011 rn:4 ra:4 rd:4 000 m:1 rm:4', (e, f) => smlawy(e, f.rd, f.rn, f.rm, acc(f.ra), f.m)),
    pat('SMLALxy', '111110111100 rn:4 lo:4 hi:4 10 n:1 m:1 rm:4', (e, f) => smlalxy(e, f.lo, f.hi, f.rn, f.rm, f.n, f.m)),
    pat('SMLAD/SMUAD', '111110110010 rn:4 ra:4 rd:4 000 x:1 rm:4', (e, f) => smlad(e, f.rd, f.rn, f.rm, acc(f.ra), f.x, false)),
    pat('SMLSD/SMUSD', '111110110100 rn:4 ra:4 rd:4 000 x:1 rm:4', (e, f) => smlad(e, f.rd, f.rn, f.rm, acc(f.ra), f.x, true)),
    pat('SMLALD', '111110111100 rn:4 lo:4 hi:4 110 x:1 rm:4', (e, f) => smlald(e, f.lo, f.hi, f.rn, f.rm, f.x, false)),
    pat('SMLSLD', '111110111101 rn:4 lo:4 hi:4 110 x:1 rm:4', (e, f) => smlald(e, f.lo, f.hi, f.rn, f.rm, f.x, true)),
    pat('SMMLA/SMMUL', '111110110101 rn:4 ra:4 rd:4 000 r:1 rm:4', (e, f) => smmla(e, f.rd, f.rn, f.rm, acc(f.ra), false, f.r)),
    pat('SMMLS', '111110110110 rn:4 ra:4 rd:4 000 r:1 rm:4', (e, f) => smmla(e, f.rd, f.rn, f.rm, f.ra, true, f.r)),
    pat('SDIV', '111110111001 rn:4 1111 rd:4 1111 rm:4', (e, f) => div(e, f.rd, f.rn, f.rm, true)),
    pat('UDIV', '111110111011 rn:4 1111 rd:4 1111 rm:4', (e, f) => div(e, f.rd, f.rn, f.rm, false)),
  ],
};
