// What differs between ABIs for sockets: the msghdr/mmsghdr/iovec/cmsghdr layouts (C longs and pointers,
// so 32- and 64-bit forms), SOCK_* type values, SOL_SOCKET and its option numbers
// (include/uapi/asm-generic/socket.h, arch/mips/include/uapi/asm/socket.h). Generic numbering is
// the host's.
import type { StructLayout } from './types.js';

export type MsghdrField = 'name' | 'namelen' | 'iov' | 'iovlen' | 'control' | 'controllen' | 'flags';
export type IovecField = 'base' | 'len';
export type CmsghdrField = 'len' | 'level' | 'type';

export interface SocketAbi {
  msghdr: StructLayout<MsghdrField>;
  iovec: StructLayout<IovecField>;
  /** The header; its data follows at `cmsghdr.size`, and the next one at CMSG_ALIGN(cmsg_len). */
  cmsghdr: StructLayout<CmsghdrField>;
  cmsgAlign: 4 | 8;
  /** struct mmsghdr (sendmmsg/recvmmsg): a msghdr, then unsigned int msg_len, padded to a long. */
  mmsghdrSize: number;
  /** SOCK_* guest -> generic by index (values past the end pass unchanged); its own inverse here. */
  types: readonly number[];
  solSocket: number;
  /** SOL_SOCKET option numbers guest -> generic; null: the generic numbering itself. */
  options: ReadonlyMap<number, number> | null;
}

const LAYOUT_64 = {
  msghdr: {
    size: 56,
    fields: { name: [0, 8], namelen: [8, 4], iov: [16, 8], iovlen: [24, 8], control: [32, 8], controllen: [40, 8], flags: [48, 4] },
  },
  iovec: { size: 16, fields: { base: [0, 8], len: [8, 8] } },
  cmsghdr: { size: 16, fields: { len: [0, 8], level: [8, 4], type: [12, 4] } },
  cmsgAlign: 8,
  mmsghdrSize: 64,
} as const satisfies Partial<SocketAbi>;

const LAYOUT_32 = {
  msghdr: {
    size: 28,
    fields: { name: [0, 4], namelen: [4, 4], iov: [8, 4], iovlen: [12, 4], control: [16, 4], controllen: [20, 4], flags: [24, 4] },
  },
  iovec: { size: 8, fields: { base: [0, 4], len: [4, 4] } },
  cmsghdr: { size: 12, fields: { len: [0, 4], level: [4, 4], type: [8, 4] } },
  cmsgAlign: 4,
  mmsghdrSize: 32,
} as const satisfies Partial<SocketAbi>;

const IDENTITY_TYPES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** asm-generic: the host's own numbering, with the 64-bit layouts (aarch64). */
export const GENERIC_SOCKETS_64: SocketAbi = { ...LAYOUT_64, types: IDENTITY_TYPES, solSocket: 1, options: null };

/** asm-generic numbering with 32-bit longs and pointers (arm). */
export const GENERIC_SOCKETS_32: SocketAbi = { ...LAYOUT_32, types: IDENTITY_TYPES, solSocket: 1, options: null };

/** MIPS: SOCK_DGRAM is 1 and SOCK_STREAM 2; SOL_SOCKET is 0xffff with its own option numbers. */
const MIPS_TYPES: readonly number[] = [0, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10];

/** MIPS SO_* -> generic SO_*: the BSD-style ones, and the Linux ones MIPS numbers one off. */
const MIPS_OPTIONS = new Map<number, number>([
  [0x0001, 1], [0x0004, 2], [0x0008, 9], [0x0010, 5], [0x0020, 6], [0x0080, 13], [0x0100, 10],
  [0x0200, 15], [0x1008, 3], [0x1007, 4], [0x1001, 7], [0x1002, 8], [0x1003, 19], [0x1004, 18],
  [0x1005, 21], [0x1006, 20], [0x1009, 30], [0x1028, 38], [0x1029, 39],
  [11, 11], [12, 12], [14, 14], [17, 16], [18, 17], [22, 22], [23, 23], [24, 24], [25, 25], [26, 26],
  [27, 27], [28, 28], [29, 29], [30, 31], [31, 32], [33, 33], [34, 34], [35, 35], [36, 36], [37, 37],
  ...Array.from({ length: 72 - 40 + 1 }, (_, i): [number, number] => [40 + i, 40 + i]),
]);

export const MIPS_O32_SOCKETS: SocketAbi = { ...LAYOUT_32, types: MIPS_TYPES, solSocket: 0xffff, options: MIPS_OPTIONS };
export const MIPS_N64_SOCKETS: SocketAbi = { ...LAYOUT_64, types: MIPS_TYPES, solSocket: 0xffff, options: MIPS_OPTIONS };
