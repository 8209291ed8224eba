// `npm test`: makes sure the cross toolchains the tests compile guest programs with are there
// (installing them with apt-get when run as root), then runs every node:test suite in out/test.
import { spawnSync } from 'node:child_process';
import { packagePath } from '../runtime/package-root.js';
import { TARGETS } from '../runtime/targets.js';
import { ensureToolchains } from './lib/toolchains.js';

ensureToolchains(TARGETS, { install: process.getuid?.() === 0, log: (line) => console.log(`setup: ${line}`) });
const extra = process.argv.slice(2);
const r = spawnSync(process.execPath, ['--test', ...extra, packagePath('out', 'test')], { stdio: 'inherit' });
process.exit(r.status ?? 1);
