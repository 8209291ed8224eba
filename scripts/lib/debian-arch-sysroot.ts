// A guest sysroot for one Debian architecture, unpacked from Debian packages under
// build/sysroot/<debarch>/: `dpkg --add-architecture` + `apt-get update` when the architecture is
// unknown, `apt-get download` of the packages, `dpkg-deb -x` of each. A stamp file lists what is
// unpacked, so a second call with the same (or fewer) packages does nothing.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packagePath } from '../../runtime/package-root.js';

/** apt cannot provide the packages (no network, no root, unknown architecture): one line saying why. */
export class SysrootUnavailable extends Error {}

const APT = ['-o', 'DPkg::Lock::Timeout=600'];
const STAMP = '.qemu-ts-packages';

function run(cmd: string, args: readonly string[], cwd?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? r.error?.message ?? '').trim() };
}

function must(cmd: string, args: readonly string[], cwd?: string): string {
  const r = run(cmd, args, cwd);
  if (!r.ok) throw new SysrootUnavailable(`${cmd} ${args.filter((a) => !a.startsWith('DPkg')).join(' ')}: ${r.err.split('\n').pop() ?? 'failed'}`);
  return r.out;
}

function knownToApt(debArch: string, packages: readonly string[]): boolean {
  return run('apt-cache', ['show', '--no-all-versions', ...packages.map((p) => `${p}:${debArch}`)]).ok;
}

function ensureArchitecture(debArch: string, packages: readonly string[]): void {
  const archs = `${must('dpkg', ['--print-architecture'])}\n${must('dpkg', ['--print-foreign-architectures'])}`.split('\n');
  if (archs.includes(debArch) && knownToApt(debArch, packages)) return;
  if (process.getuid?.() !== 0) throw new SysrootUnavailable(`Debian architecture ${debArch} needs (as root) dpkg --add-architecture ${debArch} && apt-get update`);
  if (!archs.includes(debArch)) must('dpkg', ['--add-architecture', debArch]);
  must('apt-get', [...APT, 'update']);
  if (!knownToApt(debArch, packages)) throw new SysrootUnavailable(`apt has no ${debArch} packages ${packages.join(' ')}`);
}

/**
 * Absolute symlinks (libc6's /lib64/ld.so.1 -> /lib/<triplet>/ld.so.1) would point into the
 * host's root; inside a sysroot they must stay inside it, so they become relative.
 */
function relativizeSymlinks(root: string, dir = root): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const st = lstatSync(path);
    if (st.isDirectory()) relativizeSymlinks(root, path);
    else if (st.isSymbolicLink()) {
      const target = readlinkSync(path);
      if (!target.startsWith('/')) continue;
      unlinkSync(path);
      symlinkSync(relative(dirname(path), join(root, target)) || '.', path);
    }
  }
}

/** The sysroot directory holding `packages` (and libc6) of `debArch`, unpacking what is missing. */
export function ensureDebianArchSysroot(debArch: string, packages: readonly string[]): string {
  const dir = packagePath('build', 'sysroot', debArch);
  const wanted = [...new Set(['libc6', ...packages])].sort();
  let have: string[] = [];
  try {
    have = readFileSync(join(dir, STAMP), 'utf8').split('\n').filter(Boolean);
  } catch {
    // no sysroot yet
  }
  const missing = wanted.filter((p) => !have.includes(p));
  if (missing.length === 0) return dir;
  ensureArchitecture(debArch, missing);
  const debs = `${dir}.debs`;
  mkdirSync(debs, { recursive: true });
  mkdirSync(dir, { recursive: true });
  must('apt-get', [...APT, 'download', ...missing.map((p) => `${p}:${debArch}`)], debs);
  for (const p of missing) {
    const file = readdirSync(debs).find((f) => f.startsWith(`${p}_`) && f.endsWith(`_${debArch}.deb`));
    if (!file) throw new SysrootUnavailable(`apt-get download left no ${p} package for ${debArch}`);
    must('dpkg-deb', ['-x', join(debs, file), dir]);
  }
  relativizeSymlinks(dir);
  writeFileSync(join(dir, STAMP), [...have, ...missing].sort().join('\n') + '\n');
  return dir;
}
