// Building one AArch64 test case: random initial registers biased to edge values, and the
// constraints generators share (registers pinned as memory bases are never written, branches
// only go forward inside the sequence).
import { randomFloat } from '../floats.js';
import type { Rng } from '../rng.js';
import { encode, fieldValues } from '../template.js';
import type { TestCase } from '../types.js';
import { RegFile, SCRATCH_ADDR, SCRATCH_SIZE } from './machine.js';

const EDGE64 = [0n, 1n, 2n, -1n, -2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x8000000080000000n];

export function randomGpr(rng: Rng): bigint {
  switch (rng.below(6)) {
    case 0: return rng.pick(EDGE64);
    case 1: return BigInt(rng.range(-64, 64));
    case 2: return BigInt(rng.u32());
    case 3: return BigInt.asIntN(32, BigInt(rng.u32())); // sign-extended 32-bit
    default: return rng.u64();
  }
}

/** 64 bits of a vector register: one double, two singles, four halves or plain random bits. */
function randomVectorHalf(rng: Rng): bigint {
  switch (rng.below(5)) {
    case 0: return randomFloat(rng, 64);
    case 1: return randomFloat(rng, 32) | (randomFloat(rng, 32) << 32n);
    case 2: {
      let v = 0n;
      for (let i = 0; i < 4; i++) v |= randomFloat(rng, 16) << BigInt(16 * i);
      return v;
    }
    case 3: { // bytes of edge values (saturation, sign boundaries)
      let v = 0n;
      for (let i = 0; i < 8; i++) v |= BigInt(rng.pick([0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x81, rng.below(256)])) << BigInt(8 * i);
      return v;
    }
    default: return rng.u64();
  }
}

/** One case under construction. */
export class Seq {
  readonly regs = new RegFile();
  readonly scratch: Uint8Array;
  readonly code: number[] = [];
  /** GPRs (31 = SP) that instructions must not write: memory bases and indexes. */
  readonly pinned = new Set<number>();

  /** `randomRounding`: FPCR.RMode random (FZ and DN stay 0: qemu-ts does not model them). */
  constructor(readonly rng: Rng, readonly length: number, randomRounding = false) {
    for (let n = 0; n < 31; n++) this.regs.setX(n, randomGpr(rng));
    for (let n = 0; n < 32; n++) {
      this.regs.setVLane(n, 8, 0, randomVectorHalf(rng));
      this.regs.setVLane(n, 8, 1, randomVectorHalf(rng));
    }
    this.regs.setSp(BigInt(SCRATCH_ADDR + SCRATCH_SIZE / 2));
    this.pinned.add(31);
    this.regs.setNzcv(rng.below(16));
    this.regs.setFpcr(randomRounding && rng.bool(0.5) ? rng.below(4) << 22 : 0);
    this.regs.setFpsr(0); // cumulative bits start clear, so the final FPSR shows what the case set
    this.scratch = rng.bytes(SCRATCH_SIZE);
  }

  get full(): boolean { return this.code.length >= this.length; }
  /** Instructions left to place, counting this one. */
  get left(): number { return this.length - this.code.length; }

  emit(word: number): void { this.code.push(word >>> 0); }
  /** Encode a template; fields not given are random. */
  t(template: string, given: Record<string, number> = {}): number {
    return encode(template, fieldValues(this.rng, template, given));
  }

  /** A destination GPR 0..30 that is not pinned. */
  dst(): number {
    for (;;) {
      const r = this.rng.below(31);
      if (!this.pinned.has(r)) return r;
    }
  }
  /** A source GPR 0..31 (31 reads as XZR or SP per encoding). */
  src(): number { return this.rng.below(32); }
  /** A vector register. */
  v(): number { return this.rng.below(32); }

  /** Pin a GPR (not SP) as a memory base holding scratch + offset. */
  pinBase(offset: number): number {
    const r = this.dst();
    this.pinned.add(r);
    this.regs.setX(r, BigInt(SCRATCH_ADDR + offset));
    return r;
  }

  finish(): TestCase {
    return { state: this.regs.bytes, scratch: this.scratch, code: this.code.slice(0, this.length) };
  }
}
