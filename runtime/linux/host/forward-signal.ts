// A host signal handler of a few machine instructions (JS cannot run in a signal handler).
// On a helper thread of Node's (they block nothing, so they take process-directed signals the
// main thread holds blocked for the guest) it re-sends the signal to the main thread with
// rt_tgsigqueueinfo(getpid(), getpid(), sig, info), where it stays pending for signals/host-signals.ts to collect.
// On the main thread (which unblocks held signals only around blocking host calls) it sets bit
// `sig` of a 64-bit word the runtime reads after the call, and the call returns EINTR.
import { PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../core/api.js';
import { libc } from './libc.js';

/**
 * x86-64, an SA_SIGINFO handler (rdi = sig, rsi = siginfo): getpid; gettid; on the main thread
 * lock bts [recorded], sig; else rt_tgsigqueueinfo(pid, pid, sig, siginfo), which keeps the
 * siginfo (timer values) intact, or, for the si_codes the kernel refuses to have re-sent (kill(),
 * kernel signals), tgkill(pid, pid, sig).
 */
function x64(recorded: bigint): number[] {
  const imm64 = Array.from({ length: 8 }, (_, i) => Number((recorded >> BigInt(8 * i)) & 0xffn));
  return [
    0xb8, 39, 0, 0, 0, 0x0f, 0x05, // mov eax,39 (getpid); syscall
    0x41, 0x89, 0xc0, // mov r8d,eax
    0xb8, 186, 0, 0, 0, 0x0f, 0x05, // mov eax,186 (gettid); syscall
    0x44, 0x39, 0xc0, // cmp eax,r8d
    0x75, 0x10, // jne forward
    0x48, 0xb8, ...imm64, // movabs rax,recorded
    0xf0, 0x48, 0x0f, 0xab, 0x38, // lock bts [rax],rdi
    0xc3, // ret
    0x49, 0x89, 0xf2, // forward: mov r10,rsi
    0x89, 0xfa, // mov edx,edi
    0x44, 0x89, 0xc6, // mov esi,r8d
    0x44, 0x89, 0xc7, // mov edi,r8d
    0xb8, 0x29, 0x01, 0, 0, 0x0f, 0x05, // mov eax,297 (rt_tgsigqueueinfo); syscall
    0x85, 0xc0, 0x79, 0x07, // test eax,eax; jns done
    0xb8, 234, 0, 0, 0, 0x0f, 0x05, // mov eax,234 (tgkill); syscall
    0xc3, // done: ret
  ];
}

const STUBS: Partial<Record<string, (recorded: bigint) => number[]>> = { x64 };

const MAP_PRIVATE = 2;
const MAP_ANONYMOUS = 0x20;
const RECORDED = 2048; // offset of the recorded-signals word in the page

let stub: number | null | undefined;

/**
 * The forwarding handler and the word it records main-thread signals in (bit n = signal n), or
 * null on a host machine without a stub.
 */
export function forwardingHandler(): { handler: number; take: () => bigint; peek: () => boolean } | null {
  if (stub === undefined) stub = makeStub();
  if (stub === null) return null;
  const handler = stub;
  return { handler, take: () => takeRecorded(handler + RECORDED), peek: () => readRecorded(handler + RECORDED) !== 0n };
}

function makeStub(): number | null {
  const make = STUBS[process.arch];
  if (!make) return null;
  const page = Number(libc.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (page === -1 || page === 0) return null;
  const code = make(BigInt(page + RECORDED));
  libc.memcpy(page, Buffer.from(code), code.length);
  // The code stays writable: its data word shares the page (one mapping, RWX).
  libc.mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
  return page;
}

const word = Buffer.alloc(8);

function readRecorded(addr: number): bigint {
  libc.memcpyFrom(word, addr, 8);
  return word.readBigUInt64LE(0);
}

/** Reads and clears the recorded word (only the main thread writes it, in its own handler). */
function takeRecorded(addr: number): bigint {
  const v = readRecorded(addr);
  if (v !== 0n) libc.memset(addr, 0, 8);
  return v;
}
