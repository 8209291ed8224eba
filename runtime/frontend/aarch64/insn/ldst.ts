// Loads and stores of one or two registers (general or SIMD&FP): unsigned offset, unscaled,
// pre/post-index, register offset, literal, pairs, and the unprivileged forms (treated as
// ordinary accesses at EL0) (Arm ARM C4.1.94). All memory accesses of an instruction happen
// before any register write, so a fault leaves the registers untouched.
import type { AccessSize, Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
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

function unsignedOffset(e: Emitter, _i: number, f: Fields): boolean {
  const x = decodeXfer(f.size, f.V, f.opc);
  if (x === null || x === 'prefetch') return x === 'prefetch';
  const { addr } = indexed(e, f.rn, f.imm12 << log2Size(x), 'offset');
  return single(e, x, f.rt, addr, null, f.rn);
}

/** The imm9 forms: unscaled offset (LDUR/STUR/PRFUM), post-index, unprivileged (LDTR/STTR), pre-index. */
const imm9 = (mode: Mode, unprivileged = false) => (e: Emitter, _i: number, f: Fields): boolean => {
  const x = decodeXfer(f.size, f.V, f.opc);
  if (x === 'prefetch') return mode === 'offset' && !unprivileged; // PRFUM; there is no indexed or unprivileged PRFM
  if (x === null || (x.vec && unprivileged)) return false;
  const { addr, wb } = indexed(e, f.rn, f.imm9, mode);
  return single(e, x, f.rt, addr, wb, f.rn);
};

function registerOffset(e: Emitter, _i: number, f: Fields): boolean {
  if ((f.option & 2) === 0) return false;
  const x = decodeXfer(f.size, f.V, f.opc);
  if (x === null || x === 'prefetch') return x === 'prefetch';
  const offset = extendedReg(e, 1, f.rm, f.option, f.S ? log2Size(x) : 0);
  const addr = e.b.bin('add', e.xsp(f.rn), offset);
  return single(e, x, f.rt, addr, null, f.rn);
}

function literal(e: Emitter, _i: number, f: Fields): boolean {
  const { opc, V: vec } = f;
  let x: XferDecode;
  if (vec) x = opc === 3 ? null : { load: true, vec: true, size: (4 << opc) as 4 | 8 | 16, signed: false, wide: false };
  else if (opc === 3) x = 'prefetch';
  else x = { load: true, vec: false, size: opc === 0 ? 4 : opc === 1 ? 8 : 4, signed: opc === 2, wide: opc !== 0 };
  const addr = e.pc + f.imm19 * 4;
  return single(e, x, f.rt, e.b.i64(addr), null, 31);
}

/** LDP/STP and LDNP/STNP (non-temporal: an offset form without LDPSW). */
const pair = (mode: Mode, nonTemporal = false) => (e: Emitter, _i: number, f: Fields): boolean => {
  const { opc, V: vec } = f, load = f.L === 1;
  let x: Xfer;
  if (vec) {
    if (opc === 3) return false;
    x = { load, vec: true, size: (4 << opc) as 4 | 8 | 16, signed: false, wide: false };
  } else {
    if (opc === 3 || (opc === 1 && (!load || nonTemporal))) return false; // STGP (MTE) not provided
    x = { load, vec: false, size: opc === 2 ? 8 : 4, signed: opc === 1, wide: opc !== 0 };
  }
  const n = f.rn, t1 = f.rt, t2 = f.rt2;
  const { addr, wb } = indexed(e, n, f.imm7 * (x.size as number), mode);
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
};

// size/opc and V select the register and access (decodeXfer); the patterns select the addressing.
const PAIR = 'opc:2 101 V:1 0';
const PAIR_FIELDS = 'L:1 imm7:s7 rt2:5 rn:5 rt:5';
const IMM9 = 'size:2 111 V:1 00 opc:2 0 imm9:s9';
export const ldstPatterns: Pattern[] = [
  pat('LDR (literal)', 'opc:2 011 V:1 00 imm19:s19 rt:5', literal),
  pat('LDNP/STNP', `${PAIR} 00 ${PAIR_FIELDS}`, pair('offset', true)),
  pat('LDP/STP (post-index)', `${PAIR} 01 ${PAIR_FIELDS}`, pair('post')),
  pat('LDP/STP (offset)', `${PAIR} 10 ${PAIR_FIELDS}`, pair('offset')),
  pat('LDP/STP (pre-index)', `${PAIR} 11 ${PAIR_FIELDS}`, pair('pre')),
  pat('LDUR/STUR/PRFUM', `${IMM9} 00 rn:5 rt:5`, imm9('offset')),
  pat('LDR/STR (post-index)', `${IMM9} 01 rn:5 rt:5`, imm9('post')),
  pat('LDTR/STTR', `${IMM9} 10 rn:5 rt:5`, imm9('offset', true)),
  pat('LDR/STR (pre-index)', `${IMM9} 11 rn:5 rt:5`, imm9('pre')),
  pat('LDR/STR (register)', 'size:2 111 V:1 00 opc:2 1 rm:5 option:3 S:1 10 rn:5 rt:5', registerOffset),
  pat('LDR/STR (unsigned imm)', 'size:2 111 V:1 01 opc:2 imm12:12 rn:5 rt:5', unsignedOffset),
];
