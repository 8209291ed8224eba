// Queueing signals for the guest (delivery happens in signals/deliver.ts at the next exit).
import type { GuestProcess } from '../guest-process.js';
import type { SignalName } from './numbers.js';

export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;

export function signalNumber(proc: GuestProcess, name: SignalName): number {
  for (const [n, s] of Object.entries(proc.arch.signals)) if (s === name) return Number(n);
  throw new Error(`${proc.arch.target.name} has no ${name}`);
}

/** Guest siginfo: signo, errno and code (the arch orders the last two), then the union at the first pointer-aligned offset. */
export function makeSiginfo(proc: GuestProcess, sig: number, code: number, fill?: (dv: DataView, union: number, le: boolean) => void): Uint8Array {
  const info = new Uint8Array(128);
  const dv = new DataView(info.buffer);
  const le = !proc.mem.bigEndian;
  dv.setInt32(0, sig, le);
  dv.setInt32(proc.arch.siginfoCodeOffset, code, le);
  fill?.(dv, proc.wordBits === 64 ? 16 : 12, le);
  return info;
}

/** A signal sent by a process (kill/tgkill/raise): si_pid and si_uid. */
export function queueUserSignal(proc: GuestProcess, sig: number, code = SI_USER): void {
  const info = makeSiginfo(proc, sig, code, (dv, u, le) => {
    dv.setInt32(u, proc.pid, le);
    dv.setUint32(u + 4, process.getuid?.() ?? 0, le);
  });
  proc.signals.pending.push({ sig, info, synchronous: false });
}

/** A fault-type signal with si_addr (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP). */
export function queueFaultSignal(proc: GuestProcess, name: SignalName, code: number, addr: number): void {
  const sig = signalNumber(proc, name);
  const info = makeSiginfo(proc, sig, code, (dv, u, le) => {
    if (proc.wordBits === 64) dv.setBigUint64(u, BigInt(addr), le);
    else dv.setUint32(u, addr >>> 0, le);
  });
  proc.signals.pending.push({ sig, info, faultAddress: addr, synchronous: true });
}

export function queueKernelSignal(proc: GuestProcess, name: SignalName): void {
  queueUserSignal(proc, signalNumber(proc, name), SI_KERNEL);
}
