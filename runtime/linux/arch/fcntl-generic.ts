// fcntl command numbers of the generic ABI (also the host's); MIPS renumbers the lock commands.
export type FcntlCommand =
  | 'F_DUPFD' | 'F_GETFD' | 'F_SETFD' | 'F_GETFL' | 'F_SETFL' | 'F_GETLK' | 'F_SETLK' | 'F_SETLKW'
  | 'F_SETOWN' | 'F_GETOWN' | 'F_OFD_GETLK' | 'F_OFD_SETLK' | 'F_OFD_SETLKW' | 'F_DUPFD_CLOEXEC'
  | 'F_SETPIPE_SZ' | 'F_GETPIPE_SZ' | 'F_ADD_SEALS' | 'F_GET_SEALS'
  /** 32-bit ABIs whose plain F_GETLK uses a 32-bit struct flock (struct flock64 for these). */
  | 'F_GETLK64' | 'F_SETLK64' | 'F_SETLKW64';

export const GENERIC_FCNTL: Readonly<Record<Exclude<FcntlCommand, `${string}64`>, number>> = {
  F_DUPFD: 0, F_GETFD: 1, F_SETFD: 2, F_GETFL: 3, F_SETFL: 4, F_GETLK: 5, F_SETLK: 6, F_SETLKW: 7,
  F_SETOWN: 8, F_GETOWN: 9, F_OFD_GETLK: 36, F_OFD_SETLK: 37, F_OFD_SETLKW: 38,
  F_DUPFD_CLOEXEC: 1030, F_SETPIPE_SZ: 1031, F_GETPIPE_SZ: 1032, F_ADD_SEALS: 1033, F_GET_SEALS: 1034,
};

/** 32-bit ABIs of the generic numbering (arm): the struct flock64 lock commands. */
export const GENERIC_FCNTL_32: Readonly<Record<FcntlCommand, number>> = { ...GENERIC_FCNTL, F_GETLK64: 12, F_SETLK64: 13, F_SETLKW64: 14 };
