// Unmodified Debian 12 programs (coreutils, sed, grep, gawk, gzip, bzip2, xz, sqlite3, lua5.4,
// busybox, openssl, ffmpeg) of each target's Debian architecture (arm64, armhf), from a sysroot
// unpacked from Debian packages, run under qemu-ts-<target> and under Debian's qemu-<target>:
// stdout bytes and exit statuses must match. A workload is a pipeline of guest commands connected
// here (stage n's stdout is stage n+1's stdin), so no guest needs to execve another guest binary
// unless it is a shell workload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import { qemuUserCpuArgs } from '../../scripts/lib/guest-run.js';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';
import { onPath } from '../../scripts/lib/toolchains.js';
import { findTarget, type Target } from '../../runtime/targets.js';
import { aarch64, fixedGuestEnv, qemuTsCommand } from './support.js';

/** The targets whose Debian programs run here (armhf: see ARM_GUEST_TESTS). */
const TARGETS: readonly Target[] = [aarch64, ...(runsGuestPrograms('arm') ? [findTarget('arm') as Target] : [])];

type Stage = readonly string[];
interface Workload {
  name: string;
  stages: readonly Stage[];
  input?: string;
  /**
   * Under qemu-ts the stages run as one busybox sh pipeline, so the guest shell forks and
   * execve's each guest program; qemu-user, whose execve runs host programs, runs them as
   * separate stages here. Only the last stage's status is compared, the shell's status.
   */
  throughShell?: boolean;
}

const w = (name: string, ...stages: Stage[]): Workload => ({ name, stages });
const withInput = (input: string, wl: Workload): Workload => ({ ...wl, input });
const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** `wl` as one busybox sh command line (see Workload.throughShell). */
function asShellPipeline(wl: Workload): Workload {
  return { ...wl, stages: [['/bin/busybox', 'sh', '-c', wl.stages.map((stage) => stage.map(shellQuote).join(' ')).join(' | ')]] };
}

const SQL = `
create table t(id integer primary key, name text, score real);
with recursive n(i) as (select 1 union all select i + 1 from n where i < 500)
insert into t select i, 'name' || (i * 7919 % 101), i * 1.0 / 7 from n;
create index t_name on t(name);
select name, count(*), round(sum(score), 6), printf('%.15g', avg(score)) from t group by name order by 2 desc, 1 limit 8;
select group_concat(id, ',') from (select id from t where name like 'name1%' order by score desc limit 10);
select 0.1 + 0.2, 1e300 * 10, -0.0, 2.5e-310, cast(9007199254740993 as real), 1.0 / 3;
`;

const LUA = `
local t = {}
for i = 1, 2000 do t[i] = (i * 7919) % 1009 + i / 1000 end
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2], t[1000], #t)
print(string.format('%.17g %g %a %5.2f', math.pi, 1e-300, 0.1, -2.675))
print(math.sqrt(2), math.exp(1), math.log(10), math.sin(1), 2^53 + 1, 7 // 2, -7 % 3, 1 / 0, math.tointeger(3.0))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do words[#words + 1] = w:upper():reverse() end
print(table.concat(words, "-"), ("x=%d"):rep(3, ","):format(1, 2, 3))
print(("hello world from lua"):gsub("(%w+) (%w+)", "%2 %1"))
`;

const AWK = `{ n[$2]++; s[$2] += $3; total += $3 }
END { for (k in n) keys[++m] = k; asort(keys)
      for (i = 1; i <= m; i++) printf "%s %d %.6f %e\\n", keys[i], n[keys[i]], s[keys[i]] / n[keys[i]], s[keys[i]]
      printf "%.17g %s %d\\n", total, sqrt(2), length(n); print exp(1), log(10), atan2(1, 1) * 4, 2 ^ 0.5, int(-3.7) }`;

