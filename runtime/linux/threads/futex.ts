// futex(2) over Atomics.wait/notify on the shared guest memory: a waiter in any agent is woken
// by a FUTEX_WAKE from any other. Atomics cannot keep waiters apart by bitset or move them to
// another word, so WAKE_BITSET wakes regardless of bitsets and REQUEUE wakes the waiters it
// would move; both only add spurious wake-ups, which every futex user must tolerate anyway.
import { E, SyscallError } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostTimespec, readTimespec } from '../syscalls/guest-time.js';

const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_REQUEUE = 3;
const FUTEX_CMP_REQUEUE = 4;
const FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAKE_BITSET = 10;
const FUTEX_CMD_MASK = 0x7f;
const FUTEX_CLOCK_REALTIME = 256;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;

const views = new WeakMap<ArrayBufferLike, Int32Array>();

function words(p: GuestProcess): Int32Array {
  const buf = p.mem.memory.buffer;
  let v = views.get(buf);
  if (v === undefined) views.set(buf, (v = new Int32Array(buf)));
  return v;
}

function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/** The word as Atomics sees it (host order) for a value in guest order. */
function raw(p: GuestProcess, guestValue: number): number {
  return p.mem.bigEndian ? bswap32(guestValue) : guestValue | 0;
}

/** Milliseconds left until the guest's timeout, or null for none. */
function timeoutMs(p: GuestProcess, cmd: number, op: number, timeout: number, timeBits: 32 | 64): number | null {
  if (timeout === 0) return null;
  const t = readTimespec(p, timeout, timeBits);
  if (t.sec < 0 || t.nsec < 0 || t.nsec >= 1e9) throw new SyscallError(E.EINVAL);
  const ms = t.sec * 1000 + t.nsec / 1e6;
  if (cmd === FUTEX_WAIT) return ms;
  // WAIT_BITSET takes an absolute time on CLOCK_MONOTONIC, or CLOCK_REALTIME when asked.
  libc.clockGettime((op & FUTEX_CLOCK_REALTIME) !== 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, scratch.addr);
  const now = hostTimespec(0);
  return ms - (now.sec * 1000 + now.nsec / 1e6);
}

function wait(p: GuestProcess, uaddr: number, val: number, ms: number | null): number {
  const expected = raw(p, val);
  const i32 = words(p);
  const idx = uaddr >>> 2;
  if (p.mem.read32(uaddr) !== val >>> 0) return -E.EAGAIN;
  const ctx = p.threads;
  // Nobody can ever wake a thread of a single-threaded process (no shared futexes).
  if (ctx === null && ms === null) return -E.EDEADLK;
  const deadline = ms === null ? Infinity : performance.now() + ms;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) return -E.ETIMEDOUT;
    const r = ctx !== null ? ctx.sleep(idx, expected, left) : Atomics.wait(i32, idx, expected, left);
    if (r === 'not-equal') return -E.EAGAIN;
    if (r === 'ok') return 0;
    if (ctx?.hasThreadSignals()) return -E.EINTR;
  }
}

function wake(p: GuestProcess, uaddr: number, n: number): number {
  return n <= 0 ? 0 : Atomics.notify(words(p), uaddr >>> 2, n);
}

const signExtend12 = (v: number) => (v << 20) >> 20;

/** FUTEX_WAKE_OP: atomically update *uaddr2, wake on uaddr, and on uaddr2 if the old value compares. */
function wakeOp(p: GuestProcess, uaddr: number, n: number, uaddr2: number, n2: number, encoded: number): number {
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = signExtend12((encoded >>> 12) & 0xfff);
  const cmparg = signExtend12(encoded & 0xfff);
  if ((encoded >>> 28) & 8) oparg = 1 << (oparg & 31);
  p.mem.check(uaddr2, 4, 'write');
  const i32 = words(p);
  const idx = uaddr2 >>> 2;
  let old: number;
  for (;;) {
    const cur = Atomics.load(i32, idx);
    old = raw(p, cur);
    const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op];
    if (next === undefined) return -E.ENOSYS;
    if (Atomics.compareExchange(i32, idx, cur, raw(p, next)) === cur) break;
  }
  p.mem.noteWrite(uaddr2, 4);
  const hit = [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][cmp];
  if (hit === undefined) return -E.ENOSYS;
  return wake(p, uaddr, n) + (hit ? wake(p, uaddr2, n2) : 0);
}

/** `timeBits`: width of the timespec fields (64 for futex_time64 of 32-bit ABIs). */
export function futex(p: GuestProcess, uaddr: number, op: number, val: number, timeout: number, uaddr2: number, val3: number, timeBits: 32 | 64 = p.wordBits): number {
  const cmd = op & FUTEX_CMD_MASK;
  if (uaddr % 4 !== 0) return -E.EINVAL;
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      if (cmd === FUTEX_WAIT_BITSET && val3 === 0) return -E.EINVAL;
      return wait(p, uaddr, val, timeoutMs(p, cmd, op, timeout, timeBits));
    }
    case FUTEX_WAKE:
      return wake(p, uaddr, val);
    case FUTEX_WAKE_BITSET:
      return val3 === 0 ? -E.EINVAL : wake(p, uaddr, val);
    case FUTEX_CMP_REQUEUE:
    case FUTEX_REQUEUE:
      if (cmd === FUTEX_CMP_REQUEUE && p.mem.read32(uaddr) !== val3 >>> 0) return -E.EAGAIN;
      // timeout carries val2, the number of waiters to move: they are woken instead.
      return wake(p, uaddr, val + (timeout >>> 0));
    case FUTEX_WAKE_OP:
      return wakeOp(p, uaddr, val, uaddr2, timeout >>> 0, val3);
    default:
      return -E.ENOSYS;
  }
}
