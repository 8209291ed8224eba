// The bytes of one code-cache entry: the saved modules of one executable mapping.
//
//   "QTSCODE\0"  u32 LE format version  u32 LE header length  header (JSON)  payload
//
// The header names the qemu-ts build and the entry's key and carries the payload's length and
// SHA-256; the payload is a u32 LE length, a JSON list of the modules (everything but the wasm
// bytes and serialised code, which follow: each module's wasm bytes, then its code if it has any). decodeEntry returns null for anything that does not check
// out, so a truncated, corrupted or foreign file is only a miss.
import { createHash } from 'node:crypto';
import type { SavedModule } from '../../core/jit/saved-module.js';

const MAGIC = Buffer.from('QTSCODE\0', 'latin1');
/** Bump on any change of this layout or of what a SavedModule means. */
export const FORMAT_VERSION = 2;

/**
 * A saved module and the SHA-256 (hex) of the guest bytes of its blocks, in member order; null
 * for a module parked by an in-process execve whose blocks all lie in its mapping, which is
 * compared byte for byte instead (code-cache.ts). Only modules with a hash are written.
 */
export interface EntryModule {
  readonly module: SavedModule;
  readonly guestHash: string | null;
}

/** A module as an entry on disk holds it: always with its guest-bytes hash. */
export type StoredModule = EntryModule & { guestHash: string };

interface Header { build: string; key: string; size: number; sha256: string }
type ModuleMeta = Omit<SavedModule, 'bytes' | 'code' | 'compiled'> & { guestHash: string; length: number; codeV8?: string; codeLength?: number };

/**
 * The entry's bytes as a list of pieces (header, module list, then each module's bytes as they
 * are), so the modules are not copied into one buffer to be written.
 */
export function encodeEntry(build: string, key: string, modules: readonly StoredModule[]): Uint8Array[] {
  // The live module (`compiled`) is this process's only.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const meta: ModuleMeta[] = modules.map(({ module: { bytes, code, compiled, ...rest }, guestHash }) =>
    ({ ...rest, guestHash, length: bytes.length, ...(code && { codeV8: code.v8, codeLength: code.bytes.length }) }));
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const payload = [u32(metaBytes.length), metaBytes, ...modules.flatMap(({ module: m }) => (m.code ? [m.bytes, m.code.bytes] : [m.bytes]))];
  const hash = createHash('sha256');
  for (const part of payload) hash.update(part);
  const header: Header = { build, key, size: payload.reduce((n, part) => n + part.length, 0), sha256: hash.digest('hex') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  return [MAGIC, u32(FORMAT_VERSION), u32(headerBytes.length), headerBytes, ...payload];
}

/** The modules of an entry made by this build for this key, or null. */
export function decodeEntry(data: Buffer, build: string, key: string): StoredModule[] | null {
  try {
    if (data.length < 16 || !data.subarray(0, 8).equals(MAGIC) || data.readUInt32LE(8) !== FORMAT_VERSION) return null;
    const headerEnd = 16 + data.readUInt32LE(12);
    const header = JSON.parse(data.subarray(16, headerEnd).toString('utf8')) as Header;
    if (header.build !== build || header.key !== key) return null;
    const payload = data.subarray(headerEnd);
    if (payload.length !== header.size || sha256(payload) !== header.sha256) return null;
    const metaEnd = 4 + payload.readUInt32LE(0);
    const meta = JSON.parse(payload.subarray(4, metaEnd).toString('utf8')) as ModuleMeta[];
    let at = metaEnd;
    const out: StoredModule[] = [];
    // Views of the file's buffer, not copies (tens of MB for python): plain Uint8Arrays, not
    // Buffers, which V8's deserialiser wants for the wire bytes. Clamped, like subarray: a length
    // beyond the payload shows as `at` past its end below.
    const next = (length: number): Uint8Array => {
      const bytes = new Uint8Array(payload.buffer, payload.byteOffset + at, Math.max(0, Math.min(length, payload.length - at)));
      at += length;
      return bytes;
    };
    for (const { guestHash, length, codeV8, codeLength, ...rest } of meta) {
      const bytes = next(length);
      const code = codeV8 !== undefined && codeLength !== undefined ? { v8: codeV8, bytes: next(codeLength) } : undefined;
      out.push({ module: { ...rest, bytes, ...(code && { code }) }, guestHash });
    }
    return at === payload.length ? out : null;
  } catch {
    return null;
  }
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
