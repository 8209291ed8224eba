// `npm test`: makes sure the cross toolchains the tests compile guest programs with are there
// (installing them with apt-get when run as root), then runs every node:test suite in out/test
// with syscall coverage on, and prints the coverage report: a syscall handler no guest program
// reaches on an enforced target fails the run (scripts/lib/syscall-coverage.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../runtime/package-root.js';
import { TARGETS } from '../runtime/targets.js';
import { ensureToolchains } from './lib/toolchains.js';
import { coverageReport } from './lib/syscall-coverage.js';

ensureToolchains(TARGETS, { install: process.getuid?.() === 0, log: (line) => console.log(`setup: ${line}`) });
const extra = process.argv.slice(2);
const coverage = mkdtempSync(join(tmpdir(), 'qemu-ts-syscall-coverage-'));
const r = spawnSync(process.execPath, ['--test', ...extra, packagePath('out', 'test')], {
  stdio: 'inherit', env: { ...process.env, QEMU_TS_SYSCALL_COVERAGE: coverage },
});
const report = coverageReport(coverage);
rmSync(coverage, { recursive: true, force: true });
console.log(report.text);
process.exit(r.status !== 0 ? r.status ?? 1 : report.ok ? 0 : 1);
