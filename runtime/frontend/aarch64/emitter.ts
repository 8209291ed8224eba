// Per-instruction emission context: IR builder plus AArch64 register/flag/control-flow
// accessors shared by all instruction classes.
import type { IRBuilder } from '../../ir/builder.js';
import type { AccessSize, Temp } from '../../ir/types.js';
import { A64 } from './state.js';

export type IntTy = 'i32' | 'i64';

/** NZCV as four i32 0/1 temps. */
export interface Flags { n: Temp; z: Temp; c: Temp; v: Temp }

const PC_LIMIT = 2 ** 32;
/** FPSR.QC, the cumulative saturation bit. */
const FPSR_QC = 1 << 27;

export class Emitter {
  /** Set by instructions that end the block (branches, exceptions, code invalidation). */
  ended = false;
  /** i32 0/1 "this lane saturated" conditions of the instruction, folded into FPSR.QC by `finish`. */
  private readonly saturations: Temp[] = [];

  constructor(readonly b: IRBuilder, readonly pc: number) {}

  ty(sf: number | boolean): IntTy { return sf ? 'i64' : 'i32'; }
  k(ty: IntTy, v: number | bigint): Temp { return this.b.konst(ty, v); }

  // ---- general registers: register 31 is XZR unless the encoding says SP ----

  x(n: number): Temp { return n === 31 ? this.b.i64(0) : this.b.get('i64', A64.x(n)); }
  xsp(n: number): Temp { return this.b.get('i64', n === 31 ? A64.sp : A64.x(n)); }
  w(n: number): Temp { return this.b.conv('wrap', this.x(n)); }
  r(sf: number | boolean, n: number): Temp { return sf ? this.x(n) : this.w(n); }
  rsp(sf: number | boolean, n: number): Temp {
    const v = this.xsp(n);
    return sf ? v : this.b.conv('wrap', v);
  }
  /** Write Xn (or Wn: an i32 value is zero-extended, as every W register write is). */
  setX(n: number, v: Temp): void { if (n !== 31) this.b.set(A64.x(n), this.to64(v)); }
  setXsp(n: number, v: Temp): void { this.b.set(n === 31 ? A64.sp : A64.x(n), this.to64(v)); }
  to64(v: Temp): Temp { return this.b.tyOf(v) === 'i64' ? v : this.b.conv('extend_u', v); }

  // ---- flags ----

  getFlags(): Flags {
    return { n: this.b.get('i32', A64.n), z: this.b.get('i32', A64.z), c: this.b.get('i32', A64.c), v: this.b.get('i32', A64.v) };
  }
  setFlags(f: Flags): void {
    this.b.set(A64.n, f.n); this.b.set(A64.z, f.z); this.b.set(A64.c, f.c); this.b.set(A64.v, f.v);
  }
  /** Flags of a logical result: N and Z from the value, C = V = 0. */
  logicFlags(res: Temp): Flags {
    const zero = this.b.konst(this.b.tyOf(res), 0);
    const c0 = this.b.i32(0);
    return { n: this.b.cmp('lt_s', res, zero), z: this.b.cmp('eq', res, zero), c: c0, v: c0 };
  }
  /** Flags from an NZCV nibble known at translate time. */
  constFlags(nzcv: number): Flags {
    const b = this.b;
    return { n: b.i32((nzcv >> 3) & 1), z: b.i32((nzcv >> 2) & 1), c: b.i32((nzcv >> 1) & 1), v: b.i32(nzcv & 1) };
  }
  /** Per-flag select between two flag sets. */
  selectFlags(cond: Temp, a: Flags, b: Flags): Flags {
    const s = (x: Temp, y: Temp): Temp => this.b.select(cond, x, y);
    return { n: s(a.n, b.n), z: s(a.z, b.z), c: s(a.c, b.c), v: s(a.v, b.v) };
  }

