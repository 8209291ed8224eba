// Signal dispositions are per process, but each agent has its own SignalState: once a process
// has threads its `actions` array becomes a view of shared memory, so rt_sigaction in any thread
// is seen by all. Masks, pending queues and sigaltstack stay per thread, as in Linux.
import { LINUX_AREA_BASE } from '../../core/layout.js';
import { NSIG, type SigAction } from '../signals/state.js';
import { P, type SharedWords } from './shared-words.js';

const ENTRY = 32; // handler u64, flags u32, restorer u64, mask u64 (runtime byte order: LE)

function entry(sig: number): number {
  return LINUX_AREA_BASE + P.SIGACTIONS + sig * ENTRY;
}

function read(dv: DataView, sig: number): SigAction {
  const at = entry(sig);
  return {
    handler: Number(dv.getBigUint64(at, true)),
    flags: dv.getUint32(at + 8, true),
    restorer: Number(dv.getBigUint64(at + 16, true)),
    mask: dv.getBigUint64(at + 24, true),
  };
}

function write(dv: DataView, sig: number, a: SigAction): void {
  const at = entry(sig);
  dv.setBigUint64(at, BigInt(a.handler), true);
  dv.setUint32(at + 8, a.flags >>> 0, true);
  dv.setBigUint64(at + 16, BigInt(a.restorer), true);
  dv.setBigUint64(at + 24, BigInt.asUintN(64, a.mask), true);
}

function sigIndex(key: string | symbol): number {
  if (typeof key !== 'string' || !/^\d+$/.test(key)) return -1;
  const n = Number(key);
  return n <= NSIG ? n : -1;
}

/** An actions array backed by the shared table; `initial` (the current actions) is stored first when given. */
export function sharedSigActions(w: SharedWords, initial?: readonly SigAction[]): SigAction[] {
  const dv = w.dv;
  if (initial) initial.forEach((a, sig) => write(dv, sig, a));
  return new Proxy<SigAction[]>([], {
    get(target, key) {
      if (key === 'length') return NSIG + 1;
      const sig = sigIndex(key);
      return sig >= 0 ? read(dv, sig) : Reflect.get(target, key);
    },
    set(target, key, value) {
      const sig = sigIndex(key);
      if (sig < 0) return Reflect.set(target, key, value);
      write(dv, sig, value as SigAction);
      return true;
    },
  });
}
