// Entry point of the Linux layer: build a guest process for a target and run it to the end.
import path from 'node:path';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Frontend } from '../arch/types.js';
import { Engine } from '../core/engine.js';
import { LibnativeMismatchError, verifyLibnative } from '../libnative/verify.js';
import { setupNativeBypass, type NativeBypass } from '../native/bypass.js';
import { findTarget } from '../targets.js';
import { GuestMemory } from '../core/memory.js';
import { linuxArch } from './arch/index.js';
import type { GuestResult } from './exit.js';
import { PathResolver } from './fs/paths.js';
import { GuestProcess } from './guest-process.js';
import { hostCwd } from './host/cwd.js';
import { scanRuntimeFds } from './host/runtime-fds.js';
import { loadProgram, LoadError } from './loader/load-program.js';
import { AddressSpace } from './mm/address-space.js';
import { CodeCache } from './code-cache/code-cache.js';
import { CacheStore } from './code-cache/store.js';
import { atExitNow } from './host/die.js';
import type { GuestOptions } from './options.js';
import { runLoop } from './run-loop.js';
import { inheritHostSignals } from './signals/host-signals.js';
import { setHostThreadName } from './syscalls/info.js';
import { Strace } from './strace.js';

export { LoadError };

/** A target the CLI knows but that has no Linux arch module or frontend yet. */
export class UnsupportedTarget extends Error {}

export type { GuestOptions, GuestResult };

/** Load the program and build the process, ready to run. */
export async function createGuestProcess(opts: GuestOptions): Promise<GuestProcess> {
  const { arch, frontend, hwcaps, mem, codeCache, engine, bypass, as } = await createMachine(opts);
  const paths = new PathResolver(opts.ldPrefix);
  const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const program = loadProgram({
    as, arch, hwcaps, paths, program: latin1(opts.program), programFd: opts.programFd, argv: opts.argv.map(latin1), envp: opts.env.map(latin1),
  });
  const thread = engine.newThread();
  const guestPath = program.guestPath.startsWith('/') ? program.guestPath : path.posix.resolve(hostCwd(), program.guestPath);
  const proc = new GuestProcess(opts, arch, frontend, hwcaps, mem, engine, thread, as, paths, { guestPath, hostPath: program.hostPath });
  proc.trampoline = program.trampoline;
  proc.nativeStats = bypass?.stats ?? null;
  proc.auxv = program.auxv;
  proc.codeCache = codeCache;
  if (codeCache.store !== null) atExitNow(() => proc.saveCodeAtExit());
  inheritHostSignals(proc);
  // Linux names a process after the file it executes (comm: PR_GET_NAME, ps); so does qemu-ts,
  // on the host thread that runs the guest's main thread (threads created later inherit it).
  setHostThreadName(path.posix.basename(guestPath));
  if (opts.strace) proc.strace = new Strace(proc, opts.log);
  arch.setInitialRegisters(thread, program.sp, program.entry);
  if (opts.logCategories.has('exec')) opts.log(`qemu-ts: ${guestPath}: entry 0x${program.entry.toString(16)} sp 0x${program.sp.toString(16)}`);
  return proc;
}

/** What runs guest code (the memory, the engine and its code cache, the address space) for a process: a guest's or the cache warmer's. */
export async function createMachine(opts: GuestOptions) {
  const arch = linuxArch(opts.target);
  const loaded = arch ? await arch.loadFrontend() : null;
  if (!arch || !loaded) throw new UnsupportedTarget(`guest ISA ${opts.target} is not implemented yet`);
  const { frontend, hwcaps } = loaded;
  scanRuntimeFds(opts.inheritedFds ?? null);
  const mem = new GuestMemory(frontend.endian === 'be');
  // eslint-disable-next-line prefer-const -- the cache reads the mappings of the address space made after the engine
  let as: AddressSpace | undefined;
  const library = opts.nativeBypass === null ? null : checkedLibnative(opts, opts.nativeBypass);
  // Without a persistent cache it still keeps code across an in-process execve.
  const store = opts.codeCache ? new CacheStore(opts.codeCache.dir, opts.codeCache.maxBytes) : null;
  const codeCache = new CodeCache(store, opts.codeCache?.build ?? '', codeConfig(opts, library), mem, () => as!.vmas);
  const { engine, bypass } = createEngine(opts, frontend, mem, codeCache);
  as = new AddressSpace(mem, (addr, len) => engine.invalidate(addr, len), frontend.wordBits);
  return { arch, frontend, hwcaps, mem, codeCache, engine, bypass, as };
}

