// execve's job inside one process: map the program (following a #! line and PT_INTERP through
// the -L prefix), the stack, the sigreturn trampoline, and build argv/envp/auxv.
import fs from 'node:fs';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../core/api.js';
import { ElfFile, ElfFormatError } from '../../elf/reader.js';
import { elfTargetProblems } from '../../elf/target-match.js';
import type { Hwcaps, LinuxArch } from '../arch/types.js';
import type { PathResolver } from '../fs/paths.js';
import { randomBytes } from '../host/random.js';
import { ANON, type AddressSpace } from '../mm/address-space.js';
import { ET_DYN_BASE, GUEST_LIMIT, MMAP_MIN, PAGE_SIZE, STACK_SIZE, STACK_TOP } from '../mm/layout.js';
import { EM_AARCH64, ET_DYN, ET_EXEC, PF_X, PT_GNU_STACK, PT_INTERP } from '../../elf/constants.js';
import { E, SyscallError } from '../errno.js';
import { elfLoadProblem, gnuPropertyProblem } from './check-elf.js';
import { loadSpan, mapElf } from './map-elf.js';
import { AT, buildInitialStack } from './stack.js';

/**
 * A problem with the program to run, reported to the user as one line; `errno` is what execve
 * returns for it when the program is replaced in the same process (exec-in-process.ts).
 */
export class LoadError extends Error {
  constructor(message: string, readonly errno: number = E.ENOEXEC) {
    super(message);
  }
}

const REFUSAL_ERRNO: Record<string, number> = { 'Exec format error': E.ENOEXEC, 'Invalid argument': E.EINVAL, 'Cannot allocate memory': E.ENOMEM };

export interface LoadRequest {
  as: AddressSpace;
  arch: LinuxArch;
  hwcaps: Hwcaps;
  paths: PathResolver;
  /** Byte strings (latin1). */
  program: string;
  /**
   * The program already open (binfmt_misc flag O passes it so, for programs the user may run but
   * not read); its bytes are read from there, its path still names it. Closed after loading.
   */
  programFd?: number;
  argv: string[];
  envp: string[];
}

export interface LoadedProgram {
  entry: number;
  sp: number;
  auxv: Uint8Array;
  /** The ELF actually run (after a #! line) as the guest names it, and on the host. */
  guestPath: string;
  hostPath: string;
  trampoline: number;
}

