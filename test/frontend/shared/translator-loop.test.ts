// The shared translation loop with a toy ISA that has what aarch64 and MIPS lack: two ISA modes
// (the same word means different things in each, and bx switches by the target's low bit, as
// ARM interworking does) and conditional execution; plus a delay slot. IR-level checks of the
// loop, then the engine in every tier: translation keys pc | mode keep the modes' blocks apart
// in the block cache, the dispatch cache and compiled indirect jumps, and invalidation drops both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeFetcher, Frontend } from '../../../runtime/arch/types.js';
import { PROT_EXEC, PROT_READ } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestFault } from '../../../runtime/core/fault.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import { ENDED, translator, UNALLOCATED } from '../../../runtime/frontend/shared/translator-loop.js';
import type { IRBuilder } from '../../../runtime/ir/builder.js';
import type { Op } from '../../../runtime/ir/types.js';
import { LAYOUT, off } from '../../core/fake-frontend.js';
import { TIERS } from '../../core/tiers.js';

// Words: op << 24 | cond << 23 | reg << 16 | imm16.
const ADD = 1;    // add rN, imm: mode 0 adds imm, mode 1 adds imm * 1000
const BX = 2;     // bx rN: indirect jump; bit 0 of the target is the new mode
const HALT = 3;
const TOGGLE = 4; // rN ^= 1
const DECZ = 5;   // rN -= 1; if it is now 0, jump to pc + imm * 4, else go on to pc + 4 (ends the block)
const J = 6;      // jump to pc + imm * 4, after the delay slot
const COND = 1 << 23; // executes only when r3 != 0
const w = (op: number, reg = 0, imm = 0, cond = 0): number => ((op << 24) | cond | (reg << 16) | (imm & 0xffff)) >>> 0;

type Toy = { op: number };
const OPS: Record<number, Toy> = Object.fromEntries([ADD, BX, HALT, TOGGLE, DECZ, J].map((op) => [op, { op }]));

const reg = (n: number): number => off(`r${n}`);

const toyTranslate = translator<{ b: IRBuilder; mode: number }, Toy>({
  target: 'aarch64', // the toy shares aarch64's libnative marker, which the tests do not use
  modeBits: 1,
  init: (b, mode) => ({ b, mode }),
  fetch: (code, pc) => code.u32(pc),
  size: () => 4,
  decode: (_c, word) => OPS[word >>> 24] ?? null,
  hasDelaySlot: (insn) => insn.op === J,
  condition: ({ b }, _insn, word) => (word & COND ? b.cmp('ne', b.get('i64', reg(3)), b.i64(0)) : null),
  translateInsn({ b, mode }, insn, word, pc, slotWord) {
    const n = (word >>> 16) & 0x7f;
    const imm = (word << 16) >> 16;
    switch (insn.op) {
      case ADD:
        b.set(reg(n), b.bin('add', b.get('i64', reg(n)), b.i64(mode ? imm * 1000 : imm)));
        return pc + 4;
      case BX: b.gotoDyn(b.get('i64', reg(n))); return ENDED;
      case HALT: b.exit('halt', pc + mode); return ENDED;
      case TOGGLE:
        b.set(reg(n), b.bin('xor', b.get('i64', reg(n)), b.i64(1)));
        return pc + 4;
      case DECZ: {
        const v = b.bin('sub', b.get('i64', reg(n)), b.i64(1));
        b.set(reg(n), v);
        const zero = b.newLabel();
        b.brif(b.cmp('eq', v, b.i64(0)), zero);
        b.goto(pc + 4 + mode);
        b.label(zero);
        b.goto(pc + imm * 4 + mode);
        return ENDED;
      }
      case J:
        if (slotWord >>> 24 !== ADD) return UNALLOCATED; // the toy allows only an add in a slot
        b.insn(pc + 4 + mode);
        b.set(reg(0), b.bin('add', b.get('i64', reg(0)), b.i64(slotWord & 0xffff)));
        b.goto(pc + imm * 4 + mode);
        return ENDED;
    }
    return UNALLOCATED;
  },
});

function fetcher(base: number, words: number[]): CodeFetcher {
  return {
    u32(a) {
      const k = (a - base) / 4;
      if (k < 0 || k >= words.length) throw new GuestFault(a, 'exec', 'unmapped');
      return words[k]!;
    },
    u16() { throw new Error('unused'); },
  };
}

const opts = { maxInsns: 64 };
const flow = (ops: Op[]): string[] => ops.flatMap((o) => {
  if (o.op === 'goto') return [`goto ${o.pc.toString(16)}`];
  if (o.op === 'exit') return [`${o.reason} ${o.pc.toString(16)}`];
  if (o.op === 'insn') return [`insn ${o.pc.toString(16)}`];
  return o.op === 'goto_dyn' || o.op === 'brif' || o.op === 'label' ? [o.op] : [];
});

