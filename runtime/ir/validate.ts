// The IR validator: checks that a block keeps the invariants docs/ir.md states and both tiers
// rely on without checking (operand and result types, temps assigned on every path before they
// are read, forward labels defined once, well-formed exits and instruction marks, state offsets
// inside the layout, helper signatures). Off by default; the engine runs it on every translated
// block under `-d ir-validate` or with $QEMU_TS_IR_VALIDATE=1 (which `npm test` sets), so a
// frontend bug shows as one line naming the block, the instruction and the op instead of as a
// wrong result in one tier. Rules: docs/ir.md, "Validation".
import type { StateLayout } from '../arch/types.js';
import { PAGE_SIZE } from '../core/api.js';
import { findHelper } from './helpers.js';
import { CONV_TYPES, TY_BYTES, type AccessSize, type BinKind, type CmpKind, type ExitReason, type IRBlock, type Op, type Temp, type Ty, type UnKind } from './types.js';

/** Set to 1 in the environment: every engine validates the blocks it translates (npm test sets it). */
export const IR_VALIDATE_ENV = 'QEMU_TS_IR_VALIDATE';

/** What the validator needs to know of the frontend that made the block. */
export interface ValidationTarget {
  readonly state: StateLayout;
  readonly wordBits: 32 | 64;
}

export class IRValidationError extends Error {
  constructor(readonly blockPc: number, readonly insnPc: number, readonly opIndex: number, readonly op: Op | null, readonly rule: string) {
    const where = op === null ? '' : `, insn 0x${hex(insnPc)}, op ${opIndex} (${formatOp(op)})`;
    super(`IR validation failed: block 0x${hex(blockPc)}${where}: ${rule}`);
    this.name = 'IRValidationError';
  }
}

function hex(n: number): string { return (n >>> 0).toString(16); }

/** One op as text: its kind, then its fields; temps as tN. */
export function formatOp(op: Op): string {
  const temps = new Set(['dst', 'a', 'b', 'cond', 'src', 'addr', 'expected', 'replacement', 'value', 'target']);
  const fields = Object.entries(op).filter(([k]) => k !== 'op').map(([k, v]) => {
    if (temps.has(k)) return `${k}=t${v}`;
    if (k === 'args') return `args=[${(v as Temp[]).map((t) => `t${t}`).join(',')}]`;
    if (k === 'pc') return `pc=0x${hex(v as number)}`;
    return `${k}=${typeof v === 'bigint' ? `${v}n` : String(v)}`;
  });
  return [op.op, ...fields].join(' ');
}

