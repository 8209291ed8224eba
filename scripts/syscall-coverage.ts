// `npm run syscall-coverage`: runs the suites that start guest programs (test/linux, test/native)
// with QEMU_TS_SYSCALL_COVERAGE set, then prints per target the syscall handlers no guest reached.
// Exits non-zero when a handler is unreached on an enforced target (lib/syscall-coverage.ts).
// Extra arguments go to node --test (e.g. --test-name-pattern); suites: SUITES below.
// `--report DIR` only prints the report of a directory an earlier run filled.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { packagePath } from '../runtime/package-root.js';
import { coverageDir, coverageReport } from './lib/syscall-coverage.js';

const SUITES = [packagePath('out', 'test', 'linux'), packagePath('out', 'test', 'native')];

function reportOnly(dir: string): void {
  const report = coverageReport(dir);
  console.log(report.text);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[2] === '--report') reportOnly(process.argv[3]);
else runSuites();

function runSuites(): void {
  const dir = coverageDir();
  try {
    const r = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...SUITES], {
      stdio: 'inherit', env: { ...process.env, QEMU_TS_SYSCALL_COVERAGE: dir },
    });
    if (r.status !== 0) console.log('(some tests failed: the coverage below may be short)');
    reportOnly(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
