// npm run setup:toolchains [-- --target <name>|all]
// Installs the missing Debian cross toolchains (apt-get, as root); does nothing when all are there.
import { parseTargetArgs, runMain } from './lib/cli.js';
import { ensureToolchains } from './lib/toolchains.js';

runMain(async () => {
  const { targets } = parseTargetArgs(process.argv.slice(2));
  const statuses = ensureToolchains(targets, { install: true, log: (line) => console.log(line) });
  for (const s of statuses) console.log(`${s.target.name}: ${s.compiler}`);
});
