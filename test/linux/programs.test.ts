// Guest C programs (test/guest/linux) under qemu-ts-aarch64, compared with what they must print.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { guestProgram, qemuTs, qemuTsArgs, qemuUser, root, SKIP_NO_GCC } from './support.js';

const opts = { skip: SKIP_NO_GCC };

test('hello, static and dynamic', opts, () => {
  for (const isStatic of [true, false]) {
    const r = qemuTs([guestProgram('hello', { static: isStatic })]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'Hello, world!\n');
    assert.equal(r.status, 0);
  }
  const r = qemuTs([guestProgram('hello'), 'one', 'two words']);
  assert.equal(r.stdout, 'Hello, world!\narg 1: one\narg 2: two words\n');
  assert.equal(r.status, 7);
  const viaLdso = qemuTs(['/lib/ld-linux-aarch64.so.1', guestProgram('hello'), 'x']);
  assert.equal(viaLdso.stdout, 'Hello, world!\narg 1: x\n');
  assert.equal(viaLdso.status, 7);
});

test('argv, -0, -E, -U and the auxiliary vector', opts, () => {
  const prog = guestProgram('startup');
  const r = qemuTs(['-0', 'renamed', '-E', 'QTS_TEST=hello world', '-U', 'QTS_GONE', prog, 'x'], { env: { ...process.env, QTS_GONE: 'here' } });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'argc=2', 'argv[0]=renamed', 'argv[1]=x', 'QTS_TEST=hello world', 'QTS_GONE=(unset)', 'pagesz=4096',
    'clktck=100', 'hwcap_fp=1', 'random=yes', 'platform=aarch64', 'execfn_matches=0', 'phdr=yes', 'secure=0', '',
  ].join('\n'));
  const plain = qemuTs([prog]);
  assert.match(plain.stdout, /^argv\[0\]=.*startup-linux$/m);
  assert.match(plain.stdout, /^execfn_matches=1$/m);
});

