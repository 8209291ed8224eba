// The node flags the qemu-ts-* launchers run with, read from their shebang line, so scripts and
// tests that start the CLI with `node <file>` measure and test what users run.
//
// Why the launchers (runtime/cli/bin/qemu-ts-*.ts) run with each flag:
// --single-threaded: guest fork() forks this whole process, and V8's helper threads do not
// survive a fork (see runtime/linux/host/fork.ts). --no-liftoff: wasm is compiled by TurboFan
// unless the JIT asks for Liftoff: it switches the flag on around the synchronous compile of a
// baseline module (runtime/core/jit/wasm-tier.ts), and compiles hot regions again, optimised, by
// itself; so the native bypass's functions and hot regions get optimised code with no V8 tier-up,
// which would post work to helper threads (a forked child compiles lazily:
// EngineApi.compileAfterFork). --no-wasm-dynamic-tiering: Liftoff code then carries no tier-up
// budget checks, which would only queue TurboFan work nobody runs under --single-threaded
// (python3 -c pass: 16.7 -> 5.7 CPU-s with the baseline tier, docs/PERFORMANCE.md, "Cold code").
// --min/max-semi-space-size=64: start-up
// allocates mostly long-lived data (translated blocks, interpreter closures), which every
// scavenge copies again; a young generation that starts at 64 MB makes one scavenge or none
// before the hot code is compiled (hello world with bypass 0.51 -> 0.38 CPU-s, docs/PERFORMANCE.md).
// --no-turbo-inlining --interrupt-budget=540000: single-threaded, TurboFan compiles JS on the
// main thread, and a hello world spent ~0.3 CPU-s there, mostly on inlined copies of code that
// runs only while translating cold blocks; later and smaller optimisation costs 15-20 % less
// start-up, and no measured long run got slower (docs/PERFORMANCE.md, Start-up).
import { readFileSync } from 'node:fs';

/** Flags after `node` on the first line of a launcher (`#!/usr/bin/env -S node --flag ...`). */
export function launcherNodeFlags(launcherPath: string): string[] {
  const first = readFileSync(launcherPath, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!.*\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!m) throw new Error(`${launcherPath}: no node shebang line`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
