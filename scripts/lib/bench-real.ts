// `npm run bench -- --suite real`: the real-program suite (scripts/lib/real-programs.ts) under
// Debian's qemu-user and under qemu-ts, first run with an empty qemu-ts cache directory and a
// repeated run with the cache the first run left, after the cache warmer the first run started has
// finished (docs/code-cache.md, "Warming"; its wall time, at the lowest priority, is printed too).
// Prints wall time, CPU time and peak RSS (medians), and the ratios measured side by side in this
// one invocation.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELF_MAGIC, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, ET_EXEC } from '../../runtime/elf/constants.js';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';
import { ensureDebianSysroot } from './debian-sysroot.js';
import { median, qemuTsCommand } from './guest-run.js';
import { REAL_PROGRAMS, writeRealInputs, type RealProgram } from './real-programs.js';
import { ensureToolchains } from './toolchains.js';

type RealMode = 'qemu-user' | 'qemu-ts first' | 'qemu-ts again';
const MODES: readonly RealMode[] = ['qemu-user', 'qemu-ts first', 'qemu-ts again'];

interface Measure { wall: number; cpu: number; rssMb: number; output: string; failure?: string; warmerWall: number }

const ENV = { PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/nonexistent' };

/**
 * binfmt_misc lets a guest started by a guest under qemu-user (busybox sh running true) be run by
 * qemu-user too: without it the kernel refuses the foreign executable. Registered only around the
 * qemu-user runs that need it, under a name of our own, and always removed.
 */
class QemuUserBinfmt {
  private readonly entry: string;
  constructor(private readonly target: Target) { this.entry = `/proc/sys/fs/binfmt_misc/qemu-ts-bench-${target.name}`; }

  /** Why it cannot be used here, or null. */
  unavailable(): string | null {
    if (!existsSync('/proc/sys/fs/binfmt_misc/register')) {
      const m = spawnSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', '/proc/sys/fs/binfmt_misc'], { encoding: 'utf8' });
      if (m.status !== 0) return `binfmt_misc is not mounted and cannot be (${m.stderr.trim() || 'mount failed'})`;
    }
    return null;
  }

  register(): void {
    this.remove();
    const { elf } = this.target;
    const le = elf.endian === 'le';
    // e_ident class, data, version; e_type EXEC or DYN (mask 0xfffe); e_machine.
    const bytes = [...ELF_MAGIC, elf.class === 64 ? ELFCLASS64 : ELFCLASS32, le ? ELFDATA2LSB : ELFDATA2MSB, 1, ...Array(9).fill(0),
      ...(le ? [ET_EXEC, 0] : [0, ET_EXEC]), ...(le ? [elf.machine & 0xff, elf.machine >> 8] : [elf.machine >> 8, elf.machine & 0xff])];
    const mask = [...Array(7).fill(0xff), 0, ...Array(8).fill(0xff), ...(le ? [0xfe, 0xff] : [0xff, 0xfe]), 0xff, 0xff];
    const hex = (b: number[]) => b.map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('');
    writeFileSync('/proc/sys/fs/binfmt_misc/register', `:qemu-ts-bench-${this.target.name}:M::${hex(bytes)}:${hex(mask)}:/usr/bin/${this.target.qemuUser}:`);
  }

  remove(): void {
    if (existsSync(this.entry)) writeFileSync(this.entry, '-1');
  }
}

function commandOf(mode: RealMode, target: Target, sysroot: string, argv: readonly string[], work: string): string[] {
  const [program, ...args] = argv.map((a) => a.replaceAll('@WORK@', work).replaceAll('@SYSROOT@', sysroot));
  const emulator = mode === 'qemu-user' ? [`/usr/bin/${target.qemuUser}`] : qemuTsCommand(target);
  return [...emulator, '-L', sysroot, join(sysroot, program!), ...args];
}

/** Runs every stage of `p` under GNU time; the stages' times add up, the peak RSS is the largest. */
function runOnce(p: RealProgram, mode: RealMode, target: Target, sysroot: string, work: string, cacheHome: string): Measure {
  const m: Measure = { wall: 0, cpu: 0, rssMb: 0, output: '', warmerWall: 0 };
  const report = join(work, '.time');
  for (const stage of p.stages) {
    const cmd = commandOf(mode, target, sysroot, stage.argv, work);
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', report, ...cmd], {
      cwd: work, maxBuffer: 256 << 20, timeout: 600_000,
      env: { ...ENV, XDG_CACHE_HOME: cacheHome, QEMU_LD_PREFIX: sysroot },
      input: stage.stdinFrom ? readFileSync(join(work, stage.stdinFrom)) : Buffer.alloc(0),
    });
    const [wall = NaN, user = NaN, sys = NaN, rssKb = NaN] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
    m.wall += wall;
    m.cpu += user + sys;
    m.rssMb = Math.max(m.rssMb, rssKb / 1024);
    if (r.status !== 0) {
      m.failure = `${stage.argv[0]} exit ${r.status ?? r.signal}: ${r.stderr.toString().trim().split('\n').pop() ?? ''}`;
      return m;
    }
    if (stage.stdoutTo) writeFileSync(join(work, stage.stdoutTo), r.stdout);
    else m.output = r.stdout.toString('latin1');
    m.warmerWall += waitForWarmer(join(cacheHome, 'qemu-ts'));
  }
  return m;
}

