// The persistent code cache (docs/code-cache.md) end to end: qemu-ts runs of a guest program with
// a cache directory of the test's own, checked through -d stats and the directory's files.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeEntry, encodeEntry, type StoredModule } from '../../runtime/linux/code-cache/entry-format.js';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { aarch64, qemuTsCommand, root } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'qemu-ts-code-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

const source = join(root, 'test', 'guest', 'linux', 'codecache.c');
const step3 = compileGuest(aarch64, source, { variant: 'linux' });
const step5 = compileGuest(aarch64, source, { variant: 'linux-step5', flags: ['-DSTEP=5'] });
/** What the program prints for each STEP (its loop, in JS). */
const EXPECTED: Record<number, string> = { 3: '1340138238\n', 5: '3565582080\n' };
const SYSROOT = ['-L', `/usr/${aarch64.triple}`];
// Compile at once (threshold 0) so that even this short run leaves many modules to cache.
const OPTIONS = ['--jit-threshold', '0', '-d', 'stats'];

/** The environment of a run: none of the cache variables of the test runner's own. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.QEMU_TS_CACHE;
  delete e.QEMU_TS_CACHE_DIR;
  // These tests count what runs themselves write: no cache warmer (code-cache-warmer.test.ts) in between.
  return { ...e, QEMU_TS_CACHE_WARM: '0', ...extra };
}

interface Run { stdout: string; stderr: string; stats: Map<string, number> }

/** A run of qemu-ts (`program`: its path, or its path and arguments); `nodeFlags` go after the launcher's node flags (so they win). */
function run(program: string | string[], cacheArgs: string[], extraEnv: Record<string, string> = {}, nodeFlags: string[] = []): Run {
  const command = qemuTsCommand('aarch64');
  const r = spawnSync(command[0]!, [...command.slice(1, -1), ...nodeFlags, command.at(-1)!, ...OPTIONS, ...cacheArgs, ...SYSROOT, ...[program].flat()], {
    encoding: 'utf8', env: env(extraEnv), timeout: 120_000, maxBuffer: 1 << 28,
  });
  assert.equal(r.status, 0, r.stderr);
  const stats = new Map<string, number>();
  for (const m of r.stderr.matchAll(/^stats: (\S+) (\S+)$/gm)) stats.set(m[1]!, Number(m[2]));
  return { stdout: r.stdout, stderr: r.stderr.replace(/^stats: .*\n/gm, ''), stats };
}

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.qtc')).map((f) => join(dir, f)) : [];
}

test('a second run runs the modules the first one saved, and prints the same', () => {
  const dir = join(work, 'second');
  const first = run(step3, ['--cache-dir', dir]);
  assert.equal(first.stdout, EXPECTED[3]);
  assert.equal(first.stats.get('savedModules'), 0);
  assert.ok(entries(dir).length >= 2, 'an entry for the program and one for libc at least');
  const second = run(step3, ['--cache-dir', dir]);
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stderr, '');
  assert.ok(second.stats.get('savedModules')! > 0, 'modules come from the cache');
  assert.ok(second.stats.get('translated')! < first.stats.get('translated')!, 'fewer blocks translated');
  assert.ok(second.stats.get('modules')! - second.stats.get('savedModules')! < first.stats.get('modules')!, 'fewer modules generated');
});

test('a corrupted entry is rejected and replaced; the run is still right', () => {
  const dir = join(work, 'corrupt');
  run(step3, ['--cache-dir', dir]);
  for (const file of entries(dir)) {
    const data = readFileSync(file);
    data[data.length >> 1] ^= 0x40;
    writeFileSync(file, data);
  }
  const bad = run(step3, ['--cache-dir', dir]);
  assert.equal(bad.stdout, EXPECTED[3]);
  assert.equal(bad.stats.get('savedModules'), 0);
  assert.ok(bad.stats.get('cache.entriesRejected')! >= 2);
  const again = run(step3, ['--cache-dir', dir]);
  assert.equal(again.stdout, EXPECTED[3]);
  assert.equal(again.stats.get('cache.entriesRejected'), 0, 'the rejected entries were written again');
  assert.ok(again.stats.get('savedModules')! > 0);
});

test('a changed program (same path, size and time) does not run the old code; its libraries still hit', () => {
  const dir = join(work, 'stale');
  const prog = join(work, 'prog');
  copyFileSync(step3, prog);
  const time = statSync(prog).mtime;
  assert.equal(run(prog, ['--cache-dir', dir]).stdout, EXPECTED[3]);
  copyFileSync(step5, prog);
  utimesSync(prog, time, time);
  assert.equal(statSync(prog).size, statSync(step3).size);
  const changed = run(prog, ['--cache-dir', dir]);
  assert.equal(changed.stdout, EXPECTED[5]);
  assert.ok(changed.stats.get('cache.entriesRead')! >= 1, 'libc and ld.so entries are still used');
  const again = run(prog, ['--cache-dir', dir]);
  assert.equal(again.stdout, EXPECTED[5]);
});