const BUSYBOX_SH = `
i=0; while [ $i -lt 30 ]; do echo "line $((i * i % 17)) $i"; i=$((i + 1)); done | sort -k2,2n -k3,3nr | head -12
echo "$(echo abc | tr a-c x-z) \${#HOME}" | sed 's/x/X/'
for w in one two three; do case $w in t*) echo "t-word $w";; *) echo "other $w";; esac; done
printf '%s\\n' b a c | sort -r | tr '\\n' ' '; echo
seq 1 100 | awk '{ s += $1 } END { print s, s / NR }'
echo hello > f.txt && cat f.txt f.txt | wc -l; ( exit 3 ); echo "status $?"
sleep 0.1 & echo "background"; wait; (exit 5) & wait $!; echo "job status $?"
trap 'echo "trapped USR1"' USR1; kill -USR1 $$; echo "after trap"
`;

const OPENSSL_KEY = ['-K', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '-iv', '0f0e0d0c0b0a09080706050403020100'];
const FFMPEG = ['/usr/bin/ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.2'];

const WORKLOADS: readonly Workload[] = [
  w('coreutils sort (numeric, keys, unique)', ['/usr/bin/sort', '--parallel=1', '-k2,2', '-k3,3nr', 'table.txt']),
  w('coreutils sort | uniq -c | sort -rn', ['/usr/bin/sort', '--parallel=1', 'words.txt'], ['/usr/bin/uniq', '-c'], ['/usr/bin/sort', '--parallel=1', '-k1,1nr', '-k2']),
  w('coreutils cut | tr | tac', ['/usr/bin/cut', '-d', ' ', '-f', '2,3', 'table.txt'], ['/usr/bin/tr', 'a-z', 'A-Z'], ['/usr/bin/tac']),
  w('coreutils wc', ['/usr/bin/wc', 'words.txt', 'table.txt']),
  w('coreutils sha256sum, b2sum', ['/usr/bin/sha256sum', 'words.txt', 'table.txt'], ['/usr/bin/b2sum']),
  w('coreutils ls -la', ['/bin/ls', '-laR', '--time-style=+%s', 'listing']),
  w('coreutils seq and printf floating point', ['/usr/bin/seq', '-f', '%.9g', '0', '0.37', '12']),
  w('coreutils printf formats', ['/usr/bin/printf', '%.17g %e %a %g %10.4f %x %o %s\\n', '0.1', '1e-310', '3.5', '123456789', '-2.675', '255', '8', 'ok']),
  w('coreutils factor, numfmt, expr', ['/usr/bin/factor', '1234567890123', '600851475143', '18446744073709551557']),
  w('coreutils base64 round trip, od', ['/usr/bin/base64', 'table.txt'], ['/usr/bin/base64', '-d'], ['/usr/bin/od', '-A', 'x', '-t', 'x1z', '-N', '256']),
  w('coreutils date -u', ['/bin/date', '-u', '-d', '@1234567890', '+%Y-%m-%d %H:%M:%S %j %A']),
  w('sed regex substitutions', ['/bin/sed', '-E', 's/([a-z]+) ([a-z]+)/\\2 \\1/; /^[aeiou]/d; s/[0-9]+/<&>/g; y/abc/ABC/', 'table.txt']),
  w('sed -n ranges and hold space', ['/bin/sed', '-n', '/^b/,/^d/{h;G;s/\\n/ | /p}', 'words.txt']),
  w('grep -E count and -o', ['/bin/grep', '-E', '-o', '(ab|cd|ef)[a-z]{2,}', 'words.txt'], ['/usr/bin/sort', '--parallel=1'], ['/usr/bin/uniq', '-c']),
  w('grep -i -n -w -v', ['/bin/grep', '-i', '-n', '-v', '-w', 'the|and|[aeiou]{3}', 'table.txt']),
  w('grep -P (PCRE2 JIT) lookbehind, classes', ['/bin/grep', '-P', '-o', '(?<=[aeiou])[b-df-hj-np-tv-z]{2}\\d*(?!x)', 'table.txt']),
  w('grep -P backreferences and -c', ['/bin/grep', '-P', '-c', '^(\\w)\\w*\\1\\b', 'words.txt']),
  w('gawk fields, arrays, printf floats', ['/usr/bin/gawk', AWK, 'table.txt']),
  w('gzip round trip', ['/bin/gzip', '-9', '-n', '-c', 'words.txt'], ['/bin/gzip', '-d', '-c']),
  w('gzip compressed bytes', ['/bin/gzip', '-6', '-n', '-c', 'table.txt']),
  w('bzip2 round trip', ['/bin/bzip2', '-9', '-c', 'table.txt'], ['/bin/bzip2', '-d', '-c']),
  w('bzip2 compressed bytes', ['/bin/bzip2', '-c', 'words.txt']),
  w('xz round trip', ['/usr/bin/xz', '-T1', '-6', '-c', 'table.txt'], ['/usr/bin/xz', '-T1', '-d', '-c']),
  w('xz compressed bytes (lzma2 extreme)', ['/usr/bin/xz', '-T1', '-e', '-c', 'words.txt']),
  withInput(SQL, w('sqlite3 SQL, aggregates, float printing', ['/usr/bin/sqlite3', '-batch'])),
  w('sqlite3 file database (locks, journal, fsync)', ['/usr/bin/sqlite3', 'test.db', 'create table if not exists k(v); insert into k values (1), (2.5), (\'x\'); select count(*), total(v) from k; pragma integrity_check;']),
  w('lua5.4 sort, string.format, patterns, math', ['/usr/bin/lua5.4', '-e', LUA]),
  w('busybox sh pipelines, arithmetic, case', ['/bin/busybox', 'sh', '-c', BUSYBOX_SH]),
  w('busybox applets: gzip round trip, sort', ['/bin/busybox', 'gzip', '-c', 'words.txt'], ['/bin/busybox', 'gunzip', '-c'], ['/bin/busybox', 'sort', '-r']),
  w('busybox awk printf', ['/bin/busybox', 'awk', '{ s += $3 } END { printf "%.10f %d\\n", s, NR }', 'table.txt']),
  w('openssl dgst sha256, sha512', ['/usr/bin/openssl', 'dgst', '-sha256', '-sha512', 'table.txt']),
  w('openssl aes-256-cbc round trip', ['/usr/bin/openssl', 'enc', '-aes-256-cbc', ...OPENSSL_KEY, '-in', 'words.txt'], ['/usr/bin/openssl', 'enc', '-d', '-aes-256-cbc', ...OPENSSL_KEY]),
  w('openssl aes-128-ctr bytes, base64', ['/usr/bin/openssl', 'enc', '-aes-128-ctr', '-a', '-K', '00112233445566778899aabbccddeeff', '-iv', '0'.repeat(32), '-in', 'table.txt']),
  w('openssl prime and bignum', ['/usr/bin/openssl', 'prime', '-checks', '10', '2305843009213693951', '2305843009213693953']),
  w('ffmpeg lavfi sine to s16le', [...FFMPEG, '-f', 's16le', '-']),
  w('ffmpeg sine to flac (bitexact)', [...FFMPEG, '-bitexact', '-c:a', 'flac', '-f', 'flac', '-']),
  w('ffmpeg testsrc to h264 (libx264)', ['/usr/bin/ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5:duration=0.4',
    '-bitexact', '-c:v', 'libx264', '-preset', 'ultrafast', '-threads', '1', '-f', 'h264', '-']),
];

