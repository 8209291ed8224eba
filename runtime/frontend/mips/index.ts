// The four MIPS frontends: big- and little-endian MIPS32r2 (o32, FR=0) and MIPS64r2 (n64, FR=1).
import type { Frontend } from '../../arch/types.js';
import { MIPS_CONFIGS, type MipsConfig } from './config.js';
import { mipsOffsets, mipsStateLayout } from './state.js';
import { mipsTranslator } from './translate.js';

/** o32 passes the first four integer arguments in $a0-$a3, n64 eight in $a0-$a7; results in $v0. */
const ARG_REGS = { 32: [4, 5, 6, 7], 64: [4, 5, 6, 7, 8, 9, 10, 11] } as const;
const V0 = 2;

export function makeMipsFrontend(cfg: MipsConfig): Frontend {
  const state = mipsStateLayout(cfg.wordBits);
  const off = mipsOffsets(cfg.wordBits);
  return {
    name: cfg.name,
    wordBits: cfg.wordBits,
    endian: cfg.endian,
    state,
    callConv: { args: ARG_REGS[cfg.wordBits].map(off.gpr), ret: off.gpr(V0) },
    translate: mipsTranslator(cfg),
  };
}

const byName = (name: MipsConfig['name']): Frontend => makeMipsFrontend(MIPS_CONFIGS.find((c) => c.name === name)!);

export const mipsFrontend = byName('mips');
export const mipselFrontend = byName('mipsel');
export const mips64Frontend = byName('mips64');
export const mips64elFrontend = byName('mips64el');

export { MIPS_SLOT, gprSlot, fprSlot, mipsOffsets } from './state.js';
export { TRAP_OVERFLOW, TRAP_DIVZERO } from './traps.js';
