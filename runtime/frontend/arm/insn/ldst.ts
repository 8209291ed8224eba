// Loads and stores: LDR/STR (word, byte, halfword, signed), LDRD/STRD with immediate or register
// offsets, offset/pre-indexed/post-indexed, literal loads (base Align(PC, 4)), LDM/STM in all
// four modes, PUSH/POP, in A32, T32 and 16-bit Thumb. Every access is performed before any
// register is written (a fault leaves the state of before the instruction); a load to the pc is
// an interworking branch (LoadWritePC).
import type { AccessSize, Temp } from '../../../ir/types.js';
import { popcount, type Fields } from '../../shared/bit-pattern.js';
import { pat, pat16, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';

export interface Access { size: AccessSize; signed: boolean; load: boolean }

const WORD_LOAD: Access = { size: 4, signed: false, load: true };
const WORD_STORE: Access = { size: 4, signed: false, load: false };

/** The base register's value: the pc reads as Align(PC, 4) for literal addressing. */
function base(e: ArmEmitter, rn: number): Temp {
  return rn === 15 ? e.i32(e.pcAligned()) : e.reg(rn);
}

/** An offset known at translate time (a Temp is a number too, so constants are wrapped). */
export interface Imm { readonly imm: number }
export const imm = (v: number): Imm => ({ imm: v });
export type Offset = Temp | Imm;

/** The address of an access and the written-back base: [Rn, ±offset]{!} or [Rn], ±offset. */
function addressing(e: ArmEmitter, rn: number, offset: Offset, add: boolean, index: boolean): { addr: Temp; updated: Temp } {
  const b = e.b;
  const rv = base(e, rn);
  const off = typeof offset === 'object' ? b.i32(offset.imm) : offset;
  const updated = b.bin(add ? 'add' : 'sub', rv, off);
  return { addr: index ? updated : rv, updated };
}

/**
 * One load or store of Rt. `wback`: the base register receives the offset address (always for
 * post-indexing). Returns false for the UNPREDICTABLE forms (write-back of the pc or to Rt).
 */
export function loadStore(e: ArmEmitter, acc: Access, rt: number, rn: number, offset: Offset, add: boolean, index: boolean, wback: boolean): boolean {
  if (wback && (rn === 15 || rn === rt)) return false;
  if (rt === 15 && acc.size !== 4) return false;
  const { addr, updated } = addressing(e, rn, offset, add, index);
  if (acc.load) {
    const v = e.load(addr, acc.size, acc.signed);
    if (wback) e.setReg(rn, updated);
    e.writeLoad(rt, v);
  } else {
    e.store(addr, e.reg(rt), acc.size);
    if (wback) e.setReg(rn, updated);
  }
  return true;
}

/** LDRD/STRD of Rt, Rt2 at the address (word-aligned accesses are not required: two word accesses). */
export function loadStoreDual(e: ArmEmitter, load: boolean, rt: number, rt2: number, rn: number, offset: Offset, add: boolean, index: boolean, wback: boolean): boolean {
  if (rt === 15 || rt2 === 15 || (wback && (rn === 15 || rn === rt || rn === rt2)) || (load && rt === rt2)) return false;
  const { addr, updated } = addressing(e, rn, offset, add, index);
  const addr2 = e.add(addr, 4);
  if (load) {
    const lo = e.load(addr, 4), hi = e.load(addr2, 4);
    if (wback) e.setReg(rn, updated);
    e.setReg(rt, lo);
    e.setReg(rt2, hi);
  } else {
    e.store(addr, e.reg(rt), 4);
    e.store(addr2, e.reg(rt2), 4);
    if (wback) e.setReg(rn, updated);
  }
  return true;
}

/**
 * LDM/STM: the registers of `list` in ascending order at ascending addresses from Rn (after:
 * IB/IA; `up`: increment, else decrement). A loaded pc branches with interworking.
 */
export function blockTransfer(e: ArmEmitter, load: boolean, rn: number, list: number, up: boolean, before: boolean, wback: boolean): boolean {
  const n = popcount(list);
  if (n === 0 || rn === 15 || (load && wback && (list >> rn) & 1)) return false;
  const rv = e.reg(rn);
  const start = up ? (before ? 4 : 0) : -4 * n + (before ? 0 : 4);
  const regs = [...Array(16).keys()].filter((r) => (list >> r) & 1);
  const updated = e.add(rv, up ? 4 * n : -4 * n);
  if (load) {
    const vals = regs.map((_, k) => e.load(e.add(rv, start + 4 * k), 4));
    if (wback) e.setReg(rn, updated);
    regs.forEach((r, k) => { if (r !== 15) e.setReg(r, vals[k]!); });
    if ((list >> 15) & 1) e.writeLoad(15, vals[vals.length - 1]!);
  } else {
    regs.forEach((r, k) => e.store(e.add(rv, start + 4 * k), e.reg(r), 4));
    if (wback) e.setReg(rn, updated);
  }
  return true;
}

// ---- A32 ----

/**
 * LDR/STR/LDRB/STRB with a 12-bit immediate or a shifted register. P = 0, W = 1 is the
 * unprivileged LDRT/STRT/LDRBT/STRBT: a user-mode program's access anyway, post-indexed.
 */
const a32Single = (reg: boolean) => (e: ArmEmitter, f: Fields): boolean => {
  const acc: Access = { size: f.byte ? 1 : 4, signed: false, load: f.l === 1 };
  if (reg && f.rm === 15) return false;
  const offset = reg ? e.shiftImm(e.reg(f.rm), f.type, f.imm5).v : imm(f.imm12);
  return loadStore(e, acc, f.rt, f.rn, offset, f.u === 1, f.p === 1, !f.p || f.w === 1);
};

/** The extra load/store forms (op2 = insn<6:5>): halfword, signed byte/halfword, doubleword; P = 0, W = 1 the unprivileged LDRHT/STRHT/LDRSBT/LDRSHT (post-indexed, as LDRT). */
const a32Extra = (op2: number, reg: boolean) => (e: ArmEmitter, f: Fields): boolean => {
  const dual = !f.l && op2 !== 1;
  if (!f.p && f.w && dual) return false;
  const offset = reg ? e.reg(f.rm) : imm(f.imm);
  if (reg && f.rm === 15) return false;
  const add = f.u === 1, index = f.p === 1, wback = !f.p || f.w === 1;
  if (dual) {
    if (f.rt & 1) return false;
    return loadStoreDual(e, op2 === 2, f.rt, f.rt + 1, f.rn, offset, add, index, wback);
  }
  const acc: Access = { size: op2 === 2 ? 1 : 2, signed: op2 !== 1, load: f.l === 1 };
  return loadStore(e, acc, f.rt, f.rn, offset, add, index, wback);
};

function a32Block(e: ArmEmitter, f: Fields): boolean {
  if (f.s) return false; // user-bank / exception-return forms
  return blockTransfer(e, f.l === 1, f.rn, f.list, f.u === 1, f.p === 1, f.w === 1);
}

const extra = (op2: string, n: number): Pattern2[] => [
  ['extra load/store (imm)', `---- 000 p:1 u:1 1 w:1 l:1 rn:4 rt:4 imm4h:4 1 ${op2} 1 imm4l:4 imm=imm4h:imm4l`, a32Extra(n, false)],
  ['extra load/store (reg)', `---- 000 p:1 u:1 0 w:1 l:1 rn:4 rt:4 0000 1 ${op2} 1 rm:4`, a32Extra(n, true)],
];
type Pattern2 = [string, string, (e: ArmEmitter, f: Fields) => boolean];

// ---- T32 ----

const T32_SIZES: readonly (AccessSize | null)[] = [1, 2, 4, null];

/** T32 single loads/stores: size, S (signed), L. A load of the pc with size < 4 is PLD/PLI (a no-op here). */
function t32Access(f: Fields): Access | null {
  const size = T32_SIZES[f.size];
  if (size === null || size === undefined || (f.s && (!f.l || size === 4))) return null;
  return { size, signed: f.s === 1, load: f.l === 1 };
}
const isPreload = (acc: Access, rt: number): boolean => acc.load && rt === 15 && acc.size !== 4;

function t32Imm12(e: ArmEmitter, f: Fields): boolean {
  const acc = t32Access(f);
  if (acc === null) return false;
  if (isPreload(acc, f.rt)) return true;
  if (f.rn === 15 && !acc.load) return false;
  return loadStore(e, acc, f.rt, f.rn, imm(f.imm12), true, true, false);
}
/** Literal loads with U = 0 share the imm8/register encodings' space: imm12 is hw2<11:0>. */
function t32Literal(e: ArmEmitter, f: Fields, acc: Access, imm12: number): boolean {
  if (!acc.load) return false;
  if (isPreload(acc, f.rt)) return true;
  return loadStore(e, acc, f.rt, 15, imm(imm12), false, true, false);
}
function t32Imm8(e: ArmEmitter, f: Fields): boolean {
  const acc = t32Access(f);
  if (acc === null) return false;
  if (f.rn === 15) return t32Literal(e, f, acc, 0x800 | (f.p << 10) | (f.u << 9) | (f.w << 8) | f.imm8);
  // P = 1, U = 1, W = 0: the unprivileged LDRT/STRT family, a plain offset access in user mode.
  if (!f.p && !f.w) return false;
  if (isPreload(acc, f.rt)) return true;
  return loadStore(e, acc, f.rt, f.rn, imm(f.imm8), f.u === 1, f.p === 1, f.w === 1);
}
function t32Reg(e: ArmEmitter, f: Fields): boolean {
  const acc = t32Access(f);
  if (acc === null) return false;
  if (f.rn === 15) return t32Literal(e, f, acc, (f.imm2 << 4) | f.rm);
  if (f.rm === 15 || f.rm === 13) return false;
  if (isPreload(acc, f.rt)) return true;
  return loadStore(e, acc, f.rt, f.rn, e.b.bin('shl', e.reg(f.rm), e.i32(f.imm2)), true, true, false);
}
function t32Dual(e: ArmEmitter, f: Fields): boolean {
  if (!f.p && !f.w) return false;
  return loadStoreDual(e, f.l === 1, f.rt, f.rt2, f.rn, imm(f.imm8 * 4), f.u === 1, f.p === 1, f.w === 1);
}
function t32Block(e: ArmEmitter, f: Fields): boolean {
  if (f.op === 0 || f.op === 3 || (f.list >> 13) & 1) return false;
  if (!f.l && (f.list >> 15) & 1) return false;
  return blockTransfer(e, f.l === 1, f.rn, f.list, f.op === 1, f.op === 2, f.w === 1);
}

// ---- 16-bit Thumb ----

const T16_REG_OPS: readonly Access[] = [
  WORD_STORE, { size: 2, signed: false, load: false }, { size: 1, signed: false, load: false }, { size: 1, signed: true, load: true },
  WORD_LOAD, { size: 2, signed: false, load: true }, { size: 1, signed: false, load: true }, { size: 2, signed: true, load: true },
];

export const ldstGroup: Group = {
  a32: [
    pat('LDR/STR (imm)', '---- 010 p:1 u:1 byte:1 w:1 l:1 rn:4 rt:4 imm12:12', a32Single(false)),
    pat('LDR/STR (reg)', '---- 011 p:1 u:1 byte:1 w:1 l:1 rn:4 rt:4 imm5:5 type:2 0 rm:4', a32Single(true)),
    ...[...extra('01', 1), ...extra('10', 2), ...extra('11', 3)].map(([n, s, f]) => pat(n, s, f)),
    pat('LDM/STM', '---- 100 p:1 u:1 s:1 w:1 l:1 rn:4 list:16', a32Block),
  ],
  t32: [
    pat('LDR/STR (imm12)', '11111 00 s:1 1 size:2 l:1 rn:4 rt:4 imm12:12', t32Imm12),
    // Signed forms are loads only: S = 1, L = 0 is the NEON element load/store space.
    pat('LDR/STR (imm8)', '11111 00 0 0 size:2 l:1 rn:4 rt:4 1 p:1 u:1 w:1 imm8:8', (e, f) => t32Imm8(e, { ...f, s: 0 })),
    pat('LDRS (imm8)', '11111 00 1 0 size:2 1 rn:4 rt:4 1 p:1 u:1 w:1 imm8:8', (e, f) => t32Imm8(e, { ...f, s: 1, l: 1 })),
    pat('LDR/STR (reg)', '11111 00 0 0 size:2 l:1 rn:4 rt:4 000000 imm2:2 rm:4', (e, f) => t32Reg(e, { ...f, s: 0 })),
    // The rest of hw2<11> = 0 (hw2<10:6> not all zero): only the literal loads with U = 0 (imm12 = hw2<11:0>),
    // unsigned and (LDRS below) signed.
    pat('LDR (literal, U = 0)', '11111 00 0 0 size:2 l:1 rn:4 rt:4 0 imm11:11', (e, f) => {
      const acc = t32Access({ ...f, s: 0 });
      return f.rn === 15 && acc !== null && t32Literal(e, f, acc, f.imm11);
    }),
    pat('LDRS (literal, U = 0)', '11111 00 1 0 size:2 1 rn:4 rt:4 0 imm11:11', (e, f) => {
      const acc = t32Access({ ...f, s: 1, l: 1 });
      return f.rn === 15 && acc !== null && t32Literal(e, f, acc, f.imm11);
    }),
    pat('LDRS (reg)', '11111 00 1 0 size:2 1 rn:4 rt:4 000000 imm2:2 rm:4', (e, f) => t32Reg(e, { ...f, s: 1, l: 1 })),
    pat('LDRD/STRD', '1110100 p:1 u:1 1 w:1 l:1 rn:4 rt:4 rt2:4 imm8:8', t32Dual),
    pat('LDM/STM', '1110100 op:2 0 w:1 l:1 rn:4 list:16', t32Block),
  ],
  t16: [
    pat16('LDR (literal)', '01001 rt:3 imm8:8', (e, f) => loadStore(e, WORD_LOAD, f.rt, 15, imm(f.imm8 * 4), true, true, false)),
    pat16('LDR/STR (reg)', '0101 op:3 rm:3 rn:3 rt:3', (e, f) => loadStore(e, T16_REG_OPS[f.op]!, f.rt, f.rn, e.reg(f.rm), true, true, false)),
    pat16('LDR/STR (imm5)', '011 byte:1 l:1 imm5:5 rn:3 rt:3', (e, f) =>
      loadStore(e, { size: f.byte ? 1 : 4, signed: false, load: f.l === 1 }, f.rt, f.rn, imm(f.byte ? f.imm5 : f.imm5 * 4), true, true, false)),
    pat16('LDRH/STRH (imm5)', '1000 l:1 imm5:5 rn:3 rt:3', (e, f) =>
      loadStore(e, { size: 2, signed: false, load: f.l === 1 }, f.rt, f.rn, imm(f.imm5 * 2), true, true, false)),
    pat16('LDR/STR (SP)', '1001 l:1 rt:3 imm8:8', (e, f) => loadStore(e, f.l ? WORD_LOAD : WORD_STORE, f.rt, 13, imm(f.imm8 * 4), true, true, false)),
    pat16('PUSH', '1011 010 m:1 list:8', (e, f) => blockTransfer(e, false, 13, f.list | (f.m << 14), false, true, true)),
    pat16('POP', '1011 110 p:1 list:8', (e, f) => blockTransfer(e, true, 13, f.list | (f.p << 15), true, false, true)),
    pat16('LDM/STM', '1100 l:1 rn:3 list:8', (e, f) =>
      blockTransfer(e, f.l === 1, f.rn, f.list, true, false, !f.l || !((f.list >> f.rn) & 1))),
  ],
};
