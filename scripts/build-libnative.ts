// npm run build:libnative -- --target <name>|all [--build-dir DIR]
// Builds and verifies build/<target>/libnative.so for one target or all of them. Run as root, it
// first installs the cross compilers and sysroots that are missing (as setup:toolchains does);
// otherwise a missing one is one line naming the apt-get command.
import { parseTargetArgs, runMain } from './lib/cli.js';
import { buildLibnative } from './lib/libnative-build.js';
import { ensureToolchains } from './lib/toolchains.js';

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['build-dir']);
  const log = (line: string): void => console.log(line);
  if (process.getuid?.() === 0) ensureToolchains(targets, { install: true, scope: 'libnative', log: (l) => log(`setup: ${l}`) });
  for (const [i, target] of targets.entries()) {
    log(`(${i + 1}/${targets.length}) ${target.name}`);
    await buildLibnative(target, { buildDir: options['build-dir'], log });
  }
});
