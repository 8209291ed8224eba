// Without qemu-ts's bypass a stub must kill the guest, never return a wrong result: run a
// guest calling memcpy with libnative.so preloaded under qemu-user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { compilerCommand } from '../../scripts/lib/toolchains.js';
import { target, tempDir } from './support.js';

const GUEST = `#include <string.h>
#include <stdio.h>
int main(int argc, char **argv) {
  char dst[16];
  (void)argc;
  memcpy(dst, argv[0], 1);
  dst[1] = 0;
  puts("memcpy returned");
  return 0;
}
`;

// mips: SYSCALL's code field is ignored natively (the syscall in $v0 runs), so the stub
// traps one word later, on the offset word laid out as `teq $zero, $zero`.
const EXPECTED_SIGNAL = { aarch64: 'SIGILL', arm: 'SIGILL', mips: 'SIGTRAP', mips64el: 'SIGTRAP', x86_64: 'SIGILL' } as const;

const dir = tempDir('libnative-trap');
const source = join(dir, 'guest.c');
writeFileSync(source, GUEST);

for (const [name, signal] of Object.entries(EXPECTED_SIGNAL)) {
  const t = target(name);
  // The host's own architecture has no cross sysroot: its libraries are the system's.
  const sysroot = t.libcPackage ? `/usr/${t.triple}` : '/';
  test(`${name}: a preloaded stub dies with ${signal} under ${t.qemuUser}`, async () => {
    const lib = await buildLibnative(t, { buildDir: join(dir, 'build') });
    const guest = join(dir, `guest-${name}`);
    const cc = spawnSync(compilerCommand(t), ['-O1', '-fno-builtin', '-o', guest, source], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const run = (env: string[]) => spawnSync(t.qemuUser, ['-L', sysroot, ...env, guest], { encoding: 'utf8' });
    const plain = run([]);
    assert.ifError(plain.error);
    assert.equal(plain.stdout, 'memcpy returned\n', 'the guest works without libnative');
    const preloaded = run(['-E', `LD_PRELOAD=${lib}`]);
    assert.equal(preloaded.stdout, '');
    assert.equal(preloaded.signal, signal, `status ${preloaded.status}, stderr: ${preloaded.stderr}`);
  });
}
