// The syscall coverage report: which handlers (runtime/linux/syscalls, by generic name) the guest
// processes of a test run reached, per target, read from the files syscalls/coverage.ts writes
// (QEMU_TS_SYSCALL_COVERAGE=dir: dir/<target>.<pid>, one handler name a line).
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxArch } from '../../runtime/linux/arch/index.js';
import { ARM_GUEST_TESTS } from './arm-guest-tests.js';
import { handlerNames } from '../../runtime/linux/syscalls/dispatch.js';
import { TARGET_NAMES, type TargetName } from '../../runtime/targets.js';

/**
 * Where an unreached handler fails the run: aarch64, one o32 and one n64 target, and arm (whose
 * private calls no other table maps) once its guest programs run (ARM_GUEST_TESTS). The other
 * MIPS targets share their ABI's table and are reported, not enforced.
 */
export const ENFORCED_TARGETS: readonly TargetName[] = ['aarch64', 'mipsel', 'mips64el', ...(ARM_GUEST_TESTS ? ['arm' as const] : [])];

export interface TargetCoverage {
  target: TargetName;
  /** Handlers the target's syscall table reaches (by name or through a shape). */
  mapped: string[];
  reached: string[];
  unreached: string[];
  /** Handlers no syscall of this target maps to (a guest cannot reach them here). */
  notMapped: string[];
}

/**
 * A fresh directory for the recorder, writable by everyone (sticky, like /tmp): guests that
 * change their credentials (setuid, setfsuid) go on recording into it.
 */
export function coverageDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-syscall-coverage-'));
  chmodSync(dir, 0o1777);
  return dir;
}

/** The handlers a guest of `target` can reach: each numbered syscall's handler, if there is one. */
export function mappedHandlers(target: TargetName): Set<string> {
  const arch = linuxArch(target);
  const known = new Set(handlerNames());
  const out = new Set<string>();
  if (!arch) return out;
  for (const guestName of arch.syscallNames.values()) {
    const handler = arch.syscallShapes?.[guestName]?.handler ?? guestName;
    if (known.has(handler)) out.add(handler);
  }
  return out;
}

/** Handler names recorded per target in a coverage directory. */
export function readCoverage(dir: string): Map<TargetName, Set<string>> {
  const out = new Map<TargetName, Set<string>>();
  for (const file of readdirSync(dir)) {
    const target = file.slice(0, file.indexOf('.')) as TargetName;
    if (!TARGET_NAMES.includes(target)) continue;
    const set = out.get(target) ?? new Set<string>();
    for (const name of readFileSync(join(dir, file), 'latin1').split('\n')) if (name) set.add(name);
    out.set(target, set);
  }
  return out;
}

export function coverageOf(target: TargetName, reached: ReadonlySet<string>): TargetCoverage {
  const mapped = mappedHandlers(target);
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return {
    target,
    mapped: sorted(mapped),
    reached: sorted([...mapped].filter((h) => reached.has(h))),
    unreached: sorted([...mapped].filter((h) => !reached.has(h))),
    notMapped: sorted(handlerNames().filter((h) => !mapped.has(h))),
  };
}

/** Targets with a Linux layer, in the registry's order. */
export function linuxTargets(): TargetName[] {
  return TARGET_NAMES.filter((t) => linuxArch(t) !== undefined);
}

/** The report's text and whether an enforced target has an unreached handler. */
export function coverageReport(dir: string): { text: string; ok: boolean } {
  const recorded = readCoverage(dir);
  const lines = [`syscall coverage (${handlerNames().length} handlers in runtime/linux/syscalls)`];
  let ok = true;
  for (const target of linuxTargets()) {
    const c = coverageOf(target, recorded.get(target) ?? new Set());
    const enforced = ENFORCED_TARGETS.includes(target);
    if (enforced && c.unreached.length > 0) ok = false;
    lines.push(`${target}: ${c.reached.length}/${c.mapped.length} handlers its syscall table maps were reached${enforced ? '' : ' (not enforced)'}`);
    if (c.unreached.length) lines.push(`  unreached (${c.unreached.length}): ${c.unreached.join(' ')}`);
    if (c.notMapped.length) lines.push(`  not in ${target}'s syscall table (${c.notMapped.length}): ${c.notMapped.join(' ')}`);
  }
  if (!ok) lines.push(`FAIL: handlers unreached on ${ENFORCED_TARGETS.join(', ')} (every handler must be run by a guest test program)`);
  return { text: lines.join('\n'), ok };
}
