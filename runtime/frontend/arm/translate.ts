// ARM's hooks of the shared translation loop. Two instruction sets, told apart by the key's
// low bit (Thumb = pc | 1): A32 words, and Thumb halfwords where a first halfword 0b11101,
// 0b11110 or 0b11111 makes a 32-bit instruction (fetched as hw1 << 16 | hw2).
//
// Conditional execution: A32's cond field through the loop's condition hook. Thumb's IT blocks
// are followed at translate time (ctx.it, the ITSTATE of the next instruction), and the state's
// `itstate` slot holds the ITSTATE of the instruction about to run at every point a block may
// end or fault (updated after each instruction of an IT block, on both of its paths; before it
// when it ends the block), so a block can end inside an IT block (a syscall, the block size
// limit, a page end, a fault). A Thumb block does not know the ITSTATE it starts with: its first
// instruction tests the slot, and when it is not zero runs a copy of itself under the slot's
// condition and leaves, one instruction per block, until the IT block is over.
import type { TranslateFn } from '../shared/translator-loop.js';
import { ENDED, translator, UNALLOCATED } from '../shared/translator-loop.js';
import type { IRBuilder } from '../../ir/builder.js';
import type { Temp } from '../../ir/types.js';
import type { Pattern } from './decoder.js';
import { ArmEmitter } from './emitter.js';
import { COND_HELPER } from './helpers/cond.js';
import { inKuserPage, kuserFetcher } from './kuser.js';
import type { ArmDecoders } from './patterns.js';
import { ARM, THUMB_BIT } from './state.js';

interface Ctx {
  e: ArmEmitter;
  /** ITSTATE of the next instruction, as far as this block knows (Thumb). */
  it: number;
  /** The next instruction is the block's first (Thumb: its ITSTATE comes from the state). */
  first: boolean;
}

/** ITAdvance. */
export function itAdvance(it: number): number {
  return (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
}

/** IT state that makes semantics behave as inside an IT block (16-bit forms do not set flags). */
const SOME_IT = 0xe4;

function dynamicItAdvance(b: IRBuilder, it: Temp): Temp {
  const more = b.bin('and', it, b.i32(7));
  const next = b.bin('or', b.bin('and', it, b.i32(0xe0)), b.bin('and', b.bin('shl', it, b.i32(1)), b.i32(0x1f)));
  return b.select(more, next, b.i32(0));
}

function nzcv(e: ArmEmitter): Temp {
  const b = e.b;
  const f = (x: 'n' | 'z' | 'c' | 'v', sh: number): Temp => b.bin('shl', e.flag(x), b.i32(sh));
  return b.bin('or', b.bin('or', f('n', 3), f('z', 2)), b.bin('or', f('c', 1), e.flag('v')));
}

/**
 * Emits an instruction of an IT block under `cond` (null: AL) and `setIt`, the update of the
 * itstate slot to the next instruction's ITSTATE: after the instruction on both paths, so that a
 * fault inside it leaves its own ITSTATE; before its IR when it ends the block (its exits are in
 * it), and then the skipped path continues at the next instruction. False: unallocated.
 */
function emitInItBlock(e: ArmEmitter, insn: Pattern, word: number, cond: Temp | null, setIt: () => void): boolean {
  const b = e.b;
  const skip = cond === null ? -1 : b.newLabel();
  if (cond !== null) b.brif(b.cmp('eq', cond, b.i32(0)), skip);
  const mark = b.ops.length;
  if (insn.emit(e, word) === false) return false;
  if (e.ended) {
    const ir = b.ops.splice(mark);
    setIt();
    b.ops.push(...ir);
  }
  if (cond !== null) b.label(skip);
  if (!e.ended || cond !== null) setIt();
  if (e.ended && cond !== null) b.goto(e.next + THUMB_BIT);
  return true;
}

/**
 * The first Thumb instruction of a block: when the state says it runs inside an IT block, a
 * copy under that condition, then the block ends; the rest of the block is translated with
 * ITSTATE 0 after the test.
 */
function resumeItBlock(e: ArmEmitter, insn: Pattern, word: number): void {
  const b = e.b;
  const it = b.get('i32', ARM.itstate);
  const normal = b.newLabel();
  b.brif(b.cmp('eq', it, b.i32(0)), normal);
  const pass = b.call(COND_HELPER, [b.bin('shr_u', it, b.i32(4)), nzcv(e)], 'i32');
  const next = dynamicItAdvance(b, it);
  e.it = SOME_IT;
  const mark = b.ops.length;
  if (!emitInItBlock(e, insn, word, pass, () => b.set(ARM.itstate, next))) {
    // Undefined inside an IT block (IT itself is): what it emitted is dropped, SIGILL.
    b.ops.length = mark;
    e.exit('undef', e.pc, word);
  } else if (!e.ended) {
    b.goto(e.next + THUMB_BIT);
  }
  b.label(normal);
  e.it = 0;
  e.ended = false;
  e.startIt = null;
}

export function armTranslator(d: ArmDecoders): TranslateFn {
  return translator<Ctx, Pattern>({
    target: 'arm',
    modeBits: 1,
    init: (b, mode) => ({ e: new ArmEmitter(b, mode === THUMB_BIT), it: 0, first: true }),
    fetch: (code, pc, mode) => {
      const src = inKuserPage(pc) ? kuserFetcher : code;
      if (!mode) return src.u32(pc) >>> 0;
      const hw1 = src.u16(pc);
      return hw1 >>> 11 < 0x1d ? hw1 : ((hw1 << 16) | src.u16(pc + 2)) >>> 0;
    },
    size: (word, mode) => (mode && word <= 0xffff ? 2 : 4),
    decode: (ctx, word) => {
      if (ctx.e.thumb) return (word > 0xffff ? d.t32 : d.t16).decode(word) ?? null;
      return (word >>> 28 === 15 ? d.a32u : d.a32).decode(word) ?? null;
    },
    condition(ctx, _insn, word) {
      // A32's cond field; Thumb's IT conditions are emitted with the instruction (translateInsn).
      const cond = word >>> 28;
      return ctx.e.thumb || cond >= 14 ? null : ctx.e.cond(cond);
    },
    translateInsn(ctx, insn, word, pc) {
      const e = ctx.e;
      e.pc = pc;
      e.size = e.thumb && word <= 0xffff ? 2 : 4;
      e.ended = false;
      e.startIt = null;
      if (e.thumb && ctx.first) {
        ctx.first = false;
        resumeItBlock(e, insn, word);
      }
      const current = e.thumb ? ctx.it : 0;
      e.it = current;
      if (current !== 0) {
        const next = (ctx.it = itAdvance(current));
        const cond = current >> 4 === 14 ? null : e.cond(current >> 4);
        if (!emitInItBlock(e, insn, word, cond, () => e.b.set(ARM.itstate, e.b.i32(next)))) return UNALLOCATED;
      } else if (insn.emit(e, word) === false) {
        return UNALLOCATED;
      }
      if (e.startIt !== null) {
        ctx.it = e.startIt;
        e.b.set(ARM.itstate, e.b.i32(ctx.it));
      }
      return e.ended ? ENDED : pc + e.size;
    },
  });
}
