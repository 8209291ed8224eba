// Unmodified Debian mipsel, mips64el (and armhf, ARM_GUEST_TESTS) programs (coreutils, busybox and its shell) from a
// sysroot unpacked with apt-get download (made here when missing; failing to make it fails the
// tests), under qemu-ts and under Debian's qemu-user.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ARM_GUEST_TESTS } from '../../scripts/lib/arm-guest-tests.js';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';
import { TARGETS } from '../../runtime/targets.js';
import { spawnSync } from 'node:child_process';
import { expectSameAsQemuUser, qemuTs, qemuTsCommand } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'qemu-ts-debian-'));
writeFileSync(join(work, 'words.txt'), 'pear\napple\nfig\n');
writeFileSync(join(work, 'empty'), '');
after(() => rmSync(work, { recursive: true, force: true }));

/** [program inside the sysroot, arguments, expected stdout, expected status]. */
const CASES: readonly [string, string[], string, number][] = [
  ['/bin/echo', ['hello', 'world'], 'hello world\n', 0],
  ['/bin/ls', [work], 'empty\nwords.txt\n', 0],
  ['/bin/cat', ['words.txt'], 'pear\napple\nfig\n', 0],
  ['/usr/bin/sort', ['words.txt'], 'apple\nfig\npear\n', 0],
  ['/usr/bin/wc', ['words.txt'], ' 3  3 15 words.txt\n', 0],
  ['/usr/bin/seq', ['-s', ',', '2', '5'], '2,3,4,5\n', 0],
  ['/usr/bin/head', ['-n', '2', 'words.txt'], 'pear\napple\n', 0],
  ['/usr/bin/stat', ['-c', '%s %F', 'words.txt', 'empty'], '15 regular file\n0 regular empty file\n', 0],
  ['/usr/bin/sha256sum', ['words.txt'], 'd7b8370b133ffebfa89e67453a41c3c1bf366d9a0f2cf9263caafc41359dc9a6  words.txt\n', 0],
  ['/bin/busybox', ['sh', '-c', 'cd / && pwd; test -d /tmp && echo dir; x=$((6*7)); echo $x'], '/\ndir\n42\n', 0],
  ['/bin/cat', ['/nonexistent'], '', 1],
  ['/bin/busybox', ['sh', '-c', 'for i in 1 2; do echo n$i; done; exit 3'], 'n1\nn2\n', 3],
  ['/bin/busybox', ['ls', work], 'empty\nwords.txt\n', 0],
];

for (const target of TARGETS.filter((t) => t.name === 'mipsel' || t.name === 'mips64el' || (t.name === 'arm' && ARM_GUEST_TESTS))) {
  describe(`Debian ${target.debianArch} binaries`, () => {
    const root = testSysroot(target);
    const run = (prog: string, args: string[]) => qemuTs(['-L', root, join(root, prog), ...args], { target: target.name, cwd: work });

    for (const [prog, args, stdout, status] of CASES) {
      test(`${prog.split('/').pop()} ${args.join(' ').replace(work, '<dir>')}`, () => {
        // The last -L wins, for qemu-user as for qemu-ts: both use the Debian sysroot.
        const r = expectSameAsQemuUser(target, ['-L', root, join(root, prog), ...args], { cwd: work });
        assert.equal(r.stdout, stdout);
        assert.equal(r.status, status, r.stderr);
      });
    }

    // An interactive shell on a pseudo-terminal (script(1)): line editing puts the terminal in
    // raw mode through TCGETS/TCSETS, then reads the commands typed. script runs the command
    // through $SHELL; with dash the guest is not the session leader, so the shell's own process
    // group starts in the background and its tcsetpgrp meets SIGTTOU, which it ignores.
    test('interactive busybox sh on a terminal', () => {
      const cmd = [...qemuTsCommand(target.name), '-L', root, join(root, '/bin/busybox'), 'sh', '-i'].map((a) => `'${a}'`).join(' ');
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', cwd: work, input: 'echo hi $((1+2))\nexit 4\n', timeout: 120_000, env: { ...process.env, SHELL: '/bin/sh' } });
      assert.match(r.stdout, /^hi 3\r$/m);
      assert.equal(r.status, 4);
    });

    // busybox's shell runs `busybox wc` from the sysroot: an execve of a guest program
    // (qemu-user without binfmt_misc cannot do this one; the kernel's answer is 2).
    test('busybox sh -c "echo a | busybox wc -c"', () => {
      const r = run('/bin/busybox', ['sh', '-c', 'echo a | busybox wc -c']);
      assert.equal(r.stdout, '2\n');
      assert.equal(r.status, 0, r.stderr);
    });
  });
}
