// AArch64 Linux: asm-generic syscall numbers, generic errno/signal numbering, the arm64 struct
// layouts, and the arm64 signal frame.
import { AARCH64_HWCAP_NAMES, hwcapNames } from '../../elf/hwcap.js';
import { findTarget, type Target } from '../../targets.js';
import { GENERIC_SIGNALS } from '../signals/numbers.js';
import { GENERIC_SYSCALLS } from './generic-syscalls.js';
import { AARCH64_SIGRETURN_CODE, aarch64SignalFrame } from './aarch64-signal.js';
import { GENERIC_FCNTL } from './fcntl-generic.js';
import { GENERIC_IOCTLS } from './ioctl-generic.js';
import { ALIGNED_EPOLL_EVENT, GENERIC_FLOCK_64, GENERIC_MMAP_FLAGS, GENERIC_RLIMIT_RESOURCES, GENERIC_SA_FLAGS, GENERIC_SIGACTION_64, GENERIC_SIGPROCMASK_HOW, GENERIC_STACK_64, GENERIC_STAT_64, GENERIC_STATFS_64 } from './generic-structs.js';
import { GENERIC_SOCKETS_64 } from './socket-abi.js';
import { loadFrontendModule } from './load-frontend.js';
import { ARM_OPEN_FLAGS, openFlagTranslator } from './open-flags.js';
import type { Hwcaps, LinuxArch } from './types.js';
import { cpuCount } from '../host/cpus.js';

const TRAP_BRKPT = 1;
const ILL_ILLOPC = 1;

let hwcapsSeen: Hwcaps = { hwcap: 0n, hwcap2: 0n };

function cpuinfo(): string {
  const features = hwcapNames(AARCH64_HWCAP_NAMES, hwcapsSeen.hwcap).join(' ');
  let text = '';
  for (let i = 0; i < cpuCount(); i++) {
    text += `processor\t: ${i}\nBogoMIPS\t: 200.00\nFeatures\t: ${features}\n` +
      'CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 0\n\n';
  }
  return text;
}

export const aarch64Linux: LinuxArch = {
  target: findTarget('aarch64') as Target,
  async loadFrontend() {
    const mod = await loadFrontendModule('aarch64');
    if (!mod) return null;
    const caps = mod.aarch64Hwcaps() as { hwcap: number | bigint; hwcap2: number | bigint };
    hwcapsSeen = { hwcap: BigInt(caps.hwcap), hwcap2: BigInt(caps.hwcap2) };
    return { frontend: mod.aarch64Frontend, hwcaps: hwcapsSeen };
  },
  platform: 'aarch64',
  unameMachine: 'aarch64',
  syscallNames: GENERIC_SYSCALLS,
  syscall: { nr: 'x8', args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'], ret: 'x0' },
  guestErrno: (e) => e,
  signals: GENERIC_SIGNALS,
  structs: { stat: GENERIC_STAT_64, statfs: GENERIC_STATFS_64, sigaction: GENERIC_SIGACTION_64, flock: GENERIC_FLOCK_64, stack: GENERIC_STACK_64, epollEvent: ALIGNED_EPOLL_EVENT },
  sigsetBytes: 8,
  sigprocmaskHow: GENERIC_SIGPROCMASK_HOW,
  siginfoCodeOffset: 8,
  trapSignal: () => ({ name: 'SIGTRAP', code: TRAP_BRKPT }),
  illegalInstruction: (pc) => ({ code: ILL_ILLOPC, addr: pc }),
  fcntl: GENERIC_FCNTL,
  ioctls: GENERIC_IOCTLS,
  rlimit: { infinity: (1n << 64n) - 1n, resources: GENERIC_RLIMIT_RESOURCES },
  sockets: GENERIC_SOCKETS_64,
  openFlags: openFlagTranslator(ARM_OPEN_FLAGS),
  mmapFlags: GENERIC_MMAP_FLAGS,
  saFlags: GENERIC_SA_FLAGS,
  setInitialRegisters(t, sp, entry) {
    t.setNum('sp', sp);
    // x0 is the rtld_fini pointer for _start: none.
    t.setNum('x0', 0);
    t.pc = entry;
  },
  signalFrame: aarch64SignalFrame,
  sigreturnCode: AARCH64_SIGRETURN_CODE,
  minSigStackSize: 5120,
  cloneArgs: { stack: 1, ptid: 2, tls: 3, ctid: 4 },
  setTls: (t, tls) => t.set('tpidr_el0', BigInt.asUintN(64, BigInt(tls))),
  setSyscallResult: (t, v) => t.set('x0', BigInt.asUintN(64, BigInt(v))),
  cpuinfo,
};
