// The cache warmer (runtime/linux/code-cache/warmer.ts, docs/code-cache.md "Warming") end to end:
// a run starts it at exit, it compiles the rest of the run's code in the background, and the next
// run finds nearly everything compiled.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';
import { aarch64, qemuTs, root } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'qemu-ts-cache-warmer-'));
after(() => rmSync(work, { recursive: true, force: true }));

const program = compileGuest(aarch64, join(root, 'test', 'guest', 'linux', 'codecache.c'), { variant: 'linux' });
const EXPECTED = '1340138238\n';
const SYSROOT = ['-L', `/usr/${aarch64.triple}`];

/** The environment of a run: the warmer on, none of the test runner's cache variables. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.QEMU_TS_CACHE;
  delete e.QEMU_TS_CACHE_DIR;
  delete e.QEMU_TS_CACHE_WARM;
  return { ...e, ...extra };
}

function run(dir: string, extra: string[] = [], extraEnv: Record<string, string> = {}): Map<string, number> {
  const r = qemuTs(['-d', 'stats', '--cache-dir', dir, ...extra, ...SYSROOT, program], { env: env(extraEnv) });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, EXPECTED);
  const stats = new Map<string, number>();
  for (const m of r.stderr.matchAll(/^stats: (\S+) (\S+)$/gm)) stats.set(m[1]!, Number(m[2]));
  return stats;
}

const lock = (dir: string): string => join(dir, 'warmer.lock');
const jobs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.job')) : []);

/** Waits for the warmer a run started to finish (it removes its lock). */
async function warmerDone(dir: string): Promise<void> {
  for (let waited = 0; existsSync(lock(dir)); waited += 100) {
    assert.ok(waited < 600_000, 'the warmer finished within 10 minutes');
    await sleep(100);
  }
}

test('after the warmer, the next run translates and interprets almost nothing, and prints the same', async () => {
  const dir = join(work, 'warm');
  const first = run(dir);
  // The guest's output pipe reached its end while the warmer still works: it holds none of the
  // guest's descriptors (else the run above would have waited for it to finish).
  assert.ok(existsSync(lock(dir)), 'the warmer is at work after the run returned');
  await warmerDone(dir);
  assert.deepEqual(jobs(dir), [], 'the warmer removed its job');
  const second = run(dir, ['--no-cache-warm']);
  assert.ok(first.get('translated')! > 500, `the first run translated ${first.get('translated')} blocks`);
  assert.ok(second.get('translated')! * 20 < first.get('translated')!, `translated: ${first.get('translated')} -> ${second.get('translated')}`);
  assert.ok(second.get('interpreted')! * 20 < first.get('interpreted')!, `interpreted: ${first.get('interpreted')} -> ${second.get('interpreted')}`);
  assert.equal(second.get('compileMs'), 0, 'nothing compiled in the second run');
});

test('a warmer at work (its lock names a live process) makes a run save its own code and start none', () => {
  const dir = join(work, 'busy');
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(lock(dir), String(process.pid));
  run(dir);
  assert.equal(readFileSync(lock(dir), 'latin1'), String(process.pid), 'the lock is untouched');
  assert.deepEqual(jobs(dir), []);
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.qtc')), 'the run saved its own code');
});

test('the lock of a warmer that died is taken over', async () => {
  const dir = join(work, 'stale');
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(lock(dir), '999999999');
  run(dir);
  assert.notEqual(existsSync(lock(dir)) ? readFileSync(lock(dir), 'latin1') : '', '999999999');
  await warmerDone(dir);
  assert.ok(run(dir, ['--no-cache-warm']).get('translated')! < 100);
});

test('--no-cache-warm and QEMU_TS_CACHE_WARM=0 start no warmer', () => {
  for (const [dir, args, extraEnv] of [[join(work, 'off1'), ['--no-cache-warm'], {}], [join(work, 'off2'), [], { QEMU_TS_CACHE_WARM: '0' }]] as const) {
    run(dir, [...args], extraEnv);
    assert.ok(!existsSync(lock(dir)), 'no lock');
    assert.deepEqual(jobs(dir), []);
  }
});

test('a guest that closed stdin, stdout and stderr (as coreutils do at exit) exits with its status and starts the warmer', async () => {
  const dir = join(work, 'closed-stdio');
  const sysroot = testSysroot(aarch64);
  const input = join(work, 'words.txt');
  writeFileSync(input, 'one two\nthree\n');
  const r = qemuTs(['--cache-dir', dir, '-L', sysroot, join(sysroot, 'usr/bin/wc'), input], { env: env() });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, ` 2  3 14 ${input}\n`);
  assert.ok(existsSync(lock(dir)) || readdirSync(dir).length > 1, 'a warmer started');
  await warmerDone(dir);
  assert.deepEqual(jobs(dir), []);
});
