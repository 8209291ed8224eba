// The block translator: decode, emit, and end the block after a branch's delay slot.
import type { CodeFetcher, TranslateOptions } from '../../arch/types.js';
import { PAGE_SIZE } from '../../core/api.js';
import { GuestFault } from '../../core/fault.js';
import { IRBuilder } from '../../ir/builder.js';
import type { IRBlock } from '../../ir/types.js';
import type { MipsConfig } from './config.js';
import { decode } from './decode.js';
import { MipsEmitter, type BranchPlan } from './emitter.js';
import { fields } from './fields.js';

/** The instruction word at pc, or null when it cannot be fetched (rethrown for the block's first). */
function fetchWord(fetch: CodeFetcher, pc: number, first: boolean): number | null {
  try {
    return fetch.u32(pc);
  } catch (err) {
    if (first || !(err instanceof GuestFault)) throw err;
    return null;
  }
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
  const i = fields(word, pc);
  if (!def || def.branch) e.undef(i);
  else def.sem(e, i);
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

export function translateBlock(cfg: MipsConfig, fetch: CodeFetcher, start: number, opts: TranslateOptions): IRBlock {
  const b = new IRBuilder(start);
  const e = new MipsEmitter(cfg, b, fetch, opts);
  let pc = start;
  for (;;) {
    const first = pc === start;
    if (!first && (pc % PAGE_SIZE === 0 || b.ninsns >= opts.maxInsns)) { b.goto(pc); break; }
    const word = fetchWord(fetch, pc, first);
    if (word === null) { b.goto(pc); break; }
    const def = decode(word, e.is64);
    const i = fields(word, pc);
    if (def?.branch) {
      // Branch and delay slot form one unit; the slot may lie on the next page.
      const slotWord = fetchWord(fetch, pc + 4, first);
      if (slotWord === null) { b.goto(pc); break; }
      b.insn(pc);
      emitBranch(e, def.sem(e, i) as BranchPlan, pc, slotWord);
      pc += 8;
      break;
    }
    b.insn(pc);
    const flow = def ? def.sem(e, i) : e.undef(i);
    if (flow === 'stop') { pc += 4; break; }
    pc = flow && 'next' in flow ? flow.next : pc + 4;
  }
  return b.finish(pc);
}
