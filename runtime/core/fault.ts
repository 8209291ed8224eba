// A guest memory fault, raised by guest memory checks and turned into a guest SIGSEGV/SIGBUS.
/** 'alignment': a misaligned atomic access (guest SIGBUS). */
export type FaultKind = 'unmapped' | 'protection' | 'alignment';
export type FaultAccess = 'read' | 'write' | 'exec';

export class GuestFault extends Error {
  constructor(
    readonly addr: number,
    readonly access: FaultAccess,
    readonly kind: FaultKind,
  ) {
    super(`guest ${access} fault at 0x${(addr >>> 0).toString(16)} (${kind})`);
  }
}
