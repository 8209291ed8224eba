// Resource limits: the host process's own (the guest process is the host process), so a lowered
// limit is enforced by the host kernel on the guest's own calls. Resource numbers are
// translated (MIPS orders RLIMIT_NOFILE, AS, RSS, NPROC and MEMLOCK differently). prlimit64 uses
// 64-bit fields on every ABI; getrlimit/setrlimit use C longs, where values at or above the
// guest's RLIM_INFINITY mean infinity (MIPS o32 kept 0x7fffffff), as the kernel's compat calls do.
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import type { HandlerTable } from './types.js';

const HOST_INFINITY = (1n << 64n) - 1n;
const NEW = 0;
const OLD = 16;

function hostResource(p: GuestProcess, resource: number): number {
  return p.arch.rlimit.resources[resource] ?? resource;
}

function prlimit(p: GuestProcess, pid: number, resource: number, newp: number, oldp: number): number {
  if (newp !== 0) {
    scratch.dv.setBigUint64(NEW, p.mem.read64(newp), true);
    scratch.dv.setBigUint64(NEW + 8, p.mem.read64(newp + 8), true);
  }
  const r = sys(libc.prlimit(pid, hostResource(p, resource), newp ? scratch.addr + NEW : 0, oldp ? scratch.addr + OLD : 0));
  if (r < 0 || oldp === 0) return r;
  p.mem.write64(oldp, scratch.dv.getBigUint64(OLD, true));
  p.mem.write64(oldp + 8, scratch.dv.getBigUint64(OLD + 8, true));
  return 0;
}

function getrlimit(p: GuestProcess, resource: number, addr: number): number {
  const r = sys(libc.prlimit(0, hostResource(p, resource), 0, scratch.addr + OLD));
  if (r < 0) return r;
  const inf = p.arch.rlimit.infinity;
  const w = p.wordBits / 8;
  const clamp = (v: bigint) => (v >= inf ? inf : v);
  p.mem.check(addr, 2 * w, 'write');
  p.writeWord(addr, clamp(scratch.dv.getBigUint64(OLD, true)));
  p.writeWord(addr + w, clamp(scratch.dv.getBigUint64(OLD + 8, true)));
  return 0;
}

function setrlimit(p: GuestProcess, resource: number, addr: number): number {
  const inf = p.arch.rlimit.infinity;
  const w = p.wordBits / 8;
  const widen = (v: bigint) => (v === inf ? HOST_INFINITY : v);
  const word = (at: number) => (w === 8 ? p.mem.read64(at) : BigInt(p.mem.read32(at)));
  scratch.dv.setBigUint64(NEW, widen(word(addr)), true);
  scratch.dv.setBigUint64(NEW + 8, widen(word(addr + w)), true);
  return sys(libc.prlimit(0, hostResource(p, resource), scratch.addr + NEW, 0));
}

export const rlimitSyscalls: HandlerTable = {
  prlimit64: (p, a) => prlimit(p, a.int(0), a.int(1), a.ptr(2), a.ptr(3)),
  getrlimit: (p, a) => getrlimit(p, a.int(0), a.ptr(1)),
  setrlimit: (p, a) => setrlimit(p, a.int(0), a.ptr(1)),
};
