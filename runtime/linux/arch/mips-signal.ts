// The MIPS signal frame (arch/mips/kernel/signal.c): struct rt_sigframe = 4 argument-save words
// + 2 padding words, siginfo (128 bytes), then the ucontext whose uc_mcontext is the ABI's
// struct sigcontext (o32: 64-bit register slots after regmask/status/pc; n64: registers first,
// pc after hi/lo) and whose uc_sigmask (128-bit) comes last. The handler returns through the
// `li v0, rt_sigreturn; syscall` trampoline (MIPS has no SA_RESTORER).
import type { StateLayout } from '../../arch/types.js';
import type { CpuThreadApi, GuestMemoryApi } from '../../core/api.js';
import type { SignalFrameOps, SignalFrameRequest } from './types.js';
import { slotOffset } from './state-slots.js';

const SIGINFO = 24;
const UC = SIGINFO + 128;
const SIGSET_BYTES = 16;

interface SigcontextLayout {
  /** uc_stack inside the ucontext: sp, size, flags. */
  stack: readonly [sp: number, size: number, flags: number];
  /** uc_mcontext inside the ucontext. */
  mcontext: number;
  /** Offsets inside struct sigcontext. */
  pc: number;
  regs: number;
  fpregs: number;
  fcsr: number;
  usedMath: number;
  hi: number;
  lo: number;
  size: number;
}

const O32: SigcontextLayout = {
  stack: [8, 12, 16], mcontext: 24, pc: 8, regs: 16, fpregs: 272, fcsr: 532, usedMath: 540, hi: 552, lo: 560, size: 592,
};
const N64: SigcontextLayout = {
  stack: [16, 24, 32], mcontext: 40, regs: 0, fpregs: 256, hi: 512, lo: 544, pc: 576, fcsr: 584, usedMath: 588, size: 600,
};

/** `addiu $v0, $zero, nr; syscall`. */
export function mipsSigreturnCode(rtSigreturn: number): number[] {
  return [0x24020000 | rtSigreturn, 0x0000000c];
}

