// The per-arch Linux registry: a new guest (mips, arm...) plugs in here with its LinuxArch, whose
// loadFrontend() finds the ISA frontend.
import type { TargetName } from '../../targets.js';
import { aarch64Linux } from './aarch64.js';
import { armLinux } from './arm.js';
import { mipsLinuxArches } from './mips.js';
import type { LinuxArch } from './types.js';

const REGISTRY: Partial<Record<TargetName, LinuxArch>> = {
  aarch64: aarch64Linux,
  arm: armLinux,
  ...mipsLinuxArches,
};

export function linuxArch(name: TargetName): LinuxArch | undefined {
  return REGISTRY[name];
}
