// Where the runtime bundle lives (scripts/bundle-runtime.ts writes it, load-main.ts reads it):
// next to the compiled runtime, outside the tree of modules it is made from.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled runtime's root (out/runtime). */
export const RUNTIME_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const BUNDLE_FILE = path.join(path.dirname(RUNTIME_DIR), 'bundle', 'runtime.cjs');
/**
 * tsc's incremental build record (tsconfig.json's tsBuildInfoFile): every tsc run that emits
 * anything rewrites it after the modules, so a bundle older than it may be stale.
 */
export const BUILD_STAMP = path.join(path.dirname(RUNTIME_DIR), '.tsbuildinfo');

/**
 * The bundle's path if it exists and tsc has not written modules after it was made. Without a
 * build record (a tree copied without it) the bundle is all there is to compare.
 */
export function freshBundle(bundleFile = BUNDLE_FILE, buildStamp = BUILD_STAMP): string | null {
  const made = statSync(bundleFile, { throwIfNoEntry: false })?.mtimeMs;
  if (made === undefined) return null;
  const built = statSync(buildStamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return built <= made ? bundleFile : null;
}
