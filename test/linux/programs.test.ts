// Guest C programs (test/guest/linux) under qemu-ts-<target> for every target with a Linux
// layer: stdout and exit status (or signal) are compared with Debian's qemu-user's on every run,
// but for the exempted lines (each with its reason), and with what the program must print.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import type { TargetName } from '../../runtime/targets.js';
import { expectSameAsQemuUser, guestProgram as build, LINUX_TARGETS, qemuTs, qemuTsCommand, root, type LineExemption, type QemuUserComparison, type TargetFacts } from './support.js';

/** `script -qec command` output with the terminal's CRLF line ends made LF. */
function underScript(command: readonly string[]): { stdout: string; status: number | null } {
  const cmd = command.map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`script(1) could not be run (apt-get install bsdutils): ${r.error.message}`);
  return { stdout: r.stdout.replace(/\r\n/g, '\n'), status: r.status };
}

// qemu-user without binfmt_misc cannot execve a guest program (the host kernel refuses the
// foreign ELF: "Exec format error", the child exits 127); qemu-ts runs it as a guest.
const GUEST_EXECVE: LineExemption = { pattern: /^(Hello, world!|arg 1: from-exec|exec child code: \d+)$/, why: 'qemu-user cannot execve a guest program' };

function programTests({ target, ldso, machine, platform, hwcapBit0, divZeroTraps }: TargetFacts): void {
  const guestProgram = (name: string, o: { static?: boolean } = {}) => build(name, { ...o, target });
  /** qemu-ts's result, checked to be qemu-user's. */
  const runBoth = (args: string[], o: QemuUserComparison = {}) => expectSameAsQemuUser(target, args, o);

  test('hello, static and dynamic', () => {
    for (const isStatic of [true, false]) {
      const r = runBoth([guestProgram('hello', { static: isStatic })]);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'Hello, world!\n');
      assert.equal(r.status, 0);
    }
    const r = runBoth([guestProgram('hello'), 'one', 'two words']);
    assert.equal(r.stdout, 'Hello, world!\narg 1: one\narg 2: two words\n');
    assert.equal(r.status, 7);
    // qemu-ts looks the program up under -L first (so the guest's ld.so is found), qemu-user takes
    // it as a host path.
    const viaLdso = runBoth([ldso, guestProgram('hello'), 'x'], { qemuUserArgs: [`/usr/${target.triple}${ldso}`, guestProgram('hello'), 'x'] });
    assert.equal(viaLdso.stdout, 'Hello, world!\narg 1: x\n');
    assert.equal(viaLdso.status, 7);
  });

  test('argv, -0, -E, -U and the auxiliary vector', () => {
    const prog = guestProgram('startup');
    // ARM's bit 0 is HWCAP_SWP, which qemu-user's Cortex-A15 advertises.
    const swp: LineExemption[] = target.name === 'arm' ? [{ pattern: /^hwcap_fp=/, why: 'qemu-user advertises HWCAP_SWP; Linux withdraws it on CPUs with LDREX/STREX (elf_hwcap_fixup)' }] : [];
    const r = runBoth(['-0', 'renamed', '-E', 'QTS_TEST=hello world', '-U', 'QTS_GONE', prog, 'x'], { env: { ...process.env, QTS_GONE: 'here' }, exemptLines: swp });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'argc=2', 'argv[0]=renamed', 'argv[1]=x', 'QTS_TEST=hello world', 'QTS_GONE=(unset)', 'pagesz=4096',
      'clktck=100', `hwcap_fp=${hwcapBit0}`, 'random=yes', `platform=${platform}`, 'execfn_matches=0', 'phdr=yes', 'secure=0', '',
    ].join('\n'));
    const plain = runBoth([prog], { exemptLines: swp });
    assert.match(plain.stdout, /^argv\[0\]=.*startup-linux$/m);
    assert.match(plain.stdout, /^execfn_matches=1$/m);
  });

  test('file I/O round trip in a temporary directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-linux-'));
    try {
      const r = runBoth([guestProgram('fileio'), dir]);
      assert.equal(r.stderr, '');
      // 32-bit programs built without large-file support get EOVERFLOW from readdir when the
      // file system's directory offsets need 64 bits (so does qemu-user): the entry line is optional.
      const stdout = target.elf.class === 32 ? r.stdout.replace(/^entry: .*\n/m, '') : r.stdout;
      assert.equal(stdout, [
        'read: line', 'size: 23 regular: 1 mode: 644', 'getlk: unlocked', 'cloexec: 0', 'append flag: 0',
        'link -> sub/moved.txt', 'lines: 3', 'size after append: 34', ...(target.elf.class === 64 ? ['entry: moved.txt'] : []),
        'access missing: -1', 'done', '',
      ].join('\n'));
      assert.equal(r.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('64-bit file offsets and timestamps (register pairs and *_time64 calls on 32-bit ABIs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-linux-'));
    try {
      const r = runBoth([guestProgram('largefile'), dir]);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, [
        'pwrite: 8', 'pread: 8 far away', 'seek end: 5368709131', 'ftruncate: 0', 'size: 6442450945', 'truncate: 0',
        'size: 4294967303', 'utimensat: 0', 'mtime: 1234567890.123456789', 'ppoll empty: 0', 'ppoll ready: 1 revents 1',
        'select: 1 1', '',
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

  test('mmap, mprotect, mremap, munmap, brk and /proc/self/maps', () => {
    // qemu-user treats MAP_FIXED_NOREPLACE as a plain hint, so that line is the kernel's answer only.
    const r = runBoth([guestProgram('memory')], { exemptLines: [{ pattern: /^noreplace: /, why: 'qemu-user ignores MAP_FIXED_NOREPLACE' }] });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, MEMORY_OUTPUT);
  });

  test('signal handlers: SIGSEGV with si_addr, raise, blocking, SIGPIPE ignored', () => {
    const r = runBoth([guestProgram('signals')]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'caught 11 (Segmentation fault) at (nil) code 1', 'caught 11 (Segmentation fault) at 0x1234 code 1',
      'usr1 handler ran: 1', 'blocked: 0', 'pending: 1', 'after unblock: 1', 'write to broken pipe: -1', 'done', '',
    ].join('\n'));
  });

  test('a handler changes the saved pc: rt_sigreturn resumes there with FP registers intact', () => {
    const r = runBoth([guestProgram('sigcontext')]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'handler: sig 11 addr 0x1234\nresumed: hits 1 d 2.5\n');
  });

  if (target.name === 'arm') {
    test('ARM without libc or VFP: Thumb entry, set_tls, cacheflush, signal frames through the sigreturn snippets, breakpoint, usr26/usr32, BKPT, a raw clone thread', () => {
      const prog = compileGuest(target, join(root, 'test', 'guest', 'linux', 'arm-bare.c'), { static: true, flags: ['-nostdlib', '-ffreestanding', '-fno-stack-protector'] });
      const flushChecks = { pattern: /^cacheflush, /, why: 'qemu-user treats cacheflush as a no-op; Linux checks flags (EINVAL), the range (EINVAL) and the pages (EFAULT)' };
      const usr26 = { pattern: /^usr/, why: 'qemu-user answers usr26/usr32 with ENOSYS; Linux raises SIGILL ILL_ILLTRP at the SVC (no 26-bit mode on v7) and returns 0' };
      const r = runBoth([prog], { exemptLines: [flushChecks, usr26] });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      const installed = 'rt_sigaction: 0';
      assert.equal(r.stdout, [
        'start', 'set_tls: 0', 'get_tls: 22136', 'TPIDRURO: 22136', '__kuser_get_tls: 22136', 'cacheflush: 0',
        'cacheflush, flags 1: -22', 'cacheflush, end before start: -22', 'cacheflush, unmapped: -14',
        installed, 'A32 SA_SIGINFO handler: sig 10', '  si_signo 10', '  ucontext after siginfo by 128', '  returns to A32 mov r7, #173', 'kill: 0',
        installed, 'T32 plain handler: sig 10', '  returns to T32 movs r7, #119', 'kill: 0',
        installed, 'SIGSEGV: sig 11', '  si_addr 4660', '  Thumb 0', 'r5 after the handler: 77',
        installed, 'SIGTRAP: sig 5', '  si_code 1', '  si_addr is the pc 1', 'breakpoint returned r0 42', installed,
        ...['usr26', 'usr32'].flatMap((call) => [
          'usr SIGILL: sig 4', 'usr SIGILL: si_code 4', 'usr SIGILL: si_addr is the SVC before the pc 1', `${call} returned r0 0`,
        ]),
        'SIGTRAP: sig 5', '  si_code 1', '  si_addr is the pc 1', 'after a T32 bkpt',
        'SIGTRAP: sig 5', '  si_code 1', '  si_addr is the pc 1', 'after an A32 bkpt',
        'thread: TPIDRURO 16962', 'thread: on its own stack 1', 'clone gave a thread id: 1', "thread gone, parent's TPIDRURO still 22136", 'done', '',
      ].join('\n'));
    });

    test('ARM: the 16-bit uid calls agree with their 32-bit successors, 0xffff keeps an id, ids above 0xffff read 65534', () => {
      const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-uid16-'));
      try {
        const r = runBoth([guestProgram('arm-uid16'), dir], {
          exemptLines: [{ pattern: /^fs[ug]id kept: /, why: "qemu-user's setfsuid16/setfsgid16(0xffff) set the id 65535 (no low2highuid); Linux keeps it" }],
        });
        assert.equal(r.stderr, '');
        assert.equal(r.status, 0);
        const root = process.getuid?.() === 0;
        assert.equal(r.stdout, [
          ...['getuid16', 'geteuid16', 'getgid16', 'getegid16'].map((c) => `${c} matches: 1`),
          'getresuid16 = 0', 'getresuid16 matches: 1', 'getresgid16 = 0', 'getresgid16 matches: 1',
          'getgroups16(0) matches: 1', 'getgroups16 list matches: 1', `setgroups16(same list) = ${root ? 0 : -1}`,
          'setuid16(uid) = 0', 'setgid16(gid) = 0', 'setreuid16(0xffff, 0xffff) = 0', 'setregid16(0xffff, 0xffff) = 0',
          'setresuid16(0xffff x3) = 0', 'setresgid16(0xffff x3) = 0',
          'chown16(file, 0xffff, 0xffff) = 0', 'chown16(file, uid, gid) = 0', 'lchown16(link, 0xffff, 0xffff) = 0',
          'fchown16(fd, 0xffff, 0xffff) = 0', 'chown16(missing) = -1 ENOENT',
          'setfsuid16(0xffff) is the euid: 1', 'setfsgid16(0xffff) is the egid: 1', 'fsuid kept: 1', 'fsgid kept: 1',
          ...(root
            ? ['getgid16 above 0xffff: 65534', 'getegid16 above 0xffff: 65534', 'getresgid16 above 0xffff = 0', '  65534 65534 65534']
            : ['not root: no ids above 0xffff']),
          '',
        ].join('\n'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('ARM: a misaligned LDREX/LDREXH/LDREXD/STREX is SIGBUS BUS_ADRALN at the instruction, other unaligned accesses work', () => {
      const r = runBoth([guestProgram('arm-unaligned')], {
        exemptLines: [
          { pattern: /^strexh? /, why: 'qemu-user compares the monitor address first and fails the STREX without a fault; the CPU checks alignment first' },
          { pattern: /^(ldrd|ldm) /, why: "qemu-user enforces LDRD/LDM's word alignment (SIGBUS); Linux's alignment handler emulates them on v6 and later" },
        ],
      });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      const bus = (what: string, at: number) => `${what} at +${at}: SIGBUS code 1, si_addr at +${at}, pc at the instruction 1`;
      assert.equal(r.stdout, [
        bus('ldrex a32', 1), bus('ldrex t32', 2), 'ldrex t32 at +4: 0x322b241d', bus('ldrexh t32', 3), 'ldrexh t32 at +6: 0x0000322b',
        bus('ldrexd a32', 4), 'ldrexd a32 at +8: 0x4e474039', bus('strex a32', 2), bus('strexh t32', 1),
        'ldr t32 at +1: 0x1d160f08', 'ldrh a32 at +3: 0x00001d16', 'str a32 at +5: 0x11223344',
        'ldrd a32 at +6: 0x1c446c74', 'ldm t32 at +7: 0x241c446c', '',
      ].join('\n'));
    });

    test('ARM: rt and plain signal frames, the sigreturn snippets by handler state, set_tls, cacheflush, breakpoint', () => {
      const r = runBoth([guestProgram('arm-signals')], {
        exemptLines: [
          { pattern: /^segv: uc_flags .* fault_address /, why: 'qemu-user writes 0 to sigcontext.fault_address; Linux writes the faulting address' },
          { pattern: /^cacheflush with flags: /, why: 'qemu-user treats cacheflush as a no-op; Linux answers EINVAL for flags other than 0' },
        ],
      });
      assert.equal(r.stderr, '');
      const back = 'back: 12345';
      assert.equal(r.stdout, [
        'A32 SA_SIGINFO: returns to A32 mov r7, #173', 'A32 SA_SIGINFO: sig 12', back,
        'T32 SA_SIGINFO: returns to T32 movs r7, #173', 'T32 SA_SIGINFO: sig 12', back,
        'A32 plain: returns to A32 mov r7, #119', 'A32 plain: sig 12', back,
        'T32 plain: returns to T32 movs r7, #119', 'T32 plain: sig 12', back,
        'segv: sig 11 addr 0x1234, ucontext 128 bytes after siginfo, mode 0x10, A32',
        'segv: uc_flags 0 uc_link (nil) fault_address 0x1234',
        'segv: vfp record magic ok size 0x120, end 0', 'segv: d9 1.5', 'after A32 fault: d9 6.25',
        'segv: sig 11 addr 0x2468, ucontext 128 bytes after siginfo, mode 0x10, Thumb',
        'segv: uc_flags 0 uc_link (nil) fault_address 0x2468',
        'segv: vfp record magic ok size 0x120, end 0', 'segv: d9 2.5', 'after T32 fault: d9 6.25',
        'set_tls: 0, get_tls gives it back: 1', 'cacheflush: 0', 'cacheflush with flags: -1 Invalid argument',
        'breakpoint: sig 5 code 1, si_addr is the pc 1', 'after breakpoint: trapped 1', '',
      ].join('\n'));
    });
  }

  test('exit codes and deaths by signal', () => {
    const prog = guestProgram('exitcodes');
    assert.equal(runBoth([prog, 'exit', '42']).status, 42);
    assert.equal(runBoth([prog]).status, 0);
    for (const [how, sig, num, text] of [['abort', 'SIGABRT', 6, 'Aborted'], ['segv', 'SIGSEGV', 11, 'Segmentation fault']] as const) {
      const r = runBoth([prog, how]);
      assert.equal(r.signal, sig);
      assert.equal(r.stderr, `qemu: uncaught target signal ${num} (${text}) - core dumped\n`);
    }
    const term = runBoth([prog, 'term']);
    assert.equal(term.signal, 'SIGTERM');
    assert.equal(term.stderr, '');
    // Linux's do_trap_or_bp turns trap code 7 (BRK_DIVZERO) into SIGFPE/FPE_INTDIV; Debian's
    // qemu-user 7.2 raises SIGTRAP for `teq ..., 7` instead.
    const mipsTrap = divZeroTraps && target.elf.mipsAbi !== null;
    const div = runBoth([prog, 'divzero'], mipsTrap ? { exemptEnd: { qemuUser: 'SIGTRAP', why: 'qemu-user raises SIGTRAP for the divide-by-zero trap' } } : {});
    if (divZeroTraps) {
      assert.equal(div.signal, 'SIGFPE');
      assert.equal(div.stderr, 'qemu: uncaught target signal 8 (Floating point exception) - core dumped\n');
    } else {
      assert.equal(div.status, 0);
    }
  });

  test('getrandom, clocks, cwd, uname, /proc/self/exe, /proc/cpuinfo', () => {
    const r = runBoth([guestProgram('misc')]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'getrandom: 16 16 differ=1', 'slept >= 20ms: 1', 'realtime sane: 1', 'cwd: /tmp', `uname: Linux ${machine}`,
      'getrlimit: 0', 'pid matches: 1', 'exe ends with misc: 1', 'cpuinfo processors > 0: 1', 'nprocs: 1', '',
    ].join('\n'));
  });

  test('fork, pipe, wait and execve of another guest program', () => {
    const r = runBoth([guestProgram('processes'), guestProgram('hello')], { exemptLines: [GUEST_EXECVE] });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'read 20: hello from the child', 'waited: 1 exited: 1 code: 5', 'Hello, world!', 'arg 1: from-exec', 'exec child code: 7', '',
    ].join('\n'));
  });

  test('descriptors across execve: kept ones arrive without close-on-exec and close for real', () => {
    // fd 9 stands for one the caller passed down (a jobserver pipe, say): Node marks it
    // close-on-exec before the launcher runs, so the exec'er names it, as the binfmt shim does.
    const devNull = openSync('/dev/null', 'r');
    try {
      const [node, ...args] = qemuTsCommand(target.name);
      const r = spawnSync(node!, [...args, '--inherited-fds', '9', guestProgram('inherit-fds'), '9'], {
        encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', devNull],
      });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, [
        'from runner: open, close-on-exec 0', 'from runner: close 0, then EBADF',
        'kept: open, close-on-exec 0', 'kept: close 0, then EBADF', 'cloexec: not inherited', '',
      ].join('\n'));
      assert.equal(r.status, 0);
    } finally {
      closeSync(devNull);
    }
  });

  // qemu-user without binfmt_misc cannot execve a guest program: checked against what Linux does.
  test('execve in-process: what is kept and what is replaced, failures, fork+exec loops, memory, threads (re-launch)', () => {
    const prog = guestProgram('exec-image');
    const run = (...args: string[]) => {
      const r = qemuTs([prog, ...args], { target: target.name });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      return r.stdout;
    };
    const image = (pending: boolean) => [
      'argc 4 argv[1] child envp yes only 1', 'AT_EXECFN is the path given: 1', '/proc/self/exe is the program: 1',
      '/proc/self/cmdline is argv: 1', 'comm is the program\'s name: 1', 'fd without close-on-exec: open', 'fd with close-on-exec: closed',
      'SIGUSR1 (was caught): default', 'SIGTERM (was caught, SA_RESTART): default',
      ...(pending ? ['SIGUSR2 (was ignored): ignored', 'mask kept: SIGWINCH 1 SIGUSR1 0', 'pending SIGWINCH kept: 1'] : []),
      'alternate stack disabled: 1', 'old mapping gone: 1', 'new heap: 1',
    ];
    assert.equal(run(), [
      'missing file: ENOENT', 'text file: ENOEXEC', 'directory: EACCES', 'not executable: EACCES', 'old image intact: 42 caught 1',
      ...image(true), '',
    ].join('\n'));
    assert.equal(run('loop'), 'loop: 20 children exited, statuses sum to 190\n');
    assert.equal(run('chain', '4', '0'), 'chain: 4 images of 128 MiB each, resident memory grew by less than one: 1\n');
    assert.equal(run('threads'), [...image(false), ''].join('\n'));
  });

  test('-strace logs syscalls in qemu style', () => {
    const r = runBoth(['-strace', guestProgram('hello', { static: true })]);
    assert.equal(r.stdout, 'Hello, world!\n');
    assert.match(r.stderr, /^\d+ write\(1,0x[0-9a-f]+,14\) = 14$/m);
    assert.match(r.stderr, /^\d+ exit_group\(0\)$/m);
  });

  test('--native-bypass makes the guest ld.so preload the library via /etc/ld.so.preload', async () => {
    const libnative = await buildLibnative(target);
    const r = runBoth([guestProgram('hello')], { qemuTsOptions: ['-strace', '--native-bypass', libnative] });
    assert.equal(r.stdout, 'Hello, world!\n');
    assert.match(r.stderr, /openat\(-100,"\/etc\/ld\.so\.preload",0x[0-9a-f]+,00\) = \d+$/m);
    assert.match(r.stderr, new RegExp(`openat\\(-100,${JSON.stringify(libnative).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},0x[0-9a-f]+,00\\) = \\d+$`, 'm'), 'libnative.so opened by ld.so');
  });

  test('terminal attributes on a pseudo-terminal (script(1))', () => {
    const prog = guestProgram('terminal');
    const r = underScript([...qemuTsCommand(target.name), prog]);
    const ref = underScript([target.qemuUser, '-L', `/usr/${target.triple}`, prog]);
    assert.deepEqual(r, ref, 'the same as qemu-user');
    assert.equal(r.stdout, [
      'isatty: 1', 'echo 1 icanon 1 iexten 1 vmin 1 veof 4 vintr 3', 'after: echo 0 icanon 0 tostop 1 iexten 1 vmin 3 vtime 7', '',
    ].join('\n'));
    assert.equal(r.status, 0);
  });

  test('system() and popen() run a shell pipeline (host programs run natively)', () => {
    const r = runBoth([guestProgram('shell')]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '3\nsystem status: 0\npopen: b\npopen: a\npclose: 0\n');
  });
}

for (const facts of LINUX_TARGETS) describe(facts.target.name, () => programTests(facts));

/** Runs `command` (a guest that waits for SIGINT twice), interrupting it twice: its output and death. */
async function interruptedTwice(command: readonly string[]): Promise<{ out: string; signal: string | null }> {
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
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
  return { signal: await exited, out };
}

/**
 * Known gaps of qemu-ts's Linux layer, by program and target, with the reason (docs/linux.md,
 * "Not supported yet"). The program still runs on those targets, with a shorter time limit, and
 * must differ from qemu-user: once it matches, its test fails so that the gap is taken off here.
 */
const KNOWN_GAPS: readonly { program: string; targets: readonly TargetName[]; why: string }[] = [];

function knownGap(program: string, target: TargetName): QemuUserComparison | null {
  const gap = KNOWN_GAPS.find((g) => g.program === program && g.targets.includes(target));
  return gap ? { knownGap: gap.why, timeout: 30_000 } : null;
}

// Asynchronous signals, timers and sockets.
function asyncTests({ target, sigchld }: TargetFacts): void {
  const guestProgram = (name: string) => build(name, { target });
  test('timers, SIGCHLD, sigsuspend, pause, waitid and sigtimedwait', () => {
    const r = expectSameAsQemuUser(target, [guestProgram('async-signals')]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'setitimer: 1 disarmed: 1', 'pause interrupted: 2', 'busy loop interrupted: 3', 'timer_create: 0 signal: 1 value: 1234 disarmed: 1 delete: 0',
      `sigchld: 1 waitid: 0 signo: ${sigchld} code: 1 status: 9 pid: 1`, 'killed child: code: 2 status: 15',
      'sigtimedwait: 1 pid: 1 then: -1', 'done', '',
    ].join('\n'));
    assert.equal(r.status, 0);
  });

  test('SIGINT from another process reaches the guest handler, then its default action', async () => {
    const prog = guestProgram('async-signals');
    const got = await interruptedTwice([...qemuTsCommand(target.name), prog, 'wait-int']);
    const ref = await interruptedTwice([target.qemuUser, '-L', `/usr/${target.triple}`, prog, 'wait-int']);
    assert.deepEqual(got, ref, 'the same as qemu-user');
    assert.deepEqual(got, { signal: 'SIGINT', out: 'ready\ngot SIGINT 1\nready again\n' });
  });

  test('SIGINT from another process reaches a guest looping without system calls', async () => {
    const prog = guestProgram('async-signals');
    for (const tier of [[], ['--jit-threshold', '1000000000']]) {
      const got = await interruptedTwice([...qemuTsCommand(target.name), ...tier, prog, 'busy-int']);
      assert.deepEqual(got, { signal: 'SIGINT', out: 'ready\ngot SIGINT 1\nready again\n' }, tier.join(' '));
    }
    const ref = await interruptedTwice([target.qemuUser, '-L', `/usr/${target.triple}`, prog, 'busy-int']);
    assert.deepEqual(ref, { signal: 'SIGINT', out: 'ready\ngot SIGINT 1\nready again\n' }, 'qemu-user');
  });

  test('sockets: socketpair, Unix stream server and client, datagrams, sendmsg/recvmsg with SCM_RIGHTS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-sockets-'));
    try {
      const gap = knownGap('sockets', target.name);
      const r = expectSameAsQemuUser(target, [guestProgram('sockets'), dir], gap ?? {});
      if (gap) return; // checked to differ from qemu-user, as a known gap must
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, [
        'socketpair: 0 read: 4 ping', 'bind: 0 listen: 0', 'accepted: 1 family: 1 read: 12 hello server child: 0 name ok: 1 cloexec: 1 eof: 0', 'accept without a client: -1 EAGAIN: 1',
        'recvfrom: 8 datagram', 'sendmsg: 9 recvmsg: 9 [two| parts] fd passed: 1 via passed fd',
        'setsockopt: 0 getsockopt: 0 len: 4', 'reuseaddr: 1', '',
      ].join('\n'));
      assert.equal(r.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const facts of LINUX_TARGETS) describe(`${facts.target.name} signals, timers, sockets`, () => asyncTests(facts));
