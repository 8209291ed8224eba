// The real-program benchmark suite: unmodified Debian 12 programs of the guest architecture,
// unpacked from Debian packages into a sysroot of their own (scripts/lib/debian-sysroot.ts), each
// with deterministic inputs written here. A workload is a sequence of guest commands run one after
// the other (a stage may write its stdout to a file the next stage reads); the benchmark times
// the whole sequence and compares the last stage's stdout across emulators.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Stage {
  /** Program path inside the sysroot, then its arguments; `@WORK@` stands for the work directory. */
  argv: readonly string[];
  /** Write stdout to this file of the work directory instead of capturing it. */
  stdoutTo?: string;
  /** Feed this file of the work directory to stdin. */
  stdinFrom?: string;
}

export interface RealProgram {
  name: string;
  /** Debian packages whose files the workload runs (their shared libraries follow by themselves). */
  packages: readonly string[];
  stages: readonly Stage[];
  /** Needs guest programs started by a guest (fork + execve): qemu-user needs binfmt_misc for that. */
  spawnsGuests?: boolean;
}

const FIB_LUA = 'local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end print(fib(27))';
const PY_LOOP = 's = 0\nfor i in range(3000000): s += i\nprint(s)';
const SQL_INSERTS = [
  'create table t(id integer primary key, name text, score real);',
  'begin;',
  "with recursive n(i) as (select 1 union all select i + 1 from n where i < 200000) insert into t select i, 'name' || (i * 7919 % 1009), i * 1.0 / 7 from n;",
  'commit;',
  'create index t_name on t(name);',
  "select count(*), count(distinct name), printf('%.6f', sum(score)) from t;",
].join(' ');
/** busybox sh starting 100 guest processes (fork + execve of the sysroot's true each time). */
const SH_100 = 'i=0; while [ $i -lt 100 ]; do "$0"/bin/true || exit 1; i=$((i + 1)); done; echo $i';

export const REAL_PROGRAMS: readonly RealProgram[] = [
  { name: 'true', packages: ['coreutils'], stages: [{ argv: ['/bin/true'] }] },
  { name: 'sha256sum 20M', packages: ['coreutils'], stages: [{ argv: ['/usr/bin/sha256sum', '@WORK@/random20m.bin'] }] },
  { name: 'sort -n 200k', packages: ['coreutils'], stages: [{ argv: ['/usr/bin/sort', '--parallel=1', '-n', '@WORK@/numbers.txt'], stdoutTo: 'sorted.txt' }, { argv: ['/usr/bin/sha256sum', '@WORK@/sorted.txt'] }] },
  {
    name: 'gzip -6 round trip 5M', packages: ['gzip', 'coreutils'],
    stages: [{ argv: ['/bin/gzip', '-6', '-n', '-c', '@WORK@/text5m.txt'], stdoutTo: 'text.gz' }, { argv: ['/bin/gzip', '-d', '-c', '@WORK@/text.gz'], stdoutTo: 'text.out' }, { argv: ['/usr/bin/sha256sum', '@WORK@/text.gz', '@WORK@/text.out'] }],
  },
  {
    name: 'xz -6 round trip 2M', packages: ['xz-utils', 'coreutils'],
    stages: [{ argv: ['/usr/bin/xz', '-T1', '-6', '-c', '@WORK@/text2m.txt'], stdoutTo: 'text.xz' }, { argv: ['/usr/bin/xz', '-T1', '-d', '-c', '@WORK@/text.xz'], stdoutTo: 'text.unxz' }, { argv: ['/usr/bin/sha256sum', '@WORK@/text.xz', '@WORK@/text.unxz'] }],
  },
  { name: 'lua5.4 fib(27)', packages: ['lua5.4'], stages: [{ argv: ['/usr/bin/lua5.4', '-e', FIB_LUA] }] },
  { name: 'python3 -c pass', packages: ['python3.11-minimal', 'libpython3.11-minimal'], stages: [{ argv: ['/usr/bin/python3.11', '-c', 'pass'] }] },
  { name: 'python3 loop 3M', packages: ['python3.11-minimal', 'libpython3.11-minimal'], stages: [{ argv: ['/usr/bin/python3.11', '-c', PY_LOOP] }] },
  { name: 'sqlite3 200k inserts', packages: ['sqlite3'], stages: [{ argv: ['/usr/bin/sqlite3', '@WORK@/bench.db', SQL_INSERTS] }] },
  { name: 'busybox sh: 100 processes', packages: ['busybox', 'coreutils'], stages: [{ argv: ['/bin/busybox', 'sh', '-c', SH_100, '@SYSROOT@'] }], spawnsGuests: true },
];

/** Deterministic inputs of every workload in `dir`. */
export function writeRealInputs(dir: string): void {
  let block = Buffer.from('qemu-ts real-program benchmark input');
  const random = Buffer.alloc(20 << 20);
  for (let off = 0; off < random.length; off += 32) {
    block = createHash('sha256').update(block).digest();
    block.copy(random, off);
  }
  writeFileSync(join(dir, 'random20m.bin'), random);
  let seed = 2026;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return (seed >>> 8) % n;
  };
  writeFileSync(join(dir, 'numbers.txt'), Array.from({ length: 200_000 }, () => `${next(2_000_000) - 1_000_000}.${next(1000)}`).join('\n') + '\n');
  const words = Array.from({ length: 5000 }, () => Array.from({ length: 2 + next(9) }, () => String.fromCharCode(97 + next(26))).join(''));
  const text = (bytes: number): string => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const line = `${i} ${Array.from({ length: 4 + next(10) }, () => words[next(words.length)]).join(' ')}`;
      lines.push(line);
      size += line.length + 1;
    }
    return lines.join('\n') + '\n';
  };
  writeFileSync(join(dir, 'text5m.txt'), text(5 << 20));
  writeFileSync(join(dir, 'text2m.txt'), text(2 << 20));
}
