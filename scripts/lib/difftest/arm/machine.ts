// The Arm harness's byte layouts (test/diff/harness/arm.c): the register file, a case on its
// stdin and a result on its stdout; and report disassembly (A32 or T32).
import { disassembleWords } from '../objdump.js';
import type { CaseResult, TestCase, Trap } from '../types.js';

export const SCRATCH_ADDR = 0x20000000;
export const SCRATCH_SIZE = 1024;
export const CODE_ADDR = 0x21000400;
const MAX_TRAPS = 8;
const RESULT_HEAD = 8 + MAX_TRAPS * 8;

/** Offsets in `struct state`: r[16], apsr, fpscr, thumb, pad, d[32]. */
const APSR = 64, FPSCR = 68, THUMB = 72, D0 = 80;
export const STATE_SIZE = D0 + 32 * 8;
export const RESULT_SIZE = RESULT_HEAD + STATE_SIZE + SCRATCH_SIZE;

/** APSR bits a program can see: N Z C V Q and GE[3:0]. */
const APSR_COMPARED = 0xf80f0000;
/** FPSCR cumulative exception flags (IDC, IXC, UFC, OFC, DZC, IOC) and QC, reported apart from the rest (a clearer diff). */
const FPSCR_FLAGS = 0x0800009f;

export type Isa = 'a32' | 't32';

/** A register file being set up for a case. */
export class RegFile {
  readonly bytes = new Uint8Array(STATE_SIZE);
  private readonly view = new DataView(this.bytes.buffer);
  constructor(isa: Isa) { this.view.setUint32(THUMB, isa === 't32' ? 1 : 0, true); }
  setR(n: number, v: number): void { this.view.setUint32(4 * n, v >>> 0, true); }
  setApsr(v: number): void { this.view.setUint32(APSR, v >>> 0, true); }
  setFpscr(v: number): void { this.view.setUint32(FPSCR, v >>> 0, true); }
  setD(n: number, v: bigint): void { this.view.setBigUint64(D0 + 8 * n, BigInt.asUintN(64, v), true); }
}

export function encodeCase(c: TestCase): Uint8Array {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, c.code.length, true);
  const code = new Uint8Array(c.code.length * 4);
  const cv = new DataView(code.buffer);
  c.code.forEach((w, i) => cv.setUint32(i * 4, w, true));
  return Buffer.concat([head, c.state, c.scratch, code]);
}

export function decodeResult(bytes: Uint8Array): CaseResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ntraps = view.getUint32(0, true);
  const traps: Trap[] = [];
  for (let i = 0; i < Math.min(ntraps, MAX_TRAPS); i++) traps.push({ signo: view.getUint32(8 + 8 * i, true), index: view.getUint32(12 + 8 * i, true) });
  for (let i = MAX_TRAPS; i < ntraps; i++) traps.push({ signo: 0, index: -1 });
  const s = RESULT_HEAD;
  const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
  const regs = new Map<string, string>();
  for (let n = 0; n < 15; n++) regs.set(n === 13 ? 'sp' : n === 14 ? 'lr' : `r${n}`, hex(view.getUint32(s + 4 * n, true)));
  regs.set('apsr', hex(view.getUint32(s + APSR, true) & APSR_COMPARED));
  const fpscr = view.getUint32(s + FPSCR, true);
  regs.set('fpscr', hex(fpscr & ~FPSCR_FLAGS));
  regs.set('fpscr.flags', hex(fpscr & FPSCR_FLAGS));
  for (let n = 0; n < 32; n++) regs.set(`d${n}`, view.getBigUint64(s + D0 + 8 * n, true).toString(16).padStart(16, '0'));
  return { traps, regs, scratch: bytes.slice(s + STATE_SIZE, s + STATE_SIZE + SCRATCH_SIZE) };
}

/** Disassembles a case's words with the cross objdump (T32 for the t32 classes); plain hex when it is missing. */
export function disassemble(code: readonly number[], isa: Isa): string[] {
  const machine = ['-m', 'arm', ...(isa === 't32' ? ['-M', 'force-thumb'] : [])];
  return disassembleWords({ command: 'arm-linux-gnueabihf-objdump', machine, littleEndian: true, vma: CODE_ADDR }, code);
}
