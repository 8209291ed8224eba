// Preload semantics of --native-bypass: the guest's memcpy resolves into libnative.so (dladdr),
// a guest LD_PRELOAD library still loads alongside it, and an execve'd guest program keeps it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { packagePath } from '../../runtime/package-root.js';
import { TARGETS } from '../../runtime/targets.js';
import { runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { runGuest } from '../../scripts/lib/guest-run.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { expectSameAsQemuUser } from '../linux/support.js';

for (const target of TARGETS.filter((t) => runsGuestPrograms(t.name))) test(`${target.name}: memcpy comes from libnative.so next to a guest LD_PRELOAD, before and after execve`, async () => {
  const libnative = await buildLibnative(target);
  const program = compileGuest(target, packagePath('test', 'guest', 'bypass', 'preload.c'));
  const extra = compileGuest(target, packagePath('test', 'guest', 'bypass', 'extra-preload.c'), { flags: ['-shared', '-fPIC'], variant: 'so' });
  // qemu-user without binfmt_misc cannot execve a guest program (the program then exits 1): only
  // the parent's line compares.
  const why = 'qemu-user cannot execve a guest program';
  const plain = expectSameAsQemuUser(target, [program, 'exec'], { exemptLines: [{ pattern: /^child: /, why }], exemptEnd: { qemuUser: 1, why } });
  assert.equal(plain.stdout, 'parent: memcpy from libc.so.6, copied\nchild: memcpy from libc.so.6, copied\n', plain.stderr);
  const r = runGuest({ target, mode: 'qemu-ts+bypass', program, args: ['exec'], libnative, qemuTsOptions: ['-E', `LD_PRELOAD=${extra}`] });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, [
    'extra preload loaded', 'parent: memcpy from libnative.so, copied',
    'extra preload loaded', 'child: memcpy from libnative.so, copied', '',
  ].join('\n'));
});
