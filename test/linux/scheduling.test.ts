// Priorities, resource limits, CPU affinity, scheduling policies, prctl, mlock/mlockall and
// membarrier (test/guest/linux/sched.c) on every target: each value set is read back and takes
// effect on the host process that is the guest. Compared with the exact lines and with qemu-user's output.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import { guestProgram, LINUX_TARGETS, qemuTs, qemuUser } from './support.js';

/** The raw getrlimit's RLIM_INFINITY: MIPS o32 kept 0x7fffffff, other ABIs use ~0UL. */
function expected(wordBits: 32 | 64, o32: boolean): string[] {
  const infinity = o32 ? '0x7fffffff' : wordBits === 64 ? '0xffffffffffffffff' : '0xffffffff';
  return [
    'setpriority(PRIO_PROCESS, 0, 7) = 0',
    'getpriority(PRIO_PROCESS, 0) = 7',
    'raw getpriority = 13',
    'setpriority(42, 0, 1) = -1 EINVAL',
    'getpriority(PRIO_PROCESS, -5) = -1 ESRCH',
    'setrlimit(RLIMIT_NOFILE, 3) = 0',
    'RLIMIT_NOFILE cur 3 max same 1',
    'open with RLIMIT_NOFILE 3 = -1 EMFILE',
    'restore RLIMIT_NOFILE = 0',
    'open after restore: ok',
    'raw setrlimit(RLIMIT_CORE, 4096) = 0',
    'prlimit64 RLIMIT_CORE cur 4096',
    `RLIMIT_AS infinite: 1 raw getrlimit cur ${infinity}`,
    'raw setrlimit(RLIMIT_STACK, 8 MiB) = 0',
    'RLIMIT_STACK cur 8388608',
    'setrlimit(99) = -1 EINVAL',
    'sched_setaffinity({1}) = 0',
    'sched_getaffinity = 0',
    'affinity: count 1 cpu0 0 cpu1 1',
    'sched_getcpu = 1',
    'getcpu = 0',
    'getcpu: cpu 1 node 0',
    'raw sched_getaffinity returns a whole number of longs: 1',
    'sched_setaffinity({}) = -1 EINVAL',
    'raw sched_getaffinity(len 1) = -1 EINVAL',
    'sched_getscheduler = 0',
    'sched_get_priority_max(SCHED_FIFO) = 99',
    'sched_get_priority_min(SCHED_RR) = 1',
    'sched_get_priority_max(SCHED_OTHER) = 0',
    'sched_get_priority_max(42) = -1 EINVAL',
    'sched_setscheduler(SCHED_BATCH) = 0',
    'sched_getscheduler = 3',
    'sched_setscheduler(SCHED_FIFO, 200) = -1 EINVAL',
    'sched_setparam(5) = -1 EINVAL',
    'sched_getparam = 0',
    'sched_priority 0',
    'sched_setscheduler(SCHED_IDLE) = 0',
    'sched_getscheduler = 5',
    'sched_rr_get_interval = 0',
    'interval set: 1',
    'sched_setscheduler(SCHED_OTHER) = 0',
    'sched_yield = 0',
    'prctl(PR_SET_NAME) = 0',
    'prctl(PR_GET_NAME) = 0',
    'name: sched-test-name comm: sched-test-name',
    'prctl(PR_SET_DUMPABLE, 0) = 0',
    'prctl(PR_GET_DUMPABLE) = 0',
    'prctl(PR_SET_DUMPABLE, 1) = 0',
    'prctl(PR_SET_PDEATHSIG, SIGUSR1) = 0',
    'prctl(PR_GET_PDEATHSIG) = 0',
    'pdeathsig is SIGUSR1: 1',
    'personality(query) = 0',
    'mlock(1 page) = 0',
    'VmLck: 4 kB',
    'munlock = 0',
    'VmLck: 0 kB',
    'mlock(2 mapped pages) = 0',
    'VmLck: 8 kB',
    'munmap = 0',
    'VmLck: 0 kB',
    'mlockall(MCL_CURRENT) = 0',
    'VmLck above 1 MB: 1',
    'munlockall = 0',
    'VmLck: 0 kB',
    'mlockall(MCL_FUTURE) = 0',
    'mapped after MCL_FUTURE locked: 1',
    'munlockall = 0',
    'VmLck: 0 kB',
    'mlockall(MCL_ONFAULT) = -1 EINVAL',
    'mmap(MAP_LOCKED) ok 1',
    'VmLck: 12 kB',
    'VmLck: 0 kB',
    'mlock(unmapped) = -1 ENOMEM',
    'membarrier(QUERY) has PRIVATE_EXPEDITED = 1',
    'membarrier(PRIVATE_EXPEDITED) unregistered = -1 EPERM',
    'membarrier(REGISTER_PRIVATE_EXPEDITED) = 0',
    'membarrier(PRIVATE_EXPEDITED) = 0',
    '',
  ];
}

/** qemu-user 7.2 answers 0x7fffffff for RLIM_INFINITY on every MIPS ABI; the n64 kernel says ~0UL. */
const QEMU_N64_RLIMIT = /^RLIMIT_AS infinite: 1 raw getrlimit cur .*$/m;

describe('priorities, rlimits, affinity, scheduler, mlock, membarrier', () => {
  for (const { target } of LINUX_TARGETS) {
    test(`${target.name}: set, read back and in effect`, () => {
      assert.ok(availableParallelism() >= 2, 'this test pins the guest to CPU 1: the host needs 2 CPUs');
      const o32 = target.elf.mipsAbi === 'o32';
      const wordBits = target.elf.class;
      const args = [guestProgram('sched', { target })];
      const r = qemuTs(args, { target: target.name });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.deepEqual(r.stdout.split('\n'), expected(wordBits, o32));
      const ref = qemuUser(args, target);
      assert.ok(ref, `${target.qemuUser} is not installed: it is this test's reference`);
      assert.equal(ref.status, 0, ref.stderr);
      const n64 = target.elf.mipsAbi === 'n64';
      const comparable = (s: string) => (n64 ? s.replace(QEMU_N64_RLIMIT, '') : s);
      assert.equal(comparable(ref.stdout), comparable(r.stdout));
    });
  }
});