test('--no-cache and QEMU_TS_CACHE=0 read and write nothing', () => {
  const dir = join(work, 'off');
  run(step3, ['--cache-dir', dir, '--no-cache']);
  assert.equal(existsSync(dir), false);
  const r = run(step3, [], { QEMU_TS_CACHE: '0', XDG_CACHE_HOME: dir });
  assert.equal(r.stdout, EXPECTED[3]);
  assert.equal(existsSync(dir), false);
  assert.equal(r.stats.has('cache.entriesRead'), false);
});

test('the default directory is $XDG_CACHE_HOME/qemu-ts; QEMU_TS_CACHE_DIR overrides it', () => {
  const xdg = join(work, 'xdg');
  run(step3, [], { XDG_CACHE_HOME: xdg });
  assert.ok(entries(join(xdg, 'qemu-ts')).length > 0);
  const own = join(work, 'own');
  run(step3, [], { XDG_CACHE_HOME: xdg, QEMU_TS_CACHE_DIR: own });
  assert.ok(entries(own).length > 0);
});

test('a cache directory that cannot be made costs nothing but the cache', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, '');
  const r = run(step3, ['--cache-dir', join(file, 'cache')]);
  assert.equal(r.stdout, EXPECTED[3]);
  assert.equal(r.stderr, '');
});

test('the directory stays under its size bound, the most recently used entries kept', () => {
  const dir = join(work, 'bounded');
  const first = run(step3, ['--cache-dir', dir]);
  assert.equal(first.stdout, EXPECTED[3]);
  const sizes = entries(dir).map((f) => statSync(f).size).sort((a, b) => b - a);
  // Room for the largest entry and a little more: the other program's entries push older ones out.
  const bound = sizes[0]! + 1024;
  run(step5, ['--cache-dir', dir, '--cache-max', String(bound)]);
  const total = entries(dir).reduce((n, f) => n + statSync(f).size, 0);
  assert.ok(total <= bound, `${total} bytes > bound ${bound}`);
  assert.ok(entries(dir).length >= 1);
});

