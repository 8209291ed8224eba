// MIPS Linux, four targets from one description: o32 (mips, mipsel) and n64 (mips64, mips64el).
// Byte order comes from the frontend and guest memory; the tables are shared.
import { findTarget, type Target, type TargetName } from '../../targets.js';
import type { SignalName } from '../signals/numbers.js';
import { SI_KERNEL } from '../signals/raise.js';
import { cpuCount } from '../host/cpus.js';
import { loadFrontendModule } from './load-frontend.js';
import { MIPS_FCNTL, MIPS_IOCTLS, MIPS_MMAP_FLAGS, MIPS_O32_FCNTL, MIPS_RLIMIT_RESOURCES, MIPS_SA_FLAGS, MIPS_SI_CODES, MIPS_SIGNALS, MIPS_SIGPROCMASK_HOW, mipsErrno } from './mips-numbers.js';
import { mipsSignalFrame, mipsSigreturnCode } from './mips-signal.js';
import { MIPS_N64_STRUCTS, MIPS_O32_STRUCTS } from './mips-structs.js';
import { MIPS_N64_SHAPES, MIPS_N64_SYSCALLS, MIPS_O32_SHAPES, MIPS_O32_SYSCALLS } from './mips-syscalls.js';
import { MIPS_N64_SOCKETS, MIPS_O32_SOCKETS } from './socket-abi.js';
import { MIPS_OPEN_FLAGS, openFlagTranslator } from './open-flags.js';
import type { CpuThreadApi } from '../../core/api.js';
import type { LinuxArch, SyscallAbi } from './types.js';

/** Linux's break/trap codes (asm/break.h) that mean something other than a breakpoint. */
const BRK_OVERFLOW = 6;
const BRK_DIVZERO = 7;
const FPE_INTDIV = 1;
const FPE_INTOVF = 2;
const TRAP_BRKPT = 1;
/** The frontend's exit for an enabled FPU exception (TRAP_FPE in runtime/frontend/mips/traps.ts). */
const TRAP_FPE = 1 << 20;
/**
 * si_code by FCSR Cause bit, first match wins: V, Z, O, U, I (FPE_FLTINV, FLTDIV, FLTOVF, FLTUND,
 * FLTRES); the unimplemented-operation cause alone gives FPE_FLTUNK. qemu-user's order and values.
 */
const FPE_BY_CAUSE: readonly [number, number][] = [[16, 7], [8, 3], [4, 4], [2, 5], [1, 6]];
const FPE_FLTUNK = 14;

function fpeCode(fcsr: number): number {
  const cause = (fcsr >>> 12) & 0x3f;
  return FPE_BY_CAUSE.find(([bit]) => cause & bit)?.[1] ?? FPE_FLTUNK;
}

function trapSignal(code: number, t: CpuThreadApi): { name: SignalName; code: number } {
  if (code === TRAP_FPE) return { name: 'SIGFPE', code: fpeCode(t.getNum('fcsr')) };
  if (code === BRK_OVERFLOW) return { name: 'SIGFPE', code: FPE_INTOVF };
  if (code === BRK_DIVZERO) return { name: 'SIGFPE', code: FPE_INTDIV };
  return { name: 'SIGTRAP', code: TRAP_BRKPT };
}

const V0 = 'r2';
const V1 = 'r3';
const A3 = 'r7';
const SP = 'r29';

/** o32: $a0-$a3, arguments 5-8 at sp+16 (the caller's argument save area is below them). */
const O32_SYSCALL: SyscallAbi = {
  nr: V0, args: ['r4', 'r5', 'r6', 'r7'], stackArgs: { sp: SP, offset: 16, count: 4 },
  ret: V0, ret2: V1, errorFlag: A3, clear: ['ll_valid'],
};

/** n64: $a0-$a5. */
const N64_SYSCALL: SyscallAbi = {
  nr: V0, args: ['r4', 'r5', 'r6', 'r7', 'r8', 'r9'], ret: V0, ret2: V1, errorFlag: A3, clear: ['ll_valid'],
};

