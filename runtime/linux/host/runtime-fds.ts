// Descriptors that belong to the runtime (Node's event loop, the -D log file) rather than to the
// guest. Guest and host share one descriptor space, so these are shielded from guest close().
import fs from 'node:fs';
import { libc } from './libc.js';

const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;
const runtimeFds = new Set<number>();

/**
 * Record the runtime's descriptors: at start-up everything above stderr that is close-on-exec
 * is Node's own (descriptors inherited from a guest parent are not close-on-exec). Node marks
 * stdin/stdout/stderr close-on-exec too; they are the guest's, so that is undone.
 */
export function scanRuntimeFds(): void {
  keepStdioOnExec();
  for (const name of fs.readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd > 2 && (libc.fcntlInt(fd, F_GETFD) & FD_CLOEXEC) !== 0) runtimeFds.add(fd);
  }
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

export function isRuntimeFd(fd: number): boolean {
  return runtimeFds.has(fd);
}
