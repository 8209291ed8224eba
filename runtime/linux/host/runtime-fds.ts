// Descriptors that belong to the runtime (Node's event loop, the -D log file) rather than to the
// guest. Guest and host share one descriptor space, so these are shielded from guest close().
import fs from 'node:fs';
import { libc } from './libc.js';

const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;
const runtimeFds = new Set<number>();

/**
 * Record the runtime's descriptors. Node marks every descriptor from 0 up to the first closed
 * one above 15 close-on-exec before any JavaScript runs (libuv's uv_disable_stdio_inheritance),
 * inherited ones included, so the flag alone cannot tell Node's own from the guest's. Whoever
 * exec'd us and knew which descriptors it passed on (a guest execve, the binfmt shim) says so in
 * `inherited`: those are the guest's, their close-on-exec marking is undone, and every other
 * close-on-exec descriptor is Node's. Without the list (started from a shell), descriptors above
 * stderr that Node marked are taken for its own: such a guest sees them, but its close() leaves
 * them open and its execve does not pass them on (docs/linux.md, "Inherited descriptors").
 */
export function scanRuntimeFds(inherited: readonly number[] | null): void {
  keepStdioOnExec();
  const guest = new Set(inherited ?? []);
  for (const fd of guest) libc.fcntlInt(fd, F_SETFD, 'int', 0);
  for (const fd of openFds()) {
    if (fd > 2 && !guest.has(fd) && (libc.fcntlInt(fd, F_GETFD) & FD_CLOEXEC) !== 0) runtimeFds.add(fd);
  }
}

/** Descriptors above stderr an execve would pass on now (not close-on-exec). */
export function inheritableFds(): number[] {
  return openFds().filter((fd) => fd > 2 && (libc.fcntlInt(fd, F_GETFD) & FD_CLOEXEC) === 0);
}

/** The guest's descriptors marked close-on-exec (the runtime's own are never the guest's). */
export function closeOnExecGuestFds(): number[] {
  return openFds().filter((fd) => !runtimeFds.has(fd) && (libc.fcntlInt(fd, F_GETFD) & FD_CLOEXEC) !== 0);
}

/** Open descriptors, without the one readdir itself holds while listing. */
function openFds(): number[] {
  return fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => libc.fcntlInt(fd, F_GETFD) >= 0);
}

/** Undoes Node's close-on-exec marking of stdin/stdout/stderr (uv_disable_stdio_inheritance). */
export function keepStdioOnExec(): void {
  for (let fd = 0; fd <= 2; fd++) libc.fcntlInt(fd, F_SETFD, 'int', 0);
}

export function addRuntimeFd(fd: number): void {
  runtimeFds.add(fd);
}

/** All of them, for a worker running a guest thread (it has its own copy of this module). */
export function runtimeFdList(): number[] {
  return [...runtimeFds];
}

/** A number the guest made its own (dup2 onto it). */
export function claimFd(fd: number): void {
  runtimeFds.delete(fd);
}

export function isRuntimeFd(fd: number): boolean {
  return runtimeFds.has(fd);
}
