// Building one MIPS test case: random initial registers biased to edge values, and the
// constraints generators share. $k0/$k1 belong to the harness's stubs and are never named.
// On n64, 32-bit operations (ADDU, SLL, MULT ...) are UNPREDICTABLE unless their operands are
// sign-extended 32-bit values, so the sequence tracks which GPRs (and HI/LO) hold one.
import type { Rng } from '../rng.js';
import { encode, fieldValues } from '../template.js';
import type { TestCase } from '../types.js';
import { type Layout, RegFile, SCRATCH_ADDR, SCRATCH_SIZE } from './machine.js';

const EDGE64 = [0n, 1n, 2n, -1n, -2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, -0x80000000n, 0xffffffffn,
  0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x8000000080000000n];

const K0 = 26, K1 = 27;

function randomGpr(rng: Rng, word: 4 | 8): bigint {
  let v: bigint;
  switch (rng.below(6)) {
    case 0: v = rng.pick(EDGE64); break;
    case 1: v = BigInt(rng.range(-64, 64)); break;
    case 2: case 3: v = BigInt.asIntN(32, BigInt(rng.u32())); break; // sign-extended 32-bit
    case 4: v = BigInt(rng.u32()); break;
    default: v = rng.u64();
  }
  return word === 8 ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
}

const isSext32 = (v: bigint): boolean => BigInt.asIntN(32, v) === v;

/** One case under construction. */
export class Seq {
  readonly regs: RegFile;
  readonly scratch: Uint8Array;
  readonly code: number[] = [];
  /** GPRs that instructions must not write: memory bases. */
  readonly pinned = new Set<number>([0, K0, K1]);
  /** GPRs known to hold a sign-extended 32-bit value (all of them on o32). */
  private readonly sext = new Set<number>([0]);
  /** HI and LO both hold sign-extended 32-bit values. */
  hiloSext: boolean;
  readonly is64: boolean;

  constructor(readonly rng: Rng, readonly layout: Layout, readonly length: number) {
    this.regs = new RegFile(layout);
    this.is64 = layout.v.word === 8;
    for (let n = 1; n < 32; n++) {
      if (n === K0 || n === K1) continue;
      const v = randomGpr(rng, layout.v.word);
      this.regs.setR(n, v);
      if (isSext32(v)) this.sext.add(n);
    }
    const hi = randomGpr(rng, layout.v.word), lo = randomGpr(rng, layout.v.word);
    this.regs.setHi(hi);
    this.regs.setLo(lo);
    this.hiloSext = isSext32(hi) && isSext32(lo);
    this.scratch = rng.bytes(SCRATCH_SIZE);
  }

  get full(): boolean { return this.code.length >= this.length; }

  emit(word: number): void { this.code.push(word >>> 0); }
  /** Encode a template; fields not given are random. */
  t(template: string, given: Record<string, number> = {}): number {
    return encode(template, fieldValues(this.rng, template, given));
  }

  /** A destination GPR (not $zero, $k0/$k1 or a pinned base). */
  dst(): number {
    for (;;) {
      const r = this.rng.range(1, 31);
      if (!this.pinned.has(r)) return r;
    }
  }
  /** Any source GPR ($zero included). */
  src(): number {
    for (;;) {
      const r = this.rng.below(32);
      if (r !== K0 && r !== K1) return r;
    }
  }
  /** A source GPR holding a sign-extended 32-bit value (operand of a 32-bit operation). */
  src32(): number {
    if (!this.is64) return this.src();
    for (let i = 0; i < 8; i++) {
      const r = this.src();
      if (this.sext.has(r)) return r;
    }
    return 0;
  }
  isSext(r: number): boolean { return !this.is64 || this.sext.has(r); }
  /** Record a write of `r`; `sext`: the result is a sign-extended 32-bit value. */
  wrote(r: number, sext: boolean): void {
    if (r === 0) return;
    if (sext) this.sext.add(r); else this.sext.delete(r);
  }

  /** Which registers (and HI/LO) hold sign-extended words now, for a later join. */
  sextState(): { regs: Set<number>; hilo: boolean } { return { regs: new Set(this.sext), hilo: this.hiloSext }; }
  /** After code that may have been skipped: known sign-extended only if it was on both paths. */
  joinSext(other: { regs: Set<number>; hilo: boolean }): void {
    for (const r of [...this.sext]) if (!other.regs.has(r)) this.sext.delete(r);
    this.hiloSext &&= other.hilo;
  }

  /** Pin a GPR as a memory base holding scratch + offset. */
  pinBase(offset: number): number {
    const r = this.dst();
    this.pinned.add(r);
    this.regs.setR(r, BigInt(SCRATCH_ADDR + offset));
    this.sext.add(r);
    return r;
  }

  finish(): TestCase {
    // A form may emit a few instructions that belong together (MUL + MTHI/MTLO): never cut one.
    return { state: this.regs.bytes, scratch: this.scratch, code: this.code };
  }
}

export { SCRATCH_SIZE };
