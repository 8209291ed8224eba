// Guest threads (test/guest/linux/threads.c) under qemu-ts-<target> for every target with a Linux
// layer: each part's output is what it must print and what qemu-user prints (but for the
// exempted lines, each with its reason).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { aarch64, expectSameAsQemuUser, guestProgram, LINUX_TARGETS, qemuTs, type LineExemption, type TargetFacts } from './support.js';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';

type Expected = Record<string, { stdout: string; status: number; exemptLines?: LineExemption[] }>;

const EXPECTED: Expected = {
  basic: {
    stdout: 'thread 0 returned 0\nthread 1 returned 1\nthread 2 returned 4\nthread 3 returned 1009\nmain tls: 7 main\nok\n',
    status: 0,
  },
  mutex: { stdout: 'counter: 400000 atomic: 400000\n', status: 0 },
  condvar: { stdout: 'consumed sum: 204002000\n', status: 0 },
  misc: {
    stdout: 'thread tid differs from pid: 1\ndetached thread ran: 1\nsignal 10 handled by the target thread: 1\n'
      + 'nanosleep interrupted by a signal: 1\nprocess signal blocked by the sender taken by main: 1\n',
    status: 0,
  },
  exit: { stdout: 'thread calls exit(3)\n', status: 3 },
  'main-exit': { stdout: 'last thread still running after main\'s pthread_exit\n', status: 0 },
  sort: { stdout: 'sorted: 1 checksum: 3937576699943854423 min: 124 max: 16777146\n', status: 0 },
  smc: { stdout: 'code seen by the other thread: 1000002\nmmap, maps and malloc in a thread: 2\n', status: 0 },
  futex: {
    stdout: [
      'wait on another value: EAGAIN', 'relative timeout: ETIMEDOUT after >= 30 ms: 1', 'absolute timeout: ETIMEDOUT',
      'bad timeout: EINVAL', 'cmp_requeue on another value: EAGAIN', 'wake_op: 0 word2: 8',
      'wake returned <= 1: 1, waiter woke: 1', '',
    ].join('\n'),
    status: 0,
  },
  spawn: { stdout: 'system from a thread\nsystem status: 0\nSIGSEGV handled in the thread\n', status: 0 },
  // Every atomic instruction kind hammered by 4 threads at once: exact totals (AArch64: explicit
  // exclusives and LSE instructions; other targets: the compiler's atomics, LL/SC on MIPS).
  atomics: {
    stdout: 'mutex 100000 builtin 800000 exclusive 800000 ldadd 1600000 ldaddh 13568 cas 2400000 spinlock 800000 smax 799999\n',
    status: 0,
  },
  fork: {
    stdout: 'child: thread in the child returned 36\nparent: child exited 4\nparent: thread returned 5\n',
    status: 0,
    // qemu-user 7.2 fails an assertion in a child forked from a process with threads (its
    // plugin and TCG state): GLib's "Bail out!" lines go to stdout and the child exits 127.
    exemptLines: [{ pattern: /^(child: |parent: child exited |Bail out! )/, why: 'qemu-user aborts in a child forked from a threaded process' }],
  },
};

/** What differs between targets: SIGUSR1's number, and `long` sums on 32-bit ABIs. */
function expectedFor({ target, sigusr1 }: TargetFacts): Expected {
  const misc = EXPECTED.misc!.stdout.replace('signal 10 handled', `signal ${sigusr1} handled`);
  const sort = target.elf.class === 32 ? EXPECTED.sort!.stdout.replace('3937576699943854423', '2080514391') : EXPECTED.sort!.stdout;
  // Debian's qemu-user 7.2 applies FUTEX_WAKE_OP to the byte-swapped word on big-endian guests
  // (word2 comes out 0x03000005).
  const wakeOp: LineExemption = { pattern: /^wake_op: /, why: 'qemu-user applies FUTEX_WAKE_OP to the byte-swapped word on big-endian guests' };
  const futex = { ...EXPECTED.futex!, exemptLines: target.elf.endian === 'be' ? [wakeOp] : [] };
  return { ...EXPECTED, misc: { ...EXPECTED.misc!, stdout: misc }, sort: { ...EXPECTED.sort!, stdout: sort }, futex };
}

for (const facts of LINUX_TARGETS) {
  const { target } = facts;
  describe(target.name, () => {
    for (const [part, want] of Object.entries(expectedFor(facts))) {
      test(`threads: ${part}`, () => {
        const prog = guestProgram('threads', { target });
        const r = expectSameAsQemuUser(target, [prog, part], { exemptLines: want.exemptLines });
        assert.equal(r.stderr, '');
        assert.equal(r.stdout, want.stdout);
        assert.equal(r.status, want.status);
      });
    }
  });
}

// GNU sort from Debian's arm64 coreutils, in the Debian sysroot the tests share
// (scripts/lib/test-sysroots.ts): with --parallel=4 and more than 128 Ki lines it sorts in
// several threads.
test('GNU sort --parallel=4 sorts in threads like the host sort', () => {
  const sort = join(testSysroot(aarch64), 'usr', 'bin', 'sort');
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-sort-'));
  try {
    let x = 12345;
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      lines.push(`${x % 1000003} ${(x >>> 7).toString(36)}`);
    }
    const input = join(dir, 'input.txt');
    writeFileSync(input, lines.join('\n') + '\n');
    const env = { ...process.env, LC_ALL: 'C' };
    // The -strace log goes to a file: sort closes its stderr at the end.
    const log = join(dir, 'strace.log');
    const r = qemuTs(['-D', log, '-strace', sort, '--parallel=4', '-S', '64M', input], { env });
    const want = spawnSync('sort', [input], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    assert.equal(r.status, 0);
    assert.ok(r.stdout === want.stdout, 'sorted output equals the host sort');
    assert.match(readFileSync(log, 'utf8'), /^\d+ clone\(0x3d0f00,.*\) = \d+$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
