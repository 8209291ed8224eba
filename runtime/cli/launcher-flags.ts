// The node flags the qemu-ts-* launchers run with, read from their shebang line, so scripts and
// tests that start the CLI with `node <file>` measure and test what users run.
import { readFileSync } from 'node:fs';

/** Flags after `node` on the first line of a launcher (`#!/usr/bin/env -S node --flag ...`). */
export function launcherNodeFlags(launcherPath: string): string[] {
  const first = readFileSync(launcherPath, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!.*\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!m) throw new Error(`${launcherPath}: no node shebang line`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
