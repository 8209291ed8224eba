// The ARM EABI Linux layer's data against the real thing: struct layouts and constants as
// arm-linux-gnueabihf-gcc compiles them (test/guest/linux/arm-layouts.c, run under qemu-arm),
// syscall numbers from the cross toolchain's <asm/unistd-eabi.h>, the sigreturn snippets as the
// cross assembler encodes the kernel's sigreturn_codes.S, and the signal frames read back at the
// compiler's offsets. None of it needs the ARM frontend.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { CpuThread } from '../../runtime/core/thread.js';
import { ARM, armState } from '../../runtime/frontend/arm/state.js';
import { armLinux } from '../../runtime/linux/arch/arm.js';
import { ARM_SYSCALLS } from '../../runtime/linux/arch/arm-syscalls.js';
import { VFP_MAGIC, VFP_STORAGE_SIZE } from '../../runtime/linux/arch/arm-signal.js';
import { loadFrontendModule } from '../../runtime/linux/arch/load-frontend.js';
import { loadFunctionTable, type ValueType } from '../../runtime/libnative/functions.js';
import { handlerNames } from '../../runtime/linux/syscalls/dispatch.js';
import { BadSignalFrame } from '../../runtime/linux/signals/bad-frame.js';
import { GENERIC_SIGNALS } from '../../runtime/linux/signals/numbers.js';
import { findTarget, type Target } from '../../runtime/targets.js';
import { guestProgram } from './support.js';

const arm = findTarget('arm') as Target;

