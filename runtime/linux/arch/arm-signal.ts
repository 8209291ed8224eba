// The ARM signal frames (arch/arm/kernel/signal.c). A handler with SA_SIGINFO gets struct
// rt_sigframe = siginfo (128 bytes) + struct sigframe; one without gets the bare struct sigframe
// and returns through sigreturn. struct sigframe = ucontext (uc_mcontext is struct sigcontext:
// trap_no, error_code, oldmask, r0-r10, fp, ip, sp, lr, pc, cpsr, fault_address; uc_regspace holds
// the VFP record and a terminating 0 word) + retcode[4]. Without SA_RESTORER the handler returns
// to the kernel's sigreturn code in the [sigpage]: the A32 or T32 snippet, as the handler's bit 0 says.
import type { StateLayout } from '../../arch/types.js';
import type { CpuThreadApi, GuestMemoryApi } from '../../core/api.js';
import { BadSignalFrame } from '../signals/bad-frame.js';
import type { SignalFrameOps, SignalFrameRequest } from './types.js';

const SIGINFO_SIZE = 128;
// struct ucontext
const UC_FLAGS = 0;
const UC_STACK = 8;
const UC_MCONTEXT = 20;
const UC_SIGMASK = 104;
const UC_REGSPACE = 232;
const UC_SIZE = 744;
// struct sigcontext, inside uc_mcontext
const SC_OLDMASK = 8;
const SC_R0 = 12;
const SC_CPSR = 76;
const SC_FAULT_ADDRESS = 80;
/** struct sigframe: the ucontext, then retcode[4]. */
const SIGFRAME_RETCODE = UC_SIZE;
const SIGFRAME_SIZE = UC_SIZE + 16;
const RT_SIGFRAME_SIZE = SIGINFO_SIZE + SIGFRAME_SIZE;

/** struct vfp_sigframe: magic, size, d0-d31, fpscr, then fpexc/fpinst/fpinst2; aligned to 8. */
export const VFP_MAGIC = 0x56465001;
export const VFP_STORAGE_SIZE = 0x120;
const VFP_FPREGS = 8;
const VFP_FPSCR = VFP_FPREGS + 32 * 8;
const VFP_FPEXC = VFP_FPSCR + 4;
/** FPEXC.EN: VFP enabled, as user space always sees it. */
const FPEXC_EN = 0x40000000;
/** The kernel clears FPSCR's vector length and stride for the handler (the PCS wants them 0). */
const FPSCR_LEN_STRIDE = 0x00370000;

/** The non-rt ucontext's uc_flags: a value sc.trap_no could never have. */
const LEGACY_UC_FLAGS = 0x5ac3c35a;

const SA_SIGINFO = 0x4;
const SA_RESTORER = 0x04000000;

const CPSR_T = 1 << 5;
const USR_MODE = 0x10;

/**
 * arch/arm/kernel/sigreturn_codes.S, word by word: per kind (sigreturn, then rt_sigreturn) an
 * A32 `mov r7, #nr; swi #(nr | 0x900000)` (the OABI number, so OABI kernels work too) and a T32
 * `movs r7, #nr; svc #0`. Snippet idx of a handler: (thumb << 1) + (SA_SIGINFO ? 3 : 0).
 */
export function armSigreturnCode(sigreturn: number, rtSigreturn: number): number[] {
  const arm = (nr: number) => [(0xe3a07000 | nr) >>> 0, (0xef900000 | nr) >>> 0];
  const thumb = (nr: number) => ((0xdf00 << 16) | 0x2700 | nr) >>> 0;
  return [...arm(sigreturn), thumb(sigreturn), ...arm(rtSigreturn), thumb(rtSigreturn)];
}

/** CPSR as the kernel saves it for user mode: NZCVQ, IT, GE, T and the USR mode bits. */
function cpsrOf(t: CpuThreadApi): number {
  const flag = (s: string, bit: number) => (t.getNum(s) !== 0 ? 1 << bit : 0);
  const it = t.getNum('itstate') & 0xff;
  return (flag('n', 31) | flag('z', 30) | flag('c', 29) | flag('v', 28) | flag('q', 27) | ((it & 3) << 25) |
    ((t.getNum('ge') & 0xf) << 16) | ((it >> 2) << 10) | (t.pc & 1 ? CPSR_T : 0) | USR_MODE) >>> 0;
}

/** Restores the flags, GE and IT state from a saved CPSR; returns its T bit. */
function setCpsr(t: CpuThreadApi, cpsr: number): number {
  t.setNum('n', (cpsr >>> 31) & 1);
  t.setNum('z', (cpsr >>> 30) & 1);
  t.setNum('c', (cpsr >>> 29) & 1);
  t.setNum('v', (cpsr >>> 28) & 1);
  t.setNum('q', (cpsr >>> 27) & 1);
  t.setNum('ge', (cpsr >>> 16) & 0xf);
  t.setNum('itstate', ((cpsr >>> 25) & 3) | (((cpsr >>> 10) & 0x3f) << 2));
  return cpsr & CPSR_T ? 1 : 0;
}

/** Exception entry and return clear the exclusive monitor: a STREX after a signal fails. */
function clearExclusiveMonitor(t: CpuThreadApi): void {
  t.setNum('excl_addr', -1);
}

