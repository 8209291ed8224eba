// Self-modifying code: translations decoded from rewritten bytes must never run again, whether
// the host or the guest (from interpreted or compiled code) rewrote them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeFetcher } from '../../runtime/arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { Engine } from '../../runtime/core/engine.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import type { IRBuilder } from '../../runtime/ir/builder.js';
import { CODE_BASE, FakeFrontend, off, setup, type TierOptions } from './fake-frontend.js';
import { TIERS } from './tiers.js';

// A toy ISA: one 32-bit word per instruction, opcode in the top byte.
const ADD = (imm: number): number => (0x01 << 24) | imm;      // r0 += imm
const STORE = 0x02 << 24;                                      // mem32[r3] = r2
const DECJNZ = (back: number): number => (0x03 << 24) | back; // r1 -= 1; if r1 != 0 jump back `back` insns
const HALT = 0x04 << 24;

function decode(fetch: CodeFetcher, pc: number, b: IRBuilder): number {
  for (;;) {
    const w = fetch.u32(pc);
    b.insn(pc);
    const imm = w & 0xffffff;
    switch (w >>> 24) {
      case 1: b.set(off('r0'), b.bin('add', b.get('i64', off('r0')), b.i64(imm))); break;
      case 2: b.store(b.get('i64', off('r3')), b.get('i64', off('r2')), 4, 'le'); break;
      case 3: {
        const r1 = b.bin('sub', b.get('i64', off('r1')), b.i64(1));
        b.set(off('r1'), r1);
        const out = b.newLabel();
        b.brif(b.cmp('eq', r1, b.i64(0)), out);
        b.goto(pc - 4 * imm);
        b.label(out);
        b.goto(pc + 4);
        return pc + 4;
      }
      case 4: b.exit('halt', pc); return pc + 4;
      default: b.exit('undef', pc, w); return pc + 4;
    }
    pc += 4;
  }
}

function program(words: number[]) {
  return (fe: FakeFrontend, tier: TierOptions) => {
    fe.decode = decode;
    const env = setup(fe, tier);
    env.mem.setProt(CODE_BASE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC);
    words.forEach((w, i) => env.mem.write32(CODE_BASE + 4 * i, w));
    return env;
  };
}

for (const tier of TIERS) {
  test(`${tier.name}: host rewrite of hot code takes effect`, () => {
    const fe = new FakeFrontend();
    const { engine, thread, mem } = program([ADD(1), DECJNZ(1), HALT])(fe, tier);
    thread.set('r1', 1000n);
    assert.equal(engine.run(thread).kind, 'halt');
    assert.equal(thread.get('r0'), 1000n);
    mem.write32(CODE_BASE, ADD(5));
    assert.ok(engine.stats().invalidatedBlocks! >= 1);
    thread.set('r0', 0n);
    thread.set('r1', 100n);
    thread.pc = CODE_BASE;
    assert.equal(engine.run(thread).kind, 'halt');
    assert.equal(thread.get('r0'), 500n);
  });

  test(`${tier.name}: guest store rewrites the loop it is running in`, () => {
    const fe = new FakeFrontend();
    const { engine, thread } = program([ADD(1), STORE, DECJNZ(2), HALT])(fe, tier);
    thread.set('r1', 10n);
    thread.set('r2', BigInt(ADD(100)));
    thread.set('r3', BigInt(CODE_BASE));
    assert.equal(engine.run(thread).kind, 'halt');
    // First iteration adds 1 and rewrites the ADD; the other nine run the new instruction.
    assert.equal(thread.get('r0'), 901n);
    if (tier.threshold === 0) assert.ok(engine.stats().invalidatedRegions! >= 1, 'the write came from compiled code');
  });

  test(`${tier.name}: guest store rewrites the next instruction of its own block`, () => {
    const fe = new FakeFrontend();
    const { engine, thread } = program([ADD(1), STORE, ADD(1), ADD(1), HALT])(fe, tier);
    thread.set('r2', BigInt(ADD(100)));
    thread.set('r3', BigInt(CODE_BASE + 8));
    assert.equal(engine.run(thread).kind, 'halt');
    // The block stops after the store; what follows runs as rewritten.
    assert.equal(thread.get('r0'), 102n);
  });

  test(`${tier.name}: removing EXEC from translated code makes it fault`, () => {
    const fe = new FakeFrontend();
    const { engine, thread, mem } = program([ADD(1), DECJNZ(1), HALT])(fe, tier);
    thread.set('r1', 100n);
    assert.equal(engine.run(thread).kind, 'halt');
    mem.setProt(CODE_BASE, 0x1000, PROT_READ);
    thread.pc = CODE_BASE;
    assert.deepEqual(engine.run(thread), { kind: 'fault', pc: CODE_BASE, addr: CODE_BASE, access: 'exec', fault: 'protection' });
  });
}

// Guest threads run in separate agents, each with its own Engine and GuestMemory object over the
// one shared memory: a rewrite one engine sees must drop the other engine's translations too.
for (const tier of TIERS) {
  test(`${tier.name}: a rewrite seen by one engine reaches another engine on the same memory`, () => {
    const fe = new FakeFrontend();
    const { engine: a, thread: ta, mem } = program([ADD(1), STORE, DECJNZ(2), HALT])(fe, tier);
    const memB = new GuestMemory(false, mem.memory);
    const b = new Engine(fe, memB, { jitThreshold: tier.threshold, optThreshold: tier.optThreshold });
    const tb = b.attachThread(a.newThread().stateAddr);
    const runB = (iterations: bigint) => {
      tb.set('r0', 0n);
      tb.set('r1', iterations);
      tb.set('r3', BigInt(0x100000)); // the store goes to data, not code
      tb.pc = CODE_BASE;
      assert.equal(b.run(tb).kind, 'halt');
      return tb.get('r0');
    };
    assert.equal(runB(100n), 100n); // B has the loop translated (and compiled, for the JIT tier)
    // A's store rewrites the ADD in its first iteration.
    ta.set('r1', 1n);
    ta.set('r2', BigInt(ADD(7)));
    ta.set('r3', BigInt(CODE_BASE));
    assert.equal(a.run(ta).kind, 'halt');
    assert.equal(runB(10n), 70n);
    // And back, through B's own GuestMemory: A must drop what it translated since.
    memB.write32(CODE_BASE, ADD(3));
    ta.set('r0', 0n);
    ta.set('r1', 4n);
    ta.set('r3', BigInt(0x100000));
    ta.pc = CODE_BASE;
    assert.equal(a.run(ta).kind, 'halt');
    assert.equal(ta.get('r0'), 12n);
  });
}
