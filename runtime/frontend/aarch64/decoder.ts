// Declarative decoding: each instruction class contributes (mask, value, name, emit) patterns;
// the first pattern whose fixed bits match wins. Patterns are bucketed by the top-level op0
// field (insn<28:25>) so a lookup only scans its encoding group.
import type { Emitter } from './emitter.js';

/** Emits the instruction's IR; returns false when the fields form an unallocated encoding. */
export type EmitFn = (e: Emitter, insn: number) => boolean | void;

export interface Pattern {
  name: string;
  mask: number;
  value: number;
  emit: EmitFn;
}

export function pat(name: string, mask: number, value: number, emit: EmitFn): Pattern {
  if (((value & ~mask) >>> 0) !== 0) throw new Error(`pattern ${name}: value has bits outside mask`);
  return { name, mask: mask >>> 0, value: value >>> 0, emit };
}

const OP0_SHIFT = 25;
const MEMO_LIMIT = 1 << 16;

export class Decoder {
  private readonly buckets: Pattern[][] = Array.from({ length: 16 }, () => []);

  constructor(patterns: readonly Pattern[]) {
    for (const p of patterns) {
      const m = (p.mask >>> OP0_SHIFT) & 15;
      const v = (p.value >>> OP0_SHIFT) & 15;
      for (let op0 = 0; op0 < 16; op0++) if ((op0 & m) === v) this.buckets[op0]!.push(p);
    }
  }

  /** Words seen before: programs repeat instruction words a lot, and a bucket scan is long. */
  private readonly memo = new Map<number, Pattern | null>();

  decode(insn: number): Pattern | undefined {
    const word = insn >>> 0;
    const known = this.memo.get(word);
    if (known !== undefined) return known ?? undefined;
    let found: Pattern | null = null;
    for (const p of this.buckets[(word >>> OP0_SHIFT) & 15]!) {
      if (((word & p.mask) >>> 0) === p.value) { found = p; break; }
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, found);
    return found ?? undefined;
  }
}
