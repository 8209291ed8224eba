// MIPS encodings: a name, a bit pattern (../shared/bit-pattern.ts) and the semantics.
import { parseBitPattern, type BitPattern } from '../shared/bit-pattern.js';
import type { Sem } from './emitter.js';

export interface InsnDef {
  readonly name: string;
  readonly pattern: BitPattern;
  readonly sem: Sem;
  /** MIPS64-only: reserved instruction on the 32-bit variants. */
  readonly only64: boolean;
  /** Has a delay slot (so cannot sit in one). */
  readonly branch: boolean;
}

const def = (name: string, spec: string, sem: Sem, only64: boolean, isBranch: boolean): InsnDef =>
  ({ name, pattern: parseBitPattern(spec), sem, only64, branch: isBranch });

export const insn = (name: string, spec: string, sem: Sem): InsnDef => def(name, spec, sem, false, false);
export const insn64 = (name: string, spec: string, sem: Sem): InsnDef => def(name, spec, sem, true, false);
export const branch = (name: string, spec: string, sem: Sem): InsnDef => def(name, spec, sem, false, true);
