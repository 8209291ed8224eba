// What the ELF fuzzer mutates, per target: the project's compiled guest programs (static and
// dynamic, run from the cross toolchain's sysroot), Debian's own executables and libraries from
// the test sysroot where there is one (true, ld.so and libc.so.6 run as programs), the dynamic linker and libc a
// program loads, and libnative.so given to --native-bypass.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ElfFile } from '../../../runtime/elf/reader.js';
import { PT_INTERP } from '../../../runtime/elf/constants.js';
import { packagePath } from '../../../runtime/package-root.js';
import type { Target } from '../../../runtime/targets.js';

/**
 * program: the mutated file is the program run; interpreter: it is the PT_INTERP of `program`
 * (found through an overlay of the sysroot); library: a DT_NEEDED library found first through
 * LD_LIBRARY_PATH; libnative: the --native-bypass library of a normal run.
 */
export type Role = 'program' | 'interpreter' | 'library' | 'libnative';

export interface CorpusEntry {
  label: string;
  role: Role;
  /** The valid file the mutations start from. */
  file: string;
  /** The program run (the mutated copy itself for role 'program'). */
  program: string;
  args: readonly string[];
  /** The -L prefix. */
  sysroot: string;
  /** For 'interpreter': the path the program's PT_INTERP names, relative to the sysroot. */
  interpPath?: string;
  /** For 'library': the file name the dynamic linker looks for. */
  libName?: string;
  /** Cases per corpus pick (the structured roles are picked more often). */
  weight: number;
}

function interpOf(file: string): string {
  const elf = new ElfFile(readFileSync(file));
  const p = elf.programHeaders.find((x) => x.type === PT_INTERP);
  if (!p) throw new Error(`${file} has no PT_INTERP`);
  return Buffer.from(elf.bytes.subarray(p.offset, p.offset + p.filesz)).toString('latin1').replace(/\0.*$/s, '');
}

/** libc.so.6 under a sysroot's library directories (one multiarch level deep). */
function findLibc(root: string): string {
  for (const dir of ['lib', 'lib64', 'usr/lib', 'usr/lib64']) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const sub of ['', ...readdirSync(d)]) {
      const f = join(d, sub, 'libc.so.6');
      if (existsSync(f)) return realpathSync(f);
    }
  }
  throw new Error(`no libc.so.6 under ${root}`);
}

export function corpusFor(target: Target): CorpusEntry[] {
  const guest = (name: string) => packagePath('build', 'guest', target.name, name);
  const cross = `/usr/${target.triple}`;
  const hello = guest('hello-linux');
  const helloInterp = interpOf(hello);
  const out: CorpusEntry[] = [
    { label: 'hello-static-linux', role: 'program', file: guest('hello-static-linux'), program: '', args: [], sysroot: cross, weight: 3 },
    { label: 'hello-linux', role: 'program', file: hello, program: '', args: [], sysroot: cross, weight: 3 },
    { label: `ld.so (${helloInterp}) of hello-linux`, role: 'interpreter', file: realpathSync(join(cross, helloInterp)), program: hello, args: [], sysroot: cross, interpPath: helloInterp, weight: 3 },
    { label: 'libc.so.6 of hello-linux', role: 'library', file: findLibc(cross), program: hello, args: [], sysroot: cross, libName: 'libc.so.6', weight: 2 },
    { label: 'libnative.so', role: 'libnative', file: packagePath('build', target.name, 'libnative.so'), program: hello, args: [], sysroot: cross, weight: 2 },
  ];
  const debian = packagePath('build', 'sysroot', target.debianArch);
  // Debian 12's coreutils install true in /bin (the sysroot is not usr-merged).
  const trueBin = ['bin', 'usr/bin'].map((d) => join(debian, d, 'true')).find((f) => existsSync(f));
  if (trueBin) {
    const ldso = realpathSync(join(debian, interpOf(trueBin)));
    out.push(
      { label: 'Debian /bin/true', role: 'program', file: trueBin, program: '', args: [], sysroot: debian, weight: 2 },
      { label: 'Debian ld.so run as a program', role: 'program', file: ldso, program: '', args: ['--version'], sysroot: debian, weight: 1 },
      { label: 'Debian libc.so.6 run as a program', role: 'program', file: findLibc(debian), program: '', args: [], sysroot: debian, weight: 1 },
    );
  }
  return out;
}
