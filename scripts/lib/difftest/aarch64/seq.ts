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

/**
 * A single or double just above or below the smallest normal (or zero): flush-to-zero's operands,
 * and operands whose products and quotients are below the smallest normal.
 */
function tinyFloat(rng: Rng, bits: 32 | 64): bigint {
  const mant = bits === 64 ? 52 : 32 - 9;
  const sign = rng.bool() ? 1n << BigInt(bits - 1) : 0n;
  return sign | (BigInt(rng.below(rng.bool() ? 2 : 30)) << BigInt(mant)) | (rng.u64() & ((1n << BigInt(mant)) - 1n));
}

/** 64 bits of a vector register: one double, two singles, four halves, tiny values or plain random bits. */
function randomVectorHalf(rng: Rng): bigint {
  switch (rng.below(6)) {
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
    case 4: return rng.bool() ? tinyFloat(rng, 64) : tinyFloat(rng, 32) | (tinyFloat(rng, 32) << 32n);
    default: return rng.u64();
  }
}

/** FPCR with RMode (22-23), FZ (24), DN (25) and AHP (26) each random; half the cases keep RMode 0. */
function randomFpcr(rng: Rng): number {
  const rmode = rng.bool(0.5) ? rng.below(4) : 0;
  return (rmode << 22) | (rng.bool(0.4) ? 1 << 24 : 0) | (rng.bool(0.3) ? 1 << 25 : 0) | (rng.bool(0.2) ? 1 << 26 : 0);
}

/** One case under construction. */
export class Seq {
  readonly regs = new RegFile();
  readonly scratch: Uint8Array;
  readonly code: number[] = [];
  /** GPRs (31 = SP) that instructions must not write: memory bases and indexes. */
  readonly pinned = new Set<number>();

  /** `randomFpEnv`: FPCR.RMode, FZ, DN and AHP random (else FPCR is 0). */
  constructor(readonly rng: Rng, readonly length: number, randomFpEnv = false) {
    for (let n = 0; n < 31; n++) this.regs.setX(n, randomGpr(rng));
    for (let n = 0; n < 32; n++) {
      this.regs.setVLane(n, 8, 0, randomVectorHalf(rng));
      this.regs.setVLane(n, 8, 1, randomVectorHalf(rng));
    }
    this.regs.setSp(BigInt(SCRATCH_ADDR + SCRATCH_SIZE / 2));
    this.pinned.add(31);
    this.regs.setNzcv(rng.below(16));
    this.regs.setFpcr(randomFpEnv ? randomFpcr(rng) : 0);
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
