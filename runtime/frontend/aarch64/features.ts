// The optional architecture features this frontend implements. AT_HWCAP and the ID registers
// read through MRS (Linux's CPUID emulation) are both derived from this one list, so the guest
// is never told about an instruction that would SIGILL here.
import { AARCH64_HWCAP_NAMES, type Aarch64Hwcap } from '../../elf/hwcap.js';

export const FEATURES = {
  fp: true,
  asimd: true,
  crc32: true,
  atomics: true,
  lrcpc: true,
  dcpop: true,
  cpuid: true,
  aes: true,
  pmull: true,
  sha1: true,
  sha2: true,
} as const satisfies Partial<Record<Aarch64Hwcap, boolean>>;

export function aarch64Hwcaps(): { hwcap: number; hwcap2: number } {
  let hwcap = 0;
  for (const [name, on] of Object.entries(FEATURES)) {
    if (on) hwcap += 2 ** AARCH64_HWCAP_NAMES.indexOf(name as Aarch64Hwcap);
  }
  return { hwcap, hwcap2: 0 };
}

const field = (value: number, lsb: number): bigint => BigInt(value) << BigInt(lsb);

/** ID_AA64ISAR0_EL1 as Linux would expose it for the features above. */
export function idAa64isar0(): bigint {
  return field(FEATURES.pmull ? 2 : FEATURES.aes ? 1 : 0, 4) | field(FEATURES.sha1 ? 1 : 0, 8)
    | field(FEATURES.sha2 ? 1 : 0, 12) | field(FEATURES.crc32 ? 1 : 0, 16) | field(FEATURES.atomics ? 2 : 0, 20);
}

/** ID_AA64ISAR1_EL1: DPB (DC CVAP) and LRCPC. */
export function idAa64isar1(): bigint {
  return field(FEATURES.dcpop ? 1 : 0, 0) | field(FEATURES.lrcpc ? 1 : 0, 20);
}

/** ID_AA64PFR0_EL1: EL0/EL1 AArch64 only; FP and AdvSIMD present without half precision (field 0). */
export const ID_AA64PFR0 = 0x11n;
/** MIDR_EL1: an Arm Cortex-A57 r1p0 identity. */
export const MIDR = 0x411fd070n;
export const MPIDR = 0x80000000n;
/** CTR_EL0: 64-byte I and D cache lines, PIPT instruction cache. */
export const CTR = 0x8444c004n;
/** DCZID_EL0: DC ZVA zeroes 2^4 words = 64 bytes. */
export const DCZID = 4n;
export const DC_ZVA_BYTES = 64;
/** Line size IC IVAU invalidates. */
export const ICACHE_LINE = 64;
/** CNTFRQ_EL0: the virtual counter ticks in nanoseconds. */
export const CNTFRQ = 1_000_000_000n;
