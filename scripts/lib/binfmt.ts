// binfmt_misc integration, as Debian's qemu-user-binfmt does it for qemu-user: one kernel entry
// per guest target whose magic/mask match that machine's ELF executables (class, byte order,
// e_machine; ET_EXEC and ET_DYN), whose interpreter is the binfmt shim
// (runtime/cli/binfmt/shim.c, built into build/binfmt/). Registering, removing and showing
// entries; the kernel interface is Documentation/admin-guide/binfmt-misc.rst.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import { ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB } from '../../runtime/elf/constants.js';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** Flags qemu-binfmt-conf.sh offers: P preserve argv[0], O open binary as fd, C credentials from the binary, F fix (open) the interpreter now. */
export const FLAGS = 'POCF';
export const DEFAULT_FLAGS = 'PO';

export class BinfmtError extends Error {}

export interface BinfmtEntry {
  name: string;
  magic: Uint8Array;
  mask: Uint8Array;
  interpreter: string;
  flags: string;
}

/** The first 20 bytes of the target's ELF executables and which of them must match. */
export function elfMagic(target: Target): { magic: Uint8Array; mask: Uint8Array } {
  const le = target.elf.endian === 'le';
  const half = (v: number): number[] => (le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const magic = [0x7f, 0x45, 0x4c, 0x46, target.elf.class === 64 ? ELFCLASS64 : ELFCLASS32, le ? ELFDATA2LSB : ELFDATA2MSB, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, ...half(2), ...half(target.elf.machine)];
  // OS ABI (byte 7) is not checked, as by qemu; e_type 2 (EXEC) and 3 (DYN) differ in bit 0.
  const mask = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ...half(0xfffe), 0xff, 0xff];
  return { magic: Uint8Array.from(magic), mask: Uint8Array.from(mask) };
}

export function entryFor(target: Target, opts: { name?: string; flags?: string; shimDir?: string } = {}): BinfmtEntry {
  const flags = opts.flags ?? DEFAULT_FLAGS;
  const bad = [...flags].filter((f) => !FLAGS.includes(f));
  if (bad.length > 0) throw new BinfmtError(`unknown binfmt flag(s) ${bad.join('')}; the flags are ${FLAGS} (docs: README, "Use it like qemu-user-binfmt")`);
  return { name: opts.name ?? `qemu-ts-${target.name}`, ...elfMagic(target), interpreter: join(opts.shimDir ?? shimDir(), `qemu-ts-binfmt-${target.name}`), flags };
}

