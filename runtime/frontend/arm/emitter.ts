// Per-block emission context of the ARM frontend: the IR builder plus the register, flag,
// condition, shift, pc-write and memory accessors every instruction group uses, in both
// instruction sets (the instruction's address, size and set are per instruction).
import type { IRBuilder } from '../../ir/builder.js';
import type { AccessSize, Temp } from '../../ir/types.js';
import { ARM, THUMB_BIT } from './state.js';

/** A shifter result: the value and, on demand, the shifter's carry-out (i32 0/1). */
export interface Shifted { v: Temp; carry: () => Temp }

export const SHIFT_LSL = 0, SHIFT_LSR = 1, SHIFT_ASR = 2, SHIFT_ROR = 3;

export class ArmEmitter {
  /** Set by instructions that end the block (branches, pc writes, exceptions). */
  ended = false;
  /** Address and size of the instruction being emitted. */
  pc = 0;
  size = 4;
  /** ITSTATE of the instruction being emitted (Thumb; 0 outside an IT block). */
  it = 0;
  /** Set by IT: the ITSTATE of the instruction after it. */
  startIt: number | null = null;

  constructor(readonly b: IRBuilder, readonly thumb: boolean) {}

  /** Inside an IT block, 16-bit data processing does not set flags. */
  get inIT(): boolean { return (this.it & 0xf) !== 0; }
  /** Last instruction of an IT block (branches are allowed only there). */
  get lastInIT(): boolean { return (this.it & 0xf) === 8; }
  /** Where the next instruction starts. */
  get next(): number { return this.pc + this.size; }

  i32(v: number): Temp { return this.b.i32(v); }

  // ---- core registers: r15 reads as the instruction's address + 8 (A32) or + 4 (T32) ----

  pcValue(): number { return (this.pc + (this.thumb ? 4 : 8)) >>> 0; }
  /** Align(PC, 4), the base of literal loads and ADR. */
  pcAligned(): number { return this.pcValue() & ~3; }
  reg(n: number): Temp { return n === 15 ? this.b.i32(this.pcValue()) : this.b.get('i32', ARM.r(n)); }
  setReg(n: number, v: Temp): void {
    if (n === 15) throw new Error('setReg(15): use a pc write');
    this.b.set(ARM.r(n), v);
  }

  // ---- writes to the pc: all end the block ----

  /** A branch to a known address in the given instruction set. */
  jump(target: number, thumb = this.thumb): void {
    this.b.goto((((target >>> 0) & ~(thumb ? 1 : 3)) >>> 0) + (thumb ? THUMB_BIT : 0));
    this.ended = true;
  }
  /** BXWritePC: bit 0 selects Thumb (the key is then the value itself), else an ARM address. */
  bxWritePc(v: Temp): void {
    const b = this.b;
    const thumb = b.bin('and', v, b.i32(1));
    this.b.gotoDyn(b.select(thumb, v, b.bin('and', v, b.i32(~3))));
    this.ended = true;
  }
  /** BranchWritePC: stays in the current instruction set. */
  branchWritePc(v: Temp): void {
    const b = this.b;
    this.b.gotoDyn(this.thumb ? b.bin('or', v, b.i32(THUMB_BIT)) : b.bin('and', v, b.i32(~3)));
    this.ended = true;
  }
  /** ALUWritePC (ARMv7): interworking in A32, a plain branch in T32. */
  aluWritePc(v: Temp): void { if (this.thumb) this.branchWritePc(v); else this.bxWritePc(v); }
  /** Result of a data-processing instruction to Rd (r15: ALUWritePC). */
  writeAlu(n: number, v: Temp): void { if (n === 15) this.aluWritePc(v); else this.setReg(n, v); }
  /** Result of a load to Rt (r15: LoadWritePC, interworking). */
  writeLoad(n: number, v: Temp): void { if (n === 15) this.bxWritePc(v); else this.setReg(n, v); }

  // ---- flags (0/1 slots) ----

  flag(f: 'n' | 'z' | 'c' | 'v'): Temp { return this.b.get('i32', ARM[f]); }
  setNZ(res: Temp): void {
    const b = this.b;
    b.set(ARM.n, b.bin('shr_u', res, b.i32(31)));
    b.set(ARM.z, b.cmp('eq', res, b.i32(0)));
  }
  setC(c: Temp): void { this.b.set(ARM.c, c); }
  setV(v: Temp): void { this.b.set(ARM.v, v); }

  /** ConditionPassed(cond) as an i32 0/1 (14 and 15: always). */
  cond(code: number): Temp {
    const b = this.b;
    const one = (): Temp => b.i32(1);
    let r: Temp;
    switch (code >> 1) {
      case 0: r = this.flag('z'); break;
      case 1: r = this.flag('c'); break;
      case 2: r = this.flag('n'); break;
      case 3: r = this.flag('v'); break;
      case 4: r = b.bin('and', this.flag('c'), b.bin('xor', this.flag('z'), one())); break;
      case 5: r = b.bin('xor', b.bin('xor', this.flag('n'), this.flag('v')), one()); break;
      case 6: r = b.bin('xor', b.bin('or', this.flag('z'), b.bin('xor', this.flag('n'), this.flag('v'))), one()); break;
      default: return one();
    }
    return code & 1 ? b.bin('xor', r, one()) : r;
  }

  // ---- arithmetic with flags ----

