// The MIPS hooks of the shared translation loop: 4-byte words, one ISA mode, and branch delay
// slots (the branch's semantics fix condition, target and link; then its slot runs; then it exits).
import type { IRBuilder } from '../../ir/builder.js';
import { ENDED, translator, type TranslateFn } from '../shared/translator-loop.js';
import type { MipsConfig } from './config.js';
import { decode } from './decode.js';
import { MipsEmitter, type BranchPlan, type Flow } from './emitter.js';
import type { InsnDef } from './table.js';

/** Runs an instruction's semantics on the fields its pattern names. */
function emitInsn(e: MipsEmitter, def: InsnDef, word: number, pc: number): Flow {
  e.at(pc, word);
  return def.sem(e, def.pattern.fields(word));
}

function jump(e: MipsEmitter, target: BranchPlan['target']): void {
  if ('pc' in target) e.b.goto(target.pc); else e.b.gotoDyn(target.dyn);
}

/**
 * The delay slot runs after the branch has fixed its condition, target and link. It may not be
 * a branch itself (UNPREDICTABLE; we make it a reserved instruction).
 */
function emitDelaySlot(e: MipsEmitter, word: number, pc: number): void {
  e.b.insn(pc);
  const def = decode(word, e.is64);
  if (!def || def.branch) {
    e.at(pc, word);
    e.undef();
  } else {
    emitInsn(e, def, word, pc);
  }
}

function emitBranch(e: MipsEmitter, plan: BranchPlan, pc: number, slotWord: number): void {
  const b = e.b;
  const fallThrough = pc + 8;
  const toTarget = (): void => jump(e, plan.target);
  if (plan.cond === null) {
    emitDelaySlot(e, slotWord, pc + 4);
    toTarget();
  } else if (!plan.likely) {
    emitDelaySlot(e, slotWord, pc + 4);
    const taken = b.newLabel();
    b.brif(plan.cond, taken);
    b.goto(fallThrough);
    b.label(taken);
    toTarget();
  } else {
    const annulled = b.newLabel();
    b.brif(e.isZero(plan.cond), annulled);
    emitDelaySlot(e, slotWord, pc + 4);
    toTarget();
    b.label(annulled);
    b.goto(fallThrough);
  }
}

export function mipsTranslator(cfg: MipsConfig): TranslateFn {
  return translator<MipsEmitter, InsnDef>({
    target: cfg.name,
    modeBits: 0,
    init: (b: IRBuilder) => new MipsEmitter(cfg, b),
    fetch: (code, pc) => code.u32(pc) >>> 0,
    size: () => 4,
    decode: (e, word) => decode(word, e.is64),
    hasDelaySlot: (def) => def.branch,
    translateInsn(e, def, word, pc, slotWord) {
      const flow = emitInsn(e, def, word, pc);
      if (def.branch) {
        emitBranch(e, flow as BranchPlan, pc, slotWord);
        return ENDED;
      }
      return flow === 'stop' ? ENDED : pc + 4;
    },
  });
}
