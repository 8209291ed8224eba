// The soft-float slow path of the MIPS FPU as IR helpers, one per (source, result) width. Each
// reads FCSR from the guest state, returns the result bits and leaves FCSR as the operation does
// (Cause replaced, Flags accumulated unless an enabled exception traps); translated code then
// checks for the trap before writing the result.
import { registerHelper } from '../../ir/helpers.js';
import type { Ty } from '../../ir/types.js';
import { fcsrAfter, mipsFpOp } from './fp-soft.js';

export type Width = 32 | 64;
export const mipsFpHelper = (from: Width, to: Width): string => `mips_fp_${from}_${to}`;

const ty = (w: Width): Ty => (w === 32 ? 'i32' : 'i64');
const unsigned = (w: Width, v: number | bigint): bigint => (w === 32 ? BigInt((v as number) >>> 0) : BigInt.asUintN(64, v as bigint));

for (const from of [32, 64] as const) {
  for (const to of [32, 64] as const) {
    registerHelper({
      name: mipsFpHelper(from, to),
      params: ['i32', ty(from), ty(from), ty(from), 'i32'],
      result: ty(to),
      effects: 'state',
      fn: (ctx, desc: number, a, b, c, fcsrOffset: number) => {
        const fcsr = ctx.state.getUint32(fcsrOffset, true);
        const { result, cause } = mipsFpOp(desc, unsigned(from, a), unsigned(from, b), unsigned(from, c), fcsr);
        ctx.state.setUint32(fcsrOffset, fcsrAfter(fcsr, cause) >>> 0, true);
        return to === 32 ? Number(BigInt.asIntN(32, result)) : BigInt.asIntN(64, result);
      },
    });
  }
}
