// Recognises a libnative stub at an address and follows its offset word to the descriptor.
// Used by the translator on guest memory and by the verifier on a file image, through the
// same byte-reading callback.
import type { Target } from '../targets.js';
import { decodeDescriptor, LayoutError, type Descriptor } from './layouts.js';
import { codeBytes, descriptorAddress, DESCRIPTOR_MAX_SIZE, stubEncoding } from './stub-abi.js';

/** Returns up to `length` bytes at `address` (fewer at the end of what is mapped), or null. */
export type ReadBytes = (address: number, length: number) => Uint8Array | null;

export interface StubInfo {
  address: number;
  /** The signed 32-bit word after the marker. */
  offset: number;
  descriptorAddress: number;
  descriptor: Descriptor;
  /** Where the normal return sequence starts: execution resumes here after the host call. */
  resumeAddress: number;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * null when no marker is at `address`; throws LayoutError when a marker is there but the rest
 * of the stub or its descriptor is malformed.
 */
export function readStubAt(target: Target, read: ReadBytes, address: number): StubInfo | null {
  const enc = stubEncoding(target.name);
  const little = target.elf.endian === 'le';
  const marker = codeBytes(enc.marker, target.elf.endian);
  const ret = codeBytes(enc.ret, target.elf.endian);
  const bytes = read(address, marker.length + 4 + ret.length);
  if (!bytes || !equalBytes(bytes.subarray(0, marker.length), marker)) return null;
  const where = `stub at 0x${address.toString(16)}`;
  if (bytes.length < marker.length + 4 + ret.length) throw new LayoutError(`${where} is truncated`);
  const offset = new DataView(bytes.buffer, bytes.byteOffset + marker.length, 4).getInt32(0, little);
  const guard = enc.fallthroughGuard;
  if (guard && ((offset & guard.mask) >>> 0) !== guard.value) {
    throw new LayoutError(`${where}: offset word 0x${(offset >>> 0).toString(16)} does not decode as ${guard.text}`);
  }
  if (!equalBytes(bytes.subarray(marker.length + 4), ret)) throw new LayoutError(`${where} lacks the return sequence`);
  const descAddress = descriptorAddress(enc, address, offset);
  const descBytes = read(descAddress, DESCRIPTOR_MAX_SIZE);
  if (!descBytes) throw new LayoutError(`${where}: descriptor address 0x${descAddress.toString(16)} is not mapped`);
  try {
    const descriptor = decodeDescriptor(descBytes, little);
    return { address, offset, descriptorAddress: descAddress, descriptor, resumeAddress: address + marker.length + 4 };
  } catch (e) {
    if (e instanceof LayoutError) throw new LayoutError(`${where}: ${e.message}`);
    throw e;
  }
}
