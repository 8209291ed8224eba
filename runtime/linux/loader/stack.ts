// The initial process stack the kernel builds: argc, argv[], envp[], auxv[] at sp, with the
// strings, AT_PLATFORM text and AT_RANDOM bytes above them.
import type { GuestMemoryApi } from '../../core/api.js';

export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9, UID: 11, EUID: 12,
  GID: 13, EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17, SECURE: 23, RANDOM: 25, HWCAP2: 26,
  EXECFN: 31, MINSIGSTKSZ: 51,
} as const;

export interface StackRequest {
  top: number;
  wordBits: 32 | 64;
  /** Byte strings (latin1). */
  argv: string[];
  envp: string[];
  execfn: string;
  /** AT_PLATFORM text, or null when the arch's kernel gives none (MIPS). */
  platform: string | null;
  random: Uint8Array;
  /** Entries before AT_PLATFORM/AT_RANDOM/AT_EXECFN (added here, as their addresses are known here). */
  auxv: [number, number | bigint][];
}

export interface StackResult {
  sp: number;
  /** The auxv words as written (guest byte order), for /proc/self/auxv. */
  auxvBytes: Uint8Array;
}

export function buildInitialStack(mem: GuestMemoryApi, req: StackRequest): StackResult {
  const w = req.wordBits / 8;
  let at = req.top - w;                       // a NULL word ends the string area
  const putString = (s: string): number => {
    const bytes = Buffer.from(s + '\0', 'latin1');
    at -= bytes.length;
    mem.writeBytes(at, bytes);
    return at;
  };
  const execfn = putString(req.execfn);
  const envp = req.envp.map(putString);
  const argv = req.argv.map(putString);
  const platform = req.platform === null ? null : putString(req.platform);
  at -= req.random.length;
  const random = at;
  mem.writeBytes(random, req.random);

  const auxv: [number, number | bigint][] = [
    ...req.auxv, ...(platform === null ? [] : [[AT.PLATFORM, platform] as [number, number]]), [AT.RANDOM, random], [AT.EXECFN, execfn], [AT.NULL, 0],
  ];
  const words = 1 + argv.length + 1 + envp.length + 1 + auxv.length * 2;
  const sp = Math.floor((at - words * w) / 16) * 16;
  let p = sp;
  const put = (v: number | bigint) => {
    if (w === 8) mem.write64(p, BigInt.asUintN(64, BigInt(v)));
    else mem.write32(p, Number(BigInt.asUintN(32, BigInt(v))));
    p += w;
  };
  put(argv.length);
  argv.forEach(put);
  put(0);
  envp.forEach(put);
  put(0);
  const auxvStart = p;
  for (const [k, v] of auxv) {
    put(k);
    put(v);
  }
  return { sp, auxvBytes: mem.readBytes(auxvStart, p - auxvStart) };
}
