// The code cache's directory: one file per entry, named by its key. Writers write aside and
// rename, so a reader sees a whole entry or none whatever other qemu-ts processes do at the same
// time; the last writer of a key wins. The directory is kept under its size bound by removing the
// least recently used entries (reading an entry refreshes its time). Every failure (no directory,
// read-only, full disk, a file removed under us) makes the cache a miss or skips the write: the
// cache never stops a program nor prints anything. An entry is code that qemu-ts runs, so the
// directory is used only while it is the user's own and nobody else can write to it (as ssh
// treats ~/.ssh): a shared one (QEMU_TS_CACHE_DIR=/tmp/x) is a miss for reads and writes.
import fs from 'node:fs';
import path from 'node:path';

const SUFFIX = '.qtc';
/** Temporary files older than this are left over from a crashed writer. */
const STALE_TMP_MS = 10 * 60_000;
/** The cache warmer's lock: the pid of the warmer at work (code-cache/warmer.ts). */
const WARMER_LOCK = 'warmer.lock';
/** A warmer lock older than this is taken over whatever its pid says (pids are reused). */
const STALE_WARMER_MS = 10 * 60_000;

export class CacheStore {
  constructor(readonly dir: string, readonly maxBytes: number) {}

  fileOf(key: string): string { return path.join(this.dir, key + SUFFIX); }

  /** The keys of the entries in the directory (none if it is not private). */
  keys(): string[] {
    if (!this.isPrivate()) return [];
    try {
      return fs.readdirSync(this.dir).filter((name) => name.endsWith(SUFFIX)).map((name) => name.slice(0, -SUFFIX.length));
    } catch {
      return [];
    }
  }

  read(key: string): Buffer | null {
    if (!this.isPrivate()) return null;
    const file = this.fileOf(key);
    try {
      const data = fs.readFileSync(file);
      const now = new Date();
      try { fs.utimesSync(file, now, now); } catch { /* read-only: order of eviction only */ }
      return data;
    } catch {
      return null;
    }
  }

  /** Drop an entry that did not check out, so the next writer replaces it. */
  remove(key: string): void {
    try { fs.unlinkSync(this.fileOf(key)); } catch { /* gone already, or read-only */ }
  }

  /** Writes the entry of `key`, whose bytes are the pieces of `data` in order. */
  write(key: string, data: readonly Uint8Array[]): boolean {
    if (data.reduce((n, part) => n + part.length, 0) > this.maxBytes) return false;
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!this.isPrivate()) return false;
      writePieces(tmp, data);
      fs.renameSync(tmp, file);
    } catch {
      try { fs.unlinkSync(tmp); } catch { /* never written */ }
      return false;
    }
    this.evict();
    return true;
  }

  /**
   * Claims the directory's one cache warmer place for this process: false while a live process
   * holds it. The file names the holder's pid; a holder that died leaves a file that the next
   * claim takes over.
   */
  claimWarmer(): boolean {
    try { fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 }); } catch { return false; }
    if (!this.isPrivate()) return false;
    const lock = path.join(this.dir, WARMER_LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
        return true;
      } catch {
        if (!this.staleWarmerLock(lock)) return false;
        try { fs.unlinkSync(lock); } catch { /* another claimant did */ }
      }
    }
    return false;
  }

  /** The warmer's child names itself in the lock its parent claimed. */
  holdWarmer(): void {
    try { fs.writeFileSync(path.join(this.dir, WARMER_LOCK), String(process.pid)); } catch { /* removed: a second warmer may start */ }
  }

  /** Gives the warmer place back, if this process holds it. */
  releaseWarmer(): void {
    const lock = path.join(this.dir, WARMER_LOCK);
    try {
      if (fs.readFileSync(lock, 'latin1') === String(process.pid)) fs.unlinkSync(lock);
    } catch { /* gone */ }
  }

  private staleWarmerLock(lock: string): boolean {
    try {
      const st = fs.statSync(lock);
      if (Date.now() - st.mtimeMs > STALE_WARMER_MS) return true;
      const pid = Number(fs.readFileSync(lock, 'latin1'));
      if (!Number.isInteger(pid) || pid <= 0) return true;
      process.kill(pid, 0);
      return false;
    } catch (e) {
      // ESRCH: no such process; EPERM: another user's process has the pid now.
      const code = (e as { code?: string }).code;
      return code === 'ESRCH' || code === 'EPERM' || code === 'ENOENT';
    }
  }

  /** The directory exists, is ours and is writable by no one else. */
  private isPrivate(): boolean {
    try {
      const st = fs.statSync(this.dir);
      return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
    } catch {
      return false; // missing, or a path through a file
    }
  }

  /** Remove the least recently used entries while the directory holds more than maxBytes. */
  private evict(): void {
    let names: string[];
    try { names = fs.readdirSync(this.dir); } catch { return; }
    const now = Date.now();
    const entries: { file: string; size: number; time: number }[] = [];
    let total = 0;
    for (const name of names) {
      const file = path.join(this.dir, name);
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (st === undefined || !st.isFile()) continue;
      if (name.endsWith('.tmp')) {
        if (now - st.mtimeMs > STALE_TMP_MS) try { fs.unlinkSync(file); } catch { /* another process did */ }
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      entries.push({ file, size: st.size, time: st.mtimeMs });
      total += st.size;
    }
    entries.sort((a, b) => a.time - b.time);
    for (const e of entries) {
      if (total <= this.maxBytes) break;
      try { fs.unlinkSync(e.file); } catch { /* another process did */ }
      total -= e.size;
    }
  }
}

/** Writes `parts` in order as the whole of `file` (created owner-only when new). */
export function writePieces(file: string, parts: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    for (const part of parts) for (let at = 0; at < part.length;) at += fs.writeSync(fd, part, at);
  } finally {
    fs.closeSync(fd);
  }
}