/** The line written to `register`: every magic and mask byte escaped, so ':' never appears raw. */
export function registrationLine(e: BinfmtEntry): string {
  const hex = (b: Uint8Array): string => [...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('');
  return `:${e.name}:M::${hex(e.magic)}:${hex(e.mask)}:${e.interpreter}:${e.flags}`;
}

/** A registered entry as the kernel shows it in BINFMT_DIR/<name>. */
export interface Registered { name: string; enabled: boolean; interpreter: string; flags: string; magic: string; mask: string }

export function parseRegistered(name: string, text: string): Registered {
  const field = (key: string): string => new RegExp(`^${key}:? (.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return { name, enabled: /^enabled$/m.test(text), interpreter: field('interpreter'), flags: field('flags'), magic: field('magic'), mask: field('mask') };
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Whether a registered entry matches exactly the binaries `e` matches (same magic and mask). */
export function sameBinaries(r: Registered, e: BinfmtEntry): boolean {
  return r.magic === hexOf(e.magic) && r.mask === hexOf(e.mask);
}

/** Makes sure binfmt_misc is there, mounting it as root when it is not; one clear error otherwise. */
export function ensureBinfmtMounted(log: (line: string) => void = () => {}): void {
  if (existsSync(join(BINFMT_DIR, 'register'))) return;
  if (process.getuid?.() !== 0) throw new BinfmtError(`binfmt_misc is not mounted at ${BINFMT_DIR}; as root: mount -t binfmt_misc binfmt_misc ${BINFMT_DIR}`);
  log(`mounting binfmt_misc at ${BINFMT_DIR}`);
  try {
    execFileSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR], { stdio: 'pipe' });
  } catch (e) {
    throw new BinfmtError(`cannot mount binfmt_misc at ${BINFMT_DIR} (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim()}); in a container it must be mounted by the host`);
  }
}

export function registeredEntries(): Registered[] {
  return readdirSync(BINFMT_DIR).filter((n) => n !== 'register' && n !== 'status')
    .flatMap((n) => { try { return [parseRegistered(n, readFileSync(join(BINFMT_DIR, n), 'utf8'))]; } catch { return []; } });
}

function writeControl(file: string, text: string): void {
  try {
    writeFileSync(join(BINFMT_DIR, file), text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BinfmtError(code === 'EACCES' || code === 'EPERM' ? `writing ${BINFMT_DIR}/${file} is not permitted: run as root` : `${BINFMT_DIR}/${file}: ${code}`);
  }
}

export type InstallOutcome = 'registered' | 'unchanged' | 'replaced';

/**
 * Registers `e`. An entry of the same name that differs, or another emulator's entry for the same
 * binaries (qemu-user-binfmt's qemu-aarch64, say), is left alone unless `force`: then ours
 * replaces the first, or is registered in front of the second (the kernel tries the newest entry
 * first), which takes over again once ours is uninstalled.
 */
export function install(e: BinfmtEntry, force = false): InstallOutcome {
  const all = registeredEntries();
  const mine = all.find((r) => r.name === e.name);
  const same = mine && mine.interpreter === e.interpreter && mine.flags === e.flags && sameBinaries(mine, e);
  if (same) return 'unchanged';
  if (!force) {
    if (mine) throw new BinfmtError(`binfmt entry ${e.name} exists with interpreter ${mine.interpreter} (flags ${mine.flags || 'none'}); --force replaces it`);
    const other = all.find((r) => r.enabled && sameBinaries(r, e));
    if (other) throw new BinfmtError(`binfmt entry ${other.name} (${other.interpreter}) already runs these binaries; --force registers ${e.name} in front of it (it takes over again after uninstall)`);
  }
  if (mine) writeControl(e.name, '-1');
  writeControl('register', registrationLine(e));
  return mine ? 'replaced' : 'registered';
}

/** Removes the entry `name` if it is registered; true when it was. */
export function uninstall(name: string): boolean {
  if (!existsSync(join(BINFMT_DIR, name))) return false;
  writeControl(name, '-1');
  return true;
}

export function shimDir(): string {
  return packagePath('build', 'binfmt');
}

/**
 * Builds the shim (static, with node, the launchers' node flags and their directory built in; every
 * launcher has the same flags) and one link to it per target,
 * the name telling the shim its target. Rebuilt every time: it takes a fraction of a second, and the
 * package may have moved.
 */
export function buildShim(targets: readonly Target[], dir = shimDir()): void {
  mkdirSync(dir, { recursive: true });
  const shim = join(dir, 'qemu-ts-binfmt');
  const launcherDir = packagePath('out', 'runtime', 'cli', 'bin');
  const flags = launcherNodeFlags(join(launcherDir, `qemu-ts-${targets[0]!.name}.js`));
  const defines = [`-DNODE=${JSON.stringify(process.execPath)}`, `-DNODE_FLAGS=${flags.map((f) => JSON.stringify(f)).join(',')}`,
    `-DLAUNCHER_DIR=${JSON.stringify(launcherDir)}`];
  try {
    execFileSync('cc', ['-static', '-O2', '-Wall', '-Werror', ...defines, '-o', shim,
      packagePath('runtime', 'cli', 'binfmt', 'shim.c')], { stdio: 'pipe' });
  } catch (e) {
    throw new BinfmtError(`building the binfmt shim failed: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]} (needs gcc and libc6-dev: apt-get install gcc libc6-dev)`);
  }
  for (const t of targets) {
    const link = join(dir, `qemu-ts-binfmt-${t.name}`);
    rmSync(link, { force: true });
    symlinkSync('qemu-ts-binfmt', link);
  }
}
