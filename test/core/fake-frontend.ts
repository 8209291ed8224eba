// A tiny frontend for core tests: blocks are written directly in IR, keyed by pc, or decoded
// from a toy "ISA" in guest memory (for self-modifying-code tests).
import type { CodeFetcher, Frontend, StateLayout, StateSlot } from '../../runtime/arch/types.js';
import { IRBuilder } from '../../runtime/ir/builder.js';
import type { IRBlock, Ty } from '../../runtime/ir/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { Engine } from '../../runtime/core/engine.js';
import { GuestMemory } from '../../runtime/core/memory.js';

/** r0..r7: i64 (cached), w0..w3: i32 (cached), f0..f3: f64, u0..u1: i64 not cached, pc, g0..g2: f32. */
export function testLayout(): StateLayout {
  const slots: StateSlot[] = [];
  for (let i = 0; i < 8; i++) slots.push({ name: `r${i}`, offset: i * 8, ty: 'i64', cached: true });
  for (let i = 0; i < 4; i++) slots.push({ name: `w${i}`, offset: 64 + i * 4, ty: 'i32', cached: true });
  for (let i = 0; i < 4; i++) slots.push({ name: `f${i}`, offset: 80 + i * 8, ty: 'f64', cached: false });
  for (let i = 0; i < 2; i++) slots.push({ name: `u${i}`, offset: 112 + i * 8, ty: 'i64', cached: false });
  slots.push({ name: 'pc', offset: 128, ty: 'i32', cached: false });
  for (let i = 0; i < 3; i++) slots.push({ name: `g${i}`, offset: 132 + i * 4, ty: 'f32', cached: i === 0 });
  return { size: 144, slots, pcOffset: 128 };
}

export const LAYOUT = testLayout();
export const off = (name: string): number => LAYOUT.slots.find((s) => s.name === name)!.offset;
export const slotTy = (name: string): Ty => LAYOUT.slots.find((s) => s.name === name)!.ty;

export type BlockSource = (b: IRBuilder) => void;

export class FakeFrontend implements Frontend {
  readonly name = 'fake';
  readonly state = LAYOUT;
  readonly blocks = new Map<number, BlockSource>();
  /** Optional decoder of the toy ISA in memory, used when no IR block is registered. */
  decode: ((fetch: CodeFetcher, pc: number, b: IRBuilder) => number) | null = null;
  translations = 0;

  constructor(readonly wordBits: 32 | 64 = 64, readonly endian: 'le' | 'be' = 'le') {}

  /** Register the IR of the block at pc; each guest instruction it marks occupies 4 bytes. */
  at(pc: number, src: BlockSource): this { this.blocks.set(pc, src); return this; }

  translate(fetch: CodeFetcher, pc: number): IRBlock {
    this.translations++;
    const b = new IRBuilder(pc);
    fetch.u32(pc);
    const src = this.blocks.get(pc);
    if (src) {
      b.insn(pc);
      src(b);
      // Each instruction a block marks occupies 4 bytes (random-IR blocks mark several).
      const lastInsn = Math.max(...b.ops.flatMap((op) => (op.op === 'insn' ? [op.pc] : [])));
      return b.finish(lastInsn + 4);
    }
    if (!this.decode) throw new Error(`fake frontend: no block at 0x${pc.toString(16)}`);
    return b.finish(this.decode(fetch, pc, b));
  }
}

export const CODE_BASE = 0x10000;
export const DATA_BASE = 0x100000;

/** A memory with an RX code area and an RW data area, and an engine over it. */
/** The engine's tier options: interpreted runs before compiling, baseline budget before optimising. */
export interface TierOptions { threshold: number; optThreshold?: number }

export function setup(fe: FakeFrontend, tier: TierOptions, bigEndian = fe.endian === 'be') {
  const mem = sharedMemory(bigEndian);
  mem.setProt(0, 2 ** 31, 0);
  mem.setProt(CODE_BASE, 0x10000, PROT_READ | PROT_EXEC);
  mem.setProt(DATA_BASE, 0x10000, PROT_READ | PROT_WRITE);
  mem.zero(DATA_BASE, 0x10000);
  const engine = new Engine(fe, mem, { jitThreshold: tier.threshold, optThreshold: tier.optThreshold });
  const thread = engine.newThread();
  thread.pc = CODE_BASE;
  return { mem, engine, thread };
}

// Each 4 GiB memory reserves address space; tests share one per byte order.
const memories = new Map<boolean, GuestMemory>();
function sharedMemory(bigEndian: boolean): GuestMemory {
  let m = memories.get(bigEndian);
  if (!m) { m = new GuestMemory(bigEndian); memories.set(bigEndian, m); }
  m.onCodeWrite = null;
  return m;
}