/** Workloads that also run through the guest's busybox sh (Workload.throughShell). */
const SHELL_WORKLOADS = ['coreutils sort | uniq -c | sort -rn', 'grep -E count and -o', 'gawk fields, arrays, printf floats', 'xz round trip',
  'sqlite3 SQL, aggregates, float printing', 'lua5.4 sort, string.format, patterns, math', 'openssl aes-256-cbc round trip'];

const ALL_WORKLOADS: readonly Workload[] = [...WORKLOADS, ...WORKLOADS.filter((wl) => SHELL_WORKLOADS.includes(wl.name))
  .map((wl) => ({ ...wl, name: `${wl.name}, through busybox sh (fork+execve)`, throughShell: true }))];

/** Deterministic inputs: a word list and a table of words and numbers. */
function writeInputs(dir: string): void {
  let seed = 12345;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return (seed >>> 16) % n; // the low bits of this generator are far from random
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = () => Array.from({ length: 2 + next(8) }, () => letters[next(26)]).join('');
  const words = Array.from({ length: 3000 }, word);
  writeFileSync(join(dir, 'words.txt'), words.join('\n') + '\n');
  const rows = Array.from({ length: 1500 }, (_, i) => `${words[i]} ${words[next(40)]} ${(next(100000) / 97).toFixed(next(6))} ${i}${next(3) === 0 ? 'x' : ''}`);
  writeFileSync(join(dir, 'table.txt'), rows.join('\n') + '\n');
  // A directory of its own for ls: nothing else changes it (the temporary directory's parent does).
  mkdirSync(join(dir, 'listing', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'listing', 'a file'), 'x'.repeat(1234));
  symlinkSync('a file', join(dir, 'listing', 'link'));
}

