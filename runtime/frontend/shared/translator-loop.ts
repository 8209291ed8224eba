// The block translation loop of every frontend (QEMU's translator_loop): it owns what all ISAs
// do alike (the first-fetch fault, the block size limit, page ends, undefined encodings, the
// libnative marker, conditional execution, delay-slot units) and asks the ISA's hooks for what
// differs (fetch, size, decode, emit).
//
// Translation keys: every pc the core sees (Frontend.translate's start, the state's pc slot,
// ir.pc, ir.end, insn/goto/exit pcs, goto_dyn targets) is a key `pc | mode`, where mode is the
// ISA mode (ARM = 0, Thumb = 1) in the low `modeBits` bits, which alignment keeps zero in an
// instruction address. The block cache, the dispatch cache and compiled indirect-jump lookups
// therefore tell modes apart without knowing about them, with int32 keys and no extra work;
// ISAs with one mode have modeBits 0, so key === pc. The instruction emitters build keys for
// the gotos they emit; the Linux layer of a multi-mode ISA splits the pc slot into pc and mode
// where the kernel shows them apart (signal frames: ARM's pc and CPSR.T).
import type { CodeFetcher, TranslateOptions } from '../../arch/types.js';
import { PAGE_SIZE } from '../../core/api.js';
import { GuestFault } from '../../core/fault.js';
import { IRBuilder } from '../../ir/builder.js';
import type { IRBlock, Temp } from '../../ir/types.js';
import { stubEncoding } from '../../libnative/stub-abi.js';
import type { TargetName } from '../../targets.js';

/** translateInsn's answer when the instruction ended the block (its IR left through goto/exit). */
export const ENDED = -1;
/** translateInsn's answer for an unallocated encoding: what it emitted is dropped, the guest gets SIGILL. */
export const UNALLOCATED = -2;

/**
 * What one ISA tells the loop. Ctx is the per-block translation context (an emitter); Insn is
 * what its decoder returns for a word (a static table entry, so decoding allocates nothing).
 */
export interface TranslatorHooks<Ctx, Insn> {
  /** The target whose libnative marker (runtime/libnative/stub-abi.ts) the loop recognises. */
  readonly target: TargetName;
  /** Low bits of a translation key that hold the ISA mode (0: the ISA has one mode). */
  readonly modeBits: number;
  /** Starts a block in `mode`. */
  init(b: IRBuilder, mode: number): Ctx;
  /**
   * The instruction at pc as one number: a 32-bit word, or (Thumb) a 16-bit unit or two joined.
   * Byte order is the CodeFetcher's (the frontend's endian). Throws GuestFault when unmapped.
   */
  fetch(code: CodeFetcher, pc: number, mode: number): number;
  /** Bytes the instruction occupies. */
  size(word: number, mode: number): number;
  /** The encoding's entry, or null when nothing matches. */
  decode(ctx: Ctx, word: number): Insn | null;
  /**
   * Delay slots (MIPS): true when the next instruction executes as part of this one. Branch and
   * slot form one unit that no block end splits; the slot may lie on the next page.
   */
  hasDelaySlot?(insn: Insn): boolean;
  /**
   * Conditional execution (ARM's cond field, Thumb's IT state in ctx): an i32 0/1 temp that is 1
   * when the instruction executes, or null when it always does. The loop skips the instruction's
   * IR when it is 0; an instruction so guarded continues at the next one or ends the block.
   */
  condition?(ctx: Ctx, insn: Insn, word: number): Temp | null;
  /**
   * Emits the instruction (and, with a delay slot, the slot, whose word is `slotWord`) after the
   * loop's insn marker. Returns the pc where translation continues, ENDED or UNALLOCATED.
   */
  translateInsn(ctx: Ctx, insn: Insn, word: number, pc: number, slotWord: number): number;
}

/** A frontend's translate function: the loop bound to its hooks. */
export type TranslateFn = (code: CodeFetcher, key: number, opts: TranslateOptions) => IRBlock;

export function translator<Ctx, Insn>(hooks: TranslatorHooks<Ctx, Insn>): TranslateFn {
  const marker = stubEncoding(hooks.target).marker;
  // Fixed-width ISAs have a one-word marker; a byte-string marker (x86) needs its own fetch hook.
  const markerWord = marker.unit === 'word32' && marker.values.length === 1 ? marker.values[0]! : -1;
  const modeMask = (1 << hooks.modeBits) - 1;
  return (code, key, opts) => translateBlock(hooks, markerWord, code, key & modeMask, key - (key & modeMask), opts);
}

/** Drops what was emitted since `mark` (an unallocated encoding's partial IR, its insn marker). */
function rollback(b: IRBuilder, mark: number): void {
  b.ops.length = mark;
  b.ninsns--;
}

function translateBlock<Ctx, Insn>(
  h: TranslatorHooks<Ctx, Insn>, markerWord: number, code: CodeFetcher, mode: number, start: number, opts: TranslateOptions,
): IRBlock {
  const b = new IRBuilder(start + mode);
  const ctx = h.init(b, mode);
  const lower = opts.lowerNative;
  let pc = start;
  const page = Math.floor(start / PAGE_SIZE);
  for (;;) {
    const first = pc === start;
    // A page change, not a page start: a 32-bit Thumb instruction can end 2 bytes into the next page.
    if (!first && (b.ninsns >= opts.maxInsns || Math.floor(pc / PAGE_SIZE) !== page || pc + mode === opts.stopAt)) { b.goto(pc + mode); break; }
    let word: number;
    let slotWord = 0;
    let slotSize = 0;
    try {
      word = h.fetch(code, pc, mode);
    } catch (err) {
      // A fetch fault belongs to the instruction that faults, not to the ones before it.
      if (first || !(err instanceof GuestFault)) throw err;
      b.goto(pc + mode);
      break;
    }
    const size = h.size(word, mode);
    const mark = b.ops.length;
    b.insn(pc + mode);
    let next = UNALLOCATED;
    if (word === markerWord && lower) {
      // With --native-bypass a marker is a call into the host, if it starts a valid stub of the
      // loaded libnative; any other marker is the illegal instruction it would be in hardware.
      const resume = lower(b, pc);
      if (resume !== null) { pc = resume; continue; }
    } else {
      const insn = h.decode(ctx, word);
      if (insn !== null) {
        if (h.hasDelaySlot?.(insn)) {
          try {
            slotWord = h.fetch(code, pc + size, mode);
          } catch (err) {
            if (first || !(err instanceof GuestFault)) throw err;
            rollback(b, mark);
            b.goto(pc + mode);
            break;
          }
          slotSize = h.size(slotWord, mode);
        }
        const cond = h.condition?.(ctx, insn, word) ?? null;
        const skip = cond === null ? -1 : b.newLabel();
        if (cond !== null) b.brif(b.cmp('eq', cond, b.i32(0)), skip);
        next = h.translateInsn(ctx, insn, word, pc, slotWord);
        if (cond !== null && next !== UNALLOCATED) {
          b.label(skip);
          if (next === ENDED) b.goto(pc + size + slotSize + mode);
        }
      }
    }
    if (next === UNALLOCATED) {
      rollback(b, mark);
      if (!first) { b.goto(pc + mode); break; } // the next block starts with it
      b.insn(pc + mode);
      b.exit('undef', pc + mode, word);
      pc += size;
      break;
    }
    if (next === ENDED) { pc += size + slotSize; break; }
    pc = next;
  }
  return b.finish(pc + mode);
}
