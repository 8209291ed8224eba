// The shared intermediate representation. Frontends (one per guest ISA) emit it; execution
// tiers (interpreter for cold code, wasm JIT for hot code) consume it. Neither side knows the
// other: an instruction's meaning is written once, as IR. Specified in docs/ir.md.

/** Value types. Guest pointers are i64 on 64-bit guests and i32 on 32-bit guests. */
export type Ty = 'i32' | 'i64' | 'f32' | 'f64';

/** A temporary: an index into IRBlock.temps. Temps are block-local and may be reassigned. */
export type Temp = number;

/** Integer binaries take two operands of the result type; float binaries likewise. */
export type BinKind =
  | 'add' | 'sub' | 'mul'
  // Guest-safe division: x/0 = 0, MIN/-1 = MIN, x%0 = x, MIN%-1 = 0 (never a host trap).
  | 'div_s' | 'div_u' | 'rem_s' | 'rem_u'
  // High half of the full product (i64 and i32).
  | 'mulh_s' | 'mulh_u'
  | 'and' | 'or' | 'xor'
  // Shift/rotate amount is taken modulo the bit width (as in wasm); frontends mask if their ISA differs.
  | 'shl' | 'shr_u' | 'shr_s' | 'rotl' | 'rotr'
  | 'fadd' | 'fsub' | 'fmul' | 'fdiv' | 'fmin' | 'fmax' | 'fcopysign';

/** Comparisons produce i32 0/1. Float comparisons are false on NaN, except 'fne'. */
export type CmpKind =
  | 'eq' | 'ne' | 'lt_s' | 'lt_u' | 'le_s' | 'le_u' | 'gt_s' | 'gt_u' | 'ge_s' | 'ge_u'
  | 'feq' | 'fne' | 'flt' | 'fle' | 'fgt' | 'fge';

export type UnKind =
  | 'clz' | 'ctz' | 'popcnt' | 'neg' | 'not' | 'bswap'
  | 'fabs' | 'fneg' | 'fsqrt' | 'fceil' | 'ffloor' | 'ftrunc' | 'fnearest';

/** Conversions; the destination type is implied by the kind. */
export type ConvKind =
  | 'wrap'            // i64 -> i32 (low half)
  | 'extend_s'        // i32 -> i64 sign-extended
  | 'extend_u'        // i32 -> i64 zero-extended
  | 'sext8' | 'sext16' | 'sext32' // sign-extend the low bits within the same type (sext32: i64 only)
  | 'f32_to_f64' | 'f64_to_f32'
  | 'f_to_s32' | 'f_to_u32' | 'f_to_s64' | 'f_to_u64' // saturating, NaN -> 0, rounding toward zero
  | 's32_to_f32' | 'u32_to_f32' | 's64_to_f32' | 'u64_to_f32'
  | 's32_to_f64' | 'u32_to_f64' | 's64_to_f64' | 'u64_to_f64' // round to nearest even
  | 'bits_to_f32' | 'bits_to_f64' | 'f32_to_bits' | 'f64_to_bits'; // reinterpret

export type AccessSize = 1 | 2 | 4 | 8;

/** Read-modify-write kinds of atomic_rmw: new = kind(old, value) on `size` bytes (smax/smin compare signed). */
export type RmwKind = 'add' | 'and' | 'or' | 'xor' | 'xchg' | 'smax' | 'smin' | 'umax' | 'umin';
export type Endian = 'le' | 'be';

/** Why a block stopped executing and control returned to the dispatcher. */
export type ExitReason =
  | 'syscall'   // guest system call; pc = resume address; info = ISA-specific code (e.g. svc imm)
  | 'undef'     // unallocated/unimplemented encoding: guest SIGILL; pc = insn address; info = insn word
  | 'trap'      // breakpoint/trap instruction: guest SIGTRAP; pc = insn address; info = code
  | 'halt';     // stop the thread (used by tests and by exit paths); pc = insn address

