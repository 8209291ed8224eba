// Debian 12 arm64 coreutils working on a directory tree: cp -a (which preserves times through
// utimensat(fd, NULL, ...) and of symbolic links through AT_SYMLINK_NOFOLLOW), touch -h, ln, mv
// and rm -r, the *at calls with directory descriptors that real programs make. Each step runs
// under qemu-ts-aarch64 and under Debian's qemu-aarch64, each in a directory of its own holding
// the same tree; stdout (ls -l --time-style=full-iso and stat listings) and exit statuses must
// be the same.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';
import { onPath } from '../../scripts/lib/toolchains.js';
import { aarch64, fixedGuestEnv, qemuTsCommand } from './support.js';

const ENV = fixedGuestEnv({ PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/nonexistent' });
const LS = ['/bin/ls', '-lR', '--time-style=full-iso'];
// Access times only of regular files: reading a symbolic link (stat's %N does) sets its own.
const STAT = ['/usr/bin/stat', '-c', '%N %F %a %h %s %y'];
const ATIME = ['/usr/bin/stat', '-c', '%n %x'];
// What the steps make is made "now": no times.
const NEW = ['/usr/bin/stat', '-c', '%N %F %a %h %s'];

interface Step {
  /** Guest commands, in order: program in the sysroot, then its arguments. */
  commands: readonly (readonly string[])[];
  /** Lines both emulators must print (so that agreeing on a wrong answer fails too). */
  expect?: readonly RegExp[];
}

const STEPS: readonly Step[] = [
  {
    commands: [['/bin/cp', '-a', 'src', 'dst'], LS.concat('dst')],
    expect: [/^-rw-r--r-- 1 root root +6 2011-03-13 07:06:43\.500000000 \+0000 a$/m, /^lrwxrwxrwx 1 root root +1 2014-05-13 16:53:24\.500000000 \+0000 link -> a$/m,
      /^drwxr-xr-x 3 root root +\d+ 2017-07-14 02:40:05\.500000000 \+0000 sub$/m, /^-rw------- 1 root root +10 2008-01-10 21:20:02\.500000000 \+0000 b$/m],
  },
  { commands: [ATIME.concat('dst/a', 'dst/sub/b', 'dst/sub/deep/f')], expect: [/^dst\/a 2011-03-13 07:06:40\.250000000 \+0000$/m] },
  {
    commands: [['/bin/touch', '-h', '-d', '2003-04-05 06:07:08.123456789', 'dst/link'], STAT.concat('dst/link', 'dst/a', 'dst/dirlink')],
    expect: [/^'dst\/link' -> 'a' symbolic link 777 1 1 2003-04-05 06:07:08\.123456789 \+0000$/m, /^'dst\/a' regular file 644 1 6 2011-03-13 07:06:43\.500000000 \+0000$/m],
  },
  { commands: [['/bin/touch', '-c', '-m', '-d', '2004-01-01 00:00:00', 'dst/link', 'dst/missing'], STAT.concat('dst/link', 'dst/a'), ATIME.concat('dst/a')] },
  {
    commands: [['/bin/ln', 'dst/a', 'dst/sub/hard'], ['/bin/ln', '-s', '../a', 'dst/sub/soft'], ['/bin/ln', '-sfn', 'sub', 'dst/dirlink'], STAT.concat('dst/sub/hard', 'dst/a'), NEW.concat('dst/sub/soft', 'dst/dirlink')],
    expect: [/^'dst\/sub\/hard' regular file 644 2 6 2004-01-01 00:00:00\.000000000 \+0000$/m],
  },
  { commands: [['/bin/mv', 'dst/sub', 'dst/moved'], ['/bin/mv', 'dst/a', 'dst/moved/a2'], ['/bin/mv', '-T', 'dst/moved', 'dst/sub2'], STAT.concat('dst/sub2/hard', 'dst/sub2/a2', 'dst/sub2/deep/f'), NEW.concat('dst/sub2/soft'), ['/bin/ls', '-R', 'dst']] },
  {
    commands: [['/bin/touch', '-h', '-d', '2005-06-07 08:09:10.5', 'dst/sub2/soft'], ['/bin/cp', '-a', 'dst/sub2', 'copy2'], LS.concat('copy2'), ['/bin/rm', '-r', 'dst/sub2'], ['/bin/ls', '-R', 'dst'], ['/bin/rm', '-rf', 'dst', 'copy2'], ['/bin/ls']],
    expect: [/^lrwxrwxrwx 1 root root +4 2005-06-07 08:09:10\.500000000 \+0000 soft -> \.\.\/a$/m, /^dst:\ndirlink\nlink\nsrc$/m],
  },
];

/** The tree cp -a copies: files, a subdirectory two deep, links to a file and to a directory. */
function makeTree(dir: string): void {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'sub', 'deep'), { recursive: true });
  writeFileSync(join(src, 'a'), 'alpha\n');
  writeFileSync(join(src, 'sub', 'b'), 'beta beta\n');
  writeFileSync(join(src, 'sub', 'deep', 'f'), '');
  chmodSync(join(src, 'sub', 'b'), 0o600);
  symlinkSync('a', join(src, 'link'));
  symlinkSync('sub', join(src, 'dirlink'));
  // Times with fractions a double holds exactly, set children first (setting a directory's
  // children changes its own times).
  utimesSync(join(src, 'sub', 'deep', 'f'), 1000000000.5, 1000000001.25);
  utimesSync(join(src, 'sub', 'deep'), 1100000000.5, 1100000001.75);
  utimesSync(join(src, 'sub', 'b'), 1200000000, 1200000002.5);
  utimesSync(join(src, 'a'), 1300000000.25, 1300000003.5);
  lutimesSync(join(src, 'link'), 1400000000.5, 1400000004.5);
  lutimesSync(join(src, 'dirlink'), 1450000000.5, 1450000004.5);
  utimesSync(join(src, 'sub'), 1500000000.5, 1500000005.5);
  utimesSync(src, 1600000000.5, 1600000006.5);
}

