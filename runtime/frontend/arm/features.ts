// The optional features this frontend implements, as AT_HWCAP bits (Linux
// arch/arm/include/uapi/asm/hwcap.h): the guest is told about nothing that would SIGILL here.
export const HWCAP_ARM = {
  swp: 1 << 0, half: 1 << 1, thumb: 1 << 2, bit26: 1 << 3, fastmult: 1 << 4, fpa: 1 << 5, vfp: 1 << 6,
  edsp: 1 << 7, java: 1 << 8, iwmmxt: 1 << 9, crunch: 1 << 10, thumbee: 1 << 11, neon: 1 << 12,
  vfpv3: 1 << 13, vfpv3d16: 1 << 14, tls: 1 << 15, vfpv4: 1 << 16, idiva: 1 << 17, idivt: 1 << 18,
  vfpd32: 1 << 19, lpae: 1 << 20, evtstrm: 1 << 21,
} as const;

export type ArmHwcap = keyof typeof HWCAP_ARM;

/**
 * Implemented: halfword and DSP (edsp) instructions, Thumb-2, fast multiplies, TLS (TPIDRURO),
 * SDIV/UDIV in both instruction sets, VFPv3 and VFPv4 (fused multiply-add, half-precision
 * conversions VCVTB/VCVTT) with 32 D registers,
 * and ARMv7 Advanced SIMD (neon: every integer, single-precision, by-scalar, shift, table and
 * element/structure load/store form, the half-precision conversions; VFMA/VFMS too, as VFPv4
 * implies). SWP/SWPB (A32) are
 * implemented but, as Linux does on CPUs with LDREX/STREX (elf_hwcap_fixup), not advertised.
 * ('half' is the halfword loads, not half precision.) Not implemented, so not advertised: LPAE's
 * single-copy-atomic LDRD/STRD.
 */
export const FEATURES: readonly ArmHwcap[] = ['half', 'thumb', 'fastmult', 'edsp', 'tls', 'idiva', 'idivt', 'vfp', 'vfpv3', 'vfpv4', 'vfpd32', 'neon'];

export function armHwcaps(): { hwcap: number; hwcap2: number } {
  return { hwcap: FEATURES.reduce((acc, f) => acc | HWCAP_ARM[f], 0) >>> 0, hwcap2: 0 };
}