  /** x + y [+ cin] (AddWithCarry, carry-in 0 when cin is null) with its flags when `setflags`. */
  addWithCarry(x: Temp, y: Temp, cin: Temp | null, setflags: boolean): Temp {
    const b = this.b;
    const sum = b.bin('add', x, y);
    const res = cin === null ? sum : b.bin('add', sum, cin);
    if (setflags) {
      const c = cin === null ? b.cmp('lt_u', res, x) : b.select(cin, b.cmp('le_u', res, x), b.cmp('lt_u', res, x));
      const v = b.bin('shr_u', b.bin('and', b.bin('xor', x, res), b.bin('xor', y, res)), b.i32(31));
      this.setNZ(res); this.setC(c); this.setV(v);
    }
    return res;
  }
  /** x - y (AddWithCarry(x, NOT y, 1)) with its flags when `setflags`. */
  sub(x: Temp, y: Temp, setflags: boolean): Temp {
    const b = this.b;
    const res = b.bin('sub', x, y);
    if (setflags) {
      this.setNZ(res);
      this.setC(b.cmp('ge_u', x, y));
      this.setV(b.bin('shr_u', b.bin('and', b.bin('xor', x, y), b.bin('xor', x, res)), b.i32(31)));
    }
    return res;
  }

  // ---- the shifter ----

  /** Bit `n` of v as i32 0/1. */
  bit(v: Temp, n: number): Temp {
    const b = this.b;
    return b.bin('and', n === 0 ? v : b.bin('shr_u', v, b.i32(n)), b.i32(1));
  }

  /** Shift by an immediate (DecodeImmShift: LSR/ASR #0 mean 32, ROR #0 is RRX). */
  shiftImm(v: Temp, type: number, imm5: number): Shifted {
    const b = this.b;
    const cNow = (): Temp => this.flag('c');
    switch (type) {
      case SHIFT_LSL:
        if (imm5 === 0) return { v, carry: cNow };
        return { v: b.bin('shl', v, b.i32(imm5)), carry: () => this.bit(v, 32 - imm5) };
      case SHIFT_LSR:
        if (imm5 === 0) return { v: b.i32(0), carry: () => this.bit(v, 31) };
        return { v: b.bin('shr_u', v, b.i32(imm5)), carry: () => this.bit(v, imm5 - 1) };
      case SHIFT_ASR: {
        const n = imm5 === 0 ? 32 : imm5;
        return { v: b.bin('shr_s', v, b.i32(Math.min(n, 31))), carry: () => this.bit(v, n - 1) };
      }
      default: {
        if (imm5 === 0) {
          const c = cNow();
          return { v: b.bin('or', b.bin('shl', c, b.i32(31)), b.bin('shr_u', v, b.i32(1))), carry: () => this.bit(v, 0) };
        }
        const r = b.bin('rotr', v, b.i32(imm5));
        return { v: r, carry: () => this.bit(r, 31) };
      }
    }
  }

  /** Shift by the bottom byte of a register (amounts of 32 and more as the Arm ARM defines). */
  shiftReg(v: Temp, type: number, rs: Temp): Shifted {
    const b = this.b;
    const amt = b.bin('and', rs, b.i32(0xff));
    const isZero = b.cmp('eq', amt, b.i32(0));
    const withC = (c: Temp): Temp => b.select(isZero, this.flag('c'), c);
    const clamp = (max: number): Temp => b.select(b.cmp('gt_u', amt, b.i32(max)), b.i32(max), amt);
    switch (type) {
      case SHIFT_LSL: {
        // In 64 bits: bit 32 of the shifted value is the carry; amounts above 33 act as 33.
        const wide = b.bin('shl', b.conv('extend_u', v), b.conv('extend_u', clamp(33)));
        return { v: b.conv('wrap', wide), carry: () => withC(b.conv('wrap', b.bin('and', b.bin('shr_u', wide, b.i64(32)), b.i64(1)))) };
      }
      case SHIFT_LSR: case SHIFT_ASR: {
        // v:0 shifted right: bit 0 is the carry, bits 32:1 the value.
        const ext = b.conv(type === SHIFT_LSR ? 'extend_u' : 'extend_s', v);
        const wide = b.bin(type === SHIFT_LSR ? 'shr_u' : 'shr_s', b.bin('shl', ext, b.i64(1)), b.conv('extend_u', clamp(type === SHIFT_LSR ? 33 : 32)));
        return { v: b.conv('wrap', b.bin('shr_u', wide, b.i64(1))), carry: () => withC(b.conv('wrap', b.bin('and', wide, b.i64(1)))) };
      }
      default: {
        const r = b.bin('rotr', v, amt);
        return { v: r, carry: () => withC(this.bit(r, 31)) };
      }
    }
  }

  /** A constant operand with the carry-out of its rotation (A32 modified immediates, ThumbExpandImm). */
  constOperand(value: number, rotated: boolean): Shifted {
    return { v: this.b.i32(value), carry: () => (rotated ? this.b.i32(value >>> 31) : this.flag('c')) };
  }

  // ---- memory (little-endian; a 32-bit guest's addresses are i32) ----

  load(addr: Temp, size: AccessSize, signed = false): Temp { return this.b.load('i32', addr, size, signed, 'le'); }
  load64(addr: Temp): Temp { return this.b.load('i64', addr, 8, false, 'le'); }
  store(addr: Temp, v: Temp, size: AccessSize): void { this.b.store(addr, v, size, 'le'); }
  add(a: Temp, k: number): Temp { return k === 0 ? a : this.b.bin('add', a, this.b.i32(k)); }

  // ---- exits ----

  exit(reason: 'syscall' | 'trap' | 'undef', pc: number, info: number): void {
    this.b.exit(reason, pc + (this.thumb ? THUMB_BIT : 0), info);
    this.ended = true;
  }
}
