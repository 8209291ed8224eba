// The runtime bundle: the launchers use it only while it is newer than every compiled module,
// and a bundled runtime runs guests like the modules do (frontends, threads, package files).
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_FILE } from '../../runtime/cli/bundle-location.js';
import { freshBundle } from '../../runtime/cli/load-main.js';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import { bundleRuntime } from '../../scripts/bundle-runtime.js';
import { cliPath, guestProgram, SKIP_NO_GCC } from '../linux/support.js';

const fromSources = import.meta.url.endsWith('.ts');

test('a bundle is used only while no module is newer than it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runtime = join(dir, 'runtime');
  mkdirSync(join(runtime, 'core'), { recursive: true });
  const mod = join(runtime, 'core', 'engine.js');
  writeFileSync(mod, '');
  const bundle = join(dir, 'bundle.js');
  assert.equal(freshBundle(bundle, runtime), null, 'no bundle yet');
  writeFileSync(bundle, '');
  utimesSync(mod, 1000, 1000);
  utimesSync(bundle, 2000, 2000);
  assert.equal(freshBundle(bundle, runtime), bundle);
  utimesSync(mod, 3000, 3000); // rebuilt (or edited) after bundling
  assert.equal(freshBundle(bundle, runtime), null);
});

test('a bundled runtime runs dynamic and threaded guests', { skip: fromSources ? 'runs the compiled tree' : SKIP_NO_GCC }, async (t) => {
  // A private bundle next to the shared one (the shared one may be in use by other tests'
  // launchers); it must live inside the package so that it finds koffi.
  const dir = mkdtempSync(join(dirname(BUNDLE_FILE), 'test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'runtime.js');
  assert.equal(await bundleRuntime(bundle), true);
  const launcher = join(dir, 'qemu-ts-aarch64.js');
  writeFileSync(launcher, `import { main } from './runtime.js';\nawait main('aarch64');\n`);
  const run = (...args: string[]): SpawnSyncReturns<string> => spawnSync(
    process.execPath,
    [...launcherNodeFlags(cliPath('aarch64')), launcher, '-L', '/usr/aarch64-linux-gnu', ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const hello = run(guestProgram('hello'));
  assert.deepEqual([hello.status, hello.stdout, hello.stderr], [0, 'Hello, world!\n', '']);
  const threads = run(guestProgram('threads'), 'basic');
  assert.equal(threads.stderr, '');
  assert.equal(threads.status, 0);
  assert.match(threads.stdout, /thread 3 returned 1009\nmain tls: 7 main\nok\n$/);
});
