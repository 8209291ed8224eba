// Every MIPS encoding's semantics read exactly the fields its bit pattern names: none that the
// pattern lacks (which would read as undefined and emit wrong IR silently) and none left unread
// (a named field that nothing uses says the wrong thing about the encoding).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IRBuilder } from '../../../runtime/ir/builder.js';
import { MIPS_CONFIGS } from '../../../runtime/frontend/mips/config.js';
import { mipsEncodings } from '../../../runtime/frontend/mips/decode.js';
import { MipsEmitter } from '../../../runtime/frontend/mips/emitter.js';
import type { Fields } from '../../../runtime/frontend/shared/bit-pattern.js';

/** Random words the pattern matches: its fixed bits, anything elsewhere. */
function* matchingWords(mask: number, value: number, count: number): Generator<number> {
  let x = 0x9e3779b9;
  for (let k = 0; k < count; k++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    yield ((value | (x & ~mask)) >>> 0);
  }
}

/** The fields of a word, failing on a read of a name the pattern does not define. */
function watched(fields: Fields, read: Set<string>, name: string): Fields {
  return new Proxy(fields, {
    get(target, key) {
      if (typeof key !== 'string' || !(key in target)) throw new Error(`${name} reads field ${String(key)}, which its pattern does not name`);
      read.add(key);
      return target[key];
    },
  });
}

test('MIPS semantics read the fields their patterns name, and all of them', () => {
  const pc = 0x10000;
  for (const def of mipsEncodings) {
    const read = new Set<string>();
    for (const cfg of MIPS_CONFIGS.filter((c) => c.wordBits === 64 || !def.only64)) {
      for (const word of matchingWords(def.pattern.mask, def.pattern.value, 64)) {
        const e = new MipsEmitter(cfg, new IRBuilder(pc));
        e.at(pc, word);
        def.sem(e, watched(def.pattern.fields(word), read, def.name));
      }
    }
    assert.deepEqual([...read].sort(), [...def.pattern.fieldNames].sort(), `${def.name} ('${def.pattern.spec}')`);
  }
});