interface Outcome {
  stdout: Buffer;
  statuses: (number | string | null)[];
  stderr: string;
}

const ENV = fixedGuestEnv({ PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/nonexistent' });

function runPipeline(emulator: readonly string[], sysroot: string, wl: Workload, cwd: string): Outcome {
  let input: Buffer = Buffer.from(wl.input ?? '');
  const statuses: (number | string | null)[] = [];
  let stderr = '';
  for (const [program, ...args] of wl.stages) {
    const [cmd, ...pre] = emulator;
    const r = spawnSync(cmd!, [...pre, '-L', sysroot, join(sysroot, program!), ...args], { cwd, input, env: ENV, timeout: 120_000, maxBuffer: 64 << 20 });
    statuses.push(r.status ?? r.signal);
    stderr += r.stderr.toString('latin1');
    input = r.stdout;
  }
  return { stdout: input, statuses, stderr };
}

/**
 * Workloads known to differ from qemu-user, by "<Debian architecture>: <workload name>", with the
 * reason. A listed workload must still differ: when it matches qemu-user, its test fails so that
 * it is taken off this list.
 */
const KNOWN_GAPS: ReadonlyMap<string, string> = new Map<string, string>([
  // [workload, why it differs]; none today: every workload matches qemu-user on arm64 and armhf (2026-12-08).
]);

let work = '';

before(() => {
  work = mkdtempSync(join(tmpdir(), 'qemu-ts-debian-'));
  writeInputs(work);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const target of TARGETS) {
  /** The target's sysroot (scripts/lib/test-sysroots.ts) with the packages' programs; made in before(). */
  let sysroot = '';
  // The launcher's own node flags, as users run it.
  const qemuTs = [...qemuTsCommand(target.name), '-d', 'unimp'];
  const qemuUser = [target.qemuUser, ...qemuUserCpuArgs(target)];

  before(() => {
    if (!onPath(target.qemuUser)) throw new Error(`${target.qemuUser} not found: qemu-user is the reference (apt-get install qemu-user)`);
    sysroot = testSysroot(target);
  });

  for (const wl of ALL_WORKLOADS) {
    const name = `${target.debianArch}: ${wl.name}`;
    test(name, () => {
      const ref = runPipeline(qemuUser, sysroot, wl, work);
      rmSync(join(work, 'test.db'), { force: true });
      const got = runPipeline(qemuTs, sysroot, wl.throughShell ? asShellPipeline(wl) : wl, work);
      rmSync(join(work, 'test.db'), { force: true });
      if (wl.throughShell) ref.statuses.splice(0, ref.statuses.length - 1);
      const gap = KNOWN_GAPS.get(name);
      if (gap !== undefined) {
        const same = got.stdout.equals(ref.stdout) && got.statuses.join() === ref.statuses.join();
        assert.ok(!same, `known gap "${gap}" no longer differs from qemu-user: remove it from KNOWN_GAPS`);
        return;
      }
      assert.ok(ref.stdout.length > 0, `the reference produced no output (statuses ${ref.statuses.join()})`);
      assert.deepEqual(got.statuses, ref.statuses, `exit statuses; qemu-ts stderr: ${got.stderr.slice(0, 2000)}`);
      assert.ok(got.stdout.equals(ref.stdout), `stdout differs (${got.stdout.length} vs ${ref.stdout.length} bytes):\n${got.stdout.toString('latin1').slice(0, 800)}\n--- ${target.qemuUser}:\n${ref.stdout.toString('latin1').slice(0, 800)}\nqemu-ts stderr: ${got.stderr.slice(0, 2000)}`);
    });
  }
}
