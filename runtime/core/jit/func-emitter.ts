// Low-level writer of one wasm function body: locals, structured control with label depths,
// constants, memory immediates and the byte-swap sequences big-endian guests need.
import type { Ty } from '../../ir/types.js';
import { ByteBuf } from './wasm-bytes.js';
import { BLOCK_VOID, Op, VALTYPE } from './opcodes.js';

/** A control construct, identified by its position in the open-construct stack. */
export type Label = number;

export class FuncEmitter {
  readonly code: ByteBuf;
  readonly locals: Ty[] = [];
  private depth = 0;
  private readonly scratch = new Map<Ty, number>();

  /** `capacity`: the expected code size in bytes. */
  constructor(private readonly nparams: number, capacity?: number) { this.code = new ByteBuf(capacity); }

  local(ty: Ty): number { return this.nparams + this.locals.push(ty) - 1; }

  /** A local reserved for short emit sequences (never live across ops). */
  tmp(ty: Ty): number {
    let l = this.scratch.get(ty);
    if (l === undefined) { l = this.local(ty); this.scratch.set(ty, l); }
    return l;
  }

  /** One opcode byte, or two (a rest parameter would allocate an array per call). */
  op(b0: number, b1?: number): this { this.code.u8(b0); if (b1 !== undefined) this.code.u8(b1); return this; }
  get(l: number): this { this.code.u8(Op.local_get).u32(l); return this; }
  set(l: number): this { this.code.u8(Op.local_set).u32(l); return this; }
  tee(l: number): this { this.code.u8(Op.local_tee).u32(l); return this; }
  i32(v: number): this { this.code.u8(Op.i32_const).s32(v); return this; }
  i64(v: bigint): this { this.code.u8(Op.i64_const).s64(v); return this; }
  f32(v: number): this { this.code.u8(0x43).f32(v); return this; }
  f64(v: number): this { this.code.u8(0x44).f64(v); return this; }
  /** A memory access opcode with alignment hint 0 and a constant offset. */
  mem(opcode: number, offset: number): this { this.code.u8(opcode).u32(0).u32(offset); return this; }
  call(func: number): this { this.code.u8(Op.call).u32(func); return this; }
  /** A SIMD (0xfd-prefixed) opcode. */
  simd(opcode: number): this { this.code.u8(Op.prefix_fd).u32(opcode); return this; }
  /** A SIMD memory opcode with alignment hint 0 and a constant offset. */
  simdMem(opcode: number, offset: number): this { this.code.u8(Op.prefix_fd).u32(opcode).u32(0).u32(offset); return this; }
  /** A prefixed (0xfc) opcode, given as 0xfcNN. */
  prefixed(opcode: number): this { this.code.u8(Op.prefix_fc).u32(opcode & 0xff); return this; }

  /** A threads-proposal (0xfe-prefixed) memory opcode; atomics require the natural alignment. */
  atomicMem(opcode: number, log2Align: number, offset: number): this {
    this.code.u8(Op.prefix_fe).u32(opcode).u32(log2Align).u32(offset);
    return this;
  }

  block(): Label { this.code.u8(Op.block).u8(BLOCK_VOID); return this.depth++; }
  loop(): Label { this.code.u8(Op.loop).u8(BLOCK_VOID); return this.depth++; }
  if(result?: Ty): Label { this.code.u8(Op.if).u8(result ? VALTYPE[result] : BLOCK_VOID); return this.depth++; }
  else(): this { this.code.u8(Op.else); return this; }
  end(): this { this.code.u8(Op.end); this.depth--; return this; }

  private rel(target: Label): number {
    const r = this.depth - 1 - target;
    if (r < 0) throw new Error('wasm: branch to a closed label');
    return r;
  }
  br(target: Label): this { this.code.u8(Op.br).u32(this.rel(target)); return this; }
  brIf(target: Label): this { this.code.u8(Op.br_if).u32(this.rel(target)); return this; }
  brTable(targets: Label[], dflt: Label): this {
    this.code.u8(Op.br_table).u32(targets.length);
    for (const t of targets) this.code.u32(this.rel(t));
    this.code.u32(this.rel(dflt));
    return this;
  }

  /** Reverse the bytes of the i32 on the stack. */
  bswap32(): this {
    const s = this.tmp('i32');
    return this.set(s)
      .get(s).i32(0xff00ff00 | 0).op(Op.i32_and).i32(8).op(Op.i32_rotl)
      .get(s).i32(0x00ff00ff).op(Op.i32_and).i32(8).op(Op.i32_rotr)
      .op(Op.i32_or);
  }

  /** Swap the low two bytes of the i32 on the stack (upper bits ignored); the result is zero-extended. */
  bswap16(): this {
    const s = this.tmp('i32');
    return this.set(s)
      .get(s).i32(8).op(Op.i32_shl)
      .get(s).i32(8).op(Op.i32_shr_u).i32(0xff).op(Op.i32_and)
      .op(Op.i32_or).i32(0xffff).op(Op.i32_and);
  }

  /** Reverse the bytes of the i64 on the stack. */
  bswap64(): this {
    const s = this.tmp('i64');
    const step = (mask: bigint, shift: bigint): void => {
      this.set(s)
        .get(s).i64(mask).op(Op.i64_and).i64(shift).op(Op.i64_shl)
        .get(s).i64(shift).op(Op.i64_shr_u).i64(mask).op(Op.i64_and)
        .op(Op.i64_or);
    };
    step(0x00ff00ff00ff00ffn, 8n);
    step(0x0000ffff0000ffffn, 16n);
    return this.i64(32n).op(Op.i64_rotl);
  }
}
