// Loads and stores of one or two registers (general or SIMD&FP): unsigned offset, unscaled,
// pre/post-index, register offset, literal, pairs, and the unprivileged forms (treated as
// ordinary accesses at EL0) (Arm ARM C4.1.94). All memory accesses of an instruction happen
// before any register write, so a fault leaves the registers untouched.
import type { AccessSize, Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm, sbits } from '../fields.js';
import { extendedReg } from './dp-reg.js';

/** What one register transfer moves. `size` 16 is a Q register. */
export interface Xfer {
  load: boolean;
  vec: boolean;
  size: AccessSize | 16;
  /** Sign-extending general load. */
  signed: boolean;
  /** Destination is an X register (else W: sign extension stops at bit 31). */
  wide: boolean;
}

export type XferDecode = Xfer | 'prefetch' | null;

/** Decode size:V:opc of the single-register forms. */
export function decodeXfer(size: number, vec: number, opc: number): XferDecode {
  if (vec) {
    if (opc >= 2) return size === 0 ? { load: opc === 3, vec: true, size: 16, signed: false, wide: false } : null;
    return { load: opc === 1, vec: true, size: (1 << size) as AccessSize, signed: false, wide: false };
  }
  const bytes = (1 << size) as AccessSize;
  switch (opc) {
    case 0: case 1: return { load: opc === 1, vec: false, size: bytes, signed: false, wide: size === 3 };
    case 2: return size === 3 ? 'prefetch' : { load: true, vec: false, size: bytes, signed: true, wide: true };
    default: return size >= 2 ? null : { load: true, vec: false, size: bytes, signed: true, wide: false };
  }
}

export function log2Size(x: Xfer): number { return x.size === 16 ? 4 : Math.log2(x.size); }

/** Perform the load of one register: one temp, or [lo, hi] i64 for a Q register. */
export function loadXfer(e: Emitter, addr: Temp, x: Xfer): Temp[] {
  if (x.size === 16) return [e.load(addr, 8), e.load(e.addr(addr, 8), 8)];
  if (x.vec) return [e.load(addr, x.size)];
  return [e.load(addr, x.size, x.signed, x.wide || x.size === 8 ? 'i64' : 'i32')];
}

export function writeXfer(e: Emitter, reg: number, x: Xfer, values: Temp[]): void {
  if (!x.vec) { e.setX(reg, values[0]!); return; }
  e.setVlow(reg, values[0]!);
  if (x.size === 16) e.setVlane(reg, 1, 8, values[1]!);
}

export function storeXfer(e: Emitter, addr: Temp, reg: number, x: Xfer): void {
  if (!x.vec) { e.store(addr, e.x(reg), x.size as AccessSize); return; }
  if (x.size === 16) {
    const lo = e.vlane(reg, 0, 8), hi = e.vlane(reg, 1, 8);
    e.store(addr, lo, 8);
    e.store(e.addr(addr, 8), hi, 8);
    return;
  }
  e.store(addr, e.vlane(reg, 0, x.size), x.size);
}

/** Base register Xn|SP plus the addressing mode: offset, pre-index (writeback) or post-index. */
type Mode = 'offset' | 'pre' | 'post';

/** Address computation shared by every indexed form; returns the access address and the writeback. */
function indexed(e: Emitter, n: number, offset: number, mode: Mode): { addr: Temp; wb: Temp | null } {
  const base = e.xsp(n);
  const moved = e.addr(base, offset);
  if (mode === 'offset') return { addr: moved, wb: null };
  return { addr: mode === 'pre' ? moved : base, wb: moved };
}

function single(e: Emitter, x: XferDecode, rt: number, addr: Temp, wb: Temp | null, n: number): boolean {
  if (x === null) return false;
  if (x === 'prefetch') return true;
  if (x.load) {
    const v = loadXfer(e, addr, x);
    if (wb !== null) e.setXsp(n, wb);
    writeXfer(e, rt, x, v);
  } else {
    storeXfer(e, addr, rt, x);
    if (wb !== null) e.setXsp(n, wb);
  }
  return true;
}

const sizeOf = (i: number): number => bits(i, 31, 30);
const vecOf = (i: number): number => bit(i, 26);
const opcOf = (i: number): number => bits(i, 23, 22);

