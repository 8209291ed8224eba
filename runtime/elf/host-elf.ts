// Is a file an ELF image, and one for the machine qemu-ts itself runs on? A guest that executes
// a host program (execve of a file that is not for its ISA) gets it run natively; the sysroot
// tools look for ELF files among package contents.
import fs from 'node:fs';
import { ELF_MAGIC, ELFDATA2MSB, EM_386, EM_AARCH64, EM_ARM, EM_X86_64 } from './constants.js';
import { hasElfMagic } from './reader.js';

/** e_machine of each host process.arch that Node runs on and qemu-ts knows. */
const HOST_MACHINE: Partial<Record<string, number>> = { x64: EM_X86_64, arm64: EM_AARCH64, ia32: EM_386, arm: EM_ARM };

/** The first `n` bytes of a file (fewer if it is shorter), or null when it cannot be read. */
function fileHead(path: string | Buffer, n: number): Buffer | null {
  let fd = -1;
  try {
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(n);
    return head.subarray(0, fs.readSync(fd, head, 0, n, 0));
  } catch {
    return null;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/** The file starts with the ELF magic. */
export function isElfFile(path: string | Buffer): boolean {
  const head = fileHead(path, ELF_MAGIC.length);
  return head !== null && hasElfMagic(head);
}

/** The file is an ELF image whose e_machine is the host's. */
export function isHostElfFile(path: string | Buffer): boolean {
  const head = fileHead(path, 20);
  if (head === null || head.length < 20 || !hasElfMagic(head)) return false;
  const machine = head[5] === ELFDATA2MSB ? head.readUInt16BE(18) : head.readUInt16LE(18);
  return machine === HOST_MACHINE[process.arch];
}
