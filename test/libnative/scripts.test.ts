// The scripts' command-line behaviour and toolchain detection.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packagePath } from '../../runtime/package-root.js';
import { TARGETS, type Target } from '../../runtime/targets.js';
import { ensureToolchains, ToolchainMissingError } from '../../scripts/lib/toolchains.js';
import { runScript, target, tempDir } from './support.js';

const NOBODY = 65534;

test('an unknown target gets one error line listing the valid ones, exit 1', () => {
  const r = runScript('build-libnative', ['--target', 'sparc64']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'error: unknown target \'sparc64\'; valid targets: aarch64, arm, mips, mipsel, mips64, mips64el, i386, x86_64, all\n');
});

test('a missing cross compiler names its Debian package and the setup command (not root: nothing is installed)', () => {
  // A PATH holding nothing but node (whose own directory may well hold the compilers too); run
  // as nobody, since root would install the compiler instead.
  const bin = tempDir('path');
  chmodSync(bin, 0o755);
  symlinkSync(process.execPath, join(bin, 'node'));
  const r = runScript('build-libnative', ['--target', 'mips64el'], { ...process.env, PATH: bin }, NOBODY);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: mips64el-linux-gnuabi64-gcc not found: install the Debian package gcc-mips64el-linux-gnuabi64 \(as root: npm run setup:toolchains -- --target mips64el/);
  assert.equal(r.stderr.split('\n').length, 2, 'one line');
});

test('as root, build:libnative first makes sure the cross toolchain is there (installing what is missing)', { skip: process.getuid?.() !== 0 ? 'not root' : false }, () => {
  const r = runScript('build-libnative', ['--target', 'aarch64']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^setup: toolchains present for aarch64$/m);
});

test('ensureToolchains without install reports what is missing instead of installing', () => {
  const fake: Target = { ...target('mips'), triple: 'nonexistent-linux-gnu', gccPackage: 'gcc-nonexistent-linux-gnu', libcPackage: 'libc6-dev-nonexistent-cross' };
  assert.throws(
    () => ensureToolchains([fake], { install: false }),
    (e: Error) => e instanceof ToolchainMissingError && /missing Debian packages: gcc-nonexistent-linux-gnu libc6-dev-nonexistent-cross/.test(e.message) && /setup:toolchains/.test(e.message),
  );
});

test('a missing qemu-user or host tool is reported by its Debian package', () => {
  // A PATH holding nothing but node: no qemu-user, cmake, dpkg-deb, readelf, script(1), time, cc, lintian, nor
  // dpkg-query (so the libc package counts as missing too).
  const bin = tempDir('path');
  symlinkSync(process.execPath, join(bin, 'node'));
  const saved = process.env['PATH'];
  process.env['PATH'] = bin;
  try {
    assert.throws(
      () => ensureToolchains([target('mipsel')], { install: false }),
      (e: Error) => e instanceof ToolchainMissingError
        && /missing Debian packages: apt binutils bsdutils cmake dpkg dpkg-dev gcc gcc-mipsel-linux-gnu libc6-dev-mipsel-cross lintian qemu-user tar time \(/.test(e.message),
    );
  } finally {
    process.env['PATH'] = saved;
  }
});

test('each toolchain file names its target\'s triple and processor', () => {
  for (const t of TARGETS) {
    const text = readFileSync(packagePath('toolchains', `${t.name}.cmake`), 'utf8');
    assert.match(text, new RegExp(`^set\\(QEMU_TS_TRIPLE ${t.triple}\\)$`, 'm'), t.name);
    assert.match(text, /^include\(\$\{CMAKE_CURRENT_LIST_DIR\}\/common\/linux-gnu-cross\.cmake\)$/m);
  }
});
