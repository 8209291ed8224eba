// Per-process signal dispositions, mask, pending queue and alternate stack (guest numbering).
export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const NSIG = 64;

export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

export interface PendingSignal {
  sig: number;
  /** Guest siginfo bytes (128). */
  info: Uint8Array;
  /** For synchronous faults: the faulting data address (the arch's sigcontext fault_address). */
  faultAddress?: number;
  /** A synchronous signal (fault, undefined instruction) cannot be blocked or ignored usefully. */
  synchronous: boolean;
}

export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;

export class SignalState {
  /** Replaced by a view of shared memory once the process has threads (threads/shared-sigactions.ts). */
  actions: SigAction[] = Array.from({ length: NSIG + 1 }, () => ({ handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n }));
  blocked = 0n;
  readonly pending: PendingSignal[] = [];
  altstack = { sp: 0, flags: SS_DISABLE, size: 0 };
  /** Set by rt_sigsuspend: the mask to restore once a signal has been delivered. */
  suspendMask: bigint | null = null;

  static bit(sig: number): bigint {
    return 1n << BigInt(sig - 1);
  }

  isBlocked(sig: number): boolean {
    return (this.blocked & SignalState.bit(sig)) !== 0n;
  }

  /** Pending set as a mask (rt_sigpending). */
  pendingMask(): bigint {
    return this.pending.reduce((m, p) => m | SignalState.bit(p.sig), 0n);
  }
}
