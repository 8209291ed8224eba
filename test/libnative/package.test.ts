// Packaging one target: tarball, Debian package metadata and contents, SHA256SUMS, manifest,
// and equal bytes when packaged again.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadFunctionTable } from '../../runtime/libnative/functions.js';
import { packagePath } from '../../runtime/package-root.js';
import { packageLibnative } from '../../scripts/lib/libnative-package.js';
import { target, tempDir } from './support.js';

const t = target('mipsel');
const version = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

test('package:libnative writes a reproducible tarball and Debian package', async () => {
  const buildDir = tempDir('pkg-build');
  const dist = tempDir('pkg-dist');
  const saved = process.env['SOURCE_DATE_EPOCH'];
  process.env['SOURCE_DATE_EPOCH'] = '1700000000';
  try {
    const [entry] = await packageLibnative([t], { buildDir, distDir: dist });
    assert.ok(entry);
    const deb = join(dist, `libnative-qemu-ts-mipsel-cross_${version}_all.deb`);
    const tarball = join(dist, `libnative-qemu-ts-${version}-mipsel.tar.gz`);

    const info = execFileSync('dpkg-deb', ['--field', deb], { encoding: 'utf8' });
    assert.match(info, /^Package: libnative-qemu-ts-mipsel-cross$/m);
    assert.match(info, new RegExp(`^Version: ${version.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(info, /^Architecture: all$/m);
    assert.match(info, /^Multi-Arch: foreign$/m);
    assert.match(execFileSync('dpkg-deb', ['--info', deb], { encoding: 'utf8' }), /Description: qemu-ts native-bypass library for mipsel guests/);
    const contents = execFileSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' });
    const lib = contents.split('\n').find((l) => l.endsWith('./usr/mipsel-linux-gnu/lib/qemu-ts/libnative.so'));
    assert.ok(lib, contents);
    assert.match(lib, /^-rw-r--r-- root\/root\s+(\d+) 2023-11-14 /);
    assert.equal(Number(/\s(\d+)\s/.exec(lib)![1]), entry.size);

    // Errors and warnings lintian has no override for (the overrides, with their reasons, are in
    // the package); --fail-on makes it exit non-zero for them.
    const lint = spawnSync('lintian', ['--fail-on', 'error,warning', deb], { encoding: 'utf8' });
    assert.equal(lint.stdout, '');
    assert.equal(lint.status, 0, lint.stderr);

    const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(listing.map((l) => l.split(/\s+/).slice(0, 2).join(' ') + ' ' + l.split(/\s+/).at(-1)), [
      `drwxr-xr-x 0/0 libnative-qemu-ts-${version}-mipsel/`,
      `-rw-r--r-- 0/0 libnative-qemu-ts-${version}-mipsel/functions.idl`,
      `-rw-r--r-- 0/0 libnative-qemu-ts-${version}-mipsel/libnative.so`,
    ]);

    const sums = readFileSync(join(dist, 'SHA256SUMS'), 'utf8');
    for (const f of [deb, tarball]) {
      const digest = createHash('sha256').update(readFileSync(f)).digest('hex');
      assert.ok(sums.includes(`${digest}  ${f.split('/').at(-1)}\n`), `${f} in SHA256SUMS`);
    }
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    assert.equal(manifest.targets.length, 1);
    assert.deepEqual(
      { ...manifest.targets[0], functions: manifest.targets[0].functions.length },
      { ...entry, functions: loadFunctionTable().functions.length },
    );
    assert.equal(manifest.targets[0].installPath, '/usr/mipsel-linux-gnu/lib/qemu-ts/libnative.so');
    assert.equal(manifest.targets[0].abiVersion, 1);

    await packageLibnative([t], { buildDir, distDir: dist });
    assert.equal(readFileSync(join(dist, 'SHA256SUMS'), 'utf8'), sums, 'packaging again gives the same bytes');
  } finally {
    if (saved === undefined) delete process.env['SOURCE_DATE_EPOCH'];
    else process.env['SOURCE_DATE_EPOCH'] = saved;
  }
});
