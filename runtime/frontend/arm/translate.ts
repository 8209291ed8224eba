// ARM's hooks of the shared translation loop. Two instruction sets, told apart by the key's
// low bit (Thumb = pc | 1): A32 words, and Thumb halfwords where a first halfword 0b11101,
// 0b11110 or 0b11111 makes a 32-bit instruction (fetched as hw1 << 16 | hw2).
//
// Conditional execution: A32's cond field through the loop's condition hook. Thumb's IT blocks
// are followed at translate time (ctx.it, the ITSTATE of the next instruction), and the state's
// `itstate` slot is kept equal to the ITSTATE of the next instruction to run at every point a
// block may end (set before each instruction of an IT block, on both of its paths), so a block
// can end inside an IT block (a syscall, the block size limit, a page end). A Thumb block does
// not know the ITSTATE it starts with: its first instruction tests the slot, and when it is
// not zero runs a copy of itself under the slot's condition and leaves, one instruction per
// block, until the IT block is over. Limitation: a fault inside an IT block reports the ITSTATE
// of the instruction after the faulting one.
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
 * The first Thumb instruction of a block: when the state says it runs inside an IT block, a
 * copy under that condition, then the block ends; the rest of the block is translated with
 * ITSTATE 0 after the test.
 */
function resumeItBlock(e: ArmEmitter, insn: Pattern, word: number): void {
  const b = e.b;
  const it = b.get('i32', ARM.itstate);
  const normal = b.newLabel(), skip = b.newLabel();
  b.brif(b.cmp('eq', it, b.i32(0)), normal);
  const pass = b.call(COND_HELPER, [b.bin('shr_u', it, b.i32(4)), nzcv(e)], 'i32');
  b.set(ARM.itstate, dynamicItAdvance(b, it));
  b.brif(b.cmp('eq', pass, b.i32(0)), skip);
  e.it = SOME_IT;
  const mark = b.ops.length;
  if (insn.emit(e, word) === false) {
    // Undefined inside an IT block (IT itself is): what it emitted is dropped, SIGILL.
    b.ops.length = mark;
    e.exit('undef', e.pc, word);
  }
  b.label(skip);
  b.goto(e.next + THUMB_BIT);
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
      const e = ctx.e;
      if (!e.thumb) {
        const cond = word >>> 28;
        return cond >= 14 ? null : e.cond(cond);
      }
      e.it = ctx.it;
      if (ctx.first || ctx.it === 0) return null;
      ctx.it = itAdvance(ctx.it);
      e.b.set(ARM.itstate, e.b.i32(ctx.it));
      const cond = e.it >> 4;
      return cond === 14 ? null : e.cond(cond);
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
      if (!e.thumb) e.it = 0;
      if (insn.emit(e, word) === false) return UNALLOCATED;
      if (e.startIt !== null) {
        ctx.it = e.startIt;
        e.b.set(ARM.itstate, e.b.i32(ctx.it));
      }
      return e.ended ? ENDED : pc + e.size;
    },
  });
}