/** "name value" lines of the layout probe. */
function compilerFacts(): Map<string, number> {
  const r = spawnSync(arm.qemuUser, [guestProgram('arm-layouts', { static: true, target: arm })], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const facts = new Map<string, number>();
  for (const line of r.stdout.trim().split('\n')) {
    const at = line.lastIndexOf(' ');
    facts.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return facts;
}

const facts = compilerFacts();
function fact(name: string): number {
  const v = facts.get(name);
  assert.notEqual(v, undefined, `the probe prints no ${name}`);
  return v!;
}

test('struct layouts are the compiler\'s', () => {
  const s = armLinux.structs;
  const check = (cname: string, layout: { size: number; fields: Readonly<Record<string, readonly [number, number]>> }, fields: Record<string, string>) => {
    assert.equal(layout.size, fact(cname), `sizeof(${cname})`);
    for (const [ours, theirs] of Object.entries(fields)) assert.equal(layout.fields[ours]![0], fact(`${cname}.${theirs}`), `${cname}.${theirs}`);
  };
  check('struct stat64', s.stat, {
    dev: 'st_dev', ino: 'st_ino', mode: 'st_mode', nlink: 'st_nlink', uid: 'st_uid', gid: 'st_gid', rdev: 'st_rdev', size: 'st_size',
    blksize: 'st_blksize', blocks: 'st_blocks', atime: 'st_atime', atime_nsec: 'st_atime_nsec', mtime: 'st_mtime',
    mtime_nsec: 'st_mtime_nsec', ctime: 'st_ctime', ctime_nsec: 'st_ctime_nsec',
  });
  assert.equal(s.stat.ino32?.[0], fact('struct stat64.__st_ino'));
  check('struct statfs64', s.statfs, {
    type: 'f_type', bsize: 'f_bsize', blocks: 'f_blocks', bfree: 'f_bfree', bavail: 'f_bavail', files: 'f_files', ffree: 'f_ffree',
    fsid0: 'f_fsid', namelen: 'f_namelen', frsize: 'f_frsize', flags: 'f_flags',
  });
  assert.equal(s.statfs.fields.fsid1[0], fact('struct statfs64.f_fsid') + 4);
  check('struct kernel_sigaction', s.sigaction, { handler: 'handler', flags: 'flags', restorer: 'restorer', mask: 'mask' });
  check('struct flock', s.flock, { type: 'l_type', whence: 'l_whence', start: 'l_start', len: 'l_len', pid: 'l_pid' });
  check('struct flock64', s.flock64!, { type: 'l_type', whence: 'l_whence', start: 'l_start', len: 'l_len', pid: 'l_pid' });
  check('stack_t', s.stack, { sp: 'ss_sp', flags: 'ss_flags', size: 'ss_size' });
  check('struct epoll_event', s.epollEvent, { events: 'events', data: 'data' });
});

test('fcntl, sigaction and signal-stack numbers are the compiler\'s', () => {
  for (const name of ['F_GETLK', 'F_SETLK', 'F_SETLKW', 'F_GETLK64', 'F_SETLK64', 'F_SETLKW64'] as const) assert.equal(armLinux.fcntl[name], fact(name), name);
  for (const name of ['SA_SIGINFO', 'SA_ONSTACK', 'SA_RESTART', 'SA_NODEFER', 'SA_RESETHAND'] as const) assert.equal(armLinux.saFlags[name] >>> 0, fact(name), name);
  assert.equal(armLinux.minSigStackSize, fact('MINSIGSTKSZ'));
  for (const name of ['breakpoint', 'cacheflush', 'usr26', 'usr32', 'set_tls', 'get_tls']) {
    assert.equal(ARM_SYSCALLS.get(fact(`__ARM_NR_${name}`)), name, name);
  }
});

/** The 16-bit uid calls ARM kept: our table names them with a 16 suffix. */
const UID16 = new Set(['lchown', 'setuid', 'getuid', 'setgid', 'getgid', 'geteuid', 'getegid', 'setreuid', 'setregid', 'getgroups',
  'setgroups', 'fchown', 'setfsuid', 'setfsgid', 'setresuid', 'getresuid', 'setresgid', 'getresgid', 'chown']);

test('syscall numbers are those of <asm/unistd-eabi.h>', () => {
  const header = readFileSync(`/usr/${arm.triple}/include/asm/unistd-eabi.h`, 'latin1');
  const numbers = new Map([...header.matchAll(/#define __NR_(\w+)\s+\(__NR_SYSCALL_BASE \+ (\d+)\)/g)].map((m) => [Number(m[2]), m[1]!]));
  assert.ok(numbers.size > 390);
  for (const [nr, name] of numbers) assert.equal(ARM_SYSCALLS.get(nr), UID16.has(name) ? `${name}16` : name, `number ${nr}`);
  // Beyond the header: the private calls and calls newer than the toolchain's kernel headers.
  const newer = new Map([[451, 'cachestat'], [452, 'fchmodat2']]);
  for (const [nr, name] of ARM_SYSCALLS) {
    if (nr >= 0x0f0000 || numbers.has(nr)) continue;
    assert.equal(newer.get(nr), name, `number ${nr} is not in the header`);
  }
});

test('every shape maps to a handler, or to none on purpose', () => {
  const known = new Set(handlerNames());
  for (const [name, shape] of Object.entries(armLinux.syscallShapes!)) {
    assert.ok(known.has(shape.handler) || shape.handler === '(old 32-bit layout)', `${name} -> ${shape.handler}`);
  }
  // What glibc relies on is served.
  for (const name of ['set_tls', 'cacheflush', 'vfork', 'ugetrlimit', 'getuid32', 'fstatat64', 'statfs64', '_llseek', 'mmap2', 'rt_sigreturn', 'sigreturn', 'clock_gettime64']) {
    const nr = [...ARM_SYSCALLS].find(([, n]) => n === name)?.[0];
    assert.notEqual(nr, undefined, name);
    assert.ok(known.has(armLinux.syscallShapes![name]?.handler ?? name), name);
  }
  // syscall(SYS_getuid) & co. reach the 16-bit calls (test/guest/linux/credentials.c's thread).
  for (const name of UID16) assert.ok(known.has(`${name}16`), `${name}16`);
});

test('errno and signal numbers are the generic ones', () => {
  assert.equal(armLinux.signals, GENERIC_SIGNALS);
  const header = readFileSync(`/usr/${arm.triple}/include/asm/errno.h`, 'latin1');
  assert.match(header, /#include <asm-generic\/errno.h>/);
  const signal = readFileSync(`/usr/${arm.triple}/include/asm/signal.h`, 'latin1');
  for (const [nr, name] of Object.entries(GENERIC_SIGNALS)) {
    const m = new RegExp(`#define ${name}\\s+(\\d+)`).exec(signal);
    if (m) assert.equal(Number(m[1]), Number(nr), name);
  }
});

test('the sigreturn snippets are the kernel\'s sigreturn_codes.S', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-arm-abi-'));
  try {
    const sigreturn = fact('__NR_sigreturn');
    const rt = fact('__NR_rt_sigreturn');
    writeFileSync(join(dir, 'codes.S'), [
      '.syntax unified', '.text',
      '.arm', `mov r7, #${sigreturn}`, `swi #${sigreturn | 0x900000}`,
      '.thumb', `movs r7, #${sigreturn}`, 'svc #0',
      '.arm', `mov r7, #${rt}`, `swi #${rt | 0x900000}`,
      '.thumb', `movs r7, #${rt}`, 'svc #0', '',
    ].join('\n'));
    execFileSync(`${arm.triple}-as`, ['-march=armv7-a', '-o', join(dir, 'codes.o'), join(dir, 'codes.S')]);
    execFileSync(`${arm.triple}-objcopy`, ['-O', 'binary', '-j', '.text', join(dir, 'codes.o'), join(dir, 'codes.bin')]);
    const bytes = readFileSync(join(dir, 'codes.bin'));
    const words = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readUInt32LE(i * 4));
    assert.deepEqual(armLinux.sigreturnCode, words);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// --- signal frames, read back at the compiler's offsets ---

const STACK_TOP = 0x70000;
const TRAMPOLINE = 0x50000;

function machine() {
  const mem = new GuestMemory(false);
  mem.setProt(0x60000, 0x10000, PROT_READ | PROT_WRITE);
  mem.setProt(0x80000, 0x1000, PROT_READ | PROT_WRITE);
  const slots = new Map(armState.slots.map((s) => [s.name, s]));
  const t = new CpuThread(mem, 0x80000, armState, slots);
  return { mem, t, ops: armLinux.signalFrame(armState) };
}

/** A thread inside a Thumb IT block with flags, GE, Q, D registers and FPSCR set. */
function busyThread(t: CpuThread): void {
  for (let i = 0; i < 13; i++) t.setNum(`r${i}`, 0x1000 + i);
  t.setNum('r13', STACK_TOP - 12);
  t.setNum('r14', 0x12345);
  t.pc = 0x10000 | 1;
  t.setNum('n', 1); t.setNum('z', 0); t.setNum('c', 1); t.setNum('v', 1); t.setNum('q', 1);
  t.setNum('ge', 0b1010);
  t.setNum('itstate', 0b10101101);
  t.setNum('fpscr', 0x03770000);
  t.setNum('excl_addr', 0x6000);
  for (let i = 0; i < 32; i++) t.set(`d${i}`, 0x0101010101010101n * BigInt(i + 1));
}

function snapshot(t: CpuThread): Uint8Array {
  // Everything but the exclusive monitor, which both directions clear.
  const bytes = new Uint8Array(t.state.buffer, t.state.byteOffset, ARM.size).slice();
  bytes.fill(0, ARM.exclAddr, ARM.exclAddr + 4);
  return bytes;
}

const SIGINFO = new Uint8Array(128).fill(0xa5);

function deliver(flags: number, handler: number, restorer = 0) {
  const m = machine();
  busyThread(m.t);
  const before = snapshot(m.t);
  m.ops.setup({
    thread: m.t, mem: m.mem, sig: 10, siginfo: SIGINFO, handler, flags, restorer, savedMask: 0x8000000100000004n,
    sp: m.t.getNum('r13'), altstack: { sp: 0x60000, flags: 2, size: 0x2000 }, trampoline: TRAMPOLINE, faultAddress: 0x4444,
  });
  return { ...m, before };
}

const SA_SIGINFO = 4;
const SA_RESTORER = 0x04000000;

test('an SA_SIGINFO frame: rt_sigframe read at the compiler\'s offsets, handler registers, rt_sigreturn', () => {
  const { mem, t, ops, before } = deliver(SA_SIGINFO, 0x20000);
  const frame = t.getNum('r13');
  assert.equal(frame % 8, 0);
  assert.ok(frame + 888 <= STACK_TOP - 12, 'the frame is below the old sp');
  const uc = frame + fact('siginfo_t');
  assert.deepEqual([t.getNum('r0'), t.getNum('r1'), t.getNum('r2')], [10, frame, uc]);
  assert.equal(t.pc, 0x20000, 'an A32 handler');
  assert.equal(t.getNum('r14'), TRAMPOLINE + 12, 'the A32 rt_sigreturn snippet');
  assert.deepEqual(['n', 'z', 'c', 'v', 'q', 'itstate'].map((f) => t.getNum(f)), [0, 0, 0, 0, 0, 0]);
  assert.equal(t.getNum('ge'), 0b1010, 'GE survives into the handler');
  assert.equal(t.getNum('fpscr'), 0x03400000, 'vector length and stride cleared');
  assert.equal(t.getNum('excl_addr'), 0xffffffff);
  assert.deepEqual(mem.readBytes(frame, 128), SIGINFO);

  const stack = uc + fact('ucontext_t.uc_stack');
  assert.deepEqual([mem.read32(stack + fact('stack_t.ss_sp')), mem.read32(stack + fact('stack_t.ss_flags')), mem.read32(stack + fact('stack_t.ss_size'))], [0x60000, 2, 0x2000]);
  assert.equal(mem.read32(uc + fact('ucontext_t.uc_flags')), 0);
  const sc = uc + fact('ucontext_t.uc_mcontext');
  const scw = (f: string) => mem.read32(sc + fact(`struct sigcontext.${f}`));
  assert.equal(scw('arm_r0'), 0x1000);
  assert.equal(scw('arm_r10'), 0x100a);
  assert.deepEqual([scw('arm_fp'), scw('arm_ip'), scw('arm_sp'), scw('arm_lr'), scw('arm_pc')], [0x100b, 0x100c, STACK_TOP - 12, 0x12345, 0x10000]);
  // N, C, V, Q; IT[1:0] = 01 at 26:25, IT[7:2] = 101011 at 15:10; GE at 19:16; T; USR mode.
  assert.equal(scw('arm_cpsr'), (0xb8000000 | (1 << 25) | (0b101011 << 10) | (0b1010 << 16) | 0x20 | 0x10) >>> 0);
  assert.equal(scw('oldmask'), 4);
  assert.equal(scw('fault_address'), 0x4444);
  assert.equal(mem.read64(uc + fact('ucontext_t.uc_sigmask')), 0x8000000100000004n);
  const vfp = uc + fact('ucontext_t.uc_regspace');
  assert.deepEqual([mem.read32(vfp), mem.read32(vfp + 4)], [VFP_MAGIC, VFP_STORAGE_SIZE]);
  assert.equal(mem.read64(vfp + 8 + 5 * 8), 0x0606060606060606n);
  assert.equal(mem.read32(vfp + 8 + 32 * 8), 0x03770000, 'fpscr as it was');
  assert.equal(mem.read32(vfp + 8 + 32 * 8 + 4), 0x40000000, 'fpexc: VFP enabled');
  assert.equal(mem.read32(vfp + VFP_STORAGE_SIZE), 0, 'the terminating record');
  assert.equal(mem.read32(uc + fact('ucontext_t')), armLinux.sigreturnCode[3], 'retcode on the stack');

  // The handler clobbers registers; rt_sigreturn (sp at the frame) brings everything back.
  for (let i = 0; i < 13; i++) t.setNum(`r${i}`, 0xdead);
  t.set('d7', 0n);
  t.setNum('fpscr', 0);
  t.pc = TRAMPOLINE + 16;
  assert.equal(ops.restore(t, mem), 0x8000000100000004n);
  assert.deepEqual(snapshot(t), before);
  assert.equal(t.getNum('excl_addr'), 0xffffffff);
});

test('a handler without SA_SIGINFO gets the bare sigframe and returns with sigreturn; a Thumb handler the T32 snippet', () => {
  const { mem, t, ops, before } = deliver(0, 0x20001);
  const frame = t.getNum('r13');
  assert.equal(frame % 8, 0);
  assert.equal(t.getNum('r0'), 10);
  assert.equal(t.getNum('r1'), 0x1001, 'r1 and r2 are left alone');
  assert.equal(t.pc, 0x20001, 'a Thumb handler');
  assert.equal(t.getNum('r14'), TRAMPOLINE + 8 + 1, 'the T32 sigreturn snippet, in Thumb state');
  assert.equal(mem.read32(frame + fact('ucontext_t.uc_flags')), 0x5ac3c35a);
  const sc = frame + fact('ucontext_t.uc_mcontext');
  assert.equal(mem.read32(sc + fact('struct sigcontext.arm_pc')), 0x10000);
  assert.deepEqual([mem.read32(frame + fact('ucontext_t')), mem.read32(frame + fact('ucontext_t') + 4)], armLinux.sigreturnCode.slice(2, 4));
  for (let i = 0; i < 13; i++) t.setNum(`r${i}`, 0);
  assert.equal(ops.restoreLegacy!(t, mem), 0x8000000100000004n);
  assert.deepEqual(snapshot(t), before);
});

test('with SA_RESTORER the handler returns to the restorer, in the state its bit 0 says', () => {
  const { t } = deliver(SA_SIGINFO | SA_RESTORER, 0x20000, 0x30001);
  assert.equal(t.getNum('r14'), 0x30001);
});

test('an A32 thread outside an IT block saves a CPSR with T clear', () => {
  const m = machine();
  busyThread(m.t);
  m.t.pc = 0x10004;
  m.t.setNum('itstate', 0);
  m.ops.setup({
    thread: m.t, mem: m.mem, sig: 11, siginfo: SIGINFO, handler: 0x20000, flags: SA_SIGINFO, restorer: 0, savedMask: 0n,
    sp: STACK_TOP, altstack: { sp: 0, flags: 2, size: 0 }, trampoline: TRAMPOLINE,
  });
  const uc = m.t.getNum('r2');
  const sc = uc + fact('ucontext_t.uc_mcontext');
  assert.equal(m.mem.read32(sc + fact('struct sigcontext.arm_cpsr')), (0xb8000000 | (0b1010 << 16) | 0x10) >>> 0);
  assert.equal(m.mem.read32(sc + fact('struct sigcontext.arm_pc')), 0x10004);
  m.ops.restore(m.t, m.mem);
  assert.equal(m.t.pc, 0x10004);
});

test('a frontend that does not exist loads as null (the launcher then says "not implemented yet")', async () => {
  assert.equal(await loadFrontendModule('no-such-isa'), null);
});

test('every libnative function fits AAPCS\'s r0-r3 with its result in r0 (no stack, pair or r0:r1 values)', () => {
  // The bypass reads the frontend's callConv (r0-r3, result r0): enough only while no function
  // takes more than four arguments or a 64-bit or floating-point value (an even/odd pair, VFP
  // registers) and none returns one (r0:r1). A function that does needs callConv to grow first.
  const inOneRegister = (t: ValueType) => t.kind === 'void' || t.kind === 'ptr' || (t.kind === 'int' && t.size !== 8);
  for (const fn of loadFunctionTable().functions) {
    assert.ok(fn.params.length <= 4, `${fn.name}: ${fn.params.length} arguments`);
    for (const p of fn.params) assert.ok(inOneRegister(p.type), `${fn.name}: ${p.cType}`);
    assert.ok(inOneRegister(fn.returns.type), `${fn.name} returns ${fn.returns.cType}`);
  }
});

test('sigreturn rejects a frame the kernel would (misaligned sp, no VFP record): BadSignalFrame, SIGSEGV for the guest', () => {
  const { mem, t, ops } = deliver(SA_SIGINFO, 0x20000);
  const frame = t.getNum('r13');
  t.setNum('r13', frame + 4);
  assert.throws(() => ops.restore(t, mem), BadSignalFrame);
  t.setNum('r13', frame);
  const vfp = t.getNum('r2') + fact('ucontext_t.uc_regspace');
  mem.write32(vfp, 0);
  assert.throws(() => ops.restore(t, mem), BadSignalFrame);
  mem.write32(vfp, VFP_MAGIC);
  assert.equal(ops.restore(t, mem), 0x8000000100000004n);
});
