// The libnative stub ABI (docs/libnative.md): per target, the marker instruction that starts
// every stub, how the 32-bit word after it locates the function's descriptor, and the normal
// return sequence. The stub generator, the verifier and the translator all read this table.
import type { TargetName } from '../targets.js';

/** Bumped whenever the stub, descriptor or note layout changes. */
export const LIBNATIVE_ABI_VERSION = 1;

export const DESCRIPTOR_MAGIC = 'QTND';
/** magic[4], u32 abi version, u32 function id, then name and signature (NUL-terminated). */
export const DESCRIPTOR_HEADER_SIZE = 12;
/** Upper bound on a whole descriptor, so a reader knows how much to fetch. */
export const DESCRIPTOR_MAX_SIZE = 1024;

export const NOTE_SECTION = '.note.qemu-ts';
export const NOTE_NAME = 'qemu-ts';
export const NOTE_TYPE_LIBNATIVE = 1;
export const NOTE_MAGIC = 'QTNL';
/** magic[4], u32 abi version, u32 function count, digest[8], then the target name (NUL-terminated). */
export const NOTE_HEADER_SIZE = 20;

/**
 * Machine code, either as 32-bit instruction words (fixed-width ISAs; stored in target byte
 * order) or as a byte string (x86).
 */
export type Code = { unit: 'word32'; values: readonly number[] } | { unit: 'byte'; values: readonly number[] };

export interface StubEncoding {
  marker: Code;
  /** Mnemonic of the marker for humans (docs, error messages). */
  markerText: string;
  /**
   * Where the signed offset in the word after the marker counts from: the word itself, or the
   * end of the word (x86, where the word is the RIP-relative disp32 of the marker instruction).
   */
  offsetBase: 'word' | 'wordEnd';
  ret: Code;
  /** Alignment of each stub and descriptor, and the padding put before each descriptor. */
  stubAlign: number;
  descriptorAlign: number;
  descriptorBias: number;
  /**
   * When the marker does not trap natively and execution falls through into the offset word,
   * the word must decode as this trapping instruction: (word & mask) === value.
   */
  fallthroughGuard: { mask: number; value: number; text: string } | null;
}

const ARM64: StubEncoding = {
  marker: { unit: 'word32', values: [0xd45fffe0] },
  markerText: 'hlt #0xffff',
  offsetBase: 'word',
  ret: { unit: 'word32', values: [0xd65f03c0] },
  stubAlign: 4,
  descriptorAlign: 4,
  descriptorBias: 0,
  fallthroughGuard: null,
};

const ARM_A32: StubEncoding = {
  marker: { unit: 'word32', values: [0xe10fff7f] },
  markerText: 'hlt #0xffff (A32)',
  offsetBase: 'word',
  ret: { unit: 'word32', values: [0xe12fff1e] },
  stubAlign: 4,
  descriptorAlign: 4,
  descriptorBias: 0,
  fallthroughGuard: null,
};

// Linux (and qemu-user) ignore SYSCALL's code field: they run the syscall numbered by $v0 and
// resume at the next word. Stubs and descriptors are therefore laid out so that the offset word
// is always `teq $zero, $zero, code` (SPECIAL, rs=rt=0, funct 0x34), which traps: the offset is
// congruent to 0x34 modulo 64 and below 0x10000 (descriptors follow the code, close by).
const MIPS: StubEncoding = {
  marker: { unit: 'word32', values: [0x03ffffcc] },
  markerText: 'syscall 0xfffff',
  offsetBase: 'word',
  ret: { unit: 'word32', values: [0x03e00008, 0x00000000] },
  stubAlign: 64,
  descriptorAlign: 64,
  descriptorBias: 0x38,
  fallthroughGuard: { mask: 0xffff003f, value: 0x00000034, text: 'teq $zero, $zero' },
};

// ud0 disp32, %eax with ModRM 0x05: RIP-relative on x86_64; on i386 the same bytes mean an
// absolute disp32, which qemu-ts still reads as relative to the instruction's end.
const X86: StubEncoding = {
  marker: { unit: 'byte', values: [0x0f, 0xff, 0x05] },
  markerText: 'ud0 disp32(%rip), %eax',
  offsetBase: 'wordEnd',
  ret: { unit: 'byte', values: [0xc3] },
  stubAlign: 4,
  descriptorAlign: 4,
  descriptorBias: 0,
  fallthroughGuard: null,
};

const ENCODINGS: Record<TargetName, StubEncoding> = {
  aarch64: ARM64,
  arm: ARM_A32,
  mips: MIPS,
  mipsel: MIPS,
  mips64: MIPS,
  mips64el: MIPS,
  i386: X86,
  x86_64: X86,
};

export function stubEncoding(target: TargetName): StubEncoding {
  return ENCODINGS[target];
}

export function codeBytes(code: Code, endian: 'le' | 'be'): Uint8Array {
  if (code.unit === 'byte') return Uint8Array.from(code.values);
  const out = new Uint8Array(code.values.length * 4);
  const view = new DataView(out.buffer);
  code.values.forEach((v, i) => view.setUint32(i * 4, v, endian === 'le'));
  return out;
}

/** Address of the descriptor, given the stub's address and the signed offset word. */
export function descriptorAddress(enc: StubEncoding, stubAddress: number, offset: number): number {
  const wordAddress = stubAddress + codeBytes(enc.marker, 'le').length;
  return (enc.offsetBase === 'word' ? wordAddress : wordAddress + 4) + offset;
}