interface StepOutcome {
  stdout: string;
  statuses: (number | string | null)[];
  stderr: string;
}

let SYSROOT = '';
let work = '';

function runStep(emulator: readonly string[], commands: readonly (readonly string[])[], cwd: string): StepOutcome {
  const out: StepOutcome = { stdout: '', statuses: [], stderr: '' };
  for (const [program, ...args] of commands) {
    const [cmd, ...pre] = emulator;
    const r = spawnSync(cmd!, [...pre, '-L', SYSROOT, join(SYSROOT, program!), ...args], { cwd, env: ENV, encoding: 'latin1', timeout: 120_000 });
    out.stdout += r.stdout;
    out.statuses.push(r.status ?? r.signal);
    out.stderr += r.stderr;
  }
  return out;
}

before(() => {
  if (!onPath(aarch64.qemuUser)) throw new Error(`${aarch64.qemuUser} not found: qemu-user is the reference (apt-get install qemu-user)`);
  SYSROOT = testSysroot(aarch64);
  work = mkdtempSync(join(tmpdir(), 'qemu-ts-file-tree-'));
  for (const who of ['ours', 'ref']) {
    mkdirSync(join(work, who));
    makeTree(join(work, who));
  }
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// The steps depend on each other, so they are one test; a failure names its step.
test('cp -a, touch -h, ln, mv, rm -r on a tree with links: the same listings and statuses as qemu-user', () => {
  const ours = [...qemuTsCommand('aarch64')];
  for (const [i, step] of STEPS.entries()) {
    const got = runStep(ours, step.commands, join(work, 'ours'));
    const ref = runStep([aarch64.qemuUser], step.commands, join(work, 'ref'));
    const what = `step ${i + 1} (${step.commands.map((c) => c.join(' ')).join('; ')})`;
    assert.ok(ref.stdout.length > 0, `${what}: the reference printed nothing (${ref.stderr.slice(0, 500)})`);
    assert.deepEqual(got.statuses, ref.statuses, `${what}: exit statuses; qemu-ts stderr: ${got.stderr.slice(0, 2000)}`);
    assert.equal(got.stdout, ref.stdout, `${what}: stdout; qemu-ts stderr: ${got.stderr.slice(0, 2000)}`);
    assert.equal(got.stderr, ref.stderr, `${what}: stderr`);
    for (const line of step.expect ?? []) assert.match(got.stdout, line, what);
  }
});
