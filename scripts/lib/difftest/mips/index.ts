// The MIPS targets of the differential tester: one implementation for mips, mipsel (o32) and
// mips64, mips64el (n64), parameterised by word size and byte order.
import { packagePath } from '../../../../runtime/package-root.js';
import { findTarget, type TargetName } from '../../../../runtime/targets.js';
import type { DiffTarget } from '../types.js';
import { integerClass } from './integer.js';
import { fpClass } from './fp.js';
import { ldstClass } from './ldst.js';
import { decodeResult, disassemble, encodeCase, Layout, type MipsVariant } from './machine.js';

/** Registers not compared: $k0/$k1 hold the harness's stub pointers, not case values. */
const IGNORED = new Set(['r26', 'r27']);

function mipsDiffTarget(name: TargetName): DiffTarget {
  const target = findTarget(name)!;
  const n64 = target.elf.mipsAbi === 'n64';
  const variant: MipsVariant = { word: n64 ? 8 : 4, littleEndian: target.elf.endian === 'le', fr1: n64, objdumpTriple: target.triple };
  const layout = new Layout(variant);
  // The CPU models with exactly the ISA of the frontend (MIPS32r2 / MIPS64r2 with an FPU).
  const cpu = ['-cpu', n64 ? 'MIPS64R2-generic' : '24Kf'];
  return {
    target,
    harnessSource: packagePath('test', 'diff', 'harness', 'mips.c'),
    // Static n64 programs are linked low (as scripts/lib/guest-build.ts does). o32 is built FP32:
    // qemu-user would run Debian's default FPXX with FR=1, qemu-ts runs o32 with FR=0.
    harnessFlags: n64 ? ['-Wl,-Ttext-segment=0x10000000'] : ['-mfp32'],
    encodeCase: (c) => encodeCase(variant, c),
    resultSize: layout.resultSize,
    decodeResult: (bytes) => decodeResult(layout, bytes),
    ignoredRegs: (reg) => IGNORED.has(reg),
    disassemble: (code) => disassemble(variant, code),
    classes: [integerClass(layout, cpu), ldstClass(layout, cpu), fpClass(layout, cpu)],
  };
}

export const mipsDiffTargets: readonly DiffTarget[] = (['mips', 'mipsel', 'mips64', 'mips64el'] as const).map(mipsDiffTarget);
