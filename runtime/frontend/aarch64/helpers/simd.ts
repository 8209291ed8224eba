// State helpers for Advanced SIMD operations that index registers by data (TBL/TBX).
import { registerHelper, type HelperContext } from '../../../ir/helpers.js';
import { A64 } from '../state.js';

export const SIMD_HELPERS = { tbl: 'a64_tbl' } as const;

/** packed = d | n<<5 | m<<10 | len<<15 | tbx<<17 | q<<18 (register numbers and fields of the insn). */
registerHelper({
  name: SIMD_HELPERS.tbl, params: ['i32'], effects: 'state',
  fn: (ctx: HelperContext, packed: number) => {
    const d = packed & 31, n = (packed >> 5) & 31, m = (packed >> 10) & 31;
    const regs = ((packed >> 15) & 3) + 1, tbx = (packed >> 17) & 1, bytes = (packed >> 18) & 1 ? 16 : 8;
    const st = ctx.state;
    const tableBytes = new Uint8Array(regs * 16);
    for (let r = 0; r < regs; r++) {
      for (let k = 0; k < 16; k++) tableBytes[r * 16 + k] = st.getUint8(A64.vreg((n + r) % 32) + k);
    }
    const out = new Uint8Array(16);
    for (let k = 0; k < bytes; k++) {
      const idx = st.getUint8(A64.vreg(m) + k);
      out[k] = idx < tableBytes.length ? tableBytes[idx]! : tbx ? st.getUint8(A64.vreg(d) + k) : 0;
    }
    for (let k = 0; k < 16; k++) st.setUint8(A64.vreg(d) + k, out[k]!);
  },
});
