// The guest targets qemu-ts knows: one row per target, used by the libnative build, the
// packaging, the runtime's CLI (default -L sysroot) and the tests.
import { EM_386, EM_AARCH64, EM_ARM, EM_MIPS, EM_X86_64 } from './elf/constants.js';

export type TargetName = 'aarch64' | 'arm' | 'mips' | 'mipsel' | 'mips64' | 'mips64el' | 'i386' | 'x86_64';

export interface Target {
  name: TargetName;
  /** GNU triple; Debian's cross sysroot is /usr/<triple>. */
  triple: string;
  /** Debian architecture name (dpkg --print-architecture on such a system). */
  debianArch: string;
  /** Debian package providing `<triple>-gcc`; null when the host's own gcc serves. */
  gccPackage: string | null;
  /** Debian package with the target's libc headers and libraries. */
  libcPackage: string | null;
  /** Debian's qemu-user binary for the target. */
  qemuUser: string;
  elf: {
    class: 32 | 64;
    endian: 'le' | 'be';
    /** e_machine */
    machine: number;
    /** MIPS ABI check: 'o32' or 'n64'; null elsewhere. */
    mipsAbi: 'o32' | 'n64' | null;
  };
}

export const TARGETS: readonly Target[] = [
  { name: 'aarch64', triple: 'aarch64-linux-gnu', debianArch: 'arm64', gccPackage: 'gcc-aarch64-linux-gnu', libcPackage: 'libc6-dev-arm64-cross', qemuUser: 'qemu-aarch64', elf: { class: 64, endian: 'le', machine: EM_AARCH64, mipsAbi: null } },
  { name: 'arm', triple: 'arm-linux-gnueabihf', debianArch: 'armhf', gccPackage: 'gcc-arm-linux-gnueabihf', libcPackage: 'libc6-dev-armhf-cross', qemuUser: 'qemu-arm', elf: { class: 32, endian: 'le', machine: EM_ARM, mipsAbi: null } },
  { name: 'mips', triple: 'mips-linux-gnu', debianArch: 'mips', gccPackage: 'gcc-mips-linux-gnu', libcPackage: 'libc6-dev-mips-cross', qemuUser: 'qemu-mips', elf: { class: 32, endian: 'be', machine: EM_MIPS, mipsAbi: 'o32' } },
  { name: 'mipsel', triple: 'mipsel-linux-gnu', debianArch: 'mipsel', gccPackage: 'gcc-mipsel-linux-gnu', libcPackage: 'libc6-dev-mipsel-cross', qemuUser: 'qemu-mipsel', elf: { class: 32, endian: 'le', machine: EM_MIPS, mipsAbi: 'o32' } },
  { name: 'mips64', triple: 'mips64-linux-gnuabi64', debianArch: 'mips64', gccPackage: 'gcc-mips64-linux-gnuabi64', libcPackage: 'libc6-dev-mips64-cross', qemuUser: 'qemu-mips64', elf: { class: 64, endian: 'be', machine: EM_MIPS, mipsAbi: 'n64' } },
  { name: 'mips64el', triple: 'mips64el-linux-gnuabi64', debianArch: 'mips64el', gccPackage: 'gcc-mips64el-linux-gnuabi64', libcPackage: 'libc6-dev-mips64el-cross', qemuUser: 'qemu-mips64el', elf: { class: 64, endian: 'le', machine: EM_MIPS, mipsAbi: 'n64' } },
  { name: 'i386', triple: 'i686-linux-gnu', debianArch: 'i386', gccPackage: 'gcc-i686-linux-gnu', libcPackage: 'libc6-dev-i386-cross', qemuUser: 'qemu-i386', elf: { class: 32, endian: 'le', machine: EM_386, mipsAbi: null } },
  { name: 'x86_64', triple: 'x86_64-linux-gnu', debianArch: 'amd64', gccPackage: null, libcPackage: null, qemuUser: 'qemu-x86_64', elf: { class: 64, endian: 'le', machine: EM_X86_64, mipsAbi: null } },
];

export const TARGET_NAMES: readonly TargetName[] = TARGETS.map((t) => t.name);

export function findTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
