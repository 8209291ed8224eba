// Host syscall numbers for the calls made through libc's syscall() (those whose glibc wrapper
// hides the kernel's result), per host architecture Node runs on.

const NUMBERS: Readonly<Record<string, Readonly<Record<'sched_getaffinity', number>>>> = {
  x64: { sched_getaffinity: 204 },
  arm64: { sched_getaffinity: 123 },
};

export function hostSyscallNumber(name: 'sched_getaffinity'): number {
  const table = NUMBERS[process.arch];
  if (!table) throw new Error(`qemu-ts: no host syscall numbers for ${process.arch}`);
  return table[name];
}
