// Cross-compiles guest C programs (tests, benchmarks, the demo) with Debian's cross gcc into
// build/guest/<target>/, rebuilding only when the source is newer than the binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';
import { compilerCommand } from './toolchains.js';

export interface GuestBuildOptions {
  static?: boolean;
  /** Extra compiler flags, e.g. ['-fno-builtin'] so calls to mem/str functions stay calls. */
  flags?: readonly string[];
  /** Suffix distinguishing variants of one source. */
  variant?: string;
}

/**
 * n64 links non-PIE programs at 0x120000000, above the guest address space (all mappings stay
 * below 2 GiB); static test programs are linked low instead (Debian's gcc has no -static-pie for n64).
 */
function staticLinkFlags(target: Target): string[] {
  return target.elf.mipsAbi === 'n64' ? ['-Wl,-Ttext-segment=0x10000000'] : [];
}

export function compileGuest(target: Target, source: string, opts: GuestBuildOptions = {}): string {
  const dir = packagePath('build', 'guest', target.name);
  mkdirSync(dir, { recursive: true });
  const name = basename(source, '.c') + (opts.static ? '-static' : '') + (opts.variant ? `-${opts.variant}` : '');
  const out = join(dir, name);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) return out;
  const args = ['-O2', '-o', out, source, ...(opts.flags ?? []), ...(opts.static ? ['-static', ...staticLinkFlags(target)] : [])];
  execFileSync(compilerCommand(target), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

/** The host's own build of a guest program, for native timings. */
export function compileHost(source: string, opts: GuestBuildOptions = {}): string {
  const dir = packagePath('build', 'guest', 'host');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, basename(source, '.c') + (opts.variant ? `-${opts.variant}` : ''));
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) return out;
  execFileSync('gcc', ['-O2', '-o', out, source, ...(opts.flags ?? [])], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}
