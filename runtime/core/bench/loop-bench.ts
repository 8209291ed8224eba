// Microbenchmark of the two execution tiers on a hot IR loop (no ISA involved): one block of
// 64-bit arithmetic, a store and a load per iteration, looping on itself.
import type { CodeFetcher, Frontend, StateLayout } from '../../arch/types.js';
import { IRBuilder } from '../../ir/builder.js';
import type { IRBlock } from '../../ir/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../api.js';
import { Engine } from '../engine.js';
import { GuestMemory } from '../memory.js';

const CODE = 0x10000;
const DATA = 0x20000;

const LAYOUT: StateLayout = {
  size: 72,
  slots: [
    ...Array.from({ length: 8 }, (_, i) => ({ name: `r${i}`, offset: i * 8, ty: 'i64' as const, cached: true })),
    { name: 'pc', offset: 64, ty: 'i32', cached: false },
  ],
  pcOffset: 64,
};
const R = (i: number): number => i * 8;

/** r0 counts to r1; r2..r4 mix; memory round trip through DATA. 8 pseudo-instructions. */
function loopBlock(pc: number): IRBlock {
  const b = new IRBuilder(pc);
  b.insn(pc);
  const r0 = b.get('i64', R(0));
  const r2 = b.bin('add', b.get('i64', R(2)), b.bin('mul', r0, b.i64(3)));
  b.set(R(2), r2);
  b.insn(pc + 4);
  const r3 = b.bin('xor', b.get('i64', R(3)), b.bin('shr_u', r2, b.i64(7)));
  b.set(R(3), r3);
  b.insn(pc + 8);
  b.set(R(4), b.bin('rotl', b.bin('add', b.get('i64', R(4)), r3), b.i64(13)));
  b.insn(pc + 12);
  const addr = b.bin('add', b.i64(DATA), b.bin('and', r0, b.i64(0xff8)));
  b.store(addr, r2, 8, 'le');
  b.insn(pc + 16);
  b.set(R(5), b.bin('add', b.get('i64', R(5)), b.load('i64', addr, 8, false, 'le')));
  b.insn(pc + 20);
  const next = b.bin('add', r0, b.i64(1));
  b.set(R(0), next);
  b.insn(pc + 24);
  const done = b.newLabel();
  b.brif(b.cmp('ge_u', next, b.get('i64', R(1))), done);
  b.goto(pc);
  b.label(done);
  b.insn(pc + 28);
  b.exit('halt', pc + 28);
  return b.finish(pc + 32);
}

const benchFrontend: Frontend = {
  name: 'bench', wordBits: 64, endian: 'le', state: LAYOUT,
  translate: (fetch: CodeFetcher, pc: number) => { fetch.u32(pc); return loopBlock(pc); },
};

export interface TierResult { iterations: number; ms: number; nsPerIteration: number; stats: Record<string, number> }
export interface LoopBenchResult { interpreter: TierResult; jit: TierResult; speedup: number }

function runTier(mem: GuestMemory, jitThreshold: number, iterations: number): TierResult {
  const engine = new Engine(benchFrontend, mem, { jitThreshold });
  const t = engine.newThread();
  t.pc = CODE;
  t.set('r1', BigInt(iterations));
  const t0 = performance.now();
  const ev = engine.run(t);
  const ms = performance.now() - t0;
  if (ev.kind !== 'halt' || t.get('r0') !== BigInt(iterations)) throw new Error(`loop bench: unexpected ${JSON.stringify(ev)}`);
  engine.releaseThread(t);
  return { iterations, ms, nsPerIteration: (ms * 1e6) / iterations, stats: engine.stats() };
}

export function runLoopBench(opts: { jitIterations?: number; interpIterations?: number } = {}): LoopBenchResult {
  const mem = new GuestMemory(false);
  mem.setProt(CODE, 0x1000, PROT_READ | PROT_EXEC);
  mem.setProt(DATA, 0x1000, PROT_READ | PROT_WRITE);
  const interpreter = runTier(mem, Number.MAX_SAFE_INTEGER, opts.interpIterations ?? 200_000);
  const jit = runTier(mem, 50, opts.jitIterations ?? 50_000_000);
  return { interpreter, jit, speedup: interpreter.nsPerIteration / jit.nsPerIteration };
}

export function formatLoopBench(r: LoopBenchResult): string {
  const row = (name: string, t: TierResult): string =>
    `${name.padEnd(12)} ${t.nsPerIteration.toFixed(2).padStart(9)} ns/iteration  (${t.iterations} iterations, ${t.ms.toFixed(1)} ms)`;
  return [
    'core loop bench: 8 guest insns/iteration (64-bit ALU, store, load, compare+branch)',
    row('interpreter', r.interpreter),
    row('jit', r.jit),
    `jit speedup  ${r.speedup.toFixed(0)}x; jit compile ${r.jit.stats.compileMs} ms in ${r.jit.stats.modules} module(s)`,
  ].join('\n');
}
