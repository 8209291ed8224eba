// The block translation loop: fetch, decode, emit, until control flow leaves the block.
import type { CodeFetcher, TranslateOptions } from '../../arch/types.js';
import { GuestFault } from '../../core/fault.js';
import { IRBuilder } from '../../ir/builder.js';
import type { IRBlock } from '../../ir/types.js';
import type { A64Decoder } from './decoder.js';
import { Emitter } from './emitter.js';

const PAGE_MASK = 0xfff;

export function translateBlock(decoder: A64Decoder, fetch: CodeFetcher, start: number, opts: TranslateOptions): IRBlock {
  const b = new IRBuilder(start);
  let pc = start;
  for (;;) {
    let word: number;
    try {
      word = fetch.u32(pc) >>> 0;
    } catch (err) {
      // A fetch fault belongs to the instruction that faults, not to the ones before it.
      if (b.ninsns === 0 || !(err instanceof GuestFault)) throw err;
      b.goto(pc);
      break;
    }
    const mark = b.ops.length;
    b.insn(pc);
    const e = new Emitter(b, pc, fetch, opts);
    const pattern = decoder.decode(word);
    if (!pattern || pattern.emit(e, word) === false) {
      b.ops.length = mark;
      b.ninsns--;
      if (b.ninsns === 0) {
        b.insn(pc);
        b.exit('undef', pc, word);
        pc += 4;
      } else {
        // Let the preceding instructions run; the next block starts with the undef.
        b.goto(pc);
      }
      break;
    }
    e.finish();
    pc = e.nextPc;
    if (e.ended) break;
    if (b.ninsns >= opts.maxInsns || (pc & PAGE_MASK) === 0) {
      b.goto(pc);
      break;
    }
  }
  return b.finish(pc);
}