function unsignedOffset(e: Emitter, i: number): boolean {
  const x = decodeXfer(sizeOf(i), vecOf(i), opcOf(i));
  if (x === null || x === 'prefetch') return x === 'prefetch';
  const { addr } = indexed(e, rn(i), bits(i, 21, 10) << log2Size(x), 'offset');
  return single(e, x, rd(i), addr, null, rn(i));
}

function imm9(e: Emitter, i: number): boolean {
  const modeBits = bits(i, 11, 10);
  const x = decodeXfer(sizeOf(i), vecOf(i), opcOf(i));
  if (x === 'prefetch') return modeBits === 0; // PRFUM; there is no indexed or unprivileged PRFM
  if (x === null || (x.vec && modeBits === 2)) return false;
  const mode: Mode = modeBits === 1 ? 'post' : modeBits === 3 ? 'pre' : 'offset';
  const { addr, wb } = indexed(e, rn(i), sbits(i, 20, 12), mode);
  return single(e, x, rd(i), addr, wb, rn(i));
}

function registerOffset(e: Emitter, i: number): boolean {
  const option = bits(i, 15, 13);
  if ((option & 2) === 0) return false;
  const x = decodeXfer(sizeOf(i), vecOf(i), opcOf(i));
  if (x === null || x === 'prefetch') return x === 'prefetch';
  const offset = extendedReg(e, 1, rm(i), option, bit(i, 12) ? log2Size(x) : 0);
  const addr = e.b.bin('add', e.xsp(rn(i)), offset);
  return single(e, x, rd(i), addr, null, rn(i));
}

function literal(e: Emitter, i: number): boolean {
  const opc = bits(i, 31, 30), vec = bit(i, 26);
  let x: XferDecode;
  if (vec) x = opc === 3 ? null : { load: true, vec: true, size: (4 << opc) as 4 | 8 | 16, signed: false, wide: false };
  else if (opc === 3) x = 'prefetch';
  else x = { load: true, vec: false, size: opc === 0 ? 4 : opc === 1 ? 8 : 4, signed: opc === 2, wide: opc !== 0 };
  const addr = e.pc + sbits(i, 23, 5) * 4;
  return single(e, x, rd(i), e.b.i64(addr), null, 31);
}

function pair(e: Emitter, i: number): boolean {
  const opc = bits(i, 31, 30), vec = bit(i, 26), load = bit(i, 22) === 1;
  const modeBits = bits(i, 24, 23);
  let x: Xfer;
  if (vec) {
    if (opc === 3) return false;
    x = { load, vec: true, size: (4 << opc) as 4 | 8 | 16, signed: false, wide: false };
  } else {
    if (opc === 3 || (opc === 1 && (!load || modeBits === 0))) return false; // STGP (MTE) not provided
    x = { load, vec: false, size: opc === 2 ? 8 : 4, signed: opc === 1, wide: opc !== 0 };
  }
  const mode: Mode = modeBits === 1 ? 'post' : modeBits === 3 ? 'pre' : 'offset';
  const n = rn(i), t1 = rd(i), t2 = bits(i, 14, 10);
  const { addr, wb } = indexed(e, n, sbits(i, 21, 15) * (x.size as number), mode);
  const addr2 = e.addr(addr, x.size);
  if (load) {
    const v1 = loadXfer(e, addr, x), v2 = loadXfer(e, addr2, x);
    if (wb !== null) e.setXsp(n, wb);
    writeXfer(e, t1, x, v1);
    writeXfer(e, t2, x, v2);
  } else {
    storeXfer(e, addr, t1, x);
    storeXfer(e, addr2, t2, x);
    if (wb !== null) e.setXsp(n, wb);
  }
  return true;
}

export const ldstPatterns: Pattern[] = [
  pat('LDR (literal)', '-- 011 - 00 ------------------------', literal),
  pat('LDP/STP', '-- 101 - 0 -------------------------', pair),
  pat('LDR/STR (imm9)', '-- 111 - 00 -- 0 ---------------------', imm9),
  pat('LDR/STR (register)', '-- 111 - 00 -- 1 --------- 10 ----------', registerOffset),
  pat('LDR/STR (unsigned imm)', '-- 111 - 01 ------------------------', unsignedOffset),
];
