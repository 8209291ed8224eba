// Builds libnative.so for every target and checks it with the verifier and with readelf.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { functionTableFromText, loadFunctionTable } from '../../runtime/libnative/functions.js';
import { inspectLibnative, LibnativeMismatchError, verifyLibnative } from '../../runtime/libnative/verify.js';
import { TARGETS } from '../../runtime/targets.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { target, tempDir } from './support.js';

const buildDir = tempDir('libnative-build');
const table = loadFunctionTable();

for (const t of TARGETS) {
  test(`${t.name}: builds, verifies, and readelf agrees`, async () => {
    const lib = await buildLibnative(t, { buildDir });
    const image = readFileSync(lib);
    const result = verifyLibnative(image, t);
    assert.equal(result.stubs.size, table.functions.length);
    assert.equal(result.note?.target, t.name);
    for (const fn of table.functions) assert.equal(result.stubs.get(fn.id)?.descriptor.name, fn.name);

    const dynamic = execFileSync('readelf', ['-dW', lib], { encoding: 'utf8' });
    assert.match(dynamic, /\(SONAME\)\s+Library soname: \[libnative\.so\]/);
    assert.doesNotMatch(dynamic, /\(NEEDED\)/);
    const notes = execFileSync('readelf', ['-nW', lib], { encoding: 'utf8' });
    const descSize = (20 + t.name.length + 1).toString(16).padStart(8, '0');
    assert.match(notes, new RegExp(`qemu-ts\\s+0x${descSize}\\s.*description data: 51 54 4e 4c `));
    assert.doesNotMatch(notes, /GNU_BUILD_ID/);
    const syms = execFileSync('readelf', ['--dyn-syms', '-W', lib], { encoding: 'utf8' });
    for (const fn of table.functions) assert.match(syms, new RegExp(`FUNC\\s+GLOBAL\\s+DEFAULT\\s+\\d+ ${fn.name}$`, 'm'));
  });
}

const aarch64 = target('aarch64');

test('mismatched or damaged libraries are refused with one-line reasons', async () => {
  const good = readFileSync(await buildLibnative(aarch64, { buildDir }));
  assert.deepEqual(inspectLibnative(good, target('mips64')).problems, ['byte order is le, mips64 needs be', 'e_machine is 183, mips64 needs 8']);
  assert.deepEqual(inspectLibnative(good, target('x86_64')).problems, ['e_machine is 183, x86_64 needs 62']);
  assert.deepEqual(inspectLibnative(good.subarray(0, 100), aarch64).problems.length, 1);
  assert.deepEqual(inspectLibnative(Buffer.from('not a library'), aarch64).problems, ['not an ELF file']);

  const renamed = Buffer.from(good);
  const at = renamed.indexOf('QTND\x01\x00\x00\x00\x08\x00\x00\x00strlen\0');
  assert.ok(at > 0, 'strlen descriptor found in the image');
  renamed.write('strlex', at + 12);
  assert.deepEqual(inspectLibnative(renamed, aarch64).problems, ["strlen's descriptor names strlex (id 8), expected id 8"]);

  const newerAbi = Buffer.from(good);
  const note = newerAbi.indexOf('QTNL');
  newerAbi.writeUInt32LE(2, note + 4);
  assert.deepEqual(inspectLibnative(newerAbi, aarch64).problems, ['stub ABI version 2, this qemu-ts speaks 1']);

  const otherIdl = functionTableFromText(table.functions.slice(0, 3).map((f) => `${f.signature};`).join('\n'));
  const problems = inspectLibnative(good, aarch64, otherIdl).problems;
  assert.ok(problems.some((p) => /has 25 functions, functions.idl lists 3/.test(p)));
  assert.ok(problems.some((p) => /interface digest [0-9a-f]{16} differs/.test(p)));
  assert.ok(problems.some((p) => /exports strlen, which functions.idl does not list/.test(p)));

  assert.throws(() => verifyLibnative(newerAbi, aarch64, undefined, 'x.so'), (e: Error) => e instanceof LibnativeMismatchError && e.message === 'x.so does not fit aarch64: stub ABI version 2, this qemu-ts speaks 1');
});