export type Op =
  /** Marks the start of a guest instruction (faults report this pc; the state before it is precise). */
  | { op: 'insn'; pc: number }
  | { op: 'const'; dst: Temp; value: number | bigint } // i64 consts are bigint, f32/f64 are number, i32 number
  /** Read a guest state field at byte offset `offset` (size defaults to the width of dst's type; smaller sizes zero-extend). */
  | { op: 'get'; dst: Temp; offset: number; size?: AccessSize }
  /** Write a guest state field (truncating to size; size defaults to the width of src's type). */
  | { op: 'set'; offset: number; src: Temp; size?: AccessSize }
  | { op: 'bin'; kind: BinKind; dst: Temp; a: Temp; b: Temp }
  | { op: 'cmp'; kind: CmpKind; dst: Temp; a: Temp; b: Temp }
  | { op: 'un'; kind: UnKind; dst: Temp; a: Temp }
  | { op: 'conv'; kind: ConvKind; dst: Temp; a: Temp }
  /** dst = cond != 0 ? a : b */
  | { op: 'select'; dst: Temp; cond: Temp; a: Temp; b: Temp }
  /** Guest memory read. addr has the guest pointer type. dst is i32 or i64; size <= width; signed sign-extends. */
  | { op: 'load'; dst: Temp; addr: Temp; size: AccessSize; signed: boolean; endian: Endian }
  /** Guest memory write of the low `size` bytes of src. */
  | { op: 'store'; addr: Temp; src: Temp; size: AccessSize; endian: Endian }
  /**
   * Atomic compare-and-swap of `size` bytes (naturally aligned, else an alignment fault): if memory
   * holds the low `size` bytes of expected, write those of replacement. dst = the old memory value,
   * zero-extended. dst, expected and replacement share one integer type. Needs read and write access.
   */
  | { op: 'atomic_cmpxchg'; dst: Temp; addr: Temp; expected: Temp; replacement: Temp; size: AccessSize; endian: Endian }
  /** Atomic read-modify-write of `size` bytes; dst = the old value, zero-extended (faults as atomic_cmpxchg). */
  | { op: 'atomic_rmw'; kind: RmwKind; dst: Temp; addr: Temp; value: Temp; size: AccessSize; endian: Endian }
  /** Call a registered helper (runtime/ir/helpers.ts) for semantics too large for IR. */
  | { op: 'call'; helper: string; dst?: Temp; args: Temp[] }
  /** Forward-only control flow inside a block: a label may only be targeted by branches before it. */
  | { op: 'label'; id: number }
  | { op: 'brif'; cond: Temp; label: number }   // jump forward to label if cond != 0
  /** Block exits. Execution of the block ends at the first exit executed. */
  | { op: 'goto'; pc: number }                   // direct, chainable
  | { op: 'goto_dyn'; target: Temp }             // indirect; target has the guest pointer type
  | { op: 'exit'; reason: ExitReason; pc: number; info: number };

export interface IRBlock {
  /** Guest address of the first instruction. */
  pc: number;
  /** Guest address just past the last byte of the last instruction (for invalidation). */
  end: number;
  /** Number of guest instructions. */
  ninsns: number;
  /** Type of each temp. */
  temps: Ty[];
  ops: Op[];
}

export const TY_BYTES: Record<Ty, AccessSize> = { i32: 4, i64: 8, f32: 4, f64: 8 };

/** Each conversion's accepted source types and its result type (null: the source's type). */
export const CONV_TYPES: Record<ConvKind, { from: readonly Ty[]; to: Ty | null }> = {
  wrap: { from: ['i64'], to: 'i32' }, extend_s: { from: ['i32'], to: 'i64' }, extend_u: { from: ['i32'], to: 'i64' },
  sext8: { from: ['i32', 'i64'], to: null }, sext16: { from: ['i32', 'i64'], to: null }, sext32: { from: ['i64'], to: 'i64' },
  f32_to_f64: { from: ['f32'], to: 'f64' }, f64_to_f32: { from: ['f64'], to: 'f32' },
  f_to_s32: { from: ['f32', 'f64'], to: 'i32' }, f_to_u32: { from: ['f32', 'f64'], to: 'i32' },
  f_to_s64: { from: ['f32', 'f64'], to: 'i64' }, f_to_u64: { from: ['f32', 'f64'], to: 'i64' },
  s32_to_f32: { from: ['i32'], to: 'f32' }, u32_to_f32: { from: ['i32'], to: 'f32' },
  s64_to_f32: { from: ['i64'], to: 'f32' }, u64_to_f32: { from: ['i64'], to: 'f32' },
  s32_to_f64: { from: ['i32'], to: 'f64' }, u32_to_f64: { from: ['i32'], to: 'f64' },
  s64_to_f64: { from: ['i64'], to: 'f64' }, u64_to_f64: { from: ['i64'], to: 'f64' },
  bits_to_f32: { from: ['i32'], to: 'f32' }, bits_to_f64: { from: ['i64'], to: 'f64' },
  f32_to_bits: { from: ['f32'], to: 'i32' }, f64_to_bits: { from: ['f64'], to: 'i64' },
};
