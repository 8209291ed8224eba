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

export class Decoder {
  private readonly buckets: Pattern[][] = Array.from({ length: 16 }, () => []);

  constructor(patterns: readonly Pattern[]) {
    for (const p of patterns) {
      const m = (p.mask >>> OP0_SHIFT) & 15;
      const v = (p.value >>> OP0_SHIFT) & 15;
      for (let op0 = 0; op0 < 16; op0++) if ((op0 & m) === v) this.buckets[op0]!.push(p);
    }
  }

  decode(insn: number): Pattern | undefined {
    const word = insn >>> 0;
    for (const p of this.buckets[(word >>> OP0_SHIFT) & 15]!) {
      if (((word & p.mask) >>> 0) === p.value) return p;
    }
    return undefined;
  }
}
