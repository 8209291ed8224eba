// Building one Arm test case: random initial registers, flags and FP environment, and a list of
// instructions in assembly text (assemble.ts turns it into code words). Items are single
// instructions or IT blocks; the generators share register choice, condition codes (A32
// suffixes, T32 IT blocks) and forward branches over a few items.
import { randomFloat } from '../floats.js';
import type { Rng } from '../rng.js';
import type { TestCase } from '../types.js';
import { assemble } from './assemble.js';
import { type Isa, RegFile, SCRATCH_ADDR, SCRATCH_SIZE } from './machine.js';

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'] as const;
const INVERSE: Record<string, string> = { eq: 'ne', ne: 'eq', cs: 'cc', cc: 'cs', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs', hi: 'ls', ls: 'hi', ge: 'lt', lt: 'ge', gt: 'le', le: 'gt' };

/** The general registers a case may name (sp is the PUSH/POP stack in the scratch buffer, pc stays out). */
const GPRS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'lr'];

/** `op` with condition `cond` inserted after its mnemonic (before a .W or a data type). */
export function withCond(insn: string, cond: string): string {
  const m = /^([a-z0-9]+)(\S*)(.*)$/.exec(insn)!;
  return `${m[1]}${cond}${m[2]}${m[3]}`;
}

function randomWord(rng: Rng): number {
  return rng.pick([rng.u32(), rng.u32(), rng.below(256), 0x80000000, 0x7fffffff, 0xffffffff, 0, 1, 0xffff, 0x8000, 0x7f80]) >>> 0;
}

/** A random D register image: a double, two singles, or random bits. */
function randomD(rng: Rng): bigint {
  switch (rng.below(3)) {
    case 0: return randomFloat(rng, 64);
    case 1: return (randomFloat(rng, 32) << 32n) | randomFloat(rng, 32);
    default: return rng.u64();
  }
}

export interface SeqOptions {
  /** A random FP environment: rounding mode, FZ, DN, FPSCR NZCV and cumulative flags. */
  fpEnv?: boolean;
}

/** One case under construction. */
export class Seq {
  readonly regs: RegFile;
  readonly scratch: Uint8Array;
  readonly lines: string[] = [];
  private items = 0;
  private labels = 0;
  /** Registers the generators must not write (memory bases, index registers). */
  readonly pinned = new Set<string>();

  constructor(readonly rng: Rng, readonly isa: Isa, readonly length: number, opts: SeqOptions = {}) {
    this.regs = new RegFile(isa);
    // Both classes of a name draw from Rng(seed): one extra draw keeps the T32 class from
    // repeating its A32 twin's operations.
    if (isa === 't32') rng.u32();
    for (let n = 0; n < 15; n++) this.regs.setR(n, randomWord(rng));
    this.regs.setR(13, SCRATCH_ADDR + SCRATCH_SIZE / 2);
    this.regs.setApsr(rng.u32() & 0xf80f0000);
    for (let n = 0; n < 32; n++) this.regs.setD(n, randomD(rng));
    if (opts.fpEnv) this.regs.setFpscr(randomFpscr(rng));
    this.scratch = rng.bytes(SCRATCH_SIZE);
  }

  get thumb(): boolean { return this.isa === 't32'; }
  get full(): boolean { return this.items >= this.length; }
  int(n: number): number { return this.rng.below(n); }
  pick<T>(xs: readonly T[]): T { return this.rng.pick(xs); }
  bool(p = 0.5): boolean { return this.rng.bool(p); }

  /** A register the case may write. */
  r(): string {
    for (;;) {
      const r = this.pick(GPRS);
      if (!this.pinned.has(r)) return r;
    }
  }
  /** `n` distinct writable registers. */
  rs(n: number): string[] {
    const out: string[] = [];
    while (out.length < n) { const x = this.r(); if (!out.includes(x)) out.push(x); }
    return out;
  }
  /** Pin a register to a value (a memory base or index) that the other instructions leave alone. */
  pin(reg: string, value: number): string {
    this.pinned.add(reg);
    this.regs.setR(reg === 'lr' ? 14 : Number(reg.slice(1)), value);
    return reg;
  }

  /** One item of straight-line code (an instruction, or a few that belong together). */
  emit(...lines: string[]): void {
    this.lines.push(...lines);
    this.items++;
  }
  /** Instructions that may run conditionally: A32 condition suffixes, or one T32 IT block. */
  emitCond(insns: readonly string[]): void {
    const cond = this.pick(CONDS);
    if (!this.thumb) { this.emit(...insns.map((i) => withCond(i, cond))); return; }
    const pattern = insns.slice(1).map(() => (this.bool() ? 't' : 'e'));
    const conds = [cond, ...pattern.map((p) => (p === 't' ? cond : INVERSE[cond]!))];
    this.emit(`it${pattern.join('')} ${cond}`, ...insns.map((insn, k) => withCond(insn, conds[k]!)));
  }
  /** A forward conditional branch (or CBZ/CBNZ in T32) over the items `body` emits. */
  branchOver(body: () => void): void {
    const label = `.Lskip${this.labels++}`;
    const low = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    const before = this.lines.length;
    if (this.thumb && this.bool(0.25)) this.lines.push(`${this.pick(['cbz', 'cbnz'])} ${this.pick(low)}, ${label}`);
    else this.lines.push(`b${this.bool(0.8) ? this.pick(CONDS) : ''}${this.thumb && this.bool() ? '.w' : ''} ${label}`);
    const items = this.items;
    body();
    if (this.items === items) { this.lines.length = before; return; }
    this.lines.push(`${label}:`);
  }

  finish(): TestCase {
    const insns = this.lines.filter((l) => !l.endsWith(':')).length;
    return { state: this.regs.bytes, scratch: this.scratch, code: assemble(this.isa, this.lines), insns };
  }
}

/** FPSCR with a random rounding mode, FZ, DN and AHP one time in four each, random NZCV, and cumulative flags one time in four. */
export function randomFpscr(rng: Rng): number {
  let v = (rng.below(4) << 22) | (rng.bool(0.25) ? 1 << 24 : 0) | (rng.bool(0.25) ? 1 << 25 : 0) | (rng.bool(0.25) ? 1 << 26 : 0) | (rng.below(16) << 28);
  if (rng.bool(0.25)) v |= rng.u32() & 0x0800009f;
  return v >>> 0;
}
