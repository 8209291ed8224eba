// Descriptors whose read()/write() bytes are kernel structures the guest sees in its own layout,
// the way qemu-user's fd_trans table does: eventfd and timerfd counters (a u64 in guest byte
// order), inotify events (u32 fields), and signalfd, which is emulated (signalfd.ts). Only
// descriptors that need a translation on this target are recorded, so the plain read/write
// paths of little-endian guests only ever see an empty table.
//
// The table is per agent (the main thread and each thread worker have their own copy) and
// dup/dup2/dup3/F_DUPFD copy entries, close forgets them. In a process with threads, an 8-byte
// read or write of a descriptor another thread made (libuv's worker threads wake the loop
// through its eventfd) is recognised by its /proc/self/fd link instead.
import { readlinkSync } from 'node:fs';
import type { GuestProcess } from '../guest-process.js';

export type FdKind =
  | { kind: 'counter' }
  | { kind: 'inotify' }
  | { kind: 'signalfd'; mask: bigint; /** The host eventfd behind it holds 1: a matching signal is pending. */ ready: boolean };

const kinds = new Map<number, FdKind>();

export function setFdKind(fd: number, k: FdKind): void {
  kinds.set(fd, k);
}

export function fdKind(fd: number): FdKind | undefined {
  return kinds.size === 0 ? undefined : kinds.get(fd);
}

const COUNTER: FdKind = { kind: 'counter' };
const COUNTER_LINKS = new Set(['anon_inode:[eventfd]', 'anon_inode:[timerfd]']);

/** The kind of `fd` for a read or write of `len` bytes, including counters of other threads. */
export function fdKindFor(p: GuestProcess, fd: number, len: number): FdKind | undefined {
  const k = fdKind(fd);
  if (k || len !== 8 || !p.threads || !p.mem.bigEndian) return k;
  try {
    return COUNTER_LINKS.has(readlinkSync(`/proc/self/fd/${fd}`)) ? COUNTER : undefined;
  } catch {
    return undefined;
  }
}

/** After close(fd) (or dup2 onto it). */
export function forgetFd(fd: number): void {
  if (kinds.size !== 0) kinds.delete(fd);
}

/** After a successful dup of `from` to `to`. */
export function copyFdKind(from: number, to: number): void {
  if (kinds.size === 0) return;
  const k = kinds.get(from);
  if (k) kinds.set(to, k.kind === 'signalfd' ? k : { ...k });
  else kinds.delete(to);
}

/** The signalfds of this agent, with their descriptors. */
export function signalfds(): [number, Extract<FdKind, { kind: 'signalfd' }>][] {
  const out: [number, Extract<FdKind, { kind: 'signalfd' }>][] = [];
  for (const [fd, k] of kinds) if (k.kind === 'signalfd') out.push([fd, k]);
  return out;
}