export function mipsSignalFrame(wordBits: 32 | 64) {
  const sc = wordBits === 64 ? N64 : O32;
  // o32 runs with FR=0 and n64 with FR=1 (runtime/frontend/mips/config.ts).
  const fr64 = wordBits === 64;
  const w = wordBits / 8;
  const mctx = UC + sc.mcontext;
  const sigmask = mctx + sc.size;
  const frameSize = sigmask + SIGSET_BYTES;

  return (layout: StateLayout): SignalFrameOps => {
    const fprOffsets = Array.from({ length: 32 }, (_, i) => slotOffset(layout, `f${i}`));
    const getReg = (t: CpuThreadApi, slot: string): bigint => BigInt.asUintN(64, BigInt(t.get(slot)));
    const setReg = (t: CpuThreadApi, slot: string, v: bigint): void => {
      if (wordBits === 64) t.set(slot, v);
      else t.setNum(slot, Number(BigInt.asIntN(32, v)));
    };
    // o32 saves 32-bit registers sign-extended into 64-bit slots, as the kernel does.
    const saved = (t: CpuThreadApi, slot: string): bigint =>
      wordBits === 64 ? getReg(t, slot) : BigInt.asUintN(64, BigInt.asIntN(32, getReg(t, slot)));
    // FR=1 (n64): sc_fpregs[i] is $f<i>. FR=0 (o32): like the kernel's sdc1 of even registers,
    // sc_fpregs[2n] holds the pair $f2n (low word) / $f2n+1 (high word); odd slots stay zero.
    const saveFprs = (t: CpuThreadApi, mem: GuestMemoryApi, at: number): void => {
      for (let i = 0; i < 32; i++) {
        if (fr64) mem.write64(at + i * 8, t.state.getBigUint64(fprOffsets[i], true));
        else if (i % 2 === 0) {
          const pair = (BigInt(t.state.getUint32(fprOffsets[i + 1], true)) << 32n) | BigInt(t.state.getUint32(fprOffsets[i], true));
          mem.write64(at + i * 8, pair);
        }
      }
    };
    const loadFprs = (t: CpuThreadApi, mem: GuestMemoryApi, at: number): void => {
      for (let i = 0; i < 32; i++) {
        if (fr64) t.state.setBigUint64(fprOffsets[i], mem.read64(at + i * 8), true);
        else if (i % 2 === 0) {
          const pair = mem.read64(at + i * 8);
          t.state.setUint32(fprOffsets[i], Number(pair & 0xffffffffn), true);
          t.state.setUint32(fprOffsets[i + 1], Number(pair >> 32n), true);
        }
      }
    };
    const writeWord = (mem: GuestMemoryApi, at: number, v: number): void => {
      if (w === 8) mem.write64(at, BigInt.asUintN(64, BigInt(v)));
      else mem.write32(at, v >>> 0);
    };

    return {
      stackPointer: (t) => t.getNum('r29') >>> 0,
      setStackPointer: (t, sp) => setReg(t, 'r29', BigInt(sp)),

      setup(req: SignalFrameRequest): void {
        const { thread: t, mem } = req;
        const frame = Math.floor((req.sp - 32 - frameSize) / 16) * 16;
        mem.check(frame, frameSize, 'write');
        mem.zero(frame, frameSize);
        mem.writeBytes(frame + SIGINFO, req.siginfo);
        writeWord(mem, frame + UC + sc.stack[0], req.altstack.sp);
        writeWord(mem, frame + UC + sc.stack[1], req.altstack.size);
        mem.write32(frame + UC + sc.stack[2], req.altstack.flags);
        const base = frame + mctx;
        mem.write64(base + sc.pc, BigInt(t.pc >>> 0));
        for (let i = 1; i < 32; i++) mem.write64(base + sc.regs + i * 8, saved(t, `r${i}`));
        saveFprs(t, mem, base + sc.fpregs);
        mem.write64(base + sc.hi, saved(t, 'hi'));
        mem.write64(base + sc.lo, saved(t, 'lo'));
        mem.write32(base + sc.fcsr, t.getNum('fcsr'));
        mem.write32(base + sc.usedMath, 1);
        writeSigmask(mem, frame + sigmask, req.savedMask, wordBits);

        t.setNum('ll_valid', 0);
        setReg(t, 'r4', BigInt(req.sig));
        setReg(t, 'r5', BigInt(frame + SIGINFO));
        setReg(t, 'r6', BigInt(frame + UC));
        setReg(t, 'r29', BigInt(frame));
        setReg(t, 'r31', BigInt(req.trampoline));
        // PIC handlers find their GOT through $t9 = their own address.
        setReg(t, 'r25', BigInt(req.handler));
        t.pc = req.handler;
      },

      restore(t: CpuThreadApi, mem: GuestMemoryApi): bigint {
        const frame = t.getNum('r29') >>> 0;
        const base = frame + mctx;
        for (let i = 1; i < 32; i++) setReg(t, `r${i}`, mem.read64(base + sc.regs + i * 8));
        loadFprs(t, mem, base + sc.fpregs);
        setReg(t, 'hi', mem.read64(base + sc.hi));
        setReg(t, 'lo', mem.read64(base + sc.lo));
        t.setNum('fcsr', mem.read32(base + sc.fcsr));
        t.setNum('ll_valid', 0);
        t.pc = Number(BigInt.asUintN(32, mem.read64(base + sc.pc)));
        return readSigmask(mem, frame + sigmask, wordBits);
      },
    };
  };
}

/** The first 64 signals of a sigset_t (array of longs, low signals first). */
function writeSigmask(mem: GuestMemoryApi, at: number, mask: bigint, wordBits: 32 | 64): void {
  if (wordBits === 64) mem.write64(at, mask);
  else {
    mem.write32(at, Number(mask & 0xffffffffn));
    mem.write32(at + 4, Number(mask >> 32n));
  }
}

function readSigmask(mem: GuestMemoryApi, at: number, wordBits: 32 | 64): bigint {
  if (wordBits === 64) return mem.read64(at);
  return BigInt(mem.read32(at)) | (BigInt(mem.read32(at + 4)) << 32n);
}
