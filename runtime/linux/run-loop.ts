// Runs the guest thread: engine exits become syscalls or signals until the process ends.
import { GuestExit, type GuestResult } from './exit.js';
import type { GuestProcess } from './guest-process.js';
import { deliverSignals } from './signals/deliver.js';
import { maybeCollectHostSignals } from './signals/host-signals.js';
import { queueFaultSignal } from './signals/raise.js';
import { handleSyscall } from './syscalls/dispatch.js';

const SEGV_MAPERR = 1;
const SEGV_ACCERR = 2;
const BUS_ADRALN = 1;

function step(p: GuestProcess): void {
  const ev = p.engine.run(p.thread);
  switch (ev.kind) {
    case 'syscall':
      handleSyscall(p);
      break;
    case 'fault':
      p.thread.pc = ev.pc;
      if (ev.fault === 'alignment') queueFaultSignal(p, 'SIGBUS', BUS_ADRALN, ev.addr);
      else queueFaultSignal(p, 'SIGSEGV', ev.fault === 'unmapped' ? SEGV_MAPERR : SEGV_ACCERR, ev.addr);
      break;
    case 'undef': {
      if (p.opts.logCategories.has('unimp')) {
        p.opts.log(`qemu-ts: unimplemented or undefined instruction 0x${(ev.insn >>> 0).toString(16).padStart(8, '0')} at pc 0x${ev.pc.toString(16)}`);
      }
      p.thread.pc = ev.pc;
      const { code, addr } = p.arch.illegalInstruction(ev.pc);
      queueFaultSignal(p, 'SIGILL', code, addr);
      break;
    }
    case 'trap': {
      p.thread.pc = ev.pc;
      const { name, code, addr = ev.pc } = p.arch.trapSignal(ev.info, p.thread);
      queueFaultSignal(p, name, code, addr);
      break;
    }
    case 'halt':
      throw new GuestExit({ kind: 'exit', status: 0 });
    case 'interrupt': // another thread wants this one to answer a request or take a signal (afterExit), or the engine's poll (host signals below)
      break;
  }
  p.threads?.afterExit(p);
  maybeCollectHostSignals(p);
  if (p.signals.pending.length) deliverSignals(p);
}

export function runLoop(p: GuestProcess): GuestResult {
  try {
    for (;;) step(p);
  } catch (e) {
    if (e instanceof GuestExit) return e.result;
    throw e;
  }
}