const INT_BIN = new Set<BinKind>(['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'mulh_s', 'mulh_u', 'and', 'or', 'xor', 'shl', 'shr_u', 'shr_s', 'rotl', 'rotr']);
const FLOAT_BIN = new Set<BinKind>(['fadd', 'fsub', 'fmul', 'fdiv', 'fmin', 'fmax', 'fcopysign']);
const INT_CMP = new Set<CmpKind>(['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u']);
const FLOAT_CMP = new Set<CmpKind>(['feq', 'fne', 'flt', 'fle', 'fgt', 'fge']);
const INT_UN = new Set<UnKind>(['clz', 'ctz', 'popcnt', 'neg', 'not', 'bswap']);
const FLOAT_UN = new Set<UnKind>(['fabs', 'fneg', 'fsqrt', 'fceil', 'ffloor', 'ftrunc', 'fnearest']);
const RMW_KINDS = new Set(['add', 'and', 'or', 'xor', 'xchg', 'smax', 'smin', 'umax', 'umin']);
const EXIT_REASONS = new Set<ExitReason>(['syscall', 'undef', 'trap', 'halt']);
const SIZES = new Set([1, 2, 4, 8]);
const TYPES = new Set<Ty>(['i32', 'i64', 'f32', 'f64']);

function isInt(ty: Ty): boolean { return ty === 'i32' || ty === 'i64'; }
function isU32(n: unknown): boolean { return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 2 ** 32; }
/** Exit info words: ISA codes or instruction words, as int32 or uint32 numbers. */
function isWord(n: unknown): boolean { return typeof n === 'number' && Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 32; }

/** Throws IRValidationError at the first broken rule of `ir`. */
export function validateBlock(ir: IRBlock, target: ValidationTarget): void {
  new Validator(ir, target).run();
}

class Validator {
  private readonly ptr: Ty;
  private index = -1;
  private insnPc: number;
  /** Temps assigned on every path to the current op (when reachable). */
  private defined: Uint8Array;
  private reachable = true;
  /** For each label not yet reached: the temps assigned on every branch to it so far. */
  private readonly pending = new Map<number, Uint8Array>();
  private readonly labelsAhead = new Set<number>();
  private readonly labelsSeen = new Set<number>();
  /** Labels some brif jumps to that are not reached yet: true once an instruction mark lies between. */
  private readonly open = new Map<number, boolean>();
  /**
   * After a label that a branch reached across an instruction mark, until the next mark: the
   * instruction whose pc a fault would report depends on the path (an annulled delay slot).
   */
  private insnUnknown = false;
  /** An instruction mark on the page after the block's first was seen. */
  private onNextPage = false;

  constructor(private readonly ir: IRBlock, private readonly target: ValidationTarget) {
    this.ptr = target.wordBits === 64 ? 'i64' : 'i32';
    this.insnPc = ir.pc;
    this.defined = new Uint8Array(ir.temps.length);
  }

  private fail(rule: string, whole = false): never {
    const op = whole ? null : this.ir.ops[this.index] ?? null;
    throw new IRValidationError(this.ir.pc, this.insnPc, this.index, op, rule);
  }

  run(): void {
    const ir = this.ir;
    if (!isU32(ir.pc) || !isU32(ir.end) || ir.end < ir.pc) this.fail(`block range [0x${hex(ir.pc)}, 0x${hex(ir.end)}) is not an address range`, true);
    ir.temps.forEach((ty, t) => { if (!TYPES.has(ty)) this.fail(`temp t${t} has no IR type (${String(ty)})`, true); });
    let insns = 0;
    ir.ops.forEach((op, i) => {
      this.index = i;
      if (op.op === 'insn') insns++;
      if (op.op !== 'label') return;
      if (this.labelsAhead.has(op.id)) this.fail(`label ${op.id} is defined more than once`);
      this.labelsAhead.add(op.id);
    });
    ir.ops.forEach((op, i) => { this.index = i; this.check(op); });
    this.index = ir.ops.length;
    if (insns !== ir.ninsns) this.fail(`ninsns is ${ir.ninsns} but the block marks ${insns} instructions`, true);
  }

  private check(op: Op): void {
    switch (op.op) {
      case 'insn': {
        if (!isU32(op.pc) || op.pc < this.ir.pc || op.pc >= this.ir.end) this.fail(`instruction pc outside the block [0x${hex(this.ir.pc)}, 0x${hex(this.ir.end)})`);
        // Only the block's last instruction may lie on the next page (a MIPS delay slot goes with its branch).
        if (this.onNextPage) this.fail('instruction after one on the next page: only the last instruction may leave the block\'s first page');
        const page = Math.floor(op.pc / PAGE_SIZE), first = Math.floor(this.ir.pc / PAGE_SIZE);
        if (page > first + 1) this.fail('instruction beyond the page after the block\'s first');
        this.onNextPage = page !== first;
        for (const l of this.open.keys()) this.open.set(l, true);
        this.insnUnknown = false;
        this.insnPc = op.pc;
        return;
      }
      case 'const': {
        const ty = this.dstTy(op.dst);
        const v = op.value;
        if (ty === 'i64' ? typeof v !== 'bigint' : typeof v !== 'number') this.fail(`${ty} constant given as ${typeof v}`);
        if (ty === 'i32' && !Number.isInteger(v)) this.fail(`i32 constant ${String(v)} is not an integer`);
        return this.def(op.dst);
      }
      case 'get': case 'set': {
        const ty = op.op === 'get' ? this.dstTy(op.dst) : this.use(op.src);
        const size = op.size ?? TY_BYTES[ty];
        this.size(size, ty);
        if (!isInt(ty) && size !== TY_BYTES[ty]) this.fail(`${size}-byte state access of a ${ty}`);
        if (!Number.isInteger(op.offset) || op.offset < 0 || op.offset + size > this.target.state.size) {
          this.fail(`state bytes [${op.offset}, ${op.offset + size}) outside the state layout (${this.target.state.size} bytes)`);
        }
        if (op.op === 'get') this.def(op.dst);
        return;
      }
      case 'bin': {
        const ty = this.same(op.a, op.b);
        if (!(isInt(ty) ? INT_BIN : FLOAT_BIN).has(op.kind)) this.fail(`bin ${op.kind} on ${ty}`);
        this.result(op.dst, ty);
        return;
      }
      case 'cmp': {
        const ty = this.same(op.a, op.b);
        if (!(isInt(ty) ? INT_CMP : FLOAT_CMP).has(op.kind)) this.fail(`cmp ${op.kind} on ${ty}`);
        this.result(op.dst, 'i32');
        return;
      }
      case 'un': {
        const ty = this.use(op.a);
        if (!(isInt(ty) ? INT_UN : FLOAT_UN).has(op.kind)) this.fail(`un ${op.kind} on ${ty}`);
        this.result(op.dst, ty);
        return;
      }
      case 'conv': {
        const ty = this.use(op.a);
        const sig = CONV_TYPES[op.kind];
        if (sig === undefined) this.fail(`unknown conversion ${String(op.kind)}`);
        if (!sig.from.includes(ty)) this.fail(`conv ${op.kind} from ${ty} (takes ${sig.from.join(' or ')})`);
        this.result(op.dst, sig.to ?? ty);
        return;
      }
      case 'select': {
        this.typed(op.cond, 'i32', 'select condition');
        this.result(op.dst, this.same(op.a, op.b));
        return;
      }
      case 'load': {
        this.mayFault();
        this.address(op.addr);
        const ty = this.dstTy(op.dst);
        if (!isInt(ty)) this.fail(`load into ${ty}`);
        this.size(op.size, ty);
        this.endian(op.endian);
        if (typeof op.signed !== 'boolean') this.fail('load without a boolean `signed`');
        return this.def(op.dst);
      }
      case 'store': {
        this.mayFault();
        this.address(op.addr);
        const ty = this.use(op.src);
        this.size(op.size, ty);
        if (!isInt(ty) && op.size !== TY_BYTES[ty]) this.fail(`${op.size}-byte store of a ${ty}`);
        this.endian(op.endian);
        return;
      }
      case 'atomic_cmpxchg': case 'atomic_rmw': {
        this.mayFault();
        this.address(op.addr);
        const ty = op.op === 'atomic_cmpxchg' ? this.same(op.expected, op.replacement) : this.use(op.value);
        if (!isInt(ty)) this.fail(`atomic on ${ty}`);
        if (op.op === 'atomic_rmw' && !RMW_KINDS.has(op.kind)) this.fail(`unknown atomic_rmw kind ${String(op.kind)}`);
        this.size(op.size, ty);
        this.endian(op.endian);
        this.result(op.dst, ty);
        return;
      }
      case 'call': {
        const h = findHelper(op.helper);
        if (h === undefined) this.fail(`helper '${op.helper}' is not registered`);
        if (h.effects !== 'pure') this.mayFault();
        if (op.args.length !== h.params.length) this.fail(`helper '${h.name}' takes ${h.params.length} arguments, given ${op.args.length}`);
        op.args.forEach((a, k) => this.typed(a, h.params[k]!, `argument ${k} of '${h.name}'`));
        if (op.dst !== undefined) {
          if (h.result === undefined) this.fail(`helper '${h.name}' returns nothing, but the call has a result`);
          this.result(op.dst, h.result);
        }
        return;
      }
      case 'brif': {
        this.typed(op.cond, 'i32', 'brif condition');
        if (this.labelsSeen.has(op.label)) this.fail(`brif backwards to label ${op.label} (control flow is forward only)`);
        if (!this.labelsAhead.has(op.label)) this.fail(`brif to label ${op.label}, which the block does not define`);
        if (this.reachable) {
          const p = this.pending.get(op.label);
          if (p === undefined) this.pending.set(op.label, this.defined.slice());
          else for (let t = 0; t < p.length; t++) p[t]! &= this.defined[t]!;
        }
        if (!this.open.has(op.label)) this.open.set(op.label, false);
        return;
      }
      case 'label': {
        const p = this.pending.get(op.id);
        if (this.reachable && p !== undefined) for (let t = 0; t < p.length; t++) this.defined[t]! &= p[t]!;
        else if (!this.reachable && p !== undefined) { this.defined = p; this.reachable = true; }
        this.pending.delete(op.id);
        if (this.open.get(op.id) === true) this.insnUnknown = true;
        this.open.delete(op.id);
        this.labelsSeen.add(op.id);
        return;
      }
      case 'goto':
        if (!isU32(op.pc)) this.fail(`goto target ${String(op.pc)} is not a 32-bit address`);
        return this.end();
      case 'goto_dyn':
        this.typed(op.target, this.ptr, 'goto_dyn target (the guest pointer type)');
        return this.end();
      case 'exit':
        if (!EXIT_REASONS.has(op.reason)) this.fail(`unknown exit reason ${String(op.reason)}`);
        if (!isU32(op.pc)) this.fail(`exit pc ${String(op.pc)} is not a 32-bit address`);
        if (!isWord(op.info)) this.fail(`exit info ${String(op.info)} is not a 32-bit word`);
        return this.end();
      default:
        this.fail(`unknown op ${String((op as { op: unknown }).op)}`);
    }
  }

  /** An op that may fault (or, as a store, end the block at the next mark) reports the current instruction's pc. */
  private mayFault(): void {
    if (this.reachable && this.insnUnknown) {
      this.fail('may fault after a label that a brif reaches across an instruction mark: the pc it would report depends on the path (put an insn op first)');
    }
  }

  /** An exit: what follows is reached only through a label a branch targets. */
  private end(): void { this.reachable = false; }

  private temp(t: Temp): Ty {
    if (!Number.isInteger(t) || t < 0 || t >= this.ir.temps.length) this.fail(`t${t} is not a temp of the block (${this.ir.temps.length} temps)`);
    return this.ir.temps[t]!;
  }

  /** A read of t: it must have been assigned on every path here. */
  private use(t: Temp): Ty {
    const ty = this.temp(t);
    if (this.reachable && this.defined[t] === 0) this.fail(`t${t} is read before it is assigned on every path to this op`);
    return ty;
  }

  private dstTy(t: Temp): Ty { return this.temp(t); }

  private def(t: Temp): void { this.defined[t] = 1; }

  private typed(t: Temp, ty: Ty, what: string): void {
    const actual = this.use(t);
    if (actual !== ty) this.fail(`${what} t${t} is ${actual}, must be ${ty}`);
  }

  private same(a: Temp, b: Temp): Ty {
    const ta = this.use(a), tb = this.use(b);
    if (ta !== tb) this.fail(`operands t${a} (${ta}) and t${b} (${tb}) differ in type`);
    return ta;
  }

  private result(dst: Temp, ty: Ty): void {
    const actual = this.dstTy(dst);
    if (actual !== ty) this.fail(`result t${dst} is ${actual}, the op produces ${ty}`);
    this.def(dst);
  }

  private address(t: Temp): void { this.typed(t, this.ptr, 'address (the guest pointer type)'); }

  private size(size: AccessSize, ty: Ty): void {
    if (!SIZES.has(size)) this.fail(`access size ${String(size)} is not 1, 2, 4 or 8`);
    if (size > TY_BYTES[ty]) this.fail(`${size}-byte access with a ${ty}`);
  }

  private endian(e: string): void {
    if (e !== 'le' && e !== 'be') this.fail(`byte order ${String(e)} is not le or be`);
  }
}
