// A signal frame sigreturn cannot restore from: the kernel's `badframe`, which ends in SIGSEGV.
export class BadSignalFrame extends Error {}