/** uc_mcontext, uc_sigmask and uc_regspace of the ucontext at `uc` (the kernel's setup_sigframe). */
function saveContext(t: CpuThreadApi, mem: GuestMemoryApi, uc: number, mask: bigint, faultAddress: number): void {
  const sc = uc + UC_MCONTEXT;
  mem.write32(sc + SC_OLDMASK, Number(mask & 0xffffffffn));
  for (let i = 0; i < 15; i++) mem.write32(sc + SC_R0 + i * 4, t.getNum(`r${i}`) >>> 0);
  mem.write32(sc + SC_R0 + 15 * 4, (t.pc & ~1) >>> 0);
  mem.write32(sc + SC_CPSR, cpsrOf(t));
  mem.write32(sc + SC_FAULT_ADDRESS, faultAddress >>> 0);
  mem.write32(uc + UC_SIGMASK, Number(mask & 0xffffffffn));
  mem.write32(uc + UC_SIGMASK + 4, Number(mask >> 32n));
  const vfp = uc + UC_REGSPACE;
  mem.write32(vfp, VFP_MAGIC);
  mem.write32(vfp + 4, VFP_STORAGE_SIZE);
  for (let i = 0; i < 32; i++) mem.write64(vfp + VFP_FPREGS + i * 8, BigInt.asUintN(64, BigInt(t.get(`d${i}`))));
  mem.write32(vfp + VFP_FPSCR, t.getNum('fpscr') >>> 0);
  mem.write32(vfp + VFP_FPEXC, FPEXC_EN);
  // fpinst, fpinst2 and the end marker after the record stay 0 (the frame is zeroed).
}

/**
 * The kernel's restore_sigframe: registers, CPSR and VFP state; returns the saved mask. The frame
 * was put 8-aligned and always has its VFP record: a frame without is rejected (SIGSEGV).
 */
function restoreContext(t: CpuThreadApi, mem: GuestMemoryApi, uc: number): bigint {
  if (t.getNum('r13') & 7) throw new BadSignalFrame('sp is not 8-aligned');
  const vfp = uc + UC_REGSPACE;
  if (mem.read32(vfp) !== VFP_MAGIC || mem.read32(vfp + 4) !== VFP_STORAGE_SIZE) throw new BadSignalFrame('no VFP record');
  const sc = uc + UC_MCONTEXT;
  for (let i = 0; i < 15; i++) t.setNum(`r${i}`, mem.read32(sc + SC_R0 + i * 4) | 0);
  const pc = mem.read32(sc + SC_R0 + 15 * 4);
  const thumb = setCpsr(t, mem.read32(sc + SC_CPSR));
  t.pc = ((pc & ~1) | thumb) >>> 0;
  for (let i = 0; i < 32; i++) t.set(`d${i}`, mem.read64(vfp + VFP_FPREGS + i * 8));
  t.setNum('fpscr', mem.read32(vfp + VFP_FPSCR) | 0);
  clearExclusiveMonitor(t);
  return BigInt(mem.read32(uc + UC_SIGMASK)) | (BigInt(mem.read32(uc + UC_SIGMASK + 4)) << 32n);
}

export function armSignalFrame(codes: readonly number[]) {
  return (_layout: StateLayout): SignalFrameOps => ({
    stackPointer: (t) => t.getNum('r13') >>> 0,
    setStackPointer: (t, sp) => t.setNum('r13', sp | 0),

    setup(req: SignalFrameRequest): void {
      const { thread: t, mem } = req;
      const rt = (req.flags & SA_SIGINFO) !== 0;
      const size = rt ? RT_SIGFRAME_SIZE : SIGFRAME_SIZE;
      // ATPCS: the frame is 8-byte aligned.
      const frame = ((req.sp - size) & ~7) >>> 0;
      const sigframe = rt ? frame + SIGINFO_SIZE : frame;
      const uc = sigframe;
      mem.check(frame, size, 'write');
      mem.zero(frame, size);
      if (rt) mem.writeBytes(frame, req.siginfo);
      else mem.write32(uc + UC_FLAGS, LEGACY_UC_FLAGS);
      mem.write32(uc + UC_STACK, req.altstack.sp >>> 0);
      mem.write32(uc + UC_STACK + 4, req.altstack.flags);
      mem.write32(uc + UC_STACK + 8, req.altstack.size >>> 0);
      saveContext(t, mem, uc, req.savedMask, req.faultAddress ?? 0);

      const thumb = req.handler & 1;
      let retcode: number;
      if (req.flags & SA_RESTORER) retcode = req.restorer;
      else {
        const idx = (thumb << 1) + (rt ? 3 : 0);
        // The kernel also puts the snippet on the stack, as the ABI once required.
        mem.write32(sigframe + SIGFRAME_RETCODE, codes[idx]!);
        mem.write32(sigframe + SIGFRAME_RETCODE + 4, codes[idx + 1]!);
        retcode = req.trampoline + idx * 4 + thumb;
      }

      t.setNum('r0', req.sig);
      if (rt) {
        t.setNum('r1', frame);
        t.setNum('r2', uc);
      }
      t.setNum('r13', frame | 0);
      t.setNum('r14', retcode | 0);
      // The handler starts with NZCVQ and the IT state cleared (GE stays), in the state bit 0 of
      // its address selects; pc keeps that bit as the Thumb marker.
      for (const f of ['n', 'z', 'c', 'v', 'q', 'itstate']) t.setNum(f, 0);
      t.setNum('fpscr', t.getNum('fpscr') & ~FPSCR_LEN_STRIDE);
      t.pc = req.handler >>> 0;
      clearExclusiveMonitor(t);
    },

    // rt_sigreturn: sp points at the rt_sigframe, whose ucontext follows the siginfo.
    restore: (t, mem) => restoreContext(t, mem, (t.getNum('r13') >>> 0) + SIGINFO_SIZE),
    // sigreturn: sp points at the bare sigframe.
    restoreLegacy: (t, mem) => restoreContext(t, mem, t.getNum('r13') >>> 0),
  });
}