test('keys carry the mode: the block, its instructions and its exits are keys of that mode', () => {
  const code = fetcher(0x1000, [w(ADD, 0, 1), w(ADD, 0, 2)]);
  for (const mode of [0, 1]) {
    const blk = toyTranslate(code, 0x1000 | mode, opts);
    assert.equal(blk.pc, 0x1000 | mode);
    assert.deepEqual(flow(blk.ops), [`insn ${(0x1000 | mode).toString(16)}`, `insn ${(0x1004 | mode).toString(16)}`, `goto ${(0x1008 | mode).toString(16)}`]);
    assert.equal(blk.end, 0x1008 | mode);
    const added = blk.ops.filter((o) => o.op === 'const' && o.dst !== undefined).map((o) => (o as { value: number | bigint }).value);
    assert.deepEqual(added.map(Number), mode ? [1000, 2000] : [1, 2]);
  }
  const undef = toyTranslate(fetcher(0x2ffc, [0xff000000]), 0x2ffd, opts);
  assert.deepEqual(flow(undef.ops), ['insn 2ffd', 'undef 2ffd']);
  const pageEnd = toyTranslate(fetcher(0x2ff8, [w(ADD), w(ADD), w(ADD)]), 0x2ff9, opts);
  assert.deepEqual(flow(pageEnd.ops), ['insn 2ff9', 'insn 2ffd', 'goto 3001']);
});

test('conditional execution: the loop skips the guarded IR; a guarded block end falls through', () => {
  const code = fetcher(0x1000, [w(ADD, 0, 1, COND), w(HALT, 0, 0, COND), w(HALT)]);
  const blk = toyTranslate(code, 0x1000, opts);
  assert.deepEqual(flow(blk.ops), ['insn 1000', 'brif', 'label', 'insn 1004', 'brif', 'halt 1004', 'label', 'goto 1008']);
});

test('delay slot: branch and slot are one unit across a page end; a slot fetch fault ends the block before the branch', () => {
  const unit = toyTranslate(fetcher(0x1ff8, [w(ADD), w(J, 0, 4), w(ADD, 0, 7)]), 0x1ff8, opts);
  assert.deepEqual(flow(unit.ops), ['insn 1ff8', 'insn 1ffc', 'insn 2000', 'goto 200c']);
  assert.equal(unit.end, 0x2004);
  const cut = toyTranslate(fetcher(0x1ff8, [w(ADD), w(J, 0, 4)]), 0x1ff8, opts);
  assert.deepEqual(flow(cut.ops), ['insn 1ff8', 'goto 1ffc']);
  assert.throws(() => toyTranslate(fetcher(0x1ffc, [w(J, 0, 4)]), 0x1ffc, opts), GuestFault);
  const badSlot = toyTranslate(fetcher(0x1000, [w(J, 0, 4), w(HALT)]), 0x1000, opts);
  assert.deepEqual(flow(badSlot.ops), ['insn 1000', 'undef 1000']);
});

const toyFrontend: Frontend = { name: 'toy', wordBits: 64, endian: 'le', state: LAYOUT, translate: toyTranslate };
const X = 0x10000;
// X: add r0, 1 / toggle r5 / decz r2 -> X+16 ; X+12: bx r5 ; X+16: halt. r5 = X | mode flips each
// round, so the same words run alternately as mode 0 (adds 1) and mode 1 (adds 1000).
const PROGRAM = [w(ADD, 0, 1), w(TOGGLE, 5), w(DECZ, 2, 2), w(BX, 5), w(HALT)];
const ROUNDS = 200;

for (const tier of TIERS) {
  test(`${tier.name}: one address, two modes: separate blocks, dispatch cache and indirect jumps by key`, () => {
    const mem = new GuestMemory(false);
    mem.setProt(X, 0x1000, PROT_READ | PROT_EXEC);
    const words = new Uint8Array(Uint32Array.from(PROGRAM).buffer);
    mem.u8.set(words, X);
    const engine = new Engine(toyFrontend, mem, { jitThreshold: tier.threshold, optThreshold: tier.optThreshold });
    const t = engine.newThread();
    const run = (): void => {
      t.set('r0', 0n);
      t.set('r2', BigInt(ROUNDS));
      t.set('r5', BigInt(X));
      t.pc = X;
      assert.deepEqual(engine.run(t), { kind: 'halt', pc: X + 17 }); // the last round runs in mode 1
    };
    run();
    assert.equal(t.get('r0'), BigInt((ROUNDS / 2) * 1001));
    // X..X+8, X+12 and the halt, per mode (the last round halts in mode 0 only).
    assert.equal(engine.stats().cachedBlocks, 5);
    if (tier.threshold === 0) assert.ok(engine.stats().jitEntries! < ROUNDS / 4, `jitEntries ${engine.stats().jitEntries}`);
    // New code at X: both modes' blocks go.
    mem.u8.set(new Uint8Array(Uint32Array.of(w(ADD, 0, 2)).buffer), X);
    engine.invalidate(X, 4);
    run();
    assert.equal(t.get('r0'), BigInt((ROUNDS / 2) * 2002));
  });
}
