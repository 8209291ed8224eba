// The Arm (armhf) target of the differential tester: every class in A32 and in T32 (Thumb-2,
// entered by interworking), one harness (test/diff/harness/arm.c).
import { packagePath } from '../../../../runtime/package-root.js';
import { findTarget } from '../../../../runtime/targets.js';
import { qemuUserCpuArgs } from '../../guest-run.js';
import type { DiffTarget, InsnClass } from '../types.js';
import { intClass } from './int.js';
import { ldstClass } from './ldst.js';
import { exclClass } from './excl.js';
import { vfpClass } from './vfp.js';
import { neonClass } from './neon.js';
import { decodeResult, disassemble, encodeCase, type Isa, RESULT_SIZE } from './machine.js';

const target = findTarget('arm')!;
// qemu-user as a Cortex-A15, the CPU the frontend implements (guest-run.ts).
const cpu = qemuUserCpuArgs(target);
const ISAS: readonly Isa[] = ['a32', 't32'];
const classes: InsnClass[] = [intClass, ldstClass, exclClass, vfpClass, neonClass].flatMap((make) => ISAS.map((isa) => make(isa, cpu)));

export const armDiffTarget: DiffTarget = {
  target,
  harnessSource: packagePath('test', 'diff', 'harness', 'arm.c'),
  harnessFlags: [],
  encodeCase,
  resultSize: RESULT_SIZE,
  decodeResult,
  ignoredRegs: () => false,
  disassemble: (code, cls) => disassemble(code, cls.startsWith('t32') ? 't32' : 'a32'),
  classes,
};
