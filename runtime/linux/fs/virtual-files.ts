// Files the guest must see differently from the host: its own /proc entries, and the faked
// /etc/ld.so.preload that makes the guest's ld.so preload libnative.so for --native-bypass.
import type { GuestProcess } from '../guest-process.js';

export type VirtualContent = string | Uint8Array;

/** The last path components of the files below (and of /proc/self/exe, see fs-path.ts). */
const VIRTUAL_NAMES = new Set(['maps', 'cmdline', 'auxv', 'exe', 'cpuinfo', 'ld.so.preload']);

export function virtualFileContent(p: GuestProcess, abs: string): VirtualContent | null {
  const self = selfPath(p, abs);
  switch (self) {
    case 'maps': return p.as.procMaps();
    case 'cmdline': return p.opts.argv.map((s) => s + '\0').join('');
    case 'auxv': return p.auxv;
    default: break;
  }
  if (abs === '/proc/cpuinfo') return p.arch.cpuinfo();
  if (abs === '/etc/ld.so.preload' && p.opts.nativeBypass) return `${p.opts.nativeBypass}\n`;
  return null;
}

/**
 * Whether a path could name a virtual file, by its last component: the cheap test that spares
 * most relative paths the look-up of their directory descriptor's path.
 */
export function mayBeVirtual(path: string): boolean {
  return VIRTUAL_NAMES.has(path.slice(path.lastIndexOf('/') + 1));
}

/** 'exe' for /proc/self/exe or /proc/<our pid>/exe, etc.; null for other paths. */
export function selfPath(p: GuestProcess, abs: string): string | null {
  const m = /^\/proc\/(self|\d+)\/([^/]+)$/.exec(abs);
  if (!m || (m[1] !== 'self' && Number(m[1]) !== p.pid)) return null;
  return m[2];
}
