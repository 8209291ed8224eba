// The AArch64 signal frame (arch/arm64/kernel/signal.c layout): struct rt_sigframe = siginfo
// (128 bytes) + ucontext, whose uc_mcontext is struct sigcontext with an fpsimd_context record
// in __reserved; a frame record {x29, x30} follows the rt_sigframe, and x29 points at it.
import type { StateLayout } from '../../arch/types.js';
import type { CpuThreadApi, GuestMemoryApi } from '../../core/api.js';
import type { SignalFrameOps, SignalFrameRequest } from './types.js';
import { slotOffset } from './state-slots.js';

const SIGINFO_SIZE = 128;
const UC = SIGINFO_SIZE;                 // ucontext inside the frame
const UC_STACK = UC + 16;
const UC_SIGMASK = UC + 40;
const MCTX = UC + 176;                   // uc_mcontext, 16-aligned
const MCTX_FAULT_ADDRESS = MCTX;
const MCTX_REGS = MCTX + 8;
const MCTX_SP = MCTX + 256;
const MCTX_PC = MCTX + 264;
const MCTX_PSTATE = MCTX + 272;
const MCTX_RESERVED = MCTX + 288;
const RESERVED_SIZE = 4096;
const FRAME_SIZE = MCTX_RESERVED + RESERVED_SIZE;   // 4688, a multiple of 16
const FRAME_RECORD_SIZE = 16;

const FPSIMD_MAGIC = 0x46508001;
const FPSIMD_SIZE = 16 + 32 * 16;

const SA_RESTORER = 0x04000000;

/** `mov x8, #139 (rt_sigreturn); svc #0` — used as x30 when the guest gives no SA_RESTORER. */
export const AARCH64_SIGRETURN_CODE = [0xd2801168, 0xd4000001];

function pstateOf(t: CpuThreadApi): bigint {
  const bit = (s: string, n: number): bigint => (BigInt(t.getNum(s)) !== 0n ? 1n << BigInt(n) : 0n);
  return bit('n', 31) | bit('z', 30) | bit('c', 29) | bit('v', 28);
}

function setPstate(t: CpuThreadApi, pstate: bigint): void {
  t.setNum('n', Number((pstate >> 31n) & 1n));
  t.setNum('z', Number((pstate >> 30n) & 1n));
  t.setNum('c', Number((pstate >> 29n) & 1n));
  t.setNum('v', Number((pstate >> 28n) & 1n));
}

/** Exception entry and return clear the exclusive monitor: a STXR after a signal fails. */
function clearExclusiveMonitor(t: CpuThreadApi): void {
  t.set('excl_addr', -1n);
}

export function aarch64SignalFrame(layout: StateLayout): SignalFrameOps {
  const vOffsets = Array.from({ length: 32 }, (_, i) => slotOffset(layout, `v${i}_lo`));

  function saveVectors(t: CpuThreadApi, mem: GuestMemoryApi, at: number): void {
    for (let i = 0; i < 32; i++) {
      for (let b = 0; b < 16; b++) mem.write8(at + i * 16 + b, t.state.getUint8(vOffsets[i] + b));
    }
  }

  function loadVectors(t: CpuThreadApi, mem: GuestMemoryApi, at: number): void {
    for (let i = 0; i < 32; i++) {
      for (let b = 0; b < 16; b++) t.state.setUint8(vOffsets[i] + b, mem.read8(at + i * 16 + b));
    }
  }

  return {
    stackPointer: (t) => t.getNum('sp'),
    setStackPointer: (t, sp) => t.setNum('sp', sp),

    setup(req: SignalFrameRequest): void {
      const { thread: t, mem } = req;
      const frame = Math.floor((req.sp - FRAME_SIZE - FRAME_RECORD_SIZE) / 16) * 16;
      const record = frame + FRAME_SIZE;
      mem.check(frame, FRAME_SIZE + FRAME_RECORD_SIZE, 'write');
      mem.zero(frame, FRAME_SIZE + FRAME_RECORD_SIZE);
      mem.writeBytes(frame, req.siginfo);
      mem.write64(UC_STACK + frame, BigInt(req.altstack.sp));
      mem.write32(UC_STACK + frame + 8, req.altstack.flags);
      mem.write64(UC_STACK + frame + 16, BigInt(req.altstack.size));
      mem.write64(frame + UC_SIGMASK, req.savedMask);
      mem.write64(frame + MCTX_FAULT_ADDRESS, BigInt(req.faultAddress ?? 0));
      for (let i = 0; i < 31; i++) mem.write64(frame + MCTX_REGS + i * 8, BigInt.asUintN(64, BigInt(t.get(`x${i}`))));
      mem.write64(frame + MCTX_SP, BigInt(t.getNum('sp')));
      mem.write64(frame + MCTX_PC, BigInt(t.pc));
      mem.write64(frame + MCTX_PSTATE, pstateOf(t));
      const fp = frame + MCTX_RESERVED;
      mem.write32(fp, FPSIMD_MAGIC);
      mem.write32(fp + 4, FPSIMD_SIZE);
      mem.write32(fp + 8, t.getNum('fpsr'));
      mem.write32(fp + 12, t.getNum('fpcr'));
      saveVectors(t, mem, fp + 16);
      // The record after fpsimd stays zero: the terminating null record.
      mem.write64(record, BigInt.asUintN(64, BigInt(t.get('x29'))));
      mem.write64(record + 8, BigInt.asUintN(64, BigInt(t.get('x30'))));

      t.setNum('x0', req.sig);
      t.setNum('x1', frame);
      t.setNum('x2', frame + UC);
      t.setNum('x29', record);
      t.setNum('x30', req.flags & SA_RESTORER ? req.restorer : req.trampoline);
      t.setNum('sp', frame);
      t.pc = req.handler;
      clearExclusiveMonitor(t);
    },

    restore(t: CpuThreadApi, mem: GuestMemoryApi): bigint {
      const frame = t.getNum('sp');
      for (let i = 0; i < 31; i++) t.set(`x${i}`, mem.read64(frame + MCTX_REGS + i * 8));
      t.set('sp', mem.read64(frame + MCTX_SP));
      t.pc = Number(mem.read64(frame + MCTX_PC));
      setPstate(t, mem.read64(frame + MCTX_PSTATE));
      // Walk the __reserved records for fpsimd; other records (esr, sve) are not produced.
      for (let at = frame + MCTX_RESERVED; at < frame + MCTX_RESERVED + RESERVED_SIZE;) {
        const magic = mem.read32(at);
        const size = mem.read32(at + 4);
        if (magic === 0 || size < 8) break;
        if (magic === FPSIMD_MAGIC) {
          t.setNum('fpsr', mem.read32(at + 8));
          t.setNum('fpcr', mem.read32(at + 12));
          loadVectors(t, mem, at + 16);
        }
        at += size;
      }
      clearExclusiveMonitor(t);
      return mem.read64(frame + UC_SIGMASK);
    },
  };
}
