// Packages built libnative.so files into dist/: per target a reproducible .tar.gz and a Debian
// binary package (Architecture: all, like Debian's *-cross packages) installing the library
// at /usr/<triple>/lib/qemu-ts/libnative.so, plus SHA256SUMS and manifest.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { $ } from 'zx';
import { loadFunctionTable } from '../../runtime/libnative/functions.js';
import { installedLibnativePath } from '../../runtime/libnative/locations.js';
import { verifyLibnative } from '../../runtime/libnative/verify.js';
import { LIBNATIVE_ABI_VERSION } from '../../runtime/libnative/stub-abi.js';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';
import { buildLibnative, type BuildOptions } from './libnative-build.js';
import { compilerCommand } from './toolchains.js';

export interface PackageOptions extends BuildOptions {
  /** Output directory, recreated; default <package>/dist. */
  distDir?: string;
}

export interface FileEntry {
  file: string;
  size: number;
  sha256: string;
}

export interface TargetManifest extends FileEntry {
  target: string;
  triple: string;
  debianArch: string;
  abiVersion: number;
  functions: string[];
  debPackage: string;
  installPath: string;
  tarball: FileEntry;
  deb: FileEntry;
}

export function debPackageName(target: Target): string {
  return `libnative-qemu-ts-${target.debianArch}-cross`;
}


const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function fileEntry(path: string): Promise<FileEntry> {
  const bytes = await readFile(path);
  return { file: basename(path), size: bytes.length, sha256: sha256(bytes) };
}

/** SOURCE_DATE_EPOCH if set, else the time of the last commit, so reruns give equal archives. */
function sourceDateEpoch(): string {
  const fromEnv = process.env['SOURCE_DATE_EPOCH'];
  if (fromEnv) return fromEnv;
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: packagePath(), encoding: 'utf8' });
  return git.status === 0 && git.stdout.trim() !== '' ? git.stdout.trim() : '0';
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const MAINTAINER = 'qemu-ts developers <qemu-ts@users.noreply.github.com>';

function control(target: Target, version: string, installedBytes: number): string {
  return [
    `Package: ${debPackageName(target)}`,
    `Version: ${version}`,
    'Architecture: all',
    'Multi-Arch: foreign',
    'Section: libs',
    'Priority: optional',
    `Maintainer: ${MAINTAINER}`,
    `Installed-Size: ${Math.ceil(installedBytes / 1024)}`,
    `Description: qemu-ts native-bypass library for ${target.debianArch} guests (cross)`,
    ` libnative.so for ${target.triple} programs run by qemu-ts: preloaded`,
    ' into a guest, its mem* and str* functions are stubs that qemu-ts runs',
    ` as host code. Installed next to Debian's cross sysroot, in`,
    ` ${installedLibnativePath(target).replace(/libnative\.so$/, '')}.`,
    '',
  ].join('\n');
}

/** debian/copyright in the machine-readable format (DEP-5), with the MIT licence of package.json. */
const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: qemu-ts
Upstream-Contact: ${MAINTAINER}

Files: *
Copyright: 2026 qemu-ts developers
License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files (the "Software"), to deal
 in the Software without restriction, including without limitation the rights
 to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all
 copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 SOFTWARE.
`;

/** A native package's changelog: one entry for this version, dated by SOURCE_DATE_EPOCH. */
function changelog(target: Target, version: string, epoch: string): string {
  const date = new Date(Number(epoch) * 1000).toUTCString().replace('GMT', '+0000');
  return `${debPackageName(target)} (${version}) unstable; urgency=medium\n\n` +
    `  * Built by qemu-ts's npm run package:libnative (see its git history).\n\n -- ${MAINTAINER}  ${date}\n`;
}

/**
 * Lintian tags that Debian's own *-cross packages (libc6-arm64-cross, ...) carry too, overridden
 * with the reason: the library is for the guest architecture, so it is an object of another
 * architecture in an Architecture: all package under /usr/<triple>; it is a preload library
 * of stubs that calls nothing, so it needs no libc.
 */
function lintianOverrides(target: Target): string {
  const pkg = debPackageName(target);
  const lib = installedLibnativePath(target).slice(1);
  return [
    `# A ${target.triple} library, as in Debian's *-cross packages: not code for the package's own architecture.`,
    `${pkg}: arch-independent-package-contains-binary-or-object [${lib}]`,
    `# Cross sysroots live in /usr/<triple>, as Debian's *-cross packages do.`,
    `${pkg}: non-standard-dir-in-usr [usr/${target.triple}/]`,
    '# Its stubs call nothing: the library needs no libc (no DT_NEEDED) on purpose.',
    `${pkg}: shared-library-lacks-prerequisites [${lib}]`,
    '',
  ].join('\n');
}

/**
 * The library as packaged (<build>/<target>/packaged/libnative.so): the built one without its
 * symbol table and debug data (strip --strip-unneeded keeps the dynamic symbols and sections
 * ld.so and the verifier read), verified again.
 */
async function strippedLibrary(target: Target, built: string): Promise<string> {
  const out = join(dirname(built), 'packaged', 'libnative.so');
  await mkdir(dirname(out), { recursive: true });
  await $({ quiet: true })`${compilerCommand(target).replace(/gcc$/, 'strip')} --strip-unneeded -o ${out} ${built}`;
  verifyLibnative(await readFile(out), target, undefined, `stripped ${built}`);
  return out;
}

