// Two builds in different directories (different path lengths, hence different prefix maps)
// must give byte-identical libraries.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { target, tempDir } from './support.js';

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

for (const name of ['mips64', 'arm']) {
  const t = target(name);
  test(`${name}: builds in two directories are byte-identical`, async () => {
    const first = tempDir('repro-a');
    const second = join(tempDir('repro-b'), 'a', 'much', 'deeper', 'build', 'tree');
    mkdirSync(second, { recursive: true });
    const a = await buildLibnative(t, { buildDir: first });
    const b = await buildLibnative(t, { buildDir: second });
    assert.notEqual(a, b);
    assert.equal(sha256(a), sha256(b));
  });
}
