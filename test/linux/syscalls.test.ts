// The syscall probe programs (test/guest/linux/fsops.c, timeops.c, ...) on every target: between
// them they run every syscall handler of runtime/linux/syscalls (npm run syscall-coverage shows
// which are left). Each run must print exactly what qemu-user prints, byte for byte (structures
// are printed as hex), exit the same way, and its lines other than the hex dumps must be exactly
// the ones in test/guest/linux/<program>.expected. Lines starting "linux: " are results where
// qemu-user 7.2 differs from Linux (sysprobe.h): they are checked against .expected only.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { guestProgram, LINUX_TARGETS, qemuTs, qemuUser, root, type TargetFacts } from './support.js';

/** The tags an .expected line may carry: the line is printed only on those targets. */
function tagsOf(t: TargetFacts): Set<string> {
  const { class: bits, mipsAbi } = t.target.elf;
  const tags = new Set([t.target.name, bits === 64 ? '64' : '32']);
  if (mipsAbi) tags.add('mips').add(mipsAbi);
  return tags;
}

/** test/guest/linux/<name>.expected for one target: `[tag] line` lines only where the tag applies. */
function expectedLines(name: string, t: TargetFacts): string[] {
  const tags = tagsOf(t);
  const text = readFileSync(join(root, 'test', 'guest', 'linux', `${name}.expected`), 'utf8');
  return text.split('\n').filter(Boolean).flatMap((line) => {
    const m = /^\[(\w+)\] (.*)$/.exec(line);
    if (!m) return [line];
    return tags.has(m[1]) ? [m[2]] : [];
  });
}

/** Run a probe under qemu-ts and qemu-user (each in a fresh directory, given as argv[1]). */
function compare(name: string, t: TargetFacts): void {
  const prog = guestProgram(name, { target: t.target });
  const dirs = [mkdtempSync(join(tmpdir(), 'qemu-ts-probe-')), mkdtempSync(join(tmpdir(), 'qemu-ts-probe-ref-'))];
  try {
    const ours = qemuTs([prog, dirs[0]], { target: t.target.name });
    const ref = qemuUser([prog, dirs[1]], t.target);
    assert.ok(ref !== null, `${t.target.qemuUser} (Debian's qemu-user) is needed as the reference and is not installed`);
    assert.equal(ours.stderr, '');
    const comparable = (out: string) => out.split('\n').filter((l) => !l.startsWith('linux: ')).join('\n');
    assert.equal(comparable(ours.stdout), comparable(ref.stdout), `${name} on ${t.target.name}: output differs from qemu-user's`);
    assert.equal(ours.status, ref.status);
    assert.equal(ours.signal, ref.signal);
    const lines = ours.stdout.split('\n').filter((l) => l && !l.startsWith('hex '));
    assert.deepEqual(lines, expectedLines(name, t));
    assert.equal(ours.status, 0);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const PROBES: readonly [name: string, what: string][] = [
  ['fsops', 'file system calls: vectored and positioned I/O, descriptors, *at calls, timestamps, stat/statx/statfs bytes'],
  ['xattrs', 'extended attributes by path, through links and by descriptor'],
  ['memops-sys', 'mmap, mprotect and its SIGSEGV, munmap, mremap, madvise, msync, mlock, brk'],
  ['timeops', 'clocks, sleeps (interrupted too), interval and POSIX timers, times, getrusage, poll and select'],
  ['eventops', 'epoll (level, edge, one-shot, exclusive, masks, threads), eventfd, timerfd, signalfd, inotify, pidfd_open, capabilities, membarrier, prctl'],
  ['procops', 'uname, sysinfo, ids and sessions, signal actions, masks, waits and the alternate stack, fork, wait, exec, threads'],
];

for (const t of LINUX_TARGETS) {
  describe(`syscall probes on ${t.target.name}`, () => {
    for (const [name, what] of PROBES) test(`${name}: ${what}`, () => compare(name, t));
  });
}
