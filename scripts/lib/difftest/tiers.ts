// The two qemu-ts execution tiers the differential tester compares with qemu-user, and the
// engine counters (`-d stats`) that prove a run really used its tier: a regression that made
// the JIT run fall back to the interpreter would otherwise compare the interpreter twice.

export type TierName = 'interp' | 'jit';
export const TIER_NAMES: readonly TierName[] = ['interp', 'jit'];

/** Counters qemu-ts prints for `-d stats` (runtime/core/stats.ts), summed over a class's runs. */
export type EngineCounters = Record<string, number>;

export interface EngineTier {
  name: TierName;
  label: string;
  /**
   * qemu-ts options selecting the tier; `-d stats` makes the run print its counters on stderr.
   * `--no-cache`: a run must not load regions an earlier run compiled (the persistent code
   * cache holds the harness's start-up after a first run; the interpreter run then compiles).
   */
  options: readonly string[];
  /** Why the counters of a run over `cases` test cases show the tier was not used (undefined: it was). */
  verify(stats: EngineCounters, cases: number): string | undefined;
}

/** A block-execution count no harness run reaches: nothing is ever compiled. */
const NEVER = 1_000_000_000;

export const TIERS: Record<TierName, EngineTier> = {
  interp: {
    name: 'interp',
    label: 'interpreter',
    options: ['--jit-threshold', String(NEVER), '--no-cache', '-d', 'stats'],
    verify: (s, cases) =>
      (s.compiledBlocks ?? 0) !== 0 || (s.regions ?? 0) !== 0 ? `compiled ${s.compiledBlocks} blocks into ${s.regions} regions`
      : (s.interpreted ?? 0) < cases ? `interpreted ${s.interpreted} block executions for ${cases} cases`
      : undefined,
  },
  jit: {
    name: 'jit',
    label: 'JIT',
    options: ['--jit-threshold', '0', '--no-cache', '-d', 'stats'],
    // Every block is compiled before its first execution, so no execution may be interpreted;
    // each case's code is new (the harness invalidates the previous case's), so each case
    // compiles at least one block and enters compiled code at least once.
    verify: (s, cases) =>
      (s.interpreted ?? -1) !== 0 ? `interpreted ${s.interpreted} block executions`
      : (s.compiledBlocks ?? 0) < cases ? `compiled ${s.compiledBlocks} blocks for ${cases} cases`
      : (s.jitEntries ?? 0) < cases ? `entered compiled code ${s.jitEntries} times for ${cases} cases`
      : undefined,
  },
};

/** The counters in a qemu-ts run's stderr (`stats: <name> <value>` lines). */
export function parseStats(stderr: string): EngineCounters {
  const out: EngineCounters = {};
  for (const m of stderr.matchAll(/^stats: (\w+) ([\d.]+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

export function addCounters(into: EngineCounters, more: EngineCounters): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}
