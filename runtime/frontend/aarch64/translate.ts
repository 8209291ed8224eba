// A64's hooks of the shared translation loop: 4-byte words, one ISA mode, no delay slots, no
// conditional execution (B.cond and CSEL are ordinary instructions).
import { ENDED, translator, UNALLOCATED } from '../shared/translator-loop.js';
import type { A64Decoder, Pattern } from './decoder.js';
import { Emitter } from './emitter.js';
import type { IRBuilder } from '../../ir/builder.js';

export function aarch64Translator(decoder: A64Decoder) {
  return translator<IRBuilder, Pattern>({
    target: 'aarch64',
    modeBits: 0,
    init: (b) => b,
    fetch: (code, pc) => code.u32(pc) >>> 0,
    size: () => 4,
    decode: (_b, word) => decoder.decode(word) ?? null,
    translateInsn(b, pattern, word, pc) {
      const e = new Emitter(b, pc);
      if (pattern.emit(e, word) === false) return UNALLOCATED;
      e.finish();
      return e.ended ? ENDED : pc + 4;
    },
  });
}
