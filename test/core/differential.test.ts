// Random IR programs run in the interpreter and in the JIT must leave identical state, memory
// and exit events. Each program is two blocks: a body that loops on itself three times (a
// back-edge inside a region) and a tail that halts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExitEvent } from '../../runtime/core/api.js';
import { CODE_BASE, DATA_BASE, FakeFrontend, LAYOUT, off, setup, type TierOptions } from './fake-frontend.js';
import { RandomIR, rng } from './random-ir.js';

const PROGRAMS = 120;
const SEED = 20261121;
const DATA_BYTES = 0x2000;

function program(fe: FakeFrontend, k: number): number {
  const body = CODE_BASE + k * 16;
  const tail = body + 8;
  const r = rng(SEED + k);
  fe.at(body, (b) => {
    const g = new RandomIR(r, b, k % 5 === 0 ? 0.02 : 0);
    const n = 10 + Math.floor(r() * 50);
    for (let i = 0; i < n; i++) {
      // Instruction marks only where no branch skips them (docs/ir.md: a fault must have one pc).
      if (r() < 0.15 && !g.branchOpen) b.insn(body + 4);
      g.op();
    }
    g.closeAll();
    const count = b.bin('add', b.get('i64', off('r7')), b.i64(1));
    b.set(off('r7'), count);
    const done = b.newLabel();
    b.brif(b.cmp('ge_u', count, b.i64(3)), done);
    b.goto(body);
    b.label(done);
    b.goto(tail);
  });
  fe.at(tail, (b) => {
    const g = new RandomIR(r, b, 0);
    for (let i = 0; i < 8; i++) g.op();
    g.closeAll();
    b.exit('halt', tail);
  });
  return body;
}

interface Outcome { event: ExitEvent; state: (string | number)[]; data: Buffer }

function runAll(tier: TierOptions): Outcome[] {
  const fe = new FakeFrontend();
  const entries = Array.from({ length: PROGRAMS }, (_, k) => program(fe, k));
  const { engine, thread, mem } = setup(fe, tier);
  return entries.map((pc, k) => {
    mem.u8.fill(0, DATA_BASE, DATA_BASE + DATA_BYTES);
    const seed = rng(k);
    for (let i = 0; i < DATA_BYTES; i += 4) mem.dv.setUint32(DATA_BASE + i, Math.floor(seed() * 2 ** 32));
    new Uint8Array(thread.state.buffer, thread.stateAddr, LAYOUT.size).fill(0);
    for (const s of LAYOUT.slots) if (s.ty === 'i64' || s.ty === 'i32') thread.set(s.name, BigInt(Math.floor(seed() * 2 ** 32)) * 0x1234567n);
    thread.set('r7', 0n);
    thread.pc = pc;
    const event = engine.run(thread);
    const state = LAYOUT.slots.map((s) => {
      const v = thread.get(s.name);
      return typeof v === 'number' && Number.isNaN(v) ? 'NaN' : String(v); // NaN payloads are unspecified
    });
    return { event, state, data: Buffer.from(mem.u8.slice(DATA_BASE, DATA_BASE + DATA_BYTES)) };
  });
}

test(`differential: ${PROGRAMS} random programs, interpreter vs JIT (baseline and optimised)`, () => {
  const interp = runAll({ threshold: 1e9 });
  let faults = 0;
  for (const [name, tier] of [['baseline', { threshold: 0 }], ['optimized', { threshold: 0, optThreshold: 0 }]] as const) {
    const jit = runAll(tier);
    for (let k = 0; k < PROGRAMS; k++) {
      const a = interp[k]!, b = jit[k]!;
      assert.deepEqual(b.event, a.event, `${name} program ${k}: exit`);
      assert.deepEqual(b.state, a.state, `${name} program ${k}: state`);
      assert.ok(a.data.equals(b.data), `${name} program ${k}: memory`);
    }
  }
  for (const a of interp) if (a.event.kind === 'fault') faults++;
  assert.ok(faults > 0 && faults < PROGRAMS / 2, `some programs fault (${faults})`);
});