  /** ConditionHolds(cond) as an i32 0/1. */
  cond(code: number): Temp {
    const b = this.b;
    const f = (off: number): Temp => b.get('i32', off);
    const one = (): Temp => b.i32(1);
    let r: Temp;
    switch (code >> 1) {
      case 0: r = f(A64.z); break;
      case 1: r = f(A64.c); break;
      case 2: r = f(A64.n); break;
      case 3: r = f(A64.v); break;
      case 4: r = b.bin('and', f(A64.c), b.bin('xor', f(A64.z), one())); break;
      case 5: r = b.bin('xor', b.bin('xor', f(A64.n), f(A64.v)), one()); break;
      case 6: r = b.bin('xor', b.bin('or', f(A64.z), b.bin('xor', f(A64.n), f(A64.v))), one()); break;
      default: return one(); // AL and NV both mean "always"
    }
    return code & 1 ? b.bin('xor', r, one()) : r;
  }

  // ---- FPSR cumulative bits ----

  /** OR an i32 of FPSR bits into FPSR (its exception and saturation bits are sticky). */
  orFpsr(bits: Temp): void {
    const b = this.b;
    b.set(A64.fpsr, b.bin('or', b.get('i32', A64.fpsr), bits));
  }

  /** Set the FPSR bit `mask` (a single bit) when `cond` (i32 0/1) is 1. */
  setFpsrIf(cond: Temp, mask: number): void {
    const shift = 31 - Math.clz32(mask);
    this.orFpsr(shift === 0 ? cond : this.b.bin('shl', cond, this.b.i32(shift)));
  }

  /** Record that the instruction saturated when `cond` (i32 0/1) is 1 (Arm: FPSR.QC = '1'). */
  saturatedIf(cond: Temp): void { this.saturations.push(cond); }

  /** Ends the instruction's IR: one sticky FPSR.QC update for all its saturation conditions. */
  finish(): void {
    if (this.saturations.length === 0) return;
    const b = this.b;
    this.setFpsrIf(this.saturations.reduce((acc, c) => b.bin('or', acc, c)), FPSR_QC);
  }

  // ---- control flow ----

  /** End the block with a direct jump (targets outside the 32-bit pc space fault via goto_dyn). */
  jump(target: number): void {
    if (target >= 0 && target < PC_LIMIT) this.b.goto(target);
    else this.b.gotoDyn(this.b.i64(BigInt(target)));
    this.ended = true;
  }
  jumpDyn(target: Temp): void { this.b.gotoDyn(target); this.ended = true; }
  /** Two-way conditional branch ending the block. */
  branchIf(cond: Temp, target: number): void {
    const taken = this.b.newLabel();
    this.b.brif(cond, taken);
    this.jump(this.pc + 4);
    this.b.label(taken);
    this.jump(target);
  }

  // ---- addresses and memory ----

  /** base + constant offset as an i64 address. */
  addr(base: Temp, offset: number | bigint): Temp {
    if (offset === 0 || offset === 0n) return base;
    return this.b.bin('add', base, this.b.i64(offset));
  }
  load(addr: Temp, size: AccessSize, signed = false, ty: IntTy = 'i64'): Temp {
    return this.b.load(ty, addr, size, signed, 'le');
  }
  store(addr: Temp, v: Temp, size: AccessSize): void { this.b.store(addr, v, size, 'le'); }

  // ---- vector registers (lane access at byte offsets) ----

  /** Lane `idx` of `size` bytes of V[n], zero-extended into an i32 (size <= 4) or i64 (size 8). */
  vlane(n: number, idx: number, size: AccessSize): Temp {
    return this.b.get(size === 8 ? 'i64' : 'i32', A64.vreg(n) + idx * size, size);
  }
  setVlane(n: number, idx: number, size: AccessSize, v: Temp): void {
    this.b.set(A64.vreg(n) + idx * size, v, size);
  }
  /** Write the low 64 bits and zero the upper half (scalar FP and 64-bit vector results). */
  setVlow(n: number, lo: Temp): void {
    this.b.set(A64.vreg(n), lo);
    this.b.set(A64.vreg(n) + 8, this.b.i64(0));
  }
}
