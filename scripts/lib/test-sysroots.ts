// The Debian sysroots the tests run unmodified Debian programs from, one per Debian
// architecture under build/sysroot/<arch>: which packages each holds, and making it (once; later
// calls only read its stamp). The test runner makes them all before the suites start, so a
// missing network or apt source fails the run in one message; the tests call it too, so a single
// suite run on its own has what it needs.
import { packagePath } from '../../runtime/package-root.js';
import { TARGETS, type Target } from '../../runtime/targets.js';
import { ARM_GUEST_TESTS } from './arm-guest-tests.js';
import { ensureDebianSysroot } from './debian-sysroot.js';

/** The packages whose programs test/linux/debian-packages.test.ts runs, on every target it runs. */
const DEBIAN_PROGRAM_PACKAGES = ['coreutils', 'sed', 'grep', 'gawk', 'gzip', 'bzip2', 'xz-utils', 'sqlite3', 'lua5.4', 'busybox', 'openssl', 'ffmpeg'];

/** The packages of each sysroot, by Debian architecture. */
export const TEST_SYSROOT_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  // test/linux/debian-packages.test.ts (and GNU sort in test/linux/threads.test.ts; dash is /bin/sh
  // for the chroot of test/linux/binfmt-chroot.test.ts)
  arm64: [...DEBIAN_PROGRAM_PACKAGES, 'dash',
    // test/linux/debian-node.test.ts: Node.js and the JavaScript packages it loads at start-up
    'nodejs', 'node-cjs-module-lexer', 'node-acorn', 'node-undici'],
  // test/linux/debian-binaries.test.ts
  mipsel: ['coreutils', 'busybox'],
  mips64el: ['coreutils', 'busybox'],
  // test/linux/debian-binaries.test.ts and test/linux/debian-packages.test.ts
  armhf: DEBIAN_PROGRAM_PACKAGES,
};

/** The targets whose test sysroot the test runner makes before the suites (armhf: see ARM_GUEST_TESTS). */
export const SYSROOT_TARGETS: readonly Target[] = TARGETS.filter((t) => t.debianArch in TEST_SYSROOT_PACKAGES && (t.name !== 'arm' || ARM_GUEST_TESTS));

/** Makes (or finds) `target`'s test sysroot and returns its directory; throws DebianSysrootError. */
export function testSysroot(target: Target, log?: (line: string) => void): string {
  const packages = TEST_SYSROOT_PACKAGES[target.debianArch];
  if (!packages) throw new Error(`no test sysroot is defined for ${target.name} (Debian ${target.debianArch})`);
  return ensureDebianSysroot({ arch: target.debianArch, packages, dir: packagePath('build', 'sysroot', target.debianArch), log });
}
