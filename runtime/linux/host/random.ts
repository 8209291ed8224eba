// Random bytes from the host kernel for AT_RANDOM and the guest's getrandom. Read from
// /dev/urandom rather than through node:crypto, whose loading cost about 10 ms of every start.
import fs from 'node:fs';

/** Fills `len` bytes of `buf` from `offset` with random bytes. */
export function fillRandom(buf: Uint8Array, offset = 0, len = buf.length - offset): void {
  const fd = fs.openSync('/dev/urandom', 'r');
  try {
    for (let done = 0; done < len;) done += fs.readSync(fd, buf, offset + done, len - done, null);
  } finally {
    fs.closeSync(fd);
  }
}

export function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  fillRandom(b);
  return b;
}
