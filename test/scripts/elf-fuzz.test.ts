// The ELF fuzzer (scripts/elf-fuzz.ts), briefly: a fixed number of damaged executables,
// libraries and libnative.so files per target on a fresh seed (npm test's, printed first), none
// of which may end in a stack trace, "internal error", a host crash or a hang qemu-user does
// not share. `npm run fuzz:elf` runs it at length. Also the outcome classes it relies on.
import { runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TARGETS } from '../../runtime/targets.js';
import { suiteSeed } from '../../scripts/lib/difftest/seed.js';
import { reproduceCommand, runFuzz, summarize } from '../../scripts/lib/elf-fuzz/fuzz.js';
import { classify, isBad, type RawRun } from '../../scripts/lib/elf-fuzz/outcome.js';

/** Cases per target: 5 targets x 20 take about a minute on a loaded 2-core machine (0.6 s a case). */
const CASES_PER_TARGET = 20;

test('damaged ELF files end with the guest\'s exit or signal or one line from qemu-ts', async (t) => {
  const seed = suiteSeed();
  t.diagnostic(`elf-fuzz seed ${seed}`);
  const targets = TARGETS.filter((x) => runsGuestPrograms(x.name));
  const results = await runFuzz({ targets, seed, count: CASES_PER_TARGET, first: 0, timeoutMs: 30_000, parallel: 2, keepFailures: null });
  for (const line of summarize(results).split('\n')) t.diagnostic(line);
  const bad = results.filter((r) => isBad(r.outcome.kind));
  assert.equal(results.length, targets.length * CASES_PER_TARGET);
  assert.deepEqual(bad.map((r) => `${r.target} case ${r.index} (${r.entry}; ${r.changes.join('; ')}): ${r.outcome.kind}: ${r.outcome.detail}\n  ${reproduceCommand(r.target, seed, r.index)}`), [],
    `seed ${seed}`);
});

test('outcome classes: a stack trace, internal error, unreported crash signal or multi-line error is bad', async () => {
  const run = (o: Partial<RawRun>): RawRun => ({ status: 1, signal: null, stderr: '', timedOut: false, ...o });
  const name = 'qemu-ts-mipsel';
  const kind = async (o: Partial<RawRun>, hung = false) => (await classify(run(o), name, async () => hung)).kind;
  assert.equal(await kind({ stderr: `${name}: /p: Exec format error (e_phnum is 0)\n` }), 'load-error');
  assert.equal(await kind({ stderr: `${name}: internal error: x (set QEMU_TS_DEBUG=1 for details)\n` }), 'internal-error');
  assert.equal(await kind({ stderr: 'TypeError: x\n    at f (file:///a/b.js:1:2)\n' }), 'js-stack-trace');
  assert.equal(await kind({ status: null, signal: 'SIGSEGV' }), 'host-crash');
  assert.equal(await kind({ status: null, signal: 'SIGSEGV', stderr: 'qemu: uncaught target signal 11 (Segmentation fault) - core dumped\n' }), 'guest-signal');
  assert.equal(await kind({ status: null, signal: 'SIGPIPE' }), 'guest-signal');
  assert.equal(await kind({ stderr: `${name}: a\nmore\n` }), 'multi-line-error');
  assert.equal(await kind({ status: 127, stderr: 'ld.so: error while loading shared libraries\n' }), 'exit');
  assert.equal(await kind({ status: null, signal: 'SIGKILL', timedOut: true }, true), 'guest-hang');
  assert.equal(await kind({ status: null, signal: 'SIGKILL', timedOut: true }, false), 'timeout');
  assert.ok(isBad('timeout') && !isBad('guest-hang'));
});
