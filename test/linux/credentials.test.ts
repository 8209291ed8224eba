// Credentials (test/guest/linux/credentials.c) on every target, run as root: set*id calls change
// the real process credentials, capget/capset see and change the thread's capabilities, a guest
// that drops to 65534 can no longer open a root-only file or become root again, and no host
// thread of qemu-ts keeps root. Compared with qemu-user line by line (but for the last:
// qemu-user's own helper thread keeps root) and with the exact lines.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { guestProgram, LINUX_TARGETS, qemuTs, qemuUser } from './support.js';

const EXPECTED = [
  'start: uid 0 euid 0 resuid 0 0 0 resgid 0 0 0',
  'root open root-only file: opened',
  'root: capget 0 effective some permitted some sys_admin 1 net_raw 1',
  'capset(without CAP_NET_RAW) = 0',
  'capget(bad version) = 0',
  "kernel's preferred version: 0x20080522",
  'root without net_raw: capget 0 effective some permitted some sys_admin 1 net_raw 0',
  'setgroups(2) = 0',
  'groups (2): 4242 4343',
  'setresgid(100, 200, 300) = 0',
  'resgid: uid 0 euid 0 resuid 0 0 0 resgid 100 200 300',
  'setregid(0, 0) = 0',
  'regid: uid 0 euid 0 resuid 0 0 0 resgid 0 0 0',
  'setresuid(1000, 0, 2000) = 0',
  'resuid: uid 1000 euid 0 resuid 1000 0 2000 resgid 0 0 0',
  'setfsuid(3000) = 0',
  'setfsuid(-1) = 3000',
  'setfsgid(3000) = 0',
  'setfsgid(-1) = 3000',
  'setresuid(0, 0, 0) = 0',
  'setreuid(-1, 1000) = 0',
  'reuid: uid 0 euid 1000 resuid 0 1000 1000 resgid 0 0 0',
  'euid 1000 open root-only file: EACCES',
  'setreuid(-1, 0) = 0',
  'reuid back: uid 0 euid 0 resuid 0 0 1000 resgid 0 0 0',
  'seteuid(65534) = 0',
  'euid 65534 open root-only file: EACCES',
  'seteuid(0) = 0',
  'seteuid back: uid 0 euid 0 resuid 0 0 1000 resgid 0 0 0',
  'setuid(0) = 0',
  'root again: uid 0 euid 0 resuid 0 0 0 resgid 0 0 0',
  'setgroups(0) = 0',
  'setgid(65534) = 0',
  'setuid(65534) = 0',
  'dropped: uid 65534 euid 65534 resuid 65534 65534 65534 resgid 65534 65534 65534',
  'dropped: capget 0 effective none permitted none sys_admin 0 net_raw 0',
  'groups (0):',
  'thread: uid 65534 euid 65534',
  'thread open root-only file: EACCES',
  'dropped open root-only file: EACCES',
  'setuid(0) = -1 EPERM',
  'setgid(0) = -1 EPERM',
  'seteuid(0) = -1 EPERM',
  'setresuid(-1, 0, -1) = -1 EPERM',
  'setgroups(1) = -1 EPERM',
  'setfsuid(0) = 65534',
  'setfsuid(-1) = 65534',
  'end: uid 65534 euid 65534 resuid 65534 65534 65534 resgid 65534 65534 65534',
];

const ROOT_TASKS = /^root tasks: (-?\d+)$/;

/** Everything but the last line, which must be the count of host tasks still holding uid 0. */
function split(stdout: string): { lines: string[]; rootTasks: number } {
  const lines = stdout.split('\n');
  assert.equal(lines.pop(), '', 'output ends with a newline');
  const m = ROOT_TASKS.exec(lines.pop() ?? '');
  assert.ok(m, `last line is the root task count:\n${stdout}`);
  return { lines, rootTasks: Number(m[1]) };
}

describe('credentials', () => {
  for (const { target } of LINUX_TARGETS) {
    test(`${target.name}: set*id change the process's credentials; dropped to 65534, root stays out`, () => {
      assert.equal(process.getuid?.(), 0, 'this test must run as root (the guest starts as root and drops its privileges)');
      const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-credentials-'));
      try {
        // The directory is open to everyone, so only the file's own mode keeps uid 65534 out.
        chmodSync(dir, 0o755);
        const file = join(dir, 'root-only');
        writeFileSync(file, 'secret\n', { mode: 0o600 });
        chmodSync(file, 0o600);
        const args = [guestProgram('credentials', { target }), file];
        const r = qemuTs(args, { target: target.name });
        assert.equal(r.stderr, '');
        assert.equal(r.status, 0);
        const got = split(r.stdout);
        assert.deepEqual(got.lines, EXPECTED);
        assert.equal(got.rootTasks, 0, 'a host thread of qemu-ts still has uid 0 after the guest dropped it');
        const ref = qemuUser(args, target);
        assert.ok(ref, `${target.qemuUser} is not installed: it is this test's reference`);
        assert.equal(ref.status, 0, ref.stderr);
        assert.deepEqual(split(ref.stdout).lines, got.lines);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
