// The ExitEvent an IR 'exit' op produces (shared by both tiers).
import type { ExitReason } from '../ir/types.js';
import type { ExitEvent } from './api.js';

export function exitEvent(reason: ExitReason, pc: number, info: number): ExitEvent {
  switch (reason) {
    case 'syscall': return { kind: 'syscall', pc, info };
    case 'undef': return { kind: 'undef', pc, insn: info };
    case 'trap': return { kind: 'trap', pc, info };
    case 'halt': return { kind: 'halt', pc };
  }
}
