// A real descriptor with given contents (for virtual files), so every descriptor operation the
// guest may try on it (read, lseek, fstat, mmap, poll) works unchanged.
import { libc, cstr, sys } from './libc.js';
import { scratch } from './scratch.js';

const MFD_CLOEXEC = 1;

export function memfdWithContent(name: string, content: string | Uint8Array, cloexec: boolean): number {
  const fd = sys(libc.memfdCreate(cstr(name), cloexec ? MFD_CLOEXEC : 0));
  if (fd < 0) return fd;
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(scratch.size, bytes.length - at);
    scratch.u8.set(bytes.subarray(at, at + n), 0);
    const w = sys(libc.write(fd, scratch.addr, n));
    if (w <= 0) {
      libc.close(fd);
      return w < 0 ? w : -5;
    }
    at += w;
  }
  libc.lseek(fd, 0, 0);
  return fd;
}
