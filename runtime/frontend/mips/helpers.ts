// IR helpers the MIPS frontend calls for what IR cannot express.
import { registerHelper } from '../../ir/helpers.js';

export const RDHWR_CC_HELPER = 'mips_rdhwr_cc';

/** CP0 Count as seen through RDHWR $2: a free-running counter, here nanoseconds of host time. */
registerHelper({
  name: RDHWR_CC_HELPER,
  params: [],
  result: 'i32',
  // Not 'pure': every call must read the clock anew.
  effects: 'state',
  fn: () => Number(BigInt.asIntN(32, process.hrtime.bigint())),
});
