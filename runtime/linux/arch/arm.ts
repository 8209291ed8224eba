// ARM Linux, EABI (armhf): its own syscall numbering with r7 = number and r0-r6 arguments,
// 64-bit arguments in aligned register pairs, the generic errno/signal/flag numbering with
// 32-bit longs, ARM's struct layouts and signal frames. The frontend says which CPU features
// exist (its armHwcaps()).
import { ARM_HWCAP2_NAMES, ARM_HWCAP_NAMES, hwcapNames } from '../../elf/hwcap.js';
import { findTarget, type Target } from '../../targets.js';
import { cpuCount } from '../host/cpus.js';
import { GENERIC_SIGNALS } from '../signals/numbers.js';
import { ARM_SHAPES, ARM_SYSCALLS } from './arm-syscalls.js';
import { armSignalFrame, armSigreturnCode } from './arm-signal.js';
import { ARM_STRUCTS } from './arm-structs.js';
import { GENERIC_FCNTL_32 } from './fcntl-generic.js';
import { GENERIC_IOCTLS } from './ioctl-generic.js';
import { GENERIC_MMAP_FLAGS, GENERIC_RLIMIT_RESOURCES, GENERIC_SA_FLAGS, GENERIC_SIGPROCMASK_HOW } from './generic-structs.js';
import { loadFrontendModule } from './load-frontend.js';
import { ARM_OPEN_FLAGS, openFlagTranslator } from './open-flags.js';
import { GENERIC_SOCKETS_32 } from './socket-abi.js';
import type { Hwcaps, LinuxArch } from './types.js';

const TRAP_BRKPT = 1;
const ILL_ILLOPC = 1;

let hwcapsSeen: Hwcaps = { hwcap: 0n, hwcap2: 0n };

function syscallNumber(name: string): number {
  for (const [nr, n] of ARM_SYSCALLS) if (n === name) return nr;
  throw new Error(`arm has no syscall ${name}`);
}

const SIGRETURN_CODE = armSigreturnCode(syscallNumber('sigreturn'), syscallNumber('rt_sigreturn'));

/** The v7 format of arch/arm/kernel/setup.c c_show (a Cortex-A15, as qemu-arm's default CPU). */
function cpuinfo(): string {
  const features = [...hwcapNames(ARM_HWCAP_NAMES, hwcapsSeen.hwcap), ...hwcapNames(ARM_HWCAP2_NAMES, hwcapsSeen.hwcap2)].join(' ');
  let text = '';
  for (let i = 0; i < cpuCount(); i++) {
    text += `processor\t: ${i}\nmodel name\t: ARMv7 Processor rev 0 (v7l)\nBogoMIPS\t: 200.00\nFeatures\t: ${features} \n` +
      'CPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x0\nCPU part\t: 0xc0f\nCPU revision\t: 0\n\n';
  }
  return `${text}Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n`;
}

export const armLinux: LinuxArch = {
  target: findTarget('arm') as Target,
  async loadFrontend() {
    const mod = await loadFrontendModule('arm');
    if (!mod) return null;
    const caps = mod.armHwcaps() as { hwcap: number | bigint; hwcap2: number | bigint };
    hwcapsSeen = { hwcap: BigInt(caps.hwcap), hwcap2: BigInt(caps.hwcap2) };
    return { frontend: mod.armFrontend, hwcaps: hwcapsSeen };
  },
  platform: 'v7l',
  unameMachine: 'armv7l',
  syscallNames: ARM_SYSCALLS,
  syscall: { nr: 'r7', args: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'], ret: 'r0' },
  syscallShapes: ARM_SHAPES,
  // asm-generic errno and signal numbering (arch/arm/include/uapi/asm/{errno,signal}.h).
  guestErrno: (e) => e,
  signals: GENERIC_SIGNALS,
  structs: ARM_STRUCTS,
  sigsetBytes: 8,
  sigprocmaskHow: GENERIC_SIGPROCMASK_HOW,
  siginfoCodeOffset: 8,
  // BKPT (a prefetch abort "debug event") and the kernel's breakpoint UDF: SIGTRAP at the
  // instruction (the pc without the Thumb bit the translation key carries).
  trapSignal: (_info, t) => ({ name: 'SIGTRAP', code: TRAP_BRKPT, addr: (t.pc & ~1) >>> 0 }),
  // do_undefinstr: SIGILL, ILL_ILLOPC, si_addr = the instruction.
  illegalInstruction: (pc) => ({ code: ILL_ILLOPC, addr: (pc & ~1) >>> 0 }),
  fcntl: GENERIC_FCNTL_32,
  ioctls: GENERIC_IOCTLS,
  // ugetrlimit's struct rlimit of unsigned longs: RLIM_INFINITY is ~0UL.
  rlimit: { infinity: 0xffffffffn, resources: GENERIC_RLIMIT_RESOURCES },
  sockets: GENERIC_SOCKETS_32,
  openFlags: openFlagTranslator(ARM_OPEN_FLAGS),
  mmapFlags: GENERIC_MMAP_FLAGS,
  saFlags: GENERIC_SA_FLAGS,
  setInitialRegisters(t, sp, entry) {
    t.setNum('r13', sp | 0);
    // ELF_PLAT_INIT: r0 (rtld_fini for _start) is 0. Bit 0 of the entry selects Thumb, as in start_thread.
    t.setNum('r0', 0);
    t.pc = entry >>> 0;
  },
  signalFrame: armSignalFrame(SIGRETURN_CODE),
  sigreturnCode: SIGRETURN_CODE,
  minSigStackSize: 2048,
  // CLONE_BACKWARDS: clone(flags, stack, ptid, tls, ctid).
  cloneArgs: { stack: 1, ptid: 2, tls: 3, ctid: 4 },
  setTls: (t, tls) => t.setNum('tpidruro', Number(BigInt.asIntN(32, BigInt(tls)))),
  setSyscallResult: (t, v) => t.setNum('r0', v | 0),
  cpuinfo,
};
