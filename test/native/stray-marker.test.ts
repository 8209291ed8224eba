// A libnative marker that starts no stub of the loaded libnative (test/guest/edge/stray-marker.c):
// without --native-bypass it is the instruction it is, as under qemu-user (aarch64: SIGILL at
// the marker; MIPS: a syscall, then the next word's trap or fetch fault); with --native-bypass
// it is an illegal instruction, with the siginfo of one, on every target with a Linux layer.
import { runsGuestPrograms } from '../../scripts/lib/arm-guest-tests.js';
import assert from 'node:assert/strict';
import test from 'node:test';
import { stubEncoding } from '../../runtime/libnative/stub-abi.js';
import { packagePath } from '../../runtime/package-root.js';
import { TARGETS, type Target } from '../../runtime/targets.js';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { runGuest, type RunResult } from '../../scripts/lib/guest-run.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';

const source = packagePath('test', 'guest', 'edge', 'stray-marker.c');
const CASES = ['mid-page', 'page-end', 'illegal'] as const;

interface Report { signal: string; code: string; pc: string; addr: string }

/** `case: SIG code N pc marker+K addr marker+K|0` per case. */
function reports(r: RunResult, what: string): Record<string, Report> {
  assert.equal(r.status, 0, `${what}: status ${r.status}, stderr ${r.stderr}`);
  const out: Record<string, Report> = {};
  for (const line of r.stdout.trim().split('\n')) {
    const m = /^([a-z-]+): (\w+) code (-?\d+) pc (marker[+-]\d+) addr (\S+)$/.exec(line);
    assert.ok(m, `${what}: unexpected line '${line}'`);
    out[m[1]!] = { signal: m[2]!, code: m[3]!, pc: m[4]!, addr: m[5]! };
  }
  assert.deepEqual(Object.keys(out), [...CASES], `${what}: ${r.stdout}`);
  return out;
}

/** What hardware does without bypass (checked against qemu-user too): signal and pc per case. */
const PLAIN: Record<'aarch64' | 'mips', Record<(typeof CASES)[number], string>> = {
  aarch64: { 'mid-page': 'ILL marker+0', 'page-end': 'ILL marker+0', illegal: 'ILL marker+0' },
  mips: { 'mid-page': 'TRAP marker+4', 'page-end': 'SEGV marker+4', illegal: 'ILL marker+0' },
};

/**
 * siginfo fields where qemu-ts and qemu-user differ, and why. Each must still differ (a fixed
 * one fails, to be taken off the list).
 */
const SIGINFO_DIFFERS: Record<'aarch64' | 'mips', Partial<Record<(typeof CASES)[number], string>>> = {
  aarch64: {
    'mid-page': 'qemu-user reports ILL_ILLOPN for an undefined instruction; Linux (do_el0_undef) and qemu-ts ILL_ILLOPC',
    'page-end': 'as mid-page',
    illegal: 'as mid-page',
  },
  mips: {
    'mid-page': 'teq: Linux (do_tr) and qemu-user send a bare SIGTRAP (SI_KERNEL, no address); qemu-ts\'s trap exit does not tell teq from break and reports TRAP_BRKPT at the pc',
  },
};

for (const target of TARGETS.filter((t) => runsGuestPrograms(t.name))) {
  test(`${target.name}: a stray libnative marker, with and without --native-bypass`, async () => {
    // ARM's A32 hlt is undefined on ARMv7, as aarch64's hlt is in user mode: the same reports.
    const family = target.name === 'aarch64' || target.name === 'arm' ? 'aarch64' : 'mips';
    const marker = stubEncoding(target.name).marker;
    assert.equal(marker.unit, 'word32');
    const program = compileGuest(target, source, { flags: [`-DMARKER=0x${marker.values[0]!.toString(16)}u`] });
    const run = (mode: 'qemu-user' | 'qemu-ts' | 'qemu-ts+bypass', libnative?: string): Record<string, Report> =>
      reports(runGuest({ target, mode, program, args: [], ...(libnative ? { libnative } : {}) }), `${target.name} ${mode}`);

    const ref = run('qemu-user');
    const plain = run('qemu-ts');
    for (const c of CASES) {
      assert.equal(`${plain[c]!.signal} ${plain[c]!.pc}`, PLAIN[family][c], `${target.name} ${c} without bypass`);
      assert.equal(`${plain[c]!.signal} ${plain[c]!.pc}`, `${ref[c]!.signal} ${ref[c]!.pc}`, `${target.name} ${c}: qemu-user`);
      const why = SIGINFO_DIFFERS[family][c];
      const same = plain[c]!.code === ref[c]!.code && plain[c]!.addr === ref[c]!.addr;
      assert.equal(same, why === undefined, `${target.name} ${c}: siginfo ${JSON.stringify(plain[c])} vs qemu-user ${JSON.stringify(ref[c])}${why ? ` (listed as differing: ${why})` : ''}`);
    }

    const bypass = run('qemu-ts+bypass', await buildLibnative(target as Target));
    // An illegal instruction at the marker: the same report as the real illegal instruction's.
    assert.deepEqual(bypass['illegal'], plain['illegal']);
    for (const c of ['mid-page', 'page-end'] as const) assert.deepEqual(bypass[c], plain['illegal'], `${target.name} ${c} with bypass`);
  });
}
