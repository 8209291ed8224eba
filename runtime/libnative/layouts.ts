// Decoders for the two data blobs libnative.so carries: the per-function descriptor a stub
// points at, and the library-wide ELF note. Layouts: docs/libnative.md.
import {
  DESCRIPTOR_HEADER_SIZE,
  DESCRIPTOR_MAGIC,
  NOTE_HEADER_SIZE,
  NOTE_MAGIC,
} from './stub-abi.js';

export interface Descriptor {
  abiVersion: number;
  id: number;
  name: string;
  signature: string;
  /** Total bytes including both terminators. */
  size: number;
}

export interface LibraryNote {
  abiVersion: number;
  functionCount: number;
  digest: Uint8Array;
  target: string;
}

export class LayoutError extends Error {}

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

function cString(bytes: Uint8Array, start: number, what: string): { text: string; end: number } {
  const nul = bytes.indexOf(0, start);
  if (nul < 0) throw new LayoutError(`${what} is not NUL-terminated`);
  return { text: new TextDecoder().decode(bytes.subarray(start, nul)), end: nul + 1 };
}

/** Decodes a descriptor from bytes starting at its first byte (more bytes may follow). */
export function decodeDescriptor(bytes: Uint8Array, littleEndian: boolean): Descriptor {
  if (bytes.length < DESCRIPTOR_HEADER_SIZE) throw new LayoutError('descriptor truncated');
  if (ascii(bytes.subarray(0, 4)) !== DESCRIPTOR_MAGIC) throw new LayoutError('descriptor magic is not "QTND"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = cString(bytes, DESCRIPTOR_HEADER_SIZE, 'descriptor name');
  const signature = cString(bytes, name.end, 'descriptor signature');
  return {
    abiVersion: view.getUint32(4, littleEndian),
    id: view.getUint32(8, littleEndian),
    name: name.text,
    signature: signature.text,
    size: signature.end,
  };
}

export function decodeLibraryNote(desc: Uint8Array, littleEndian: boolean): LibraryNote {
  if (desc.length < NOTE_HEADER_SIZE + 1) throw new LayoutError('qemu-ts note truncated');
  if (ascii(desc.subarray(0, 4)) !== NOTE_MAGIC) throw new LayoutError('qemu-ts note magic is not "QTNL"');
  const view = new DataView(desc.buffer, desc.byteOffset, desc.byteLength);
  return {
    abiVersion: view.getUint32(4, littleEndian),
    functionCount: view.getUint32(8, littleEndian),
    digest: desc.slice(12, 20),
    target: cString(desc, NOTE_HEADER_SIZE, 'qemu-ts note target name').text,
  };
}
