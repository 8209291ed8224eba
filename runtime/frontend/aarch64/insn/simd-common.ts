// Advanced SIMD building blocks. The IR has no vector type, so vectors are arrays of lane temps:
// lanes of up to 4 bytes are zero-extended i32 temps, 8-byte lanes are i64. Instructions read
// every source lane before writing any destination lane, so aliasing registers is harmless.
import type { AccessSize, Temp } from '../../../ir/types.js';
import type { Emitter, IntTy } from '../emitter.js';
import { A64 } from '../state.js';

export type Esize = 1 | 2 | 4 | 8;

export interface Shape { esize: Esize; count: number }

/** Shape of a vector arrangement: Q selects 128 or 64 bits, size selects the element. */
export function shape(q: number, size: number): Shape {
  const esize = (1 << size) as Esize;
  return { esize, count: (q ? 16 : 8) / esize };
}

export function readVec(e: Emitter, n: number, s: Shape): Temp[] {
  return Array.from({ length: s.count }, (_, k) => e.vlane(n, k, s.esize as AccessSize));
}

/** Write lanes 0..count-1 of V[d] and zero the bytes above them (Q=0 and scalar results). */
export function writeVec(e: Emitter, d: number, s: Shape, values: Temp[]): void {
  const total = s.esize * values.length;
  if (total < 8) e.b.set(A64.vreg(d), e.b.i64(0));
  if (total < 16) e.b.set(A64.vreg(d) + 8, e.b.i64(0));
  values.forEach((v, k) => e.setVlane(d, k, s.esize as AccessSize, v));
}

/** Write narrowed lanes to the low half (Q=0, upper half zeroed) or the high half (Q=1, "2" forms). */
export function writeHalf(e: Emitter, d: number, esize: Esize, vals: Temp[], upper: number): void {
  if (!upper) { writeVec(e, d, { esize, count: vals.length }, vals); return; }
  vals.forEach((v, k) => e.setVlane(d, vals.length + k, esize, v));
}

/** Per-lane arithmetic helpers for one element size. */
export class Lane {
  readonly ty: IntTy;
  readonly bits: number;

  constructor(readonly e: Emitter, readonly esize: Esize) {
    this.ty = esize === 8 ? 'i64' : 'i32';
    this.bits = esize * 8;
  }

  get b() { return this.e.b; }
  k(v: number | bigint): Temp { return this.b.konst(this.ty, v); }
  /** All ones in the lane. */
  ones(): Temp { return this.k((1n << BigInt(this.bits)) - 1n); }
  /** Signed value of a lane (sign-extended to the temp's width). */
  sx(v: Temp): Temp {
    if (this.esize === 1) return this.b.conv('sext8', v);
    if (this.esize === 2) return this.b.conv('sext16', v);
    return v;
  }
  /** Clear bits above the lane (after ops that may carry out of it). */
  zx(v: Temp): Temp { return this.esize >= 4 ? v : this.b.bin('and', v, this.ones()); }
  /** A 0/1 condition as an all-ones/all-zeros lane. */
  mask(cond: Temp): Temp {
    const c = this.ty === 'i64' ? this.b.conv('extend_u', cond) : cond;
    return this.b.un('neg', c);
  }
  /** Convert a lane value to another lane size (truncating or zero/sign-extending). */
  resize(v: Temp, to: Esize, signed: boolean): Temp {
    const b = this.b;
    const from = signed ? this.sx(v) : v;
    if (to === 8) return this.ty === 'i32' ? b.conv(signed ? 'extend_s' : 'extend_u', from) : from;
    const narrow = this.ty === 'i64' ? b.conv('wrap', from) : from;
    return to < 4 ? b.bin('and', narrow, b.i32((1 << (to * 8)) - 1)) : narrow;
  }
}
