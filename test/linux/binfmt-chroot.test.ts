// The chroot recipe of docs/binfmt.md: a Debian arm64 root, binfmt_misc entries with flag F, and
// scripts/foreign-chroot.sh binding node and qemu-ts into it; its own /bin/sh (dash) and coreutils
// then run under qemu-ts. It runs in a user namespace with a binfmt_misc instance of its own
// (Linux 6.7 and later), so the machine's entries, and other tests, see nothing of it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { packagePath } from '../../runtime/package-root.js';
import { findTarget, type Target } from '../../runtime/targets.js';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';

const aarch64 = findTarget('aarch64') as Target;

test('chroot into a Debian arm64 root runs its /bin/sh -c \'cd /bin && ls | wc -l\' through binfmt_misc', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, () => {
  const root = testSysroot(aarch64);
  const passed = join(mkdtempSync(join(tmpdir(), 'qts-chroot-')), 'passed-down');
  writeFileSync(passed, 'read through a descriptor passed down\n');
  const recipe = [
    'mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc',
    'node out/scripts/binfmt.js install --target aarch64 --flags POF',
    `scripts/foreign-chroot.sh ${root} /bin/sh -c 'cd /bin && ls | wc -l && readlink /proc/self/exe'`,
    // Descriptor 7, opened by the host shell, must reach a guest program two execs further on
    // (the shim tells the runtime it is the guest's, the guest execve passes it on).
    `scripts/foreign-chroot.sh ${root} /bin/sh -c 'exec /bin/sh -c "/bin/cat <&7"' 7<${passed}`,
  ].join(' && ');
  // Node warns on stderr about a NODE_EXTRA_CA_CERTS file it cannot see inside the root.
  const env = { ...process.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', '--fork', 'sh', '-c', recipe], { cwd: packagePath(), encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  const [installed, count, exe, fromFd7] = r.stdout.trim().split('\n');
  assert.match(installed!, /^qemu-ts-aarch64: registered \(.*qemu-ts-binfmt-aarch64, flags POF\)$/);
  assert.equal(Number(count), readdirSync(`${root}/bin`).length);
  // The guest sees itself as the root's own program, not as node or the shim.
  assert.equal(exe, '/bin/readlink');
  assert.equal(fromFd7, 'read through a descriptor passed down');
});
