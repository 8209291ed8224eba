// A growable byte buffer with the WebAssembly binary encodings (LEB128, IEEE floats, names).
export class ByteBuf {
  private buf: Uint8Array;
  length = 0;

  /** `capacity`: the expected size; the buffer doubles when it runs out. */
  constructor(capacity = 256) { this.buf = new Uint8Array(capacity); }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): this { this.room(1); this.buf[this.length++] = b; return this; }

  bytes(b: Uint8Array): this { this.room(b.length); this.buf.set(b, this.length); this.length += b.length; return this; }

  u32(v: number): this {
    v >>>= 0;
    do {
      let byte = v & 0x7f;
      v >>>= 7;
      if (v !== 0) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0);
    return this;
  }

  s32(v: number): this {
    v |= 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return this.u8(byte);
      this.u8(byte | 0x80);
    }
  }

  /** Signed LEB128 of a 64-bit value (compile time only, so bigint is fine). */
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) return this.u8(byte);
      this.u8(byte | 0x80);
    }
  }

  f32(v: number): this { this.room(4); new DataView(this.buf.buffer).setFloat32(this.length, v, true); this.length += 4; return this; }
  f64(v: number): this { this.room(8); new DataView(this.buf.buffer).setFloat64(this.length, v, true); this.length += 8; return this; }

  name(s: string): this { const b = Buffer.from(s, 'utf8'); return this.u32(b.length).bytes(b); }

  /** Append `inner` prefixed by its byte length (sections, function bodies). */
  sized(inner: ByteBuf): this { return this.u32(inner.length).bytes(inner.view()); }

  view(): Uint8Array { return this.buf.subarray(0, this.length); }
}

/** Length of the unsigned LEB128 encoding of v. */
export function u32Size(v: number): number {
  let n = 1;
  for (v >>>= 7; v !== 0; v >>>= 7) n++;
  return n;
}
