// binfmt_misc integration (scripts/lib/binfmt.ts, runtime/cli/binfmt/shim.c): guest programs
// started directly (./prog) by the kernel run under qemu-ts, with argv[0] preserved (flag P) and
// execute-only files readable through the descriptor the kernel passes (flag O). Other test files
// run at the same time and some run qemu-user, whose guest execve goes through the kernel: so the
// entries registered here only match test copies of the programs, whose ELF identification
// padding (bytes 8-15, zero in every real ELF file) says "qts-test". Entries are always removed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findTarget, TARGETS, type Target } from '../../runtime/targets.js';
import { ARM_GUEST_TESTS, runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import {
  type BinfmtEntry, buildShim, elfMagic, ensureBinfmtMounted, entryFor, install, registeredEntries, registrationLine, uninstall,
} from '../../scripts/lib/binfmt.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { guestProgram } from './support.js';

const TEST_PAD = Buffer.from('qts-test');
const NOBODY = 65534;
const targets = (['aarch64', 'mipsel', 'mips64el', ...(ARM_GUEST_TESTS ? ['arm' as const] : [])] as const).map((n) => findTarget(n) as Target);

test('magic and mask: each target\'s entry matches its own executables and no other target\'s', () => {
  const all = TARGETS.filter((t) => runsGuestPrograms(t.name));
  for (const t of all) {
    const { magic, mask } = elfMagic(t);
    for (const other of all) {
      const head = readFileSync(guestProgram('hello', { target: other })).subarray(0, 20);
      const matches = head.every((b, i) => (b & mask[i]!) === magic[i]);
      assert.equal(matches, other === t, `${t.name}'s entry ${matches ? 'matches' : 'does not match'} ${other.name}'s hello`);
    }
  }
  assert.equal(registrationLine(entryFor(findTarget('aarch64')!, { shimDir: '/s' })),
    ':qemu-ts-aarch64:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00' +
    ':\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/s/qemu-ts-binfmt-aarch64:PO');
  assert.throws(() => entryFor(findTarget('aarch64')!, { flags: 'PX' }), /unknown binfmt flag\(s\) X; the flags are POCF/);
});

describe('programs started by the kernel through binfmt_misc (as root)', { skip: process.getuid?.() !== 0 ? 'binfmt_misc needs root' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-binfmt-'));
  const entries = new Map<string, BinfmtEntry>();
  let before_: string[] = [];

  /** A copy of a guest program that only the test entries match. */
  function testCopy(name: string, t: Target, mode = 0o755): string {
    const file = join(dir, `${name}-${t.name}`);
    copyFileSync(guestProgram(name, { target: t }), file);
    const bytes = readFileSync(file);
    TEST_PAD.copy(bytes, 8);
    writeFileSync(file, bytes);
    chmodSync(file, mode);
    return file;
  }

  before(() => {
    chmodSync(dir, 0o755);
    ensureBinfmtMounted();
    before_ = registeredEntries().map((r) => JSON.stringify(r)).sort();
    buildShim(targets);
    for (const t of targets) {
      const e = entryFor(t, { name: `qemu-ts-test-${process.pid}-${t.name}` });
      TEST_PAD.copy(e.magic, 8);
      entries.set(t.name, e);
      assert.equal(install(e), 'registered');
    }
  });

  after(() => {
    for (const e of entries.values()) uninstall(e.name);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const t of targets) {
    test(`${t.name}: ./prog args runs under qemu-ts with its argv[0] (flag P)`, () => {
      const prog = testCopy('startup', t);
      const r = spawnSync(prog, ['one', 'two words'], { argv0: 'given-name', encoding: 'utf8', cwd: dir, timeout: 60_000 });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^argc=3\nargv\[0\]=given-name\nargv\[1\]=one\nargv\[2\]=two words\n/);
    });
  }

  test('a program started so uses native bypass with QEMU_TS_NATIVE_BYPASS=auto', async () => {
    await buildLibnative(targets[0]!);
    const prog = testCopy('hello', targets[0]!);
    const env = { ...process.env, QEMU_TS_NATIVE_BYPASS: 'auto', QEMU_LOG: 'native', QEMU_STRACE: '1' };
    const r = spawnSync(prog, [], { encoding: 'utf8', env, cwd: dir, timeout: 60_000 });
    assert.equal(r.stdout, 'Hello, world!\n');
    const chosen = /^native: --native-bypass auto uses (\/.*libnative\.so)$/m.exec(r.stderr);
    assert.ok(chosen, r.stderr);
    // The guest's ld.so preloads it, and -d native reports at exit.
    assert.ok(r.stderr.includes(`openat(-100,"${chosen[1]}",`), 'ld.so opened libnative.so');
    assert.match(r.stderr, /^native bypass statistics:$/m);
  });

  test('an execute-only program runs for a user who cannot read it (flag O)', () => {
    const prog = testCopy('hello', targets[0]!, 0o711);
    const r = spawnSync(prog, [], { encoding: 'utf8', uid: NOBODY, gid: NOBODY, cwd: dir, timeout: 60_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'Hello, world!\n');
    // Without the descriptor the kernel passes, reading it is what fails.
    const direct = spawnSync('cat', [prog], { encoding: 'utf8', uid: NOBODY, gid: NOBODY });
    assert.match(direct.stderr, /Permission denied/);
  });

  test('a host shell script runs guest programs of two targets by path', () => {
    const a = testCopy('hello', targets[0]!);
    const b = testCopy('startup', targets[2]!);
    const script = join(dir, 'run.sh');
    writeFileSync(script, `#!/bin/sh\nset -e\n${a}\n${b} from-sh | head -2\n`, { mode: 0o755 });
    const r = spawnSync(script, [], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `Hello, world!\nargc=2\nargv[0]=${b}\n`);
  });

  test('installing again changes nothing; another entry for the same binaries is left alone unless forced', () => {
    const e = entries.get('aarch64')!;
    assert.equal(install(e), 'unchanged');
    const rival = { ...e, name: `${e.name}-rival` };
    assert.throws(() => install(rival), new RegExp(`binfmt entry ${e.name} \\(${e.interpreter.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) already runs these binaries; --force`));
    assert.throws(() => install({ ...e, flags: 'P' }), /exists with interpreter .* \(flags PO\); --force replaces it/);
    assert.equal(install(rival, true), 'registered');
    assert.equal(uninstall(rival.name), true);
    assert.equal(uninstall(rival.name), false);
  });

  // Last: after() then finds nothing left to remove.
  test('uninstall leaves binfmt_misc as it was', () => {
    for (const e of entries.values()) assert.equal(uninstall(e.name), true);
    assert.deepEqual(registeredEntries().map((r) => JSON.stringify(r)).sort(), before_);
  });
});
