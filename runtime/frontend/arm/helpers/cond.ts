// ConditionPassed for a condition known only at run time: the first instruction of a Thumb
// block that resumes inside an IT block (after a syscall, a signal, a block split) takes its
// condition from the ITSTATE slot. Rare, so a helper rather than IR.
import { registerHelper } from '../../../ir/helpers.js';

export const COND_HELPER = 'arm_cond_passed';

/** Whether `cond` (0..15) holds for the flags nzcv (N in bit 3). */
export function conditionPassed(cond: number, nzcv: number): boolean {
  const n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1;
  const base = [z === 1, c === 1, n === 1, v === 1, c === 1 && z === 0, n === v, z === 0 && n === v, true][cond >> 1]!;
  return cond >= 14 ? true : (cond & 1 ? !base : base);
}

registerHelper({
  name: COND_HELPER, params: ['i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, cond: number, nzcv: number) => (conditionPassed(cond & 15, nzcv) ? 1 : 0),
});
