// --native-bypass end to end on every target with a Linux layer: a guest program exercising
// every bypassed function (edge cases, page ends, bad pointers) prints the same with and without
// bypass and the same as Debian's qemu-user; the bypass really ran (statistics); wrong libraries
// are refused.
import { runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../runtime/package-root.js';
import { findTarget, TARGETS } from '../../runtime/targets.js';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { runGuest } from '../../scripts/lib/guest-run.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';

const source = packagePath('test', 'guest', 'bypass', 'functions.c');
const BYPASS_TARGETS = TARGETS.filter((t) => runsGuestPrograms(t.name));

for (const target of BYPASS_TARGETS) test(`${target.name}: every bypassed function behaves as the guest glibc does`, async () => {
  const libnative = await buildLibnative(target);
  const program = compileGuest(target, source, { flags: ['-fno-builtin'] });
  const plain = runGuest({ target, mode: 'qemu-ts', program, args: [] });
  // Without statistics the hot functions run as wasm; with them, all run as JS (see bypass.ts).
  const fast = runGuest({ target, mode: 'qemu-ts+bypass', program, args: [], libnative });
  const bypassed = runGuest({ target, mode: 'qemu-ts+bypass', program, args: [], libnative, qemuTsOptions: ['-d', 'native'] });
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(fast.status, 0, fast.stderr);
  assert.equal(bypassed.status, 0, bypassed.stderr);
  assert.match(plain.stdout, /strlen off the page: SIGSEGV at area\+4096/);
  assert.match(plain.stdout, /memcpy from NULL: SIGSEGV at 0\n/);
  assert.match(plain.stdout, /hot faults 6, 0 at the wrong address/);
  assert.equal(fast.stdout, plain.stdout);
  assert.equal(bypassed.stdout, plain.stdout);
  for (const fn of ['memcpy', 'memmove', 'memset', 'memcmp', 'strlen', 'strcmp', 'strstr', 'strspn', 'stpncpy', 'strncat']) {
    assert.match(bypassed.stderr, new RegExp(`^  ${fn} +[1-9]\\d* `, 'm'), `${fn} ran on the host`);
  }
  const reference = runGuest({ target, mode: 'qemu-user', program, args: [] });
  assert.equal(reference.status, plain.status, `qemu-user: ${reference.stderr}`);
  assert.equal(plain.stdout, reference.stdout);
});

const target = findTarget('aarch64')!;

test('--native-bypass refuses what is not a libnative for this target, in one line', async () => {
  const program = compileGuest(target, source, { flags: ['-fno-builtin'] });
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-bypass-'));
  const text = join(dir, 'not-elf.so');
  writeFileSync(text, 'hello\n');
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.so'), /cannot find/],
    [dir, /not a regular file/],
    [text, /not an ELF|ELF/],
    [await buildLibnative(findTarget('mips64el')!), /mips64el|machine|class|target/],
  ];
  for (const [lib, message] of cases) {
    const r = runGuest({ target, mode: 'qemu-ts+bypass', program, args: [], libnative: lib });
    assert.equal(r.status, 1, `${lib}: exit status`);
    assert.equal(r.stdout, '', `${lib}: the guest did not start`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${lib}: one line, got ${r.stderr}`);
    assert.match(lines[0]!, message);
  }
});
