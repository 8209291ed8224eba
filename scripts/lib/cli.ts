// Command-line plumbing shared by the scripts: --target parsing and one-line failures.
import { parseArgs } from 'node:util';
import { findTarget, TARGET_NAMES, TARGETS, type Target } from '../../runtime/targets.js';

export class UsageError extends Error {}

export interface TargetArgs {
  targets: Target[];
  /** Other --name value options, as given. */
  options: Record<string, string | undefined>;
}

/** `--target <name>|all` (default: all), plus the named string options. */
export function parseTargetArgs(argv: string[], optionNames: readonly string[] = []): TargetArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(['target', ...optionNames].map((n) => [n, { type: 'string' as const }])),
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { target = 'all', ...options } = parsed.values as Record<string, string | undefined>;
  if (target === 'all') return { targets: [...TARGETS], options };
  const found = findTarget(target);
  if (!found) throw new UsageError(`unknown target '${target}'; valid targets: ${TARGET_NAMES.join(', ')}, all`);
  return { targets: [found], options };
}

/** Runs a script body; any failure becomes one line on stderr and exit status 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    process.exit(1);
  });
}