test('file I/O round trip in a temporary directory', opts, () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-linux-'));
  try {
    const r = qemuTs([guestProgram('fileio'), dir]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'read: line', 'size: 23 regular: 1 mode: 644', 'getlk: unlocked', 'cloexec: 0', 'append flag: 0',
      'link -> sub/moved.txt', 'lines: 3', 'size after append: 34', 'entry: moved.txt', 'access missing: -1', 'done', '',
    ].join('\n'));
    assert.equal(r.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const MEMORY_OUTPUT = [
  'zeroed: 1', 'maps: rw-p 4 pages', 'maps: r--p 1 pages', 'maps: rw-p 3 pages', 'still: hello mmap', 'mremap ok: 1',
  'fixed: 0x30000000', 'noreplace: EEXIST', 'dontneed zeroes: 1', 'brk grew: 1', 'done', '',
].join('\n');

test('mmap, mprotect, mremap, munmap, brk and /proc/self/maps', opts, () => {
  const prog = guestProgram('memory');
  const r = qemuTs([prog]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, MEMORY_OUTPUT);
  // qemu-user treats MAP_FIXED_NOREPLACE as a plain hint, so that line is the kernel's answer only.
  const ref = qemuUser([prog]);
  const withoutNoreplace = (s: string) => s.replace(/^noreplace: .*\n/m, '');
  if (ref) assert.equal(withoutNoreplace(ref.stdout), withoutNoreplace(MEMORY_OUTPUT));
});

test('signal handlers: SIGSEGV with si_addr, raise, blocking, SIGPIPE ignored', opts, () => {
  const r = qemuTs([guestProgram('signals')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'caught 11 (Segmentation fault) at (nil) code 1', 'caught 11 (Segmentation fault) at 0x1234 code 1',
    'usr1 handler ran: 1', 'blocked: 0', 'pending: 1', 'after unblock: 1', 'write to broken pipe: -1', 'done', '',
  ].join('\n'));
});

test('exit codes and deaths by signal', opts, () => {
  const prog = guestProgram('exitcodes');
  assert.equal(qemuTs([prog, 'exit', '42']).status, 42);
  assert.equal(qemuTs([prog]).status, 0);
  for (const [how, sig, num, text] of [['abort', 'SIGABRT', 6, 'Aborted'], ['segv', 'SIGSEGV', 11, 'Segmentation fault']] as const) {
    const r = qemuTs([prog, how]);
    assert.equal(r.signal, sig);
    assert.equal(r.stderr, `qemu: uncaught target signal ${num} (${text}) - core dumped\n`);
  }
  const term = qemuTs([prog, 'term']);
  assert.equal(term.signal, 'SIGTERM');
  assert.equal(term.stderr, '');
});

test('getrandom, clocks, cwd, uname, /proc/self/exe, /proc/cpuinfo', opts, () => {
  const r = qemuTs([guestProgram('misc')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'getrandom: 16 16 differ=1', 'slept >= 20ms: 1', 'realtime sane: 1', 'cwd: /tmp', 'uname: Linux aarch64',
    'getrlimit: 0', 'pid matches: 1', 'exe ends with misc: 1', 'cpuinfo processors > 0: 1', 'nprocs: 1', '',
  ].join('\n'));
});

test('fork, pipe, wait and execve of another guest program', opts, () => {
  const r = qemuTs([guestProgram('processes'), guestProgram('hello')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'read 20: hello from the child', 'waited: 1 exited: 1 code: 5', 'Hello, world!', 'arg 1: from-exec', 'exec child code: 7', '',
  ].join('\n'));
});

test('-strace logs syscalls in qemu style', opts, () => {
  const r = qemuTs(['-strace', guestProgram('hello', { static: true })]);
  assert.equal(r.stdout, 'Hello, world!\n');
  assert.match(r.stderr, /^\d+ write\(1,0x[0-9a-f]+,14\) = 14$/m);
  assert.match(r.stderr, /^\d+ exit_group\(0\)$/m);
});

const LIBNATIVE = join(root, 'build', 'aarch64', 'libnative.so');

test('--native-bypass makes the guest ld.so preload the library via /etc/ld.so.preload',
  { skip: SKIP_NO_GCC || (existsSync(LIBNATIVE) ? false : 'build/aarch64/libnative.so not built (npm run build:libnative)') }, () => {
  const r = qemuTs(['-strace', '--native-bypass', LIBNATIVE, guestProgram('hello')]);
  assert.equal(r.stdout, 'Hello, world!\n');
  assert.match(r.stderr, /openat\(-100,"\/etc\/ld\.so\.preload",0x80000,00\) = \d+$/m);
  assert.ok(r.stderr.includes(`openat(-100,${JSON.stringify(LIBNATIVE)},0x80000,00) = `), 'libnative.so opened by ld.so');
});

test('system() and popen() run a shell pipeline (host programs run natively)', opts, () => {
  const r = qemuTs([guestProgram('shell')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '3\nsystem status: 0\npopen: b\npopen: a\npclose: 0\n');
});

test('timers, SIGCHLD, sigsuspend, pause, waitid and sigtimedwait', opts, () => {
  const r = qemuTs([guestProgram('async-signals')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'setitimer: 1 disarmed: 1', 'pause interrupted: 2', 'timer_create: 0 signal: 1 value: 1234 disarmed: 1 delete: 0',
    'sigchld: 1 waitid: 0 signo: 17 code: 1 status: 9 pid: 1', 'killed child: code: 2 status: 15',
    'sigtimedwait: 1 pid: 1 then: -1', 'done', '',
  ].join('\n'));
  assert.equal(r.status, 0);
});

test('SIGINT from another process reaches the guest handler, then its default action', opts, async () => {
  const child = spawn(process.execPath, qemuTsArgs([guestProgram('async-signals'), 'wait-int']), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const seen = (line: string) => new Promise<void>((resolve) => {
    const check = () => out.includes(line) && (child.stdout.off('data', onData), resolve());
    const onData = (d: Buffer) => ((out += d.toString()), check());
    child.stdout.on('data', onData);
    check();
  });
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  await seen('ready\n');
  child.kill('SIGINT');
  await seen('ready again\n');
  child.kill('SIGINT');
  assert.equal(await exited, 'SIGINT');
  assert.equal(out, 'ready\ngot SIGINT 1\nready again\n');
});

test('sockets: socketpair, Unix stream server and client, datagrams, sendmsg/recvmsg with SCM_RIGHTS', opts, () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-sockets-'));
  try {
    const r = qemuTs([guestProgram('sockets'), dir]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'socketpair: 0 read: 4 ping', 'bind: 0 listen: 0', 'accepted: 1 family: 1 read: 12 hello server child: 0 name ok: 1',
      'recvfrom: 8 datagram', 'sendmsg: 9 recvmsg: 9 [two| parts] fd passed: 1 via passed fd',
      'setsockopt: 0 getsockopt: 0 len: 4', 'reuseaddr: 1', '',
    ].join('\n'));
    assert.equal(r.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
