// Internal wasm functions for the high half of 64x64-bit products (wasm has no wide multiply).
import { FuncEmitter } from './func-emitter.js';
import { Op } from './opcodes.js';
import type { FuncBody } from './wasm-module.js';

const MASK32 = 0xffffffffn;

/** (a: i64, b: i64) -> i64: high 64 bits of the unsigned 128-bit product, from 32-bit limbs. */
export function mulhU64Body(): FuncBody {
  const e = new FuncEmitter(2);
  const [al, ah, bl, bh, p1, p2] = [e.local('i64'), e.local('i64'), e.local('i64'), e.local('i64'), e.local('i64'), e.local('i64')];
  e.get(0).i64(MASK32).op(Op.i64_and).set(al);
  e.get(0).i64(32n).op(Op.i64_shr_u).set(ah);
  e.get(1).i64(MASK32).op(Op.i64_and).set(bl);
  e.get(1).i64(32n).op(Op.i64_shr_u).set(bh);
  e.get(al).get(bh).op(Op.i64_mul).set(p1);
  e.get(ah).get(bl).op(Op.i64_mul).set(p2);
  // hi = ah*bh + p1>>32 + p2>>32 + ((al*bl)>>32 + (p1&M) + (p2&M)) >> 32
  e.get(ah).get(bh).op(Op.i64_mul);
  e.get(p1).i64(32n).op(Op.i64_shr_u).op(Op.i64_add);
  e.get(p2).i64(32n).op(Op.i64_shr_u).op(Op.i64_add);
  e.get(al).get(bl).op(Op.i64_mul).i64(32n).op(Op.i64_shr_u);
  e.get(p1).i64(MASK32).op(Op.i64_and).op(Op.i64_add);
  e.get(p2).i64(MASK32).op(Op.i64_and).op(Op.i64_add);
  e.i64(32n).op(Op.i64_shr_u).op(Op.i64_add);
  return { locals: e.locals, code: e.code };
}

/** (a: i64, b: i64) -> i64 signed high half: unsigned high minus the two-complement corrections. */
export function mulhS64Body(mulhU64: number): FuncBody {
  const e = new FuncEmitter(2);
  e.get(0).get(1).op(Op.call).code.u32(mulhU64);
  e.get(0).i64(63n).op(Op.i64_shr_s).get(1).op(Op.i64_and).op(Op.i64_sub);
  e.get(1).i64(63n).op(Op.i64_shr_s).get(0).op(Op.i64_and).op(Op.i64_sub);
  return { locals: e.locals, code: e.code };
}
