// The command line: options, and user errors as one line with a non-zero exit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { missingLauncherFlags } from '../../runtime/cli/relaunch.js';
import { libnativeSearchPath } from '../../runtime/libnative/locations.js';
import { findTarget } from '../../runtime/targets.js';
import { qemuTsCommand } from '../../scripts/lib/guest-run.js';
import { buildLibnative } from '../../scripts/lib/libnative-build.js';
import { guestProgram, LINUX_TARGETS, qemuTs, root } from './support.js';

function oneLineError(r: { status: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
}

test('-h prints usage and exits 0', () => {
  const r = qemuTs(['-h']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: qemu-ts-aarch64 \[options\] program/);
  assert.match(r.stdout, /--native-bypass PATH/);
});

test('-version', () => {
  const r = qemuTs(['-version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^qemu-ts-aarch64 version \d+\.\d+\.\d+/);
});

test('unknown option, missing program and missing option argument', () => {
  oneLineError(qemuTs(['-bogus', '/bin/true']), /^qemu-ts-aarch64: unknown option '-bogus'/);
  oneLineError(qemuTs([]), /^qemu-ts-aarch64: no program given/);
  oneLineError(qemuTs(['-L']), /^qemu-ts-aarch64: option -L needs an argument/);
});

test('a program that does not exist', () => {
  oneLineError(qemuTs(['/nonexistent/prog']), /^qemu-ts-aarch64: Could not open '\/nonexistent\/prog': No such file or directory$/);
});

test('a host (x86-64) binary is refused as the wrong architecture', () => {
  oneLineError(qemuTs(['-L', '/nonexistent', process.execPath]), /Invalid ELF image for this architecture/);
});

test('a non-ELF file', () => {
  oneLineError(qemuTs(['-L', '/nonexistent', '/etc/hostname']), /Invalid ELF image \(not an ELF file\)/);
});

test('targets without a Linux layer or frontend say so', () => {
  // i386 has neither, nor a launcher: run the CLI's main as a launcher would (the bundle's way of
  // missing a frontend is in test/linux/arm-abi.test.ts's loadFrontendModule case).
  const fromSources = import.meta.url.endsWith('.ts');
  const mainModule = pathToFileURL(join(root, ...(fromSources ? ['runtime', 'cli', 'main.ts'] : ['out', 'runtime', 'cli', 'main.js']))).href;
  const script = `const { main } = await import(${JSON.stringify(mainModule)}); await main('i386');`;
  const r = spawnSync(process.execPath, [...(fromSources ? ['--import', 'tsx'] : []), '--input-type=module', '-e', script, 'qemu-ts-i386', '/bin/true'], { encoding: 'utf8' });
  oneLineError(r, /^qemu-ts-i386: guest ISA i386 is not implemented yet$/);
});

test('--native-bypass must name a regular file', () => {
  oneLineError(qemuTs(['--native-bypass', '/nonexistent.so', '/bin/true']), /--native-bypass: cannot find/);
  oneLineError(qemuTs(['--native-bypass', '/tmp', '/bin/true']), /is not a regular file/);
});

test('every Linux target has its launcher', () => {
  for (const { target } of LINUX_TARGETS) {
    const r = qemuTs(['-version'], { target: target.name });
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`^qemu-ts-${target.name} version \\d+\\.\\d+\\.\\d+`));
  }
});

test('MIPS launchers refuse programs of another byte order, word size or machine', () => {
  const cases: [run: string, built: string, problem: RegExp][] = [
    ['mips', 'mipsel', /byte order is le, mips needs be/],
    ['mipsel', 'mips', /byte order is be, mipsel needs le/],
    ['mips64el', 'mipsel', /ELF class is 32-bit, mips64el needs 64-bit/],
    ['mipsel', 'aarch64', /e_machine is 183, mipsel needs 8/],
  ];
  for (const [run, built, problem] of cases) {
    const target = findTarget(built)!;
    const r = qemuTs(['-L', '/nonexistent', guestProgram('hello', { target, static: true })], { target: run });
    oneLineError(r, problem);
  }
});

test('a launcher started as `node <launcher>`, without its shebang flags, restarts itself with them and so can fork', () => {
  const launcher = qemuTsCommand(findTarget('aarch64')!).at(-1)!;
  assert.deepEqual(missingLauncherFlags(launcher, ['--single-threaded']).includes('--single-threaded'), false);
  assert.ok(missingLauncherFlags(launcher, []).includes('--single-threaded'));
  const args = ['-L', '/usr/aarch64-linux-gnu', guestProgram('processes'), guestProgram('hello')];
  const plain = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', timeout: 120_000 });
  const viaShebang = qemuTs(args);
  assert.equal(plain.stderr, '');
  assert.equal(plain.status, 0);
  assert.equal(plain.stdout, viaShebang.stdout);
  assert.match(plain.stdout, /waited: 1 exited: 1 code: 5/);
});

test('--native-bypass auto uses the first libnative.so of its search path and names it under -d native', async () => {
  const aarch64 = findTarget('aarch64')!;
  await buildLibnative(aarch64);
  const chosen = libnativeSearchPath(aarch64).find((f) => existsSync(f))!;
  const r = qemuTs(['--native-bypass', 'auto', '-d', 'native', guestProgram('hello')]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'Hello, world!\n');
  assert.match(r.stderr, new RegExp(`^native: --native-bypass auto uses ${chosen.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
});

test('-d ir-validate checks every block the run translates (counted by -d stats), on every target', () => {
  for (const { target } of LINUX_TARGETS) {
    const r = qemuTs(['-L', '/nonexistent', '-d', 'ir-validate,stats', guestProgram('hello', { target, static: true })], { target: target.name, env: { ...process.env, QEMU_TS_IR_VALIDATE: '0' } });
    assert.equal(r.status, 0, r.stderr);
    const stat = (name: string): number => Number(new RegExp(`^stats: ${name} (\\d+)$`, 'm').exec(r.stderr)?.[1]);
    assert.ok(stat('translated') > 10 && stat('irValidated') === stat('translated'), `${target.name}: ${stat('irValidated')} of ${stat('translated')}`);
  }
});
