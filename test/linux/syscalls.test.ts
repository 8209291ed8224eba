// The syscall probe programs (test/guest/linux/fsops.c, timeops.c, ...) on every target: between
// them they run every syscall handler of runtime/linux/syscalls (npm run syscall-coverage shows
// which are left). Each run must print exactly what qemu-user prints, byte for byte (structures
// are printed as hex), exit the same way, and its lines other than the hex dumps must be exactly
// the ones in test/guest/linux/<program>.expected. Lines starting "linux: " are results where
// qemu-user 7.2 differs from Linux (sysprobe.h): they are checked against .expected only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { guestProgram, LINUX_TARGETS, qemuTs, qemuUser, root, type TargetFacts } from './support.js';

/** The tags an .expected line may carry: the line is printed only on those targets. */
function tagsOf(t: TargetFacts, sysroot: boolean): Set<string> {
  const { class: bits, mipsAbi } = t.target.elf;
  const tags = new Set([t.target.name, bits === 64 ? '64' : '32']);
  if (mipsAbi) tags.add('mips').add(mipsAbi);
  if (sysroot) tags.add('sysroot');
  return tags;
}

/**
 * test/guest/linux/<name>.expected for one target: `[tag] line` or `[tag,tag...] line` lines only
 * where one of the tags applies.
 */
function expectedLines(name: string, t: TargetFacts, sysroot: boolean): string[] {
  const tags = tagsOf(t, sysroot);
  const text = readFileSync(join(root, 'test', 'guest', 'linux', `${name}.expected`), 'utf8');
  return text.split('\n').filter(Boolean).flatMap((line) => {
    const m = /^\[([\w,]+)\] (.*)$/.exec(line);
    if (!m) return [line];
    return m[1]!.split(',').some((tag) => tags.has(tag)) ? [m[2]!] : [];
  });
}

/** An absolute directory that exists only under the -L prefix of a sysroot run. */
const ONLY_IN_SYSROOT = '/qemu-ts-probe-only-in-sysroot';

/**
 * Run a probe under qemu-ts and qemu-user (each in a fresh directory, given as argv[1]). With
 * `sysroot`, the probe is the static build, run with -L a directory holding ONLY_IN_SYSROOT/file
 * and given ONLY_IN_SYSROOT as argv[2]; the .expected lines tagged [sysroot] are its own.
 */
function compare(name: string, t: TargetFacts, sysroot = false): void {
  const prog = guestProgram(name, { target: t.target, static: sysroot });
  const dirs = [mkdtempSync(join(tmpdir(), 'qemu-ts-probe-')), mkdtempSync(join(tmpdir(), 'qemu-ts-probe-ref-'))];
  const root = mkdtempSync(join(tmpdir(), 'qemu-ts-probe-root-'));
  mkdirSync(join(root, ONLY_IN_SYSROOT));
  writeFileSync(join(root, ONLY_IN_SYSROOT, 'file'), 'x');
  // The last -L wins, for qemu-user (which is given its cross sysroot first) as for qemu-ts.
  const args = (dir: string) => (sysroot ? ['-L', root, prog, dir, ONLY_IN_SYSROOT] : [prog, dir]);
  try {
    const ours = qemuTs(args(dirs[0]), { target: t.target.name });
    const ref = qemuUser(args(dirs[1]), t.target);
    assert.ok(ref !== null, `${t.target.qemuUser} (Debian's qemu-user) is needed as the reference and is not installed`);
    assert.equal(ours.stderr, '');
    const comparable = (out: string) => out.split('\n').filter((l) => !l.startsWith('linux: ')).join('\n');
    assert.equal(comparable(ours.stdout), comparable(ref.stdout), `${name} on ${t.target.name}: output differs from qemu-user's`);
    assert.equal(ours.status, ref.status);
    assert.equal(ours.signal, ref.signal);
    const lines = ours.stdout.split('\n').filter((l) => l && !l.startsWith('hex '));
    assert.deepEqual(lines, expectedLines(name, t, sysroot));
    assert.equal(ours.status, 0);
  } finally {
    for (const d of [...dirs, root]) rmSync(d, { recursive: true, force: true });
  }
}

const PROBES: readonly [name: string, what: string][] = [
  ['fsops', 'file system calls: vectored and positioned I/O, descriptors, *at calls, timestamps, stat/statx/statfs bytes'],
  ['atops', 'the *at calls with every kind of directory descriptor, AT_EMPTY_PATH, the symlink flags, NULL paths, bad flags'],
  ['xattrs', 'extended attributes by path, through links and by descriptor'],
  ['memops-sys', 'mmap, mprotect and its SIGSEGV, munmap, mremap, madvise, msync, mlock, brk'],
  ['addrspace', 'a 64 GiB reservation (256 MiB on 32-bit targets): its faults, mprotect, munmap, MAP_FIXED and MAP_FIXED_NOREPLACE inside it, hints, /proc/self/maps'],
  ['timeops', 'clocks, sleeps (interrupted too), interval and POSIX timers, times, getrusage, poll and select'],
  ['eventops', 'epoll (level, edge, one-shot, exclusive, masks, threads), eventfd, timerfd, signalfd, inotify, pidfd_open, capabilities, membarrier, prctl'],
  ['procops', 'uname, sysinfo, ids and sessions, signal actions, masks, waits and the alternate stack, fork, wait, exec, threads'],
];

for (const t of LINUX_TARGETS) {
  describe(`syscall probes on ${t.target.name}`, () => {
    for (const [name, what] of PROBES) test(`${name}: ${what}`, () => compare(name, t));
    test('atops under -L: absolute paths through the prefix whatever the descriptor, /proc/self/exe, /proc/self/fd/N', () => compare('atops', t, true));
  });
}
