// Opens the runtime's virtual files (fs/virtual-files.ts) as memfds for open/stat/access.
import { absolutePathAt } from '../fs/paths.js';
import { mayBeVirtual, virtualFileContent } from '../fs/virtual-files.js';
import type { GuestProcess } from '../guest-process.js';
import { memfdWithContent } from '../host/memfd.js';

/**
 * The absolute guest path of `path` relative to `dirfd` when it may be a virtual file (an
 * absolute path always is a candidate: its checks are cheap), else null.
 */
export function virtualCandidate(dirfd: number, path: string): string | null {
  if (path.startsWith('/')) return path;
  return mayBeVirtual(path) ? absolutePathAt(dirfd, path) : null;
}

/** A memfd for a virtual path, a negative errno, or null when the path is a real one. */
export function virtualFd(p: GuestProcess, dirfd: number, path: string, cloexec = true): number | null {
  const abs = virtualCandidate(dirfd, path);
  if (abs === null) return null;
  const content = virtualFileContent(p, abs);
  return content === null ? null : memfdWithContent(abs, content, cloexec);
}
