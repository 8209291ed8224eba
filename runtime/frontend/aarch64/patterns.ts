// The complete decode table, assembled from the per-class pattern lists.
import { Decoder } from '../shared/decoder.js';
import type { Pattern } from './decoder.js';
import { atomicPatterns } from './insn/atomic.js';
import { branchPatterns } from './insn/branch.js';
import { cryptoPatterns } from './insn/crypto.js';
import { dpImmPatterns } from './insn/dp-imm.js';
import { dpMathPatterns } from './insn/dp-math.js';
import { dpRegPatterns } from './insn/dp-reg.js';
import { fpArithPatterns } from './insn/fp-arith.js';
import { fpConvertPatterns } from './insn/fp-convert.js';
import { ldstPatterns } from './insn/ldst.js';
import { simdArithPatterns } from './insn/simd-arith.js';
import { simdElemPatterns } from './insn/simd-elem.js';
import { simdLdstPatterns } from './insn/simd-ldst.js';
import { simdMovePatterns } from './insn/simd-move.js';
import { simdShiftPatterns } from './insn/simd-shift.js';
import { systemPatterns } from './insn/system.js';

export const allPatterns: readonly Pattern[] = [
  ...dpImmPatterns,
  ...dpMathPatterns,
  ...dpRegPatterns,
  ...branchPatterns,
  ...systemPatterns,
  ...atomicPatterns,
  ...ldstPatterns,
  ...fpArithPatterns,
  ...fpConvertPatterns,
  ...simdLdstPatterns,
  ...cryptoPatterns,
  ...simdArithPatterns,
  ...simdElemPatterns,
  ...simdMovePatterns,
  ...simdShiftPatterns,
];

export const aarch64Decoder = new Decoder(allPatterns);
