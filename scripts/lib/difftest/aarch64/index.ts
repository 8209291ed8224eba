// The AArch64 target of the differential tester.
import { packagePath } from '../../../../runtime/package-root.js';
import { findTarget } from '../../../../runtime/targets.js';
import type { DiffTarget } from '../types.js';
import { atomicsClass } from './atomics.js';
import { cryptoClass } from './crypto.js';
import { fpClass } from './fp.js';
import { integerClass } from './integer.js';
import { ldstClass } from './ldst.js';
import { decodeResult, disassemble, encodeCase, RESULT_SIZE } from './machine.js';
import { simdClass } from './simd.js';

/** Registers not compared, with why. */
const IGNORED: ReadonlyMap<string, string> = new Map([
  ['fpsr.uncompared', 'FPSR bits outside FPSR_COMPARED: AArch32 NZCV and reserved bits, which AArch64 code cannot set'],
]);

export const aarch64DiffTarget: DiffTarget = {
  target: findTarget('aarch64')!,
  harnessSource: packagePath('test', 'diff', 'harness', 'aarch64.c'),
  harnessFlags: [],
  encodeCase,
  resultSize: RESULT_SIZE,
  decodeResult,
  ignoredRegs: (reg) => IGNORED.has(reg),
  disassemble,
  classes: [integerClass, ldstClass, fpClass, simdClass, cryptoClass, atomicsClass],
};
