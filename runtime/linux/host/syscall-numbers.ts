// Host syscall numbers for the calls made through libc's syscall() (those whose glibc wrapper
// hides the kernel's result, or that glibc does not wrap), per host architecture Node runs on.

type Name = 'sched_getaffinity' | 'membarrier' | 'pidfd_open' | 'fchmodat2' | 'name_to_handle_at' | 'open_by_handle_at' | 'openat2';

const NUMBERS: Readonly<Record<string, Readonly<Record<Name, number>>>> = {
  x64: { sched_getaffinity: 204, membarrier: 324, pidfd_open: 434, fchmodat2: 452, name_to_handle_at: 303, open_by_handle_at: 304, openat2: 437 },
  arm64: { sched_getaffinity: 123, membarrier: 283, pidfd_open: 434, fchmodat2: 452, name_to_handle_at: 264, open_by_handle_at: 265, openat2: 437 },
};

export function hostSyscallNumber(name: Name): number {
  const table = NUMBERS[process.arch];
  if (!table) throw new Error(`qemu-ts: no host syscall numbers for ${process.arch}`);
  return table[name];
}
