// npm run build:libnative -- --target <name>|all [--build-dir DIR]
// Builds and verifies build/<target>/libnative.so for one target or all of them.
import { parseTargetArgs, runMain } from './lib/cli.js';
import { buildLibnative } from './lib/libnative-build.js';

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['build-dir']);
  const log = (line: string): void => console.log(line);
  for (const [i, target] of targets.entries()) {
    log(`(${i + 1}/${targets.length}) ${target.name}`);
    await buildLibnative(target, { buildDir: options['build-dir'], log });
  }
});
