// The qemu-ts-<target> command: parse options, run the guest, and exit like the guest did.
import fs from 'node:fs';
import { findTarget, type TargetName } from '../targets.js';
import { LoadError, runGuestProcess, UnsupportedTarget } from '../linux/process.js';
import { IRValidationError } from '../ir/validate.js';
import { endLikeGuest } from '../linux/host/die.js';
import { addRuntimeFd } from '../linux/host/runtime-fds.js';
import type { GuestOptions } from '../linux/options.js';
import { forwardedOptions, guestEnvironment, parseArgs, USAGE, UsageError, type CliOptions } from './args.js';
import { buildId } from './build-id.js';
import { runWarmJob } from '../linux/code-cache/warm-run.js';
import { compileCache } from '../linux/code-cache/compile-cache.js';
import { CacheStore } from '../linux/code-cache/store.js';

const VERSION = '0.1.0';

function fail(name: string, message: string): never {
  fs.writeSync(2, `${name}: ${message}\n`);
  process.exit(1);
}

export async function main(targetName: TargetName): Promise<void> {
  const name = `qemu-ts-${targetName}`;
  const target = findTarget(targetName);
  if (!target) fail(name, `unknown target ${targetName}`);
  try {
    const o = parseArgs(process.argv.slice(2), process.env, target);
    if (o.help) {
      fs.writeSync(1, USAGE(name, target));
      process.exit(0);
    }
    if (o.version) {
      fs.writeSync(1, `${name} version ${VERSION} (qemu-ts)\n`);
      process.exit(0);
    }
    if (o.warmJob !== null) {
      const codeCache = codeCacheOptions(o);
      if (codeCache !== null) await runWarmJob({ ...guestOptions(targetName, o, 2), program: '', argv: [], env: [], codeCache }, o.warmJob);
      process.exit(0);
    }
    if (o.cacheCompile) {
      const cache = codeCacheOptions(o);
      if (!cache) throw new UsageError('--cache-compile needs the code cache (it is off, or there is no directory for it)');
      const { entries, modules } = compileCache(new CacheStore(cache.dir, cache.maxBytes), cache.build);
      fs.writeSync(1, `${name}: compiled ${modules} modules of ${entries} entries in ${cache.dir}\n`);
      process.exit(0);
    }
    if (o.program === null) throw new UsageError('no program given (see -h)');
    let logFd = 2;
    if (o.logFile !== null) {
      logFd = fs.openSync(o.logFile, o.logAppend ? 'a' : 'w');
      addRuntimeFd(logFd);
    }
    if (o.nativeBypassFound && o.logCategories.has('native')) fs.writeSync(logFd, `native: --native-bypass auto uses ${o.nativeBypass}\n`);
    const result = await runGuestProcess({
      ...guestOptions(targetName, o, logFd),
      program: o.program,
      ...(o.execFd === null ? {} : { programFd: o.execFd }),
      argv: [o.argv0 ?? o.program, ...o.args],
      env: guestEnvironment(o, process.env),
    });
    endLikeGuest(result);
  } catch (e) {
    if (e instanceof UsageError || e instanceof LoadError) fail(name, e.message);
    if (e instanceof UnsupportedTarget || e instanceof IRValidationError) fail(name, e.message);
    if (process.env.QEMU_TS_DEBUG) throw e;
    fail(name, `internal error: ${(e as Error).message ?? String(e)} (set QEMU_TS_DEBUG=1 for details)`);
  }
}

/** The options of a guest process, or of the cache warmer, that do not depend on the program. */
function guestOptions(target: TargetName, o: CliOptions, logFd: number): Omit<GuestOptions, 'program' | 'argv' | 'env'> {
  return {
    target,
    inheritedFds: o.inheritedFds,
    ldPrefix: o.ldPrefix,
    strace: o.strace,
    logCategories: o.logCategories,
    // A guest may close stderr (coreutils do at exit): its -d lines are lost then, as qemu's are.
    log: (line) => { try { fs.writeSync(logFd, line + '\n'); } catch { /* closed by the guest */ } },
    logFd,
    nativeBypass: o.nativeBypass,
    reexec: [process.execPath, ...process.execArgv, process.argv[1]!, ...forwardedOptions(o)],
    jitThreshold: o.jitThreshold,
    optThreshold: o.optThreshold,
    syscallCoverage: o.syscallCoverage,
    codeCache: codeCacheOptions(o),
  };
}

function codeCacheOptions(o: CliOptions): GuestOptions['codeCache'] {
  if (o.cacheDir === null) return null;
  const build = buildId();
  return build === null ? null : { dir: o.cacheDir, maxBytes: o.cacheMax, build, warm: o.cacheWarm };
}
