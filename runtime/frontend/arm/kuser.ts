// The kernel user helpers (Linux Documentation/arm/kernel_user_helpers.rst): code at fixed
// addresses of the vectors page 0xffff0000 that user space calls with BLX (__kuser_get_tls,
// __kuser_cmpxchg, __kuser_memory_barrier, __kuser_cmpxchg64) and the helper count it may read
// at 0xffff0ffc.
//
// That page lies in the runtime's reserved area (docs/ir.md, "Guest memory and the reserved
// area"), which guest memory can never map, so the helpers are not in guest memory: the
// translator's fetch hook reads instructions at those addresses from this image (ordinary A32
// code using LDREX/STREX and MRC, translated like any other), and no page is mapped. A data
// read of the page (of __kuser_helper_version) faults; Debian's ARMv7 code never reads it.
import type { CodeFetcher } from '../../arch/types.js';

export const KUSER_PAGE = 0xffff0000;
/** (end - start) / 32 of the helper area 0xffff0f60..0xffff1000, as the kernel computes it. */
export const KUSER_HELPER_VERSION = 5;

/** A32 words of each helper, at its documented address. */
const HELPERS: ReadonlyArray<[number, readonly number[]]> = [
  // __kuser_cmpxchg64(r0 = &old, r1 = &new, r2 = ptr): r0 = 0 and C set when *ptr was old and is now new.
  [0xffff0f60, [
    0xe92d00f0, // push {r4-r7}
    0xe1c040d0, // ldrd r4, r5, [r0]
    0xe1c160d0, // ldrd r6, r7, [r1]
    0xe1b20f9f, // 1: ldrexd r0, r1, [r2]
    0xe0303004, // eors r3, r0, r4
    0x00313005, // eorseq r3, r1, r5
    0x01a23f96, // strexdeq r3, r6, r7, [r2]
    0x03330001, // teqeq r3, #1
    0x0afffff9, // beq 1b
    0xe2730000, // rsbs r0, r3, #0
    0xe8bd00f0, // pop {r4-r7}
    0xe12fff1e, // bx lr
  ]],
  // __kuser_memory_barrier
  [0xffff0fa0, [0xf57ff05b /* dmb ish */, 0xe12fff1e /* bx lr */]],
  // __kuser_cmpxchg(r0 = old, r1 = new, r2 = ptr): r0 = 0 and C set on success.
  [0xffff0fc0, [
    0xe1923f9f, // 1: ldrex r3, [r2]
    0xe0533000, // subs r3, r3, r0
    0x01823f91, // strexeq r3, r1, [r2]
    0x03330001, // teqeq r3, #1
    0x0afffffa, // beq 1b
    0xe2730000, // rsbs r0, r3, #0
    0xe12fff1e, // bx lr
  ]],
  // __kuser_get_tls: r0 = TPIDRURO.
  [0xffff0fe0, [0xee1d0f70 /* mrc p15, 0, r0, c13, c0, 3 */, 0xe12fff1e /* bx lr */]],
];

/** The page as the kernel shows it (little-endian; unused words are zero, which is undefined code here). */
export const kuserPage: Uint8Array = (() => {
  const page = new Uint8Array(4096);
  const dv = new DataView(page.buffer);
  for (const [addr, words] of HELPERS) words.forEach((w, k) => dv.setUint32(addr - KUSER_PAGE + 4 * k, w, true));
  dv.setUint32(0xffc, KUSER_HELPER_VERSION, true);
  return page;
})();

export const inKuserPage = (addr: number): boolean => addr >>> 12 === KUSER_PAGE >>> 12;

const view = new DataView(kuserPage.buffer);
/** Instruction fetches from the helper page. */
export const kuserFetcher: CodeFetcher = {
  u16: (addr) => view.getUint16(addr - KUSER_PAGE, true),
  u32: (addr) => view.getUint32(addr - KUSER_PAGE, true),
};
