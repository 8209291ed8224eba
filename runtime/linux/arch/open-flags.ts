// open(2)/fcntl(F_GETFL) flag bits differ between ABI families; translation goes by name.
export type OpenFlagName =
  | 'O_WRONLY' | 'O_RDWR' | 'O_CREAT' | 'O_EXCL' | 'O_NOCTTY' | 'O_TRUNC' | 'O_APPEND'
  | 'O_NONBLOCK' | 'O_DSYNC' | 'O_ASYNC' | 'O_DIRECT' | 'O_LARGEFILE' | 'O_DIRECTORY'
  | 'O_NOFOLLOW' | 'O_NOATIME' | 'O_CLOEXEC' | 'O_SYNC_ONLY' | 'O_PATH' | 'O_TMPFILE_ONLY';

type OpenFlagBits = Readonly<Record<OpenFlagName, number>>;

const COMMON = {
  O_WRONLY: 0x1, O_RDWR: 0x2, O_CREAT: 0x40, O_EXCL: 0x80, O_NOCTTY: 0x100, O_TRUNC: 0x200,
  O_APPEND: 0x400, O_NONBLOCK: 0x800, O_DSYNC: 0x1000, O_ASYNC: 0x2000, O_NOATIME: 0x40000,
  O_CLOEXEC: 0x80000, O_SYNC_ONLY: 0x100000, O_PATH: 0x200000, O_TMPFILE_ONLY: 0x400000,
};

/** x86 (and the generic numbering). */
export const X86_OPEN_FLAGS: OpenFlagBits = { ...COMMON, O_DIRECT: 0x4000, O_LARGEFILE: 0x8000, O_DIRECTORY: 0x10000, O_NOFOLLOW: 0x20000 };

/** arm and aarch64 swap four of the bits. */
export const ARM_OPEN_FLAGS: OpenFlagBits = { ...COMMON, O_DIRECTORY: 0x4000, O_NOFOLLOW: 0x8000, O_DIRECT: 0x10000, O_LARGEFILE: 0x20000 };

export const MIPS_OPEN_FLAGS: OpenFlagBits = {
  O_WRONLY: 0x1, O_RDWR: 0x2, O_APPEND: 0x8, O_DSYNC: 0x10, O_NONBLOCK: 0x80, O_CREAT: 0x100,
  O_TRUNC: 0x200, O_EXCL: 0x400, O_NOCTTY: 0x800, O_ASYNC: 0x1000, O_LARGEFILE: 0x2000,
  O_SYNC_ONLY: 0x4000, O_DIRECT: 0x8000, O_DIRECTORY: 0x10000, O_NOFOLLOW: 0x20000,
  O_NOATIME: 0x40000, O_CLOEXEC: 0x80000, O_PATH: 0x200000, O_TMPFILE_ONLY: 0x400000,
};

export interface FlagTranslator {
  toHost(guest: number): number;
  toGuest(host: number): number;
  /** The guest's value of one flag. */
  guest(name: OpenFlagName): number;
}

function translate(v: number, from: OpenFlagBits, to: OpenFlagBits): number {
  let out = 0;
  let rest = v;
  for (const name of Object.keys(from) as OpenFlagName[]) {
    if ((v & from[name]) === from[name]) {
      out |= to[name];
      rest &= ~from[name];
    }
  }
  return (out | rest) >>> 0;
}

const HOST_OPEN_FLAGS = process.arch === 'arm64' || process.arch === 'arm' ? ARM_OPEN_FLAGS : X86_OPEN_FLAGS;

export function openFlagTranslator(guest: OpenFlagBits): FlagTranslator {
  if (guest === HOST_OPEN_FLAGS) return { toHost: (v) => v, toGuest: (v) => v, guest: (n) => guest[n] };
  return {
    toHost: (v) => translate(v, guest, HOST_OPEN_FLAGS),
    toGuest: (v) => translate(v, HOST_OPEN_FLAGS, guest),
    guest: (n) => guest[n],
  };
}
