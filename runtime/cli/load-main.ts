// The launchers' way to the CLI's main(): from the runtime bundle when it is up to date, else
// from the separate modules. Up to date means newer than every compiled module, so a `tsc` run
// (or an edit in out/) after the last bundling falls back to the modules as they are now.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TargetName } from '../targets.js';
import { BUNDLE_FILE, RUNTIME_DIR } from './bundle-location.js';

type Main = (target: TargetName) => Promise<void>;

/** The bundle's path if it exists and no module under runtimeDir changed after it was made. */
export function freshBundle(bundleFile = BUNDLE_FILE, runtimeDir = RUNTIME_DIR): string | null {
  let made: number;
  try {
    made = statSync(bundleFile).mtimeMs;
  } catch {
    return null;
  }
  for (const e of readdirSync(runtimeDir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue;
    if (statSync(path.join(e.parentPath, e.name)).mtimeMs > made) return null;
  }
  return bundleFile;
}

export async function loadMain(): Promise<Main> {
  const bundle = freshBundle();
  const mod = (bundle === null ? await import('./main.js') : await import(pathToFileURL(bundle).href)) as { main: Main };
  return mod.main;
}
