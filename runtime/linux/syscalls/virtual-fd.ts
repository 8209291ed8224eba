// Opens the runtime's virtual files (fs/virtual-files.ts) as memfds for open/stat/access.
import { absoluteGuestPath } from '../fs/paths.js';
import { virtualFileContent } from '../fs/virtual-files.js';
import type { GuestProcess } from '../guest-process.js';
import { memfdWithContent } from '../host/memfd.js';
import { AT_FDCWD } from './at-constants.js';

/** A memfd for a virtual path, a negative errno, or null when the path is a real one. */
export function virtualFd(p: GuestProcess, dirfd: number, path: string, cloexec = true): number | null {
  const abs = path.startsWith('/') ? path : dirfd === AT_FDCWD ? absoluteGuestPath(path) : null;
  if (abs === null) return null;
  const content = virtualFileContent(p, abs);
  return content === null ? null : memfdWithContent(abs, content, cloexec);
}
