// The runtime bundle: the launchers use it only while tsc has not written modules after it, a
// bundled runtime runs guests like the modules do (frontends, threads, package files), and its
// code cache is made on the first run and ignored when it does not fit.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import { BUNDLE_FILE, RUNTIME_DIR } from '../../runtime/cli/bundle-location.js';
import { freshBundle } from '../../runtime/cli/load-main.js';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import { bundleRuntime } from '../../scripts/bundle-runtime.js';
import { cliPath, guestProgram } from '../linux/support.js';

/**
 * The bundle is made from the compiled runtime (out/runtime), which these tests copy and patch;
 * run from sources under tsx they would test whatever out/ holds, not the code being run. npm
 * test runs the compiled tests (out/test), where this never skips.
 */
const COMPILED_ONLY = import.meta.url.endsWith('.ts') ? { skip: 'bundles the compiled runtime: run from out/test' } : {};

/**
 * A private bundle next to the shared one (the shared one may be in use by other tests'
 * launchers; it must live inside the package so that it finds koffi), made from runtimeDir, and
 * a way to run guests on it as a launcher does.
 */
async function privateBundle(t: TestContext, runtimeDir = RUNTIME_DIR): Promise<{ dir: string; bundle: string; run: (...args: string[]) => SpawnSyncReturns<string> }> {
  const dir = mkdtempSync(join(dirname(BUNDLE_FILE), 'test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'runtime.cjs');
  assert.equal(await bundleRuntime(bundle, runtimeDir), true);
  const loader = pathToFileURL(join(RUNTIME_DIR, 'cli', 'bundle-loader.cjs')).href;
  const launcher = join(dir, 'qemu-ts-aarch64.mjs');
  writeFileSync(launcher, `import { loadBundle } from ${JSON.stringify(loader)};\n`
    + `await loadBundle(${JSON.stringify(bundle)}, { writesCache: true }).main('aarch64');\n`);
  const run = (...args: string[]): SpawnSyncReturns<string> => spawnSync(
    process.execPath,
    [...launcherNodeFlags(cliPath('aarch64')), launcher, '-L', '/usr/aarch64-linux-gnu', ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return { dir, bundle, run };
}

test('a bundle is used only while tsc has not built after it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stamp = join(dir, '.tsbuildinfo');
  const bundle = join(dir, 'bundle.cjs');
  assert.equal(freshBundle(bundle, stamp), null, 'no bundle yet');
  writeFileSync(bundle, '');
  assert.equal(freshBundle(bundle, stamp), bundle, 'no build record: nothing was built after it');
  writeFileSync(stamp, '');
  utimesSync(stamp, 1000, 1000);
  utimesSync(bundle, 2000, 2000);
  assert.equal(freshBundle(bundle, stamp), bundle);
  utimesSync(stamp, 3000, 3000); // tsc wrote modules after bundling
  assert.equal(freshBundle(bundle, stamp), null);
});

test('a bundled runtime runs dynamic and threaded guests, with a code cache that must fit', COMPILED_ONLY, async (t) => {
  const { dir, bundle, run } = await privateBundle(t);
  const caches = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.cache'));
  const hello = (): void => {
    const r = run(guestProgram('hello'));
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, 'Hello, world!\n', '']);
  };

  hello();
  assert.equal(caches().length, 1, 'the first run saves a code cache');
  const cache = join(dir, caches()[0]!);
  const made = readFileSync(cache);
  assert.ok(made.length > 100_000, 'the cache holds the compiled functions');
  hello();
  assert.deepEqual(readFileSync(cache), made, 'a fitting cache is used, not rewritten');

  const threads = run(guestProgram('threads'), 'basic');
  assert.equal(threads.stderr, '');
  assert.equal(threads.status, 0);
  assert.match(threads.stdout, /thread 3 returned 1009\nmain tls: 7 main\nok\n$/);

  // Garbage after a valid header: V8 rejects it, the run compiles from source and saves anew.
  const corrupt = Buffer.from(made);
  corrupt.fill(0x5a, 16);
  writeFileSync(cache, corrupt);
  hello();
  assert.deepEqual(readFileSync(cache).subarray(0, 16), made.subarray(0, 16));
  assert.notDeepEqual(readFileSync(cache).subarray(16, 64), corrupt.subarray(16, 64), 'a rejected cache is replaced');

  // A cache made from another bundle of the same length: its header does not match this one.
  const other = Buffer.from(made);
  other.writeDoubleLE(other.readDoubleLE(8) - 1000, 8);
  writeFileSync(cache, other);
  hello();
  assert.deepEqual(readFileSync(cache).subarray(0, 16), made.subarray(0, 16), 'a cache of another bundle is replaced');

  assert.equal(await bundleRuntime(bundle), true);
  assert.deepEqual(caches(), [], 'bundling again drops the old caches');
  hello();
});

test("guest threads' workers run the bundle the launcher ran, not the modules", COMPILED_ONLY, async (t) => {
  // A bundle made from a copy of the runtime whose worker announces itself. The copy's module
  // is put back afterwards (the bundle's default worker module is its file in the copy), so
  // the announcement appears only if the workers load the bundle.
  const copy = mkdtempSync(join(dirname(BUNDLE_FILE), 'test-runtime-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(RUNTIME_DIR, copy, { recursive: true });
  const worker = join(copy, 'linux', 'threads', 'worker.js');
  const text = readFileSync(worker, 'utf8');
  const entry = 'export function runWorker(start) {\n';
  assert.ok(text.includes(entry));
  writeFileSync(worker, text.replace(entry, `${entry}  fs.writeSync(2, 'bundled worker\\n');\n`));
  const { run } = await privateBundle(t, copy);
  writeFileSync(worker, text);
  const r = run(guestProgram('threads'), 'basic');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /main tls: 7 main\nok\n$/);
  assert.match(r.stderr, /^(bundled worker\n)+$/);
});
