// Per-function counters for `-d native`: calls, bytes the host implementation touched (the
// extents it checked), and time spent in it.

export interface FunctionStats { calls: number; bytes: number; ms: number }

export class NativeStats {
  private readonly byName = new Map<string, FunctionStats>();

  entry(name: string): FunctionStats {
    let s = this.byName.get(name);
    if (!s) { s = { calls: 0, bytes: 0, ms: 0 }; this.byName.set(name, s); }
    return s;
  }

  /** A table sorted by time, one function per line, for printing at exit. */
  report(): string {
    const rows = [...this.byName.entries()].filter(([, s]) => s.calls > 0).sort((a, b) => b[1].ms - a[1].ms);
    const lines = ['native bypass statistics:', `  ${'function'.padEnd(12)} ${'calls'.padStart(10)} ${'bytes'.padStart(14)} ${'host ms'.padStart(10)}`];
    let calls = 0, bytes = 0, ms = 0;
    for (const [name, s] of rows) {
      lines.push(`  ${name.padEnd(12)} ${String(s.calls).padStart(10)} ${String(s.bytes).padStart(14)} ${s.ms.toFixed(2).padStart(10)}`);
      calls += s.calls; bytes += s.bytes; ms += s.ms;
    }
    lines.push(`  ${'total'.padEnd(12)} ${String(calls).padStart(10)} ${String(bytes).padStart(14)} ${ms.toFixed(2).padStart(10)}`);
    return lines.join('\n');
  }
}
