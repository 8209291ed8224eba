// The MIPS harness's byte layouts (test/diff/harness/mips.c) for one word size and byte order:
// the register file, a case on its stdin and a result on its stdout; and report disassembly.
import { disassembleWords } from '../objdump.js';
import type { CaseResult, TestCase, Trap } from '../types.js';

export const SCRATCH_ADDR = 0x20000000;
export const SCRATCH_SIZE = 1024;
export const CODE_ADDR = 0x21000200;
const MAX_TRAPS = 8;
/** FCSR Flags (bits 2-6) and Cause (bits 12-17), reported apart from RM, enables and FCCs (a clearer diff). */
const FCSR_EXCEPTION_BITS = 0x3f07c;
const RESULT_HEAD = 8 + MAX_TRAPS * 8;

/** What differs between the four targets: GPR width, byte order, and the FPU register mode. */
export interface MipsVariant {
  /** GPR bytes: 4 (o32) or 8 (n64). */
  word: 4 | 8;
  littleEndian: boolean;
  /** FR=1: 32 64-bit FPRs (n64); FR=0: even/odd pairs (o32). */
  fr1: boolean;
  objdumpTriple: string;
}

/** Offsets in `struct state`: r[32], hi, lo (words), f[32] (8 bytes), fcsr. */
export class Layout {
  readonly hi: number;
  readonly lo: number;
  readonly f0: number;
  readonly fcsr: number;
  readonly stateSize: number;
  readonly resultSize: number;
  constructor(readonly v: MipsVariant) {
    this.hi = 32 * v.word;
    this.lo = 33 * v.word;
    this.f0 = 34 * v.word;
    this.fcsr = this.f0 + 256;
    this.stateSize = this.fcsr + 8;
    this.resultSize = RESULT_HEAD + this.stateSize + SCRATCH_SIZE;
  }
  r(n: number): number { return n * this.v.word; }
  f(n: number): number { return this.f0 + 8 * n; }
}

/** A register file being set up for a case (values are unsigned, truncated to the word). */
export class RegFile {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(readonly layout: Layout) {
    this.bytes = new Uint8Array(layout.stateSize);
    this.view = new DataView(this.bytes.buffer);
  }
  private setWord(off: number, v: bigint): void {
    const le = this.layout.v.littleEndian;
    if (this.layout.v.word === 8) this.view.setBigUint64(off, BigInt.asUintN(64, v), le);
    else this.view.setUint32(off, Number(BigInt.asUintN(32, v)), le);
  }
  setR(n: number, v: bigint): void { this.setWord(this.layout.r(n), v); }
  setHi(v: bigint): void { this.setWord(this.layout.hi, v); }
  setLo(v: bigint): void { this.setWord(this.layout.lo, v); }
  /** The 64-bit image of FPR n as the harness's LDC1 loads it. */
  setF(n: number, v: bigint): void { this.view.setBigUint64(this.layout.f(n), BigInt.asUintN(64, v), this.layout.v.littleEndian); }
  setFcsr(v: number): void { this.view.setUint32(this.layout.fcsr, v >>> 0, this.layout.v.littleEndian); }
}

export function encodeCase(v: MipsVariant, c: TestCase): Uint8Array {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, c.code.length, v.littleEndian);
  const code = new Uint8Array(c.code.length * 4);
  const cv = new DataView(code.buffer);
  c.code.forEach((w, i) => cv.setUint32(i * 4, w, v.littleEndian));
  return Buffer.concat([head, c.state, c.scratch, code]);
}

export function decodeResult(layout: Layout, bytes: Uint8Array): CaseResult {
  const le = layout.v.littleEndian;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ntraps = view.getUint32(0, le);
  const traps: Trap[] = [];
  for (let i = 0; i < Math.min(ntraps, MAX_TRAPS); i++) {
    traps.push({ signo: view.getUint32(8 + 8 * i, le), index: view.getUint32(12 + 8 * i, le) / 4 });
  }
  for (let i = MAX_TRAPS; i < ntraps; i++) traps.push({ signo: 0, index: -1 });
  const s = RESULT_HEAD;
  const word = (off: number): string => layout.v.word === 8
    ? view.getBigUint64(s + off, le).toString(16).padStart(16, '0')
    : view.getUint32(s + off, le).toString(16).padStart(8, '0');
  const regs = new Map<string, string>();
  for (let n = 1; n < 32; n++) regs.set(`r${n}`, word(layout.r(n)));
  regs.set('hi', word(layout.hi));
  regs.set('lo', word(layout.lo));
  for (let n = 0; n < 32; n += layout.v.fr1 ? 1 : 2) regs.set(`f${n}`, view.getBigUint64(s + layout.f(n), le).toString(16).padStart(16, '0'));
  const fcsr = view.getUint32(s + layout.fcsr, le);
  regs.set('fcsr', (fcsr & ~FCSR_EXCEPTION_BITS).toString(16).padStart(8, '0'));
  regs.set('fcsr.flags', (fcsr & FCSR_EXCEPTION_BITS).toString(16).padStart(8, '0'));
  return { traps, regs, scratch: bytes.slice(s + layout.stateSize, s + layout.stateSize + SCRATCH_SIZE) };
}

/** Disassembles words with the cross objdump; plain hex when it is missing. */
export function disassemble(v: MipsVariant, code: readonly number[]): string[] {
  const machine = ['-m', v.word === 8 ? 'mips:isa64r2' : 'mips:isa32r2', v.littleEndian ? '-EL' : '-EB'];
  return disassembleWords({ command: `${v.objdumpTriple}-objdump`, machine, littleEndian: v.littleEndian, vma: CODE_ADDR }, code);
}
