// Packages built libnative.so files into dist/: per target a reproducible .tar.gz and a Debian
// binary package (Architecture: all, like Debian's *-cross packages) installing the library
// at /usr/<triple>/lib/qemu-ts/libnative.so, plus SHA256SUMS and manifest.json.
import { installedLibnativePath } from '../../runtime/libnative/locations.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { $ } from 'zx';
import { loadFunctionTable } from '../../runtime/libnative/functions.js';
import { LIBNATIVE_ABI_VERSION } from '../../runtime/libnative/stub-abi.js';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';
import { buildLibnative, type BuildOptions } from './libnative-build.js';

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

function control(target: Target, version: string, installedBytes: number): string {
  return [
    `Package: ${debPackageName(target)}`,
    `Version: ${version}`,
    'Architecture: all',
    'Multi-Arch: foreign',
    'Section: libs',
    'Priority: optional',
    'Maintainer: qemu-ts developers <qemu-ts@users.noreply.github.com>',
    `Installed-Size: ${Math.ceil(installedBytes / 1024)}`,
    `Description: qemu-ts native-bypass library for ${target.debianArch} guests (cross)`,
    ` libnative.so for ${target.triple} programs run by qemu-ts: preloaded into a guest,`,
    ' its mem* and str* functions are stubs that qemu-ts runs as host code. Installed',
    ` next to Debian's cross sysroot, in ${installedLibnativePath(target).replace(/libnative\.so$/, '')}.`,
    '',
  ].join('\n');
}

const COPYRIGHT = 'qemu-ts libnative\n\nLicense: MIT\n';

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
    await mkdir(join(dest, '..'), { recursive: true });
    await mkdir(docDir, { recursive: true });
    await mkdir(join(stage, 'DEBIAN'));
    await copyFile(lib, dest);
    await writeFile(join(docDir, 'copyright'), COPYRIGHT);
    const libSize = (await readFile(lib)).length;
    await writeFile(join(stage, 'DEBIAN', 'control'), control(target, version, libSize + COPYRIGHT.length));
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
    const lib = await buildLibnative(target, options);
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
