// The launchers' way to the CLI's main(): from the runtime bundle when it is up to date, else
// from the separate modules. Up to date means newer than tsc's build record, which every tsc run
// that emits a module rewrites, so a `tsc` after the last bundling falls back to the modules as
// they are now. (One stat instead of one per module: the walk cost 2-4 ms of every start.)
import { createRequire } from 'node:module';
import type { TargetName } from '../targets.js';
import { freshBundle } from './bundle-location.js';
import { relaunchWithLauncherFlags } from './relaunch.js';

export { freshBundle };

// Required, not imported: importing CommonJS into an ES module runs Node's export scanner over
// it (~3 ms).
const { loadBundle } = createRequire(import.meta.url)('./bundle-loader.cjs') as typeof import('./bundle-loader.cjs');

type Main = (target: TargetName) => Promise<void>;

/** The CLI's main(), in a node process that has the flags of `launcherPath`'s shebang. */
export async function loadMain(launcherPath = process.argv[1]!): Promise<Main> {
  await relaunchWithLauncherFlags(launcherPath);
  const bundle = freshBundle();
  if (bundle !== null) return loadBundle(bundle, { writesCache: true }).main;
  return ((await import('./main.js')) as { main: Main }).main;
}