async function writeTarball(target: Target, lib: string, version: string, distDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const top = `libnative-qemu-ts-${version}-${target.name}`;
  const stage = await mkdtemp(join(tmpdir(), 'libnative-tar-'));
  try {
    await mkdir(join(stage, top));
    await copyFile(lib, join(stage, top, 'libnative.so'));
    await copyFile(packagePath('libnative', 'functions.idl'), join(stage, top, 'functions.idl'));
    await chmod(join(stage, top), 0o755);
    await chmod(join(stage, top, 'libnative.so'), 0o644);
    await chmod(join(stage, top, 'functions.idl'), 0o644);
    const out = join(distDir, `${top}.tar.gz`);
    const epoch = env['SOURCE_DATE_EPOCH']!;
    await $({ quiet: true, env })`tar --sort=name --format=gnu --mtime=@${epoch} --owner=0 --group=0 --numeric-owner -C ${stage} -I ${'gzip -n -9'} -cf ${out} ${top}`;
    return out;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function writeDeb(target: Target, lib: string, version: string, distDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const stage = await mkdtemp(join(tmpdir(), 'libnative-deb-'));
  try {
    const dest = join(stage, installedLibnativePath(target));
    const docDir = join(stage, 'usr', 'share', 'doc', debPackageName(target));
    const overrideDir = join(stage, 'usr', 'share', 'lintian', 'overrides');
    await mkdir(join(dest, '..'), { recursive: true });
    await mkdir(docDir, { recursive: true });
    await mkdir(overrideDir, { recursive: true });
    await mkdir(join(stage, 'DEBIAN'));
    await copyFile(lib, dest);
    await writeFile(join(docDir, 'copyright'), COPYRIGHT);
    await writeFile(join(docDir, 'changelog.txt'), changelog(target, version, env['SOURCE_DATE_EPOCH']!));
    await $({ quiet: true })`gzip -n -9 ${join(docDir, 'changelog.txt')}`;
    await $({ quiet: true })`mv ${join(docDir, 'changelog.txt.gz')} ${join(docDir, 'changelog.gz')}`;
    await writeFile(join(overrideDir, debPackageName(target)), lintianOverrides(target));
    const files = (await $({ quiet: true, cwd: stage })`find usr -type f`).stdout.trim().split('\n').sort();
    await writeFile(join(stage, 'DEBIAN', 'md5sums'), (await Promise.all(files.map(async (f) => `${createHash('md5').update(await readFile(join(stage, f))).digest('hex')}  ${f}\n`))).join(''));
    const installed = await $({ quiet: true })`du -sb --exclude=DEBIAN ${stage}`;
    await writeFile(join(stage, 'DEBIAN', 'control'), control(target, version, Number(installed.stdout.split(/\s/)[0])));
    // Fixed modes: the staging tree inherits the caller's umask otherwise.
    await $({ quiet: true })`find ${stage} -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +`;
    const out = join(distDir, `${debPackageName(target)}_${version}_all.deb`);
    await $({ quiet: true, env })`dpkg-deb --root-owner-group -Zxz --build ${stage} ${out}`;
    return out;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

export async function packageLibnative(targets: readonly Target[], options: PackageOptions = {}): Promise<TargetManifest[]> {
  const log = options.log ?? (() => {});
  const distDir = options.distDir ?? packagePath('dist');
  const env = { ...process.env, SOURCE_DATE_EPOCH: sourceDateEpoch(), LC_ALL: 'C', TZ: 'UTC' };
  const version = await packageVersion();
  const table = loadFunctionTable();
  await rm(distDir, { recursive: true, force: true });
  await mkdir(distDir, { recursive: true });
  const manifest: TargetManifest[] = [];
  for (const [i, target] of targets.entries()) {
    log(`(${i + 1}/${targets.length}) ${target.name}`);
    const lib = await strippedLibrary(target, await buildLibnative(target, options));
    const tarball = await fileEntry(await writeTarball(target, lib, version, distDir, env));
    const deb = await fileEntry(await writeDeb(target, lib, version, distDir, env));
    log(`[${target.name}] ${tarball.file}, ${deb.file}`);
    manifest.push({
      target: target.name,
      triple: target.triple,
      debianArch: target.debianArch,
      ...(await fileEntry(lib)),
      abiVersion: LIBNATIVE_ABI_VERSION,
      functions: table.functions.map((f) => f.name),
      debPackage: debPackageName(target),
      installPath: installedLibnativePath(target),
      tarball,
      deb,
    });
  }
  const artifacts = manifest.flatMap((m) => [m.tarball, m.deb]).sort((a, b) => (a.file < b.file ? -1 : 1));
  await writeFile(join(distDir, 'SHA256SUMS'), artifacts.map((a) => `${a.sha256}  ${a.file}\n`).join(''));
  const digest = Buffer.from(table.digest).toString('hex');
  await writeFile(join(distDir, 'manifest.json'), JSON.stringify({ version, abiVersion: LIBNATIVE_ABI_VERSION, interfaceDigest: digest, targets: manifest }, null, 2) + '\n');
  return manifest;
}