function cpuinfo(wordBits: 32 | 64): string {
  const isa = wordBits === 64 ? 'mips1 mips2 mips3 mips4 mips5 mips32r1 mips32r2 mips64r1 mips64r2' : 'mips1 mips2 mips32r1 mips32r2';
  const model = wordBits === 64 ? 'MIPS 5KEc V0.0  FPU V0.0' : 'MIPS 24Kf V0.0  FPU V0.0';
  let text = 'system type\t\t: qemu-ts\nmachine\t\t\t: Unknown\n';
  for (let i = 0; i < cpuCount(); i++) {
    text += `processor\t\t: ${i}\ncpu model\t\t: ${model}\nBogoMIPS\t\t: 200.00\n` +
      `isa\t\t\t: ${isa}\nASEs implemented\t:\nshadow register sets\t: 1\n\n`;
  }
  return text;
}

function mipsLinux(name: TargetName): LinuxArch {
  const target = findTarget(name) as Target;
  const o32 = target.elf.mipsAbi === 'o32';
  const wordBits = o32 ? 32 : 64;
  const syscallNames = o32 ? MIPS_O32_SYSCALLS : MIPS_N64_SYSCALLS;
  const rtSigreturn = [...syscallNames].find(([, n]) => n === 'rt_sigreturn')![0];
  const setWord = (v: number | bigint) => (wordBits === 64 ? BigInt.asUintN(64, BigInt(v)) : Number(BigInt.asIntN(32, BigInt(v))));
  return {
    target,
    async loadFrontend() {
      const mod = await loadFrontendModule('mips');
      if (!mod) return null;
      // MIPS32r2/MIPS64r2 user space: no AT_HWCAP bits (they describe R6, MSA, CRC32... only).
      return { frontend: mod[`${name}Frontend`], hwcaps: { hwcap: 0n, hwcap2: 0n } };
    },
    platform: null,
    unameMachine: o32 ? 'mips' : 'mips64',
    syscallNames,
    syscall: o32 ? O32_SYSCALL : N64_SYSCALL,
    syscallShapes: o32 ? MIPS_O32_SHAPES : MIPS_N64_SHAPES,
    guestErrno: mipsErrno,
    signals: MIPS_SIGNALS,
    structs: o32 ? MIPS_O32_STRUCTS : MIPS_N64_STRUCTS,
    sigsetBytes: 16,
    sigprocmaskHow: MIPS_SIGPROCMASK_HOW,
    siginfoCodeOffset: 4,
    siCodes: MIPS_SI_CODES,
    trapSignal,
    illegalInstruction: () => ({ code: SI_KERNEL, addr: 0 }),
    fcntl: o32 ? MIPS_O32_FCNTL : MIPS_FCNTL,
    ioctls: MIPS_IOCTLS,
    // o32 kept RLIM_INFINITY = 0x7fffffff for struct rlimit (asm/resource.h).
    rlimit: { infinity: o32 ? 0x7fffffffn : (1n << 64n) - 1n, resources: MIPS_RLIMIT_RESOURCES },
    sockets: o32 ? MIPS_O32_SOCKETS : MIPS_N64_SOCKETS,
    openFlags: openFlagTranslator(MIPS_OPEN_FLAGS),
    mmapFlags: MIPS_MMAP_FLAGS,
    saFlags: MIPS_SA_FLAGS,
    setInitialRegisters(t, sp, entry) {
      t.set(SP, setWord(sp));
      // $v0 is the rtld_fini pointer for __start (none); $t9 the entry for PIC start code.
      t.set(V0, setWord(0));
      t.set('r25', setWord(entry));
      t.pc = entry;
    },
    signalFrame: mipsSignalFrame(wordBits),
    sigreturnCode: mipsSigreturnCode(rtSigreturn),
    minSigStackSize: 2048,
    // MIPS uses the CLONE_BACKWARDS order: clone(flags, stack, ptid, tls, ctid).
    cloneArgs: { stack: 1, ptid: 2, tls: 3, ctid: 4 },
    setTls: (t, tls) => t.set('ulr', setWord(tls)),
    setSyscallResult: (t, v) => {
      t.set(V0, setWord(v));
      t.set(A3, setWord(0));
    },
    cpuinfo: () => cpuinfo(wordBits),
  };
}

export const mipsLinuxArches = {
  mips: mipsLinux('mips'),
  mipsel: mipsLinux('mipsel'),
  mips64: mipsLinux('mips64'),
  mips64el: mipsLinux('mips64el'),
};