/** Waits until no cache warmer works on `cacheDir` (so none runs during the next measurement); seconds waited. */
function waitForWarmer(cacheDir: string): number {
  const t0 = performance.now();
  while (existsSync(join(cacheDir, 'warmer.lock'))) {
    if (performance.now() - t0 > 900_000) throw new Error(`the cache warmer in ${cacheDir} took more than 15 minutes`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return (performance.now() - t0) / 1000;
}

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

export async function runRealSuite(target: Target, runs: number, only: readonly string[] | undefined): Promise<void> {
  ensureToolchains([target], { install: process.getuid?.() === 0 });
  const programs = REAL_PROGRAMS.filter((p) => !only || only.includes(p.name));
  const sysroot = ensureDebianSysroot({
    arch: target.debianArch, packages: [...new Set(programs.flatMap((p) => p.packages))].sort(),
    dir: packagePath('build', 'bench-sysroot', target.debianArch), log: (l) => console.log(`sysroot: ${l}`),
  });
  const work = mkdtempSync(join(tmpdir(), 'qemu-ts-bench-real-'));
  const binfmt = new QemuUserBinfmt(target);
  try {
    writeRealInputs(work);
    console.log(`real programs, Debian ${target.debianArch}, ${runs} run(s) each: medians of wall s / CPU s / peak RSS MB; ratios qemu-ts / qemu-user`);
    console.log(`${'program'.padEnd(26)} ${MODES.map((m) => m.padStart(22)).join(' ')}   wall first  wall again  cpu first  rss first  warmer wall s`);
    for (const p of programs) {
      const noBinfmt = p.spawnsGuests ? binfmt.unavailable() : null;
      const med: Record<RealMode, { wall: number; cpu: number; rssMb: number; warmerWall: number }> = {} as never;
      const notes = new Set<string>();
      let expected: string | null = null;
      for (const mode of MODES) {
        const samples: Measure[] = [];
        for (let i = 0; i < runs; i++) {
          if (mode === 'qemu-user' && noBinfmt) break;
          // A fresh cache directory for every first run; the repeated run reuses the last one.
          const cacheHome = join(work, `cache-${mode === 'qemu-ts again' ? runs - 1 : i}`);
          if (mode === 'qemu-ts first') rmSync(cacheHome, { recursive: true, force: true });
          if (mode === 'qemu-user' && p.spawnsGuests) binfmt.register();
          try {
            samples.push(runOnce(p, mode, target, sysroot, work, cacheHome));
          } finally {
            if (mode === 'qemu-user' && p.spawnsGuests) binfmt.remove();
          }
        }
        for (const s of samples) {
          if (s.failure) notes.add(`${mode}: ${s.failure}`);
          else if ((expected ??= s.output) !== s.output) notes.add(`${mode}: output differs from ${MODES[0]}'s`);
        }
        med[mode] = { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rssMb: median(samples.map((s) => s.rssMb)), warmerWall: median(samples.map((s) => s.warmerWall)) };
      }
      if (noBinfmt) notes.add(`qemu-user not measured: ${noBinfmt}`);
      const u = med['qemu-user'], f = med['qemu-ts first'], a = med['qemu-ts again'];
      const cells = MODES.map((m) => `${fmt(med[m].wall)} ${fmt(med[m].cpu)} ${fmt(med[m].rssMb, 0)}`.padStart(22));
      const ratios = [f.wall / u.wall, a.wall / u.wall, f.cpu / u.cpu, f.rssMb / u.rssMb].map((r) => fmt(r).padStart(10));
      console.log(`${p.name.padEnd(26)} ${cells.join(' ')}  ${ratios.join(' ')}  ${fmt(f.warmerWall).padStart(12)}`);
      for (const n of notes) console.log(`  ! ${n}`);
    }
  } finally {
    binfmt.remove();
    rmSync(work, { recursive: true, force: true });
  }
}
