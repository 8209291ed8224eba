// One fuzz case: lay out the mutated file where its role puts it (the program itself, the
// dynamic linker in an overlay of the sysroot, a library found first through LD_LIBRARY_PATH,
// or the --native-bypass library), run qemu-ts on it with a time limit, and classify the end.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../../../runtime/targets.js';
import { qemuTsCommand } from '../guest-run.js';
import type { CorpusEntry } from './corpus.js';
import { classify, type Outcome, type RawRun } from './outcome.js';

/** Output kept per stream: enough for any error report, bounded for a guest that prints forever. */
const KEEP = 64 << 10;

/**
 * A sysroot under `root` whose `rel` is `bytes` and everything else a symlink to `sysroot`:
 * the directories along `rel` are real, their other entries link to the originals.
 */
export function overlaySysroot(sysroot: string, rel: string, bytes: Uint8Array, root: string): void {
  const parts = rel.split('/').filter(Boolean);
  let src = realpathSync(sysroot);
  let dst = root;
  mkdirSync(dst, { recursive: true });
  parts.forEach((part, i) => {
    for (const name of readdirSync(src)) if (name !== part) symlinkSync(join(src, name), join(dst, name));
    if (i === parts.length - 1) {
      writeFileSync(join(dst, part), bytes, { mode: 0o755 });
      return;
    }
    src = realpathSync(join(src, part));
    dst = join(dst, part);
    mkdirSync(dst);
  });
}

export interface CaseCommand {
  /** The arguments after the emulator's command: [-L root] [options] program args. */
  emulatorArgs: string[];
  /** qemu-user cannot run this case's role (--native-bypass is qemu-ts's own). */
  qemuTsOnly: boolean;
}

/** Writes the case's files into `dir` and says how to run it. */
export function layOutCase(entry: CorpusEntry, bytes: Uint8Array, dir: string): CaseCommand {
  switch (entry.role) {
    case 'program': {
      const prog = join(dir, 'prog');
      writeFileSync(prog, bytes);
      chmodSync(prog, 0o755);
      return { emulatorArgs: ['-L', entry.sysroot, prog, ...entry.args], qemuTsOnly: false };
    }
    case 'interpreter': {
      const root = join(dir, 'root');
      overlaySysroot(entry.sysroot, entry.interpPath!, bytes, root);
      return { emulatorArgs: ['-L', root, entry.program, ...entry.args], qemuTsOnly: false };
    }
    case 'library': {
      mkdirSync(join(dir, 'lib'));
      writeFileSync(join(dir, 'lib', entry.libName!), bytes, { mode: 0o755 });
      return { emulatorArgs: ['-L', entry.sysroot, '-E', `LD_LIBRARY_PATH=${join(dir, 'lib')}`, entry.program, ...entry.args], qemuTsOnly: false };
    }
    case 'libnative': {
      writeFileSync(join(dir, 'libnative.so'), bytes, { mode: 0o755 });
      return { emulatorArgs: ['-L', entry.sysroot, '--native-bypass', join(dir, 'libnative.so'), entry.program, ...entry.args], qemuTsOnly: true };
    }
  }
}

/** The environment of a case: the caller's, without what would change how qemu-ts runs. */
function caseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('QEMU_')) delete env[k];
  return env;
}

/** Process groups and case directories of the runs under way, for `stopRuns`. */
const running = new Set<number>();
const caseDirs = new Set<string>();

/** A fresh directory for a case's files; `releaseCaseDir` removes it. */
export function newCaseDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-elf-fuzz-'));
  caseDirs.add(dir);
  return dir;
}

export function releaseCaseDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  caseDirs.delete(dir);
}

/** Kills every run under way and removes their files (the process groups outlive the fuzzer otherwise). */
export function stopRuns(): void {
  for (const pgid of running) {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (const dir of caseDirs) releaseCaseDir(dir);
}

/** Runs a command in its own process group, killing the group at the time limit. */
export function runLimited(argv: readonly string[], cwd: string, timeoutMs: number): Promise<RawRun> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: caseEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid!);
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', () => {});
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < KEEP) stderr += d.toString('latin1'); });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      running.delete(child.pid!);
      // A guest that forked may have left children in the group after the main one ended.
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* none left */ }
      resolve({ status, signal, stderr, timedOut });
    });
  });
}

export interface CaseRun {
  outcome: Outcome;
  command: string[];
  stderr: string;
  /** How the run ended, comparable between emulators (see `ending`). */
  ending: string;
  /** With `reference`: how qemu-user ended on the same files, and its first stderr line. */
  qemuUser?: { ending: string; line: string };
}

/** 'refused' (one line from the emulator itself, non-zero status), 'SIGxxx', 'time limit' or 'exit N'. */
export function ending(run: RawRun, emulator: string): string {
  if (run.timedOut) return 'time limit';
  if (run.signal !== null) return run.signal;
  return run.status !== 0 && run.stderr.startsWith(`${emulator}: `) ? 'refused' : `exit ${run.status}`;
}

export async function runCase(target: Target, entry: CorpusEntry, bytes: Uint8Array, dir: string, timeoutMs: number, reference = false): Promise<CaseRun> {
  const cmd = layOutCase(entry, bytes, dir);
  const command = [...qemuTsCommand(target), ...cmd.emulatorArgs];
  const run = await runLimited(command, dir, timeoutMs);
  const hungUnderQemuUser = async (): Promise<boolean> =>
    !cmd.qemuTsOnly && (await runLimited([target.qemuUser, ...cmd.emulatorArgs], dir, timeoutMs)).timedOut;
  const outcome = await classify(run, `qemu-ts-${target.name}`, hungUnderQemuUser);
  const ours = { outcome, command, stderr: run.stderr, ending: ending(run, `qemu-ts-${target.name}`) };
  if (!reference || cmd.qemuTsOnly) return ours;
  const ref = await runLimited([target.qemuUser, ...cmd.emulatorArgs], dir, timeoutMs);
  return { ...ours, qemuUser: { ending: ending(ref, target.qemuUser), line: ref.stderr.split('\n')[0]! } };
}