test('processes writing the same entries at once leave whole entries that later runs use', async () => {
  const dir = join(work, 'concurrent');
  mkdirSync(dir);
  const [node, ...args] = qemuTsCommand('aarch64');
  const runs = Array.from({ length: 4 }, () => new Promise<string>((resolve, reject) => {
    const p = spawn(node!, [...args, '--jit-threshold', '0', '--cache-dir', dir, ...SYSROOT, step3], { env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  }));
  for (const out of await Promise.all(runs)) assert.equal(out, EXPECTED[3]);
  assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.qtc')), [], 'no temporary files left');
  const later = run(step3, ['--cache-dir', dir]);
  assert.equal(later.stdout, EXPECTED[3]);
  assert.equal(later.stats.get('cache.entriesRejected'), 0);
  assert.ok(later.stats.get('savedModules')! > 0);
});

// Compiled code (docs/code-cache.md, "Compiled code"): optimised modules are saved with their
// TurboFan code, which a later process deserialises instead of compiling the wasm bytes.
const OPTIMISED = ['--opt-threshold', '0'];

test('optimised modules are saved compiled: a second process runs their code without compiling it', () => {
  const dir = join(work, 'compiled');
  const first = run(step3, [...OPTIMISED, '--cache-dir', dir]);
  assert.equal(first.stdout, EXPECTED[3]);
  const second = run(step3, [...OPTIMISED, '--cache-dir', dir]);
  assert.equal(second.stdout, EXPECTED[3]);
  assert.equal(second.stderr, '');
  assert.ok(second.stats.get('savedModules')! > 0);
  assert.equal(second.stats.get('savedCodeModules'), second.stats.get('savedModules'), 'every loaded module ran its saved code');
});

test('code saved in one flag state is used by a process started in another', () => {
  const dir = join(work, 'flag-state');
  // The launchers compile lazily unless told (wasm-tier.ts switches eager compilation on around each compile).
  const first = run(step3, [...OPTIMISED, '--cache-dir', dir], {}, ['--no-wasm-lazy-compilation']);
  assert.equal(first.stdout, EXPECTED[3]);
  const second = run(step3, [...OPTIMISED, '--cache-dir', dir]);
  assert.equal(second.stdout, EXPECTED[3]);
  assert.ok(second.stats.get('savedCodeModules')! > 0, 'the code was used');
  assert.equal(second.stats.get('savedCodeModules'), second.stats.get('savedModules'));
});

/** Rewrites every entry of `dir` (validly: its checksum is made again) with each module's code changed by `change`. */
function rewriteCode(dir: string, change: (m: StoredModule) => StoredModule): void {
  for (const file of entries(dir)) {
    const data = readFileSync(file);
    const { build, key } = JSON.parse(data.subarray(16, 16 + data.readUInt32LE(12)).toString('utf8')) as { build: string; key: string };
    const modules = decodeEntry(data, build, key);
    assert.ok(modules !== null);
    writeFileSync(file, Buffer.concat(encodeEntry(build, key, modules.map((m) => (m.module.code ? change(m) : m)))));
  }
}

test('code V8 does not take, or made by another V8, falls back to compiling the wasm bytes', () => {
  for (const [name, change] of [
    // V8 checks its header (magic number, version, flags, CPU) before anything else.
    ['corrupt', (m: StoredModule): StoredModule => {
      const bytes = m.module.code!.bytes.slice();
      bytes[0]! ^= 0xff;
      return { ...m, module: { ...m.module, code: { ...m.module.code!, bytes } } };
    }],
    ['foreign', (m: StoredModule): StoredModule => ({ ...m, module: { ...m.module, code: { ...m.module.code!, v8: '10.2.154.26-node.26' } } })],
  ] as const) {
    const dir = join(work, `code-${name}`);
    run(step3, [...OPTIMISED, '--cache-dir', dir]);
    rewriteCode(dir, change);
    const r = run(step3, [...OPTIMISED, '--cache-dir', dir]);
    assert.equal(r.stdout, EXPECTED[3], name);
    assert.equal(r.stats.get('cache.entriesRejected'), 0, name);
    assert.ok(r.stats.get('savedModules')! > 0, name);
    assert.equal(r.stats.get('savedCodeModules'), 0, `${name}: compiled from the wasm bytes`);
  }
});

test('--cache-compile gives baseline modules their TurboFan code, which later runs use', () => {
  const dir = join(work, 'cache-compile');
  const first = run(step3, ['--cache-dir', dir]);
  assert.equal(first.stats.get('savedCodeModules'), 0);
  const compile = (): string => {
    const command = qemuTsCommand('aarch64');
    const r = spawnSync(command[0]!, [...command.slice(1), '--cache-dir', dir, '--cache-compile'], { encoding: 'utf8', env: env(), timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  assert.match(compile(), /compiled [1-9]\d* modules of [1-9]\d* entries/);
  assert.match(compile(), /compiled 0 modules of 0 entries/, 'all of them have code now');
  const later = run(step3, ['--cache-dir', dir]);
  assert.equal(later.stdout, EXPECTED[3]);
  assert.ok(later.stats.get('savedModules')! > 0);
  assert.equal(later.stats.get('savedCodeModules'), later.stats.get('savedModules'), 'every loaded module ran its saved code');
});

test('code a run optimised is loaded with the baseline code that holds the same blocks: later runs optimise nothing again', () => {
  const dir = join(work, 'optimised-again');
  // A low budget, so that the short run promotes regions; batches of several regions (threshold
  // above 0), so a baseline module is often loaded for a block the optimised one does not start at.
  const options = ['--jit-threshold', '10', '--opt-threshold', '20', '--cache-dir', dir];
  assert.ok(run(step3, options).stats.get('optimizedRegions')! > 0);
  run(step3, options);
  const third = run(step3, options);
  assert.equal(third.stdout, EXPECTED[3]);
  assert.equal(third.stats.get('optimizedRegions'), 0);
  assert.equal(third.stats.get('modules'), third.stats.get('savedModules'), 'nothing compiled: every module came from the cache');
});

test('a process with guest threads saves no compiled code (their workers switch compiler flags too); its modules still run', () => {
  const dir = join(work, 'threads');
  const threads = [compileGuest(aarch64, join(root, 'test', 'guest', 'linux', 'threads.c'), { variant: 'linux' }), 'mutex'];
  const first = run(threads, [...OPTIMISED, '--cache-dir', dir]);
  const second = run(threads, [...OPTIMISED, '--cache-dir', dir]);
  assert.equal(second.stdout, first.stdout);
  assert.ok(second.stats.get('savedModules')! > 0);
  assert.equal(second.stats.get('savedCodeModules'), 0);
});
