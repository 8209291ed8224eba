// The one switch that puts ARM (armhf, issue #13) into the suites that run guest programs: the
// Linux-layer program suites (test/linux/support.ts LINUX_TARGETS), the Debian armhf binaries and
// their sysroot (scripts/lib/test-sysroots.ts), the fenv probe, and the suites that take every
// target with a Linux layer (native bypass, stray markers, elf-fuzz). Off until the ARM frontend
// (runtime/frontend/arm) is merged and those suites pass end-to-end; the ARM Linux layer's own
// data tests (test/linux/arm-abi.test.ts) run either way.
import { linuxArch } from '../../runtime/linux/arch/index.js';
import type { TargetName } from '../../runtime/targets.js';

export const ARM_GUEST_TESTS = true;

/** Whether the test suites run guest programs of `target` (it has a Linux layer, and for arm the switch is on). */
export function runsGuestPrograms(target: TargetName): boolean {
  return linuxArch(target) !== undefined && (target !== 'arm' || ARM_GUEST_TESTS);
}
