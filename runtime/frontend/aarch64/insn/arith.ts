// AddWithCarry and the NZCV it produces (Arm ARM shared/functions/integer/AddWithCarry),
// specialised for the carry-in forms the ISA uses.
import type { Temp } from '../../../ir/types.js';
import type { Emitter, Flags } from '../emitter.js';

export interface FlagResult { res: Temp; flags: Flags }

function nz(e: Emitter, res: Temp): { n: Temp; z: Temp } {
  const zero = e.b.konst(e.b.tyOf(res), 0);
  return { n: e.b.cmp('lt_s', res, zero), z: e.b.cmp('eq', res, zero) };
}

/** Signed overflow of res = a + b' where both operands' signs agree and differ from res. */
function overflow(e: Emitter, a: Temp, bEff: Temp, res: Temp): Temp {
  const b = e.b;
  const both = b.bin('and', b.bin('xor', a, res), b.bin('xor', bEff, res));
  return b.cmp('lt_s', both, b.konst(b.tyOf(res), 0));
}

/** a + b (carry-in 0). */
export function addFlags(e: Emitter, a: Temp, bv: Temp): FlagResult {
  const res = e.b.bin('add', a, bv);
  return { res, flags: { ...nz(e, res), c: e.b.cmp('lt_u', res, a), v: overflow(e, a, bv, res) } };
}

/** a - b = a + NOT(b) + 1: carry means "no borrow". */
export function subFlags(e: Emitter, a: Temp, bv: Temp): FlagResult {
  const b = e.b;
  const res = b.bin('sub', a, bv);
  const v = b.cmp('lt_s', b.bin('and', b.bin('xor', a, bv), b.bin('xor', a, res)), b.konst(b.tyOf(res), 0));
  return { res, flags: { ...nz(e, res), c: b.cmp('ge_u', a, bv), v } };
}

/** a + b + carry (carry an i32 0/1); SBC passes NOT(b). */
export function adcFlags(e: Emitter, a: Temp, bv: Temp, carry: Temp): FlagResult {
  const b = e.b;
  const cin = b.tyOf(a) === 'i64' ? b.conv('extend_u', carry) : carry;
  const res = b.bin('add', b.bin('add', a, bv), cin);
  const c = b.select(carry, b.cmp('le_u', res, a), b.cmp('lt_u', res, a));
  return { res, flags: { ...nz(e, res), c, v: overflow(e, a, bv, res) } };
}
