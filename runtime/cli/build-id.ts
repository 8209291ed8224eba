// The id of the qemu-ts build that is running, for the persistent code cache's entries: the hash
// of the runtime bundle the launchers run (load-main.ts), or, when they run the separate modules
// because tsc wrote modules after the bundle was made, of tsc's build record (which holds a
// version of every source file).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BUILD_STAMP, freshBundle } from './bundle-location.js';

/** null when neither file can be read (no cache then). */
export function buildId(): string | null {
  try {
    return createHash('sha256').update(readFileSync(freshBundle() ?? BUILD_STAMP)).digest('hex');
  } catch {
    return null;
  }
}