function readFile(paths: PathResolver, guestPath: string): { host: string; bytes: Uint8Array } {
  const host = paths.host(guestPath);
  try {
    return { host, bytes: fs.readFileSync(Buffer.from(host, 'latin1')) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'EISDIR' ? 'Is a directory' : String(code);
    // execve of a directory is EACCES.
    const errno = code === 'EISDIR' ? E.EACCES : (code !== undefined && code in E ? E[code as keyof typeof E] : E.ENOEXEC);
    throw new LoadError(`Could not open '${guestPath}': ${why}`, errno);
  }
}

function readOpenFile(paths: PathResolver, guestPath: string, fd: number): { host: string; bytes: Uint8Array } {
  try {
    return { host: paths.host(guestPath), bytes: fs.readFileSync(fd) };
  } catch (e) {
    throw new LoadError(`Could not read '${guestPath}' from descriptor ${fd}: ${(e as NodeJS.ErrnoException).code}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** `#!interp [arg]` -> [interp, arg?] (null when not a script). */
function shebang(bytes: Uint8Array): string[] | null {
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return null;
  const end = bytes.indexOf(0x0a);
  const line = Buffer.from(bytes.subarray(2, end < 0 ? Math.min(bytes.length, 256) : end)).toString('latin1').trim();
  const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
  if (!m) return null;
  return m[2] ? [m[1], m[2].trim()] : [m[1]];
}

function parse(arch: LinuxArch, path: string, bytes: Uint8Array): ElfFile {
  let elf: ElfFile;
  try {
    elf = new ElfFile(bytes);
  } catch (e) {
    if (e instanceof ElfFormatError) throw new LoadError(`${path}: Invalid ELF image (${e.message})`);
    throw e;
  }
  const problems = elfTargetProblems(elf.header, arch.target);
  if (problems.length) throw new LoadError(`${path}: Invalid ELF image for this architecture (${problems.join('; ')})`);
  if (elf.header.type !== ET_DYN && elf.header.type !== ET_EXEC) throw new LoadError(`${path}: not an executable (ELF type ${elf.header.type})`);
  const refused = elfLoadProblem(elf);
  if (refused) throw new LoadError(`${path}: ${refused.errno} (${refused.why})`, REFUSAL_ERRNO[refused.errno]);
  return elf;
}

function outsideGuest(path: string, span: { low: number; high: number }): LoadError {
  return new LoadError(`${path}: Cannot allocate memory (segments at 0x${span.low.toString(16)}-0x${span.high.toString(16)} do not fit the guest address space)`, E.ENOMEM);
}

/** Where a range of len bytes is free for the interpreter (null: nowhere, the kernel's ENOMEM). */
function freeRange(as: AddressSpace, len: number): number | null {
  if (len > GUEST_LIMIT) return null;
  try {
    return as.findFree(len);
  } catch (e) {
    if (e instanceof SyscallError) return null;
    throw e;
  }
}

function interpreterPath(elf: ElfFile): string | null {
  const pi = elf.programHeaders.find((p) => p.type === PT_INTERP);
  if (!pi) return null;
  const raw = elf.bytes.subarray(pi.offset, pi.offset + pi.filesz);
  const nul = raw.indexOf(0);
  return Buffer.from(nul < 0 ? raw : raw.subarray(0, nul)).toString('latin1');
}

function writeTrampoline(req: LoadRequest): number {
  const { as, arch } = req;
  const at = as.findFree(PAGE_SIZE);
  as.map(at, PAGE_SIZE, { ...ANON, prot: PROT_READ | PROT_EXEC, name: '[sigpage]' });
  const le = !as.mem.bigEndian;
  arch.sigreturnCode.forEach((word, i) => as.mem.dv.setUint32(at + i * 4, word, le));
  as.mem.noteWrite(at, PAGE_SIZE);
  return at;
}

/** The files of a program, read and checked but not mapped yet: what execve can still refuse. */
export interface PreparedProgram {
  guestPath: string;
  argv: string[];
  file: { host: string; bytes: Uint8Array };
  elf: ElfFile;
  interp: { path: string; file: { host: string; bytes: Uint8Array }; elf: ElfFile } | null;
}

/** Reads and checks the program (following a #! line) and its interpreter; throws LoadError. */
export function prepareProgram(req: Omit<LoadRequest, 'as'>): PreparedProgram {
  const { arch, paths } = req;
  let guestPath = req.program;
  let argv = req.argv;
  let file = req.programFd === undefined ? readFile(paths, guestPath) : readOpenFile(paths, guestPath, req.programFd);
  const script = shebang(file.bytes);
  if (script) {
    argv = [...script, guestPath, ...argv.slice(1)];
    guestPath = script[0];
    file = readFile(paths, guestPath);
  }
  const elf = parse(arch, guestPath, file.bytes);
  const interp = interpreterPath(elf);
  const ifile = interp ? readFile(paths, interp) : null;
  const ielf = interp && ifile ? parse(arch, interp, ifile.bytes) : null;
  // Of qemu-ts's targets only arm64's kernel reads the GNU property note: the interpreter's,
  // or the program's when it has none.
  if (arch.target.elf.machine === EM_AARCH64) {
    const refused = gnuPropertyProblem(ielf ?? elf);
    if (refused) throw new LoadError(`${interp ?? guestPath}: ${refused.errno} (${refused.why})`, REFUSAL_ERRNO[refused.errno]);
  }
  const span = loadSpan(elf);
  const bias = elf.header.type === ET_DYN ? ET_DYN_BASE - span.low : 0;
  if (span.low + bias < MMAP_MIN || span.high + bias > GUEST_LIMIT) throw outsideGuest(guestPath, span);
  return { guestPath, argv, file, elf, interp: interp && ifile && ielf ? { path: interp, file: ifile, elf: ielf } : null };
}

export function loadProgram(req: LoadRequest): LoadedProgram {
  return mapProgram(req, prepareProgram(req));
}

/** Maps a prepared program into an empty address space and builds its stack. */
export function mapProgram(req: LoadRequest, prog: PreparedProgram): LoadedProgram {
  const { as, arch } = req;
  const { elf, file, guestPath, argv } = prog;
  const span = loadSpan(elf);
  const bias = elf.header.type === ET_DYN ? ET_DYN_BASE - span.low : 0;
  const main = mapElf(as, elf, file.host, bias);

  let interpBias = 0;
  let entry = main.entry;
  if (prog.interp) {
    const { path: interp, file: ifile, elf: ielf } = prog.interp;
    const ispan = loadSpan(ielf);
    const base = freeRange(as, ispan.high - ispan.low);
    if (base === null) throw outsideGuest(interp, ispan);
    const mapped = mapElf(as, ielf, ifile.host, base - ispan.low);
    interpBias = mapped.bias;
    entry = mapped.entry;
  }

  const gnuStack = elf.programHeaders.find((p) => p.type === PT_GNU_STACK);
  const stackExec = gnuStack ? (gnuStack.flags & PF_X) !== 0 : true;
  as.map(STACK_TOP - STACK_SIZE, STACK_SIZE, { ...ANON, prot: PROT_READ | PROT_WRITE | (stackExec ? PROT_EXEC : 0), name: '[stack]' });
  as.brkStart = as.brkEnd = main.end;
  const trampoline = writeTrampoline(req);

  const ids = { uid: process.getuid?.() ?? 0, euid: process.geteuid?.() ?? 0, gid: process.getgid?.() ?? 0, egid: process.getegid?.() ?? 0 };
  const stack = buildInitialStack(as.mem, {
    top: STACK_TOP, wordBits: as.wordBits, argv, envp: req.envp, execfn: req.program, platform: arch.platform,
    random: randomBytes(16),
    auxv: [
      [AT.PHDR, main.phdr], [AT.PHENT, main.phent], [AT.PHNUM, main.phnum], [AT.PAGESZ, PAGE_SIZE],
      [AT.BASE, interpBias], [AT.FLAGS, 0], [AT.ENTRY, main.entry], [AT.UID, ids.uid], [AT.EUID, ids.euid],
      [AT.GID, ids.gid], [AT.EGID, ids.egid], [AT.SECURE, 0], [AT.HWCAP, req.hwcaps.hwcap],
      [AT.HWCAP2, req.hwcaps.hwcap2], [AT.CLKTCK, 100], [AT.MINSIGSTKSZ, arch.minSigStackSize],
    ],
  });
  return { entry, sp: stack.sp, auxv: stack.auxvBytes, guestPath, hostPath: file.host, trampoline };
}
