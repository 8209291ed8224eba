// Does an ELF file's header fit a guest target? Checked for guest binaries and for libnative.so:
// class, byte order, machine and the ABI bits of e_flags where the machine has several ABIs.
import type { Target } from '../targets.js';
import {
  EF_ARM_ABI_FLOAT_SOFT,
  EF_ARM_EABI_VER5,
  EF_ARM_EABIMASK,
  EF_MIPS_ABI,
  EF_MIPS_ABI2,
  EF_MIPS_ABI_O32,
  EM_ARM,
  EM_MIPS,
} from './constants.js';
import type { ElfHeader } from './reader.js';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export function elfTargetProblems(header: ElfHeader, target: Target): string[] {
  const want = target.elf;
  const problems: string[] = [];
  if (header.class !== want.class) problems.push(`ELF class is ${header.class}-bit, ${target.name} needs ${want.class}-bit`);
  if (header.endian !== want.endian) problems.push(`byte order is ${header.endian}, ${target.name} needs ${want.endian}`);
  if (header.machine !== want.machine) problems.push(`e_machine is ${header.machine}, ${target.name} needs ${want.machine}`);
  if (problems.length > 0) return problems;
  const flags = header.flags;
  if (want.machine === EM_ARM) {
    if (((flags & EF_ARM_EABIMASK) >>> 0) !== EF_ARM_EABI_VER5) problems.push(`e_flags ${hex(flags)}: not ARM EABI version 5`);
    if (flags & EF_ARM_ABI_FLOAT_SOFT) problems.push(`e_flags ${hex(flags)}: soft-float ABI, ${target.triple} is hard-float`);
  }
  if (want.machine === EM_MIPS) {
    const abi = flags & EF_MIPS_ABI;
    if (flags & EF_MIPS_ABI2) problems.push(`e_flags ${hex(flags)}: n32 ABI, ${target.name} needs ${want.mipsAbi}`);
    else if (want.mipsAbi === 'o32' && abi !== EF_MIPS_ABI_O32 && abi !== 0) problems.push(`e_flags ${hex(flags)}: EF_MIPS_ABI ${hex(abi)} is not o32`);
    else if (want.mipsAbi === 'n64' && abi !== 0) problems.push(`e_flags ${hex(flags)}: EF_MIPS_ABI ${hex(abi)} is not n64`);
  }
  return problems;
}
