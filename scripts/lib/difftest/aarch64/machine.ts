// The AArch64 harness's byte layouts (test/diff/harness/aarch64.c): the register file, a case
// on its stdin and a result on its stdout; and the disassembly used in reports.
import { disassembleWords } from '../objdump.js';
import type { CaseResult, TestCase, Trap } from '../types.js';

export const SCRATCH_ADDR = 0x20000000;
export const SCRATCH_SIZE = 1024;
export const CODE_ADDR = 0x21000100;
/** Address range the case's code page holds (PC-relative loads stay inside). */
export const CODE_PAGE = 0x21000000;
export const MAX_CODE = (0xf00 - 0x100) / 4 - 1;

export const STATE_SIZE = 800;
const MAX_TRAPS = 8;
const RESULT_HEAD = 8 + MAX_TRAPS * 8;
export const RESULT_SIZE = RESULT_HEAD + STATE_SIZE + SCRATCH_SIZE;

/** FPSR bits compared: QC (27) and the cumulative FP exception flags IOC..IXC (bits 0-4) and IDC (7); the other bits are reported as `fpsr.uncompared`. */
export const FPSR_COMPARED = (1n << 27n) | 0x9fn;

export const OFF = { x: (n: number): number => 8 * n, sp: 248, nzcv: 256, fpcr: 264, fpsr: 272, v: (n: number): number => 288 + 16 * n } as const;

/** A register file being set up for a case. */
export class RegFile {
  readonly bytes = new Uint8Array(STATE_SIZE);
  private readonly view = new DataView(this.bytes.buffer);

  setX(n: number, v: bigint): void { this.view.setBigUint64(OFF.x(n), BigInt.asUintN(64, v), true); }
  getX(n: number): bigint { return this.view.getBigUint64(OFF.x(n), true); }
  setSp(v: bigint): void { this.view.setBigUint64(OFF.sp, v, true); }
  setNzcv(nibble: number): void { this.view.setBigUint64(OFF.nzcv, BigInt(nibble & 15) << 28n, true); }
  setFpcr(v: number): void { this.view.setBigUint64(OFF.fpcr, BigInt(v >>> 0), true); }
  setFpsr(v: number): void { this.view.setBigUint64(OFF.fpsr, BigInt(v >>> 0), true); }
  /** Lane `lane` of `size` bytes of V[n]. */
  setVLane(n: number, size: 1 | 2 | 4 | 8, lane: number, v: bigint): void {
    const off = OFF.v(n) + lane * size;
    for (let i = 0; i < size; i++) this.bytes[off + i] = Number((v >> BigInt(8 * i)) & 0xffn);
  }
}

export function encodeCase(c: TestCase): Uint8Array {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, c.code.length, true);
  const code = new Uint8Array(c.code.length * 4);
  const cv = new DataView(code.buffer);
  c.code.forEach((w, i) => cv.setUint32(i * 4, w, true));
  return Buffer.concat([head, c.state, c.scratch, code]);
}

const hex64 = (v: bigint): string => v.toString(16).padStart(16, '0');

export function decodeResult(bytes: Uint8Array): CaseResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ntraps = view.getUint32(0, true);
  const traps: Trap[] = [];
  for (let i = 0; i < Math.min(ntraps, MAX_TRAPS); i++) {
    traps.push({ signo: view.getUint32(8 + 8 * i, true), index: view.getUint32(12 + 8 * i, true) / 4 });
  }
  for (let i = MAX_TRAPS; i < ntraps; i++) traps.push({ signo: 0, index: -1 });
  const s = RESULT_HEAD;
  const u64 = (off: number): bigint => view.getBigUint64(s + off, true);
  const regs = new Map<string, string>();
  for (let n = 0; n < 31; n++) regs.set(`x${n}`, hex64(u64(OFF.x(n))));
  regs.set('sp', hex64(u64(OFF.sp)));
  regs.set('nzcv', (u64(OFF.nzcv) >> 28n).toString(2).padStart(4, '0'));
  regs.set('fpcr', u64(OFF.fpcr).toString(16));
  regs.set('fpsr', (u64(OFF.fpsr) & FPSR_COMPARED).toString(16));
  regs.set('fpsr.uncompared', (u64(OFF.fpsr) & ~FPSR_COMPARED).toString(16));
  for (let n = 0; n < 32; n++) regs.set(`v${n}`, hex64(u64(OFF.v(n) + 8)) + hex64(u64(OFF.v(n))));
  return { traps, regs, scratch: bytes.slice(s + STATE_SIZE, s + STATE_SIZE + SCRATCH_SIZE) };
}

/** Disassembles words with the cross objdump; plain hex when it is missing. */
export function disassemble(code: readonly number[]): string[] {
  return disassembleWords({ command: 'aarch64-linux-gnu-objdump', machine: ['-m', 'aarch64'], littleEndian: true, vma: CODE_ADDR }, code);
}
