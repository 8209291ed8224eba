// Where a target's libnative.so lives: installed by the project's .deb/tarball next to Debian's
// cross sysroot, or built in this package's build tree. The packaging and build scripts write
// there and `--native-bypass auto` looks there, in that order.
import { join } from 'node:path';
import { packagePath } from '../package-root.js';
import type { Target } from '../targets.js';

export function installedLibnativePath(target: Target): string {
  return `/usr/${target.triple}/lib/qemu-ts/libnative.so`;
}

export function builtLibnativePath(target: Target, buildDir = packagePath('build')): string {
  return join(buildDir, target.name, 'libnative.so');
}

/** The places `--native-bypass auto` tries, first match wins. */
export function libnativeSearchPath(target: Target): string[] {
  return [installedLibnativePath(target), builtLibnativePath(target)];
}
