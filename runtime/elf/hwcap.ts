// AT_HWCAP bit names, in bit order, as Linux defines them (arch/arm64/include/uapi/asm/hwcap.h, arm's below)
// and prints them in /proc/cpuinfo "Features". The aarch64 frontend sets the bits of the features
// it implements; the Linux layer names the bits the guest was given. MIPS user space of
// MIPS32r2/MIPS64r2 gets no AT_HWCAP bits.
export const AARCH64_HWCAP_NAMES = [
  'fp', 'asimd', 'evtstrm', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'atomics', 'fphp', 'asimdhp',
  'cpuid', 'asimdrdm', 'jscvt', 'fcma', 'lrcpc', 'dcpop', 'sha3', 'sm3', 'sm4', 'asimddp',
  'sha512', 'sve', 'asimdfhm', 'dit', 'uscat', 'ilrcpc', 'flagm', 'ssbs', 'sb', 'paca', 'pacg',
] as const;

export type Aarch64Hwcap = (typeof AARCH64_HWCAP_NAMES)[number];

/** ARM's AT_HWCAP and AT_HWCAP2 bits (arch/arm/include/uapi/asm/hwcap.h, setup.c's hwcap_str). */
export const ARM_HWCAP_NAMES = [
  'swp', 'half', 'thumb', '26bit', 'fastmult', 'fpa', 'vfp', 'edsp', 'java', 'iwmmxt', 'crunch',
  'thumbee', 'neon', 'vfpv3', 'vfpv3d16', 'tls', 'vfpv4', 'idiva', 'idivt', 'vfpd32', 'lpae', 'evtstrm',
] as const;
export const ARM_HWCAP2_NAMES = ['aes', 'pmull', 'sha1', 'sha2', 'crc32'] as const;

/** The names of the bits set in `hwcap`. */
export function hwcapNames(names: readonly string[], hwcap: bigint): string[] {
  return names.filter((_, bit) => (hwcap >> BigInt(bit)) & 1n);
}
