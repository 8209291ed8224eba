// The target-generic interface of the differential tester: a target module describes its
// harness program, how a test case and a result are laid out in bytes, and its instruction
// classes; the runner (runner.ts) knows nothing about any ISA.
import type { Target } from '../../../runtime/targets.js';
import type { Rng } from './rng.js';

/** One test case: initial machine state and memory, and the code to run. */
export interface TestCase {
  /** Target-specific initial register file, as the harness reads it. */
  state: Uint8Array;
  scratch: Uint8Array;
  code: number[];
  /** Instructions in `code` when not one per word (T32 has 16-bit ones). */
  insns?: number;
}

/** A trap the harness recorded (the instruction was skipped). */
export interface Trap { signo: number; index: number }

/** Final state of one case, as the harness reported it. */
export interface CaseResult {
  traps: Trap[];
  /** Register name -> value (hex strings, so any width compares exactly). */
  regs: Map<string, string>;
  scratch: Uint8Array;
}

export interface InsnClass {
  name: string;
  /** Generates one case; `index` only feeds reports. */
  generate(rng: Rng): TestCase;
  /** Extra arguments for the reference emulator (e.g. a CPU model with the right features). */
  referenceArgs?: readonly string[];
}

export interface DiffTarget {
  target: Target;
  /** Guest C source of the harness and its compiler flags. */
  harnessSource: string;
  harnessFlags: readonly string[];
  /** Bytes of the header + state + scratch the harness reads, and of a result it writes. */
  encodeCase(c: TestCase): Uint8Array;
  resultSize: number;
  decodeResult(bytes: Uint8Array): CaseResult;
  /** Registers whose values are left out of the comparison, with the reason. */
  ignoredRegs(reg: string): boolean;
  /** Human-readable rendering of a class's code words, one line per word (hex; disassembly when a disassembler is present). */
  disassemble(code: readonly number[], cls: string): string[];
  classes: readonly InsnClass[];
}
