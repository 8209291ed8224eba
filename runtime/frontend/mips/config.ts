// The four MIPS frontends differ only in these parameters; everything else is shared.
import type { Endian } from '../../ir/types.js';

export interface MipsConfig {
  /** Target name as in runtime/targets.ts. */
  name: 'mips' | 'mipsel' | 'mips64' | 'mips64el';
  /** GPR width: 32 for o32 (MIPS32r2), 64 for n64 (MIPS64r2, which also enables the D* instructions). */
  wordBits: 32 | 64;
  endian: Endian;
  /**
   * Status.FR: false = 32 single-width FPRs with doubles in even/odd pairs (o32 FP32/FPXX
   * binaries), true = 32 double-width FPRs (n64).
   */
  fr64: boolean;
}

export const MIPS_CONFIGS: readonly MipsConfig[] = [
  { name: 'mips', wordBits: 32, endian: 'be', fr64: false },
  { name: 'mipsel', wordBits: 32, endian: 'le', fr64: false },
  { name: 'mips64', wordBits: 64, endian: 'be', fr64: true },
  { name: 'mips64el', wordBits: 64, endian: 'le', fr64: true },
];