/**
 * A guest in a loop that makes no system call (compiled or interpreted) still comes back to the
 * run loop this often, which takes the host signals waiting for it (a SIGINT from the terminal,
 * its own alarm()): at most some 4,000 dispatches, well under a millisecond.
 */
const POLL_DISPATCHES = 4096;

/** The engine of one agent (the main thread, or a worker running a guest thread) over `mem`. */
export function createEngine(opts: GuestOptions, frontend: Frontend, mem: GuestMemory, savedCode: CodeCache | null = null): { engine: Engine; bypass: NativeBypass | null } {
  // The library was checked once, before the guest started (createGuestProcess).
  const bypass = opts.nativeBypass === null ? null : setupNativeBypass(findTarget(opts.target)!, frontend, mem, opts.logCategories.has('native'));
  const engine = new Engine(frontend, mem, {
    ...(bypass ? { lowerNative: bypass.lowerNative } : {}),
    jitThreshold: opts.jitThreshold,
    optThreshold: opts.optThreshold,
    validateIR: opts.logCategories.has('ir-validate'),
    log: opts.logCategories.size ? (cat, line) => { if (opts.logCategories.has(cat)) opts.log(line); } : undefined,
    ...(savedCode ? { savedCode } : {}),
    pollDispatches: POLL_DISPATCHES,
  });
  return { engine, bypass };
}

/** What the code of a process depends on besides the build and the guest bytes (the persistent code cache's key). */
function codeConfig(opts: GuestOptions, library: Buffer | null): string {
  // Which markers are calls into the host depends on the library's contents, not only its path.
  const bypass = library === null ? null : createHash('sha256').update(library).digest('hex');
  return JSON.stringify([opts.target, bypass, opts.optThreshold ?? null]);
}

/** The --native-bypass library, checked before the guest starts: a wrong file is one clear line, exit status 1. */
function checkedLibnative(opts: GuestOptions, libPath: string): Buffer {
  const target = findTarget(opts.target)!;
  try {
    const library = fs.readFileSync(libPath);
    verifyLibnative(library, target, undefined, libPath);
    return library;
  } catch (e) {
    if (e instanceof LibnativeMismatchError) throw new LoadError(`--native-bypass: ${e.message}`);
    throw new LoadError(`--native-bypass: cannot read ${libPath}: ${(e as Error).message}`);
  }
}

/** Run a guest program to completion. Throws LoadError / UnsupportedTarget for user errors. */
export async function runGuestProcess(opts: GuestOptions): Promise<GuestResult> {
  const proc = await createGuestProcess(opts);
  const result = runLoop(proc);
  if (proc.nativeStats) opts.log(proc.nativeStats.report());
  if (opts.logCategories.has('stats')) {
    for (const [k, v] of Object.entries(proc.engine.stats())) opts.log(`stats: ${k} ${v}`);
    if (proc.codeCache) for (const [k, v] of Object.entries(proc.codeCache.report())) opts.log(`stats: cache.${k} ${v}`);
  }
  return result;
}

/** Exit status as a shell reports it: the exit code, or 128 + signal. */
export async function runGuest(opts: GuestOptions): Promise<number> {
  const r = await runGuestProcess(opts);
  return r.kind === 'exit' ? r.status : 128 + r.sig;
}
