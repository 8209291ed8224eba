// A guest sysroot unpacked from Debian packages of any Debian architecture: `apt-get download`s
// the requested packages and the library packages their ELF files need, `dpkg-deb -x`es them into
// one directory, and remembers what it did so a second call costs nothing. The packages' Depends
// are followed only into packages that provide a shared library some unpacked ELF file names in
// DT_NEEDED, so a program's data, font and plugin dependencies stay out.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isElfFile } from '../../runtime/elf/host-elf.js';
import { parseElf } from '../../runtime/elf/reader.js';

export interface DebianSysrootOptions {
  /** Debian architecture, e.g. arm64, mipsel. */
  arch: string;
  /** Binary packages wanted in the sysroot (libc6 is always added: it has the dynamic linker). */
  packages: readonly string[];
  /** Where to unpack; the downloaded .deb files are kept in `<dir>.debs`. */
  dir: string;
  log?: (line: string) => void;
}

export class DebianSysrootError extends Error {}

interface PackageInfo {
  name: string;
  version: string;
  architecture: string;
  /** Each entry lists the alternatives of one dependency, package names only. */
  depends: string[][];
}

const STAMP = '.qemu-ts-sysroot.json';
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'APT::Sandbox::User=root'];

function run(cmd: string, args: readonly string[], opts: { cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd, maxBuffer: 256 << 20, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw new DebianSysrootError(`${cmd} could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new DebianSysrootError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
  return r.stdout;
}

/** The multiarch triplet of a Debian architecture (lib/<triplet> holds its libraries). */
function multiarchTriplet(arch: string): string {
  return run('dpkg-architecture', ['-a', arch, '-qDEB_HOST_MULTIARCH']).trim();
}

/** Makes dpkg and apt know `arch`; true when it had to be added. */
function ensureArchitecture(arch: string, log: (line: string) => void): boolean {
  const known = [run('dpkg', ['--print-architecture']), run('dpkg', ['--print-foreign-architectures'])].join('\n').split('\n');
  if (known.includes(arch)) return false;
  if (process.getuid?.() !== 0) throw new DebianSysrootError(`Debian architecture ${arch} is not enabled; as root: dpkg --add-architecture ${arch} && apt-get update`);
  log(`dpkg --add-architecture ${arch}`);
  run('dpkg', ['--add-architecture', arch]);
  return true;
}

function parseDepends(field: string | undefined): string[][] {
  if (!field) return [];
  return field.split(',').map((dep) => dep.split('|').map((alt) => alt.trim().replace(/\s*\(.*\)$/, '').replace(/\s*\[.*\]$/, '').replace(/:any$/, '')));
}

/** `apt-cache show` records of the real packages among `names` for `arch`; unknown and virtual names are absent. */
function showPackages(names: readonly string[], arch: string): Map<string, PackageInfo> {
  const out = new Map<string, PackageInfo>();
  if (names.length === 0) return out;
  const args = ['show', '--no-all-versions', ...names.map((n) => `${n}:${arch}`)];
  // apt-cache fails when it knows none of the names (e.g. `arch` enabled but its package lists
  // not downloaded yet); that is an empty answer, which makes the caller run apt-get update.
  const r = spawnSync('apt-cache', args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status === 100 && r.stderr.includes('No packages found')) return out;
  if (r.status !== 0) throw new DebianSysrootError(`apt-cache ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim()}`);
  const text = r.stdout;
  for (const record of text.split(/\n\n+/)) {
    const fields = new Map<string, string>();
    for (const m of record.matchAll(/^([\w-]+): (.*(?:\n .*)*)/gm)) fields.set(m[1]!, m[2]!.replace(/\n /g, ' '));
    const name = fields.get('Package');
    if (!name) continue;
    const depends = [...parseDepends(fields.get('Pre-Depends')), ...parseDepends(fields.get('Depends'))];
    out.set(name, { name, version: fields.get('Version') ?? '', architecture: fields.get('Architecture') ?? '', depends });
  }
  // Architecture-independent packages (nodejs's JavaScript dependencies) are not found as
  // name:arch; asked as name:all, apt also answers with the host's package of that name.
  const rest = names.filter((n) => !out.has(n));
  if (arch === 'all' || rest.length === 0) return out;
  for (const [name, info] of showPackages(rest, 'all')) if (info.architecture === 'all') out.set(name, info);
  return out;
}

/** The .deb of `p` in `cacheDir`, downloading it (with the others missing from the cache) first. */
function debFiles(infos: readonly PackageInfo[], cacheDir: string): Map<string, string> {
  const fileOf = (p: PackageInfo) => join(cacheDir, `${p.name}_${p.version.replace(':', '%3a')}_${p.architecture}.deb`);
  const missing = infos.filter((p) => !existsSync(fileOf(p)));
  if (missing.length > 0) run('apt-get', [...APT_OPTIONS, 'download', ...missing.map((p) => `${p.name}:${p.architecture}=${p.version}`)], { cwd: cacheDir });
  return new Map(infos.map((p) => [p.name, fileOf(p)]));
}

const SHARED_LIBRARY = /^(lib|ld).*\.so(\.[\d.]+)?$|^ld-linux.*\.so\.\d+$/;

function isElf(path: string): boolean {
  try {
    return lstatSync(path).isFile() && isElfFile(path);
  } catch {
    return false;
  }
}

function neededBy(path: string): string[] {
  try {
    return parseElf(readFileSync(path)).neededLibraries();
  } catch {
    return [];
  }
}

interface Stamp {
  packages: string[];
  unpacked: string[];
}

function readStamp(dir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/**
 * Makes `dir` a sysroot with `packages` and the shared libraries they need, unpacked from
 * Debian packages of `arch`; returns `dir`. Needs root the first time (dpkg --add-architecture,
 * apt-get update); afterwards it only reads its stamp file.
 */
export function ensureDebianSysroot(opts: DebianSysrootOptions): string {
  const log = opts.log ?? (() => {});
  const wanted = [...new Set(['libc6', ...opts.packages])].sort();
  const stamp = readStamp(opts.dir);
  if (stamp && wanted.every((p) => stamp.packages.includes(p))) return opts.dir;

  const added = ensureArchitecture(opts.arch, log);
  let seeds = showPackages(wanted, opts.arch);
  if (added || seeds.size < wanted.length) {
    log('apt-get update');
    run('apt-get', [...APT_OPTIONS, 'update']);
    seeds = showPackages(wanted, opts.arch);
  }
  const unknown = wanted.filter((p) => !seeds.has(p));
  if (unknown.length > 0) throw new DebianSysrootError(`no Debian ${opts.arch} package named ${unknown.join(', ')}`);

  const cacheDir = `${opts.dir}.debs`;
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(opts.dir, { recursive: true });
  const triplet = multiarchTriplet(opts.arch);

  const unpacked = new Map<string, string[]>(); // package -> its shared-library file names
  const needed = new Set<string>();
  const provided = new Set<string>();
  const examined = new Set<string>(); // "parent>dep" edges already looked at
  let queue: PackageInfo[] = [...seeds.values()];
  while (queue.length > 0) {
    const debs = debFiles(queue, cacheDir);
    const kept: PackageInfo[] = [];
    for (const p of queue) {
      if (unpacked.has(p.name)) continue;
      const deb = debs.get(p.name)!;
      const files = listDeb(deb);
      const libraries = files.map((f) => basename(f)).filter((f) => SHARED_LIBRARY.test(f));
      const useful = seeds.has(p.name) || libraries.some((l) => needed.has(l) && !provided.has(l));
      if (!useful) continue;
      run('dpkg-deb', ['-x', deb, opts.dir]);
      unpacked.set(p.name, libraries);
      for (const l of libraries) provided.add(l);
      for (const f of files) {
        const path = join(opts.dir, f);
        if (isElf(path)) for (const n of neededBy(path)) needed.add(n);
      }
      kept.push(p);
    }
    log(`unpacked ${kept.map((p) => p.name).join(' ')}`);
    const next = new Set<string>();
    for (const p of kept) {
      for (const alternatives of p.depends) {
        const edge = `${p.name}>${alternatives.join('|')}`;
        if (examined.has(edge)) continue;
        examined.add(edge);
        if (alternatives.some((a) => unpacked.has(a))) continue;
        for (const a of alternatives) next.add(a);
      }
    }
    // Only real packages of the architecture itself can hold its shared libraries; the first
    // real alternative of each dependency is the one apt would pick.
    const infos = showPackages([...next], opts.arch);
    queue = [...infos.values()].filter((p) => p.architecture === opts.arch && !unpacked.has(p.name));
  }

  const missing = [...needed].filter((n) => !provided.has(n));
  if (missing.length > 0) log(`warning: no unpacked package provides ${missing.join(', ')}`);
  relativizeSymlinks(opts.dir);
  linkAlternatives(opts.dir, triplet, needed);
  writeFileSync(join(opts.dir, STAMP), JSON.stringify({ packages: wanted, unpacked: [...unpacked.keys()].sort() } satisfies Stamp, null, 1));
  return opts.dir;
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

/** Paths (without the leading ./) of the files and symlinks in a .deb. */
function listDeb(deb: string): string[] {
  const tar = spawnSync('dpkg-deb', ['--fsys-tarfile', deb], { maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new DebianSysrootError(`dpkg-deb --fsys-tarfile ${deb} failed`);
  const list = spawnSync('tar', ['-t'], { input: tar.stdout, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (list.status !== 0) throw new DebianSysrootError(`tar -t of ${deb} failed`);
  return list.stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/')).map((l) => l.replace(/^\.\//, ''));
}

/**
 * update-alternatives would link some libraries (libblas.so.3, liblapack.so.3) from a
 * subdirectory into the library directory; dpkg-deb -x does not run it, so do the same for every
 * needed library that is only in a subdirectory.
 */
function linkAlternatives(dir: string, triplet: string, needed: ReadonlySet<string>): void {
  const libDirs = [`lib/${triplet}`, `usr/lib/${triplet}`, 'lib', 'usr/lib'].map((d) => join(dir, d));
  const inLibDir = (name: string) => libDirs.some((d) => existsSync(join(d, name)));
  const missing = [...needed].filter((n) => !inLibDir(n));
  if (missing.length === 0) return;
  const libDir = join(dir, 'usr', 'lib', triplet);
  const found = existsSync(libDir) ? readdirSync(libDir, { recursive: true, encoding: 'utf8' }).map((f) => join(libDir, f)) : [];
  for (const name of missing) {
    const target = found.find((f) => basename(f) === name);
    if (!target) continue;
    const link = join(dir, 'usr', 'lib', triplet, name);
    symlinkSync(relative(dirname(link), target), link);
  }
}
