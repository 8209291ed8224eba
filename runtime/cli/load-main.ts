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
  return newestModule(runtimeDir) <= made ? bundleFile : null;
}

/** The latest modification time of a .js file under dir. */
function newestModule(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestModule(full));
    else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export async function loadMain(): Promise<Main> {
  const bundle = freshBundle();
  const mod = (bundle === null ? await import('./main.js') : await import(pathToFileURL(bundle).href)) as { main: Main };
  return mod.main;
}
