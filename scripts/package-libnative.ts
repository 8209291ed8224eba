// npm run package:libnative [-- --target <name>|all] [--dist-dir DIR] [--build-dir DIR]
// Builds (incrementally) and packages libnative.so: dist/*.tar.gz, dist/*.deb, SHA256SUMS, manifest.json.
import { parseTargetArgs, runMain } from './lib/cli.js';
import { packageLibnative } from './lib/libnative-package.js';

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['dist-dir', 'build-dir']);
  await packageLibnative(targets, { distDir: options['dist-dir'], buildDir: options['build-dir'], log: (l) => console.log(l) });
});
