// Helpers for system instructions: the virtual counter and instruction-cache invalidation.
import { registerHelper, type HelperContext } from '../../../ir/helpers.js';
import { ICACHE_LINE } from '../features.js';

export const SYS_HELPERS = { cntvct: 'a64_cntvct', icIvau: 'ic_ivau' } as const;

// Marked 'state' (not 'pure') so that two reads are never merged or reordered.
registerHelper({
  name: SYS_HELPERS.cntvct, params: [], result: 'i64', effects: 'state',
  fn: () => BigInt.asIntN(64, process.hrtime.bigint()),
});

/** IC IVAU Xt: drop translations of the 64-byte line holding Xt (hook: HelperContext.invalidateCode). */
registerHelper({
  name: SYS_HELPERS.icIvau, params: ['i64'], effects: 'state',
  fn: (ctx: HelperContext, addr: bigint) => {
    const line = BigInt.asUintN(64, addr) & ~BigInt(ICACHE_LINE - 1);
    if (line < 2n ** 32n) ctx.invalidateCode?.(Number(line), ICACHE_LINE);
  },
});
