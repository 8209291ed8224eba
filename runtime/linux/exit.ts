// How a guest process ended; thrown from deep inside syscalls/signal handling to the run loop.
export type GuestResult =
  | { kind: 'exit'; status: number }
  /** Killed by a guest signal (guest number) whose default action terminates. */
  | { kind: 'signal'; sig: number; name: string; description: string; core: boolean };

export class GuestExit extends Error {
  constructor(readonly result: GuestResult) {
    super(result.kind === 'exit' ? `guest exit ${result.status}` : `guest killed by ${result.name}`);
  }
}
