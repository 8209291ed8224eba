// Helpers shared by the libnative tests: temp dirs, finding a target,
// and running this package's scripts from sources (tsx) or compiled (out/) alike.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { packagePath } from '../../runtime/package-root.js';
import { findTarget, type Target } from '../../runtime/targets.js';

export function target(name: string): Target {
  const t = findTarget(name);
  if (!t) throw new Error(`no target ${name}`);
  return t;
}

/** A fresh directory removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `qemu-ts-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const fromSources = import.meta.url.endsWith('.ts');

/** Runs scripts/<name>.ts (under tsx) or out/scripts/<name>.js (compiled), synchronously. */
/** Runs a package script; `asUser` runs it as that uid (and gid) when the tests run as root. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv = process.env, asUser?: number): SpawnSyncReturns<string> {
  const argv = fromSources ? ['--import', 'tsx', packagePath('scripts', `${name}.ts`)] : [packagePath('out', 'scripts', `${name}.js`)];
  const ids = asUser !== undefined && process.getuid?.() === 0 ? { uid: asUser, gid: asUser } : {};
  return spawnSync(process.execPath, [...argv, ...args], { encoding: 'utf8', env, cwd: packagePath(), ...ids });
}
