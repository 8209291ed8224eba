// Guest threads (test/guest/linux/threads.c) under qemu-ts-aarch64: each part's output is what
// it must print, and where qemu-aarch64 is installed, also what qemu-user prints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guestProgram, qemuTs, qemuUser, SKIP_NO_GCC } from './support.js';

const opts = { skip: SKIP_NO_GCC };

const EXPECTED: Record<string, { stdout: string; status: number; reference?: boolean }> = {
  basic: {
    stdout: 'thread 0 returned 0\nthread 1 returned 1\nthread 2 returned 4\nthread 3 returned 1009\nmain tls: 7 main\nok\n',
    status: 0,
  },
  mutex: { stdout: 'counter: 400000\n', status: 0 },
  condvar: { stdout: 'consumed sum: 204002000\n', status: 0 },
  misc: {
    stdout: 'thread tid differs from pid: 1\ndetached thread ran: 1\nsignal 10 handled by the target thread: 1\n',
    status: 0,
  },
  exit: { stdout: 'thread calls exit(3)\n', status: 3 },
  'main-exit': { stdout: 'last thread still running after main\'s pthread_exit\n', status: 0 },
  sort: { stdout: 'sorted: 1 checksum: 3937576699943854423 min: 124 max: 16777146\n', status: 0 },
  smc: { stdout: 'code seen by the other thread: 1000002\nmmap, maps and malloc in a thread: 2\n', status: 0 },
  spawn: { stdout: 'system from a thread\nsystem status: 0\nSIGSEGV handled in the thread\n', status: 0 },
  // qemu-user 7.2 aborts in a child forked from a process with threads, so no reference here.
  fork: {
    stdout: 'child: thread in the child returned 36\nparent: child exited 4\nparent: thread returned 5\n',
    status: 0,
    reference: false,
  },
};

for (const [part, want] of Object.entries(EXPECTED)) {
  test(`threads: ${part}`, opts, () => {
    const prog = guestProgram('threads');
    const r = qemuTs([prog, part]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, want.stdout);
    assert.equal(r.status, want.status);
    const ref = want.reference === false ? null : qemuUser([prog, part]);
    if (ref) assert.deepEqual({ stdout: ref.stdout, status: ref.status }, { stdout: want.stdout, status: want.status });
  });
}
