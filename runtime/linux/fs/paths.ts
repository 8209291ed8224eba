// Guest path -> host path, the qemu-user way: an absolute path is looked up under the -L prefix
// first and falls back to the host's own file. Guest paths are byte strings (latin1 JS strings,
// one char per byte) so non-UTF-8 names survive.
import fs from 'node:fs';
import path from 'node:path';
import { hostCwd } from '../host/cwd.js';
import { AT_FDCWD } from '../syscalls/at-constants.js';

export class PathResolver {
  constructor(readonly prefix: string | null) {}

  host(guestPath: string): string {
    if (!this.prefix || !guestPath.startsWith('/') || guestPath === '/') return guestPath;
    const candidate = this.prefix + guestPath;
    try {
      fs.lstatSync(Buffer.from(candidate, 'latin1'));
      return candidate;
    } catch {
      return guestPath;
    }
  }
}

/** Lexically normalised absolute form of a guest path relative to the host cwd (for /proc checks). */
export function absoluteGuestPath(p: string): string {
  return path.posix.resolve(hostCwd(), p);
}

/**
 * Lexically normalised absolute form of `p` relative to the directory descriptor `dirfd` (the
 * *at calls), or null when the descriptor has no path (closed: the host call then fails).
 */
export function absolutePathAt(dirfd: number, p: string): string | null {
  if (p.startsWith('/')) return path.posix.resolve(p);
  if (dirfd === AT_FDCWD) return absoluteGuestPath(p);
  try {
    return path.posix.resolve(fs.readlinkSync(`/proc/self/fd/${dirfd}`, 'latin1'), p);
  } catch {
    return null;
  }
}
