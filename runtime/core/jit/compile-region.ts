// Compiles one region (a list of IR blocks) into the body of a wasm function
//   (stateAddr: i32, entryIndex: i32, fuel: i32) -> siteId: i32
// Layout: an optimised region loads the state slots it uses into locals, then
//   block $exit { loop $dispatch { block $bN-1 ... block $b0 { br_table } code0 } code1 ... } }
//   spill dirty slots; [chain]; return $ret
// A forward jump to a block of the region branches straight to its $b label (or falls through
// when the target is laid out next); a backward one sets the block-index local and branches to
// $dispatch. Hot loops never leave wasm. Every exit stores a
// site id in $ret and branches to $exit, where the single spill sequence lives. Jumps that leave
// the region (direct or indirect) also leave the target pc in $next; [chain] looks it up in the
// dispatch cache and tail-calls the compiled region holding it (through RegionTable.chain), so
// calls, returns and PLT jumps between compiled code never go back to the JS dispatcher.
// A baseline region also counts its entries and back-edges in a global of its module: when the
// count reaches its budget it leaves through a 'hot' site, and the JIT compiles it again with
// the optimising compiler (see jit.ts).
import type { StateLayout, StateSlot } from '../../arch/types.js';
import { getHelper } from '../../ir/helpers.js';
import { TY_BYTES, type AccessSize, type IRBlock, type Op as IROp, type RmwKind, type Temp, type Ty } from '../../ir/types.js';
import { ATOMIC_KINDS } from '../atomics.js';
import { exitEvent } from '../exit-event.js';
import { CTL_FAULT_ADDR, CTL_HELPER_FAULT, CTL_INTERRUPT, FLAGS_BASE, PF_CODE, PF_READ, PF_WRITE } from '../layout.js';
import { FuncEmitter, type Label } from './func-emitter.js';
import { BIN_OPS, CMP_OPS, CONV_OPS, MEM_FULL, Op, UN_OPS } from './opcodes.js';
import type { DispatchCache } from './dispatch-cache.js';
import type { Region, Site } from './region.js';
import type { FuncBody } from './wasm-module.js';
import { assignTempLocals } from './temp-locals.js';

/** What a region body calls outside itself. */
export interface ModuleLinks {
  /**
   * Emits a call of a host function, its arguments on the stack: a helper (by name),
   * 'rt.storeSlow', 'rt.atomicSlow', or with `tail` a tail call of 'rt.chain'
   * (RegionTable.chain(state, block, fuel, tableIndex)).
   */
  callHost(e: FuncEmitter, name: string, tail?: boolean): void;
  /**
   * Module-local id of an exit site. A region returns it plus the module's imported global
   * `siteBase` (the engine-wide id of its first site), so the module's bytes do not depend on
   * how many sites the process made before: a module saved by the persistent code cache runs
   * in another process as it is.
   */
  site(s: Site): number;
  /** Index of the imported global holding the module's first engine-wide site id. */
  readonly siteBase: number;
  readonly dispatch: DispatchCache;
  /** Module functions computing the high half of a 64-bit product, added on first use. */
  mulhU64(): number;
  mulhS64(): number;
}

/** A baseline region's budget: the module global counting down, and the first of its entry sites (one per member). */
export interface HotCounter {
  readonly global: number;
  /** Module-local site id of the first. */
  readonly entrySites: number;
}

const P_STATE = 0;
const P_BLOCK = 1; // the entry index parameter doubles as the current-block local
/**
 * Back-edges and chained jumps left before compiled code returns to the dispatcher anyway (the
 * dispatcher passes FUEL in). V8 has no on-stack replacement for wasm: a loop that never returns
 * would keep running its first (Liftoff) code after the optimised code is ready. One extra
 * dispatch per 2^16 back-edges costs nothing.
 */
const P_FUEL = 2;
export const FUEL = 1 << 16;

const LOAD_NARROW: Record<'i32' | 'i64', Record<number, [number, number]>> = {
  i32: { 1: [Op.i32_load8_u, Op.i32_load8_s], 2: [Op.i32_load16_u, Op.i32_load16_s], 4: [Op.i32_load, Op.i32_load] },
  i64: {
    1: [Op.i64_load8_u, Op.i64_load8_s], 2: [Op.i64_load16_u, Op.i64_load16_s],
    4: [Op.i64_load32_u, Op.i64_load32_s], 8: [Op.i64_load, Op.i64_load],
  },
};
const STORE_NARROW: Record<'i32' | 'i64', Record<number, number>> = {
  i32: { 1: Op.i32_store8, 2: Op.i32_store16, 4: Op.i32_store },
  i64: { 1: Op.i64_store8, 2: Op.i64_store16, 4: Op.i64_store32, 8: Op.i64_store },
};

/** First opcode (0xfe prefix) of each wasm atomic rmw group; the variant is added (ATOMIC_VARIANT). */
const ATOMIC_BASE: Partial<Record<RmwKind | 'cmpxchg', number>> = {
  add: 0x1e, and: 0x2c, or: 0x33, xor: 0x3a, xchg: 0x41, cmpxchg: 0x48,
};
/** Within a group: i32, i64, i32 8_u, i32 16_u, i64 8_u, i64 16_u, i64 32_u. */
const ATOMIC_VARIANT: Record<'i32' | 'i64', Partial<Record<AccessSize, number>>> = {
  i32: { 4: 0, 1: 2, 2: 3 }, i64: { 8: 1, 1: 4, 2: 5, 4: 6 },
};

/** For each byte of the state, the cacheable slot holding it; built once per layout. */
const slotOwners = new WeakMap<StateLayout, (StateSlot | undefined)[]>();

function ownersOf(layout: StateLayout): (StateSlot | undefined)[] {
  let owner = slotOwners.get(layout);
  if (owner === undefined) {
    owner = new Array<StateSlot | undefined>(layout.size).fill(undefined);
    for (const s of layout.slots) {
      if (!s.cached || s.offset === layout.pcOffset) continue;
      for (let i = 0; i < TY_BYTES[s.ty]; i++) owner[s.offset + i] = s;
    }
    slotOwners.set(layout, owner);
  }
  return owner;
}

/** Slots that can live in locals for this region: cached, not the pc, and only accessed whole. */
function analyzeSlots(blocks: IRBlock[], layout: StateLayout): { used: StateSlot[]; dirty: Set<StateSlot> } {
  const owner = ownersOf(layout);
  const used = new Set<StateSlot>();
  const bad = new Set<StateSlot>();
  const dirty = new Set<StateSlot>();
  for (const ir of blocks) {
    for (const op of ir.ops) {
      if (op.op !== 'get' && op.op !== 'set') continue;
      const ty = ir.temps[op.op === 'get' ? op.dst : op.src]!;
      const width = op.size ?? TY_BYTES[ty];
      let last: StateSlot | undefined;
      for (let i = 0; i < width; i++) {
        const s = owner[op.offset + i];
        if (s === undefined || s === last) continue;
        last = s;
        if (op.offset !== s.offset || width !== TY_BYTES[s.ty] || ty !== s.ty) bad.add(s);
        used.add(s);
        if (op.op === 'set') dirty.add(s);
      }
    }
  }
  const ok = [...used].filter((s) => !bad.has(s));
  return { used: ok, dirty: new Set([...dirty].filter((s) => !bad.has(s))) };
}

class RegionCompiler {
  private readonly e: FuncEmitter;
  private readonly ret: number;
  private readonly cw: number;
  private readonly addr: number;
  private readonly next: number;
  private readonly slotLocal = new Map<number, { slot: StateSlot; local: number }>();
  private readonly dirty: { slot: StateSlot; local: number }[] = [];
  private readonly index = new Map<number, number>();
  private readonly pool: Record<Ty, number[]> = { i32: [], i64: [], f32: [], f64: [] };
  private exitL: Label = 0;
  private loopL: Label = 0;
  /** $b_i: a branch to it lands at the code of member i (open while members < i are emitted). */
  private readonly blockL: Label[] = [];
  // Per-block state while emitting.
  private ir!: IRBlock;
  private bi = 0;
  private temp: Int32Array = new Int32Array(0);
  private insnPc = 0;
  private storeSeen = false;
  /**
   * A store may have set $cw since the last code-write check on this path: only then does an
   * instruction boundary or jump need one (a passed check means $cw is still 0). Branch targets
   * inside the block count as unchecked once the block has a store.
   */
  private uncheckedStore = false;
  private openLabels = 0;

  constructor(
    private readonly region: Region, private readonly layout: StateLayout, private readonly links: ModuleLinks,
    private readonly hot: HotCounter | null,
  ) {
    // About 20 bytes of wasm per IR op: the buffer is rarely grown (and copied).
    this.e = new FuncEmitter(3, 256 + 20 * region.members.reduce((n, m) => n + m.ir.ops.length, 0));
    this.ret = this.e.local('i32');
    this.cw = this.e.local('i32');
    this.addr = this.e.local('i32');
    this.next = this.e.local('i32');
    // A baseline region keeps guest state in memory: Liftoff's compile time grows with the number
    // of locals times control constructs, and its code keeps most locals in stack slots anyway.
    // Caching the up to ~440 slots a region uses (every register, SIMD halves, flags) cost about a
    // quarter of the Liftoff time of python3 -c pass and no measurable speed (docs/PERFORMANCE.md,
    // "Compile cost of regions").
    const { used, dirty } = hot === null ? analyzeSlots(region.members.map((m) => m.ir), layout) : { used: [], dirty: new Set<StateSlot>() };
    for (const slot of used) {
      const entry = { slot, local: this.e.local(slot.ty) };
      this.slotLocal.set(slot.offset, entry);
      if (dirty.has(slot)) this.dirty.push(entry);
    }
    region.members.forEach((m, i) => { if (!this.index.has(m.ir.pc)) this.index.set(m.ir.pc, i); });
  }

  compile(): FuncBody {
    const e = this.e;
    const members = this.region.members;
    if (this.hot !== null) {
      // Nothing is loaded yet: leave at once, through the entry site of the block entered.
      this.countDown();
      e.if();
      e.i32(this.hot.entrySites).op(Op.global_get).code.u32(this.links.siteBase);
      e.op(Op.i32_add).get(P_BLOCK).op(Op.i32_add).op(Op.return).end();
    }
    this.reload();
    this.exitL = e.block();
    this.loopL = e.loop();
    const labels = this.blockL;
    for (let i = members.length - 1; i >= 0; i--) labels[i] = e.block();
    e.get(P_BLOCK).brTable(labels, labels[0]!);
    for (let i = 0; i < members.length; i++) {
      e.end();
      this.emitBlock(i, members[i]!.ir);
    }
    e.op(Op.unreachable).end().end();
    this.spill();
    if (this.links.dispatch.enabled) this.chain();
    e.get(this.ret);
    return { locals: e.locals, code: e.code };
  }

  /** Pushes nonzero when this use of the hot budget used it up. */
  private countDown(): void {
    const e = this.e;
    const g = this.hot!.global;
    e.op(Op.global_get).code.u32(g);
    e.i32(1).op(Op.i32_sub).op(Op.global_set).code.u32(g);
    e.op(Op.global_get).code.u32(g);
    e.op(Op.i32_eqz);
  }

  /** Tail-call the compiled code of $next when the dispatch cache knows it and fuel remains. */
  private chain(): void {
    const e = this.e;
    const out = e.block();
    e.get(this.next).op(Op.i32_eqz).brIf(out);
    e.get(P_FUEL).i32(1).op(Op.i32_sub).tee(P_FUEL).op(Op.i32_eqz).brIf(out);
    e.get(P_STATE).mem(Op.i32_load, CTL_INTERRUPT).brIf(out);
    const block = e.tmp('i32');
    const table = e.local('i32');
    this.links.dispatch.emitLookup(e, this.next, this.addr, block, table, out);
    e.get(P_STATE).get(block).get(P_FUEL).get(table);
    this.links.callHost(e, 'rt.chain', true);
    e.end();
  }

  /** Leave through a site: a number is engine-wide (the shared indirect-jump site 0). */
  private exitTo(s: Site | number): void {
    const e = this.e;
    if (typeof s === 'number') e.i32(s);
    else {
      e.i32(this.links.site(s)).op(Op.global_get).code.u32(this.links.siteBase);
      e.op(Op.i32_add);
    }
    e.set(this.ret).br(this.exitL);
  }

  /** Leave the region for pc; $next offers it to the chain (it must stay 0 on every other path). */
  private leaveTo(pc: number): void {
    this.e.i32(pc).set(this.next);
    this.exitTo({ kind: 'goto', pc });
  }

  private reload(): void {
    for (const { slot, local } of this.slotLocal.values()) this.e.get(P_STATE).mem(MEM_FULL[slot.ty][0], slot.offset).set(local);
  }

  private spill(): void {
    for (const { slot, local } of this.dirty) this.e.get(P_STATE).get(local).mem(MEM_FULL[slot.ty][1], slot.offset);
  }

  private emitBlock(i: number, ir: IRBlock): void {
    this.ir = ir;
    this.bi = i;
    this.storeSeen = false;
    this.uncheckedStore = false;
    this.insnPc = ir.pc;
    this.temp = assignTempLocals(ir, this.pool, (ty) => this.e.local(ty));
    const labelIds = ir.ops.flatMap((op) => (op.op === 'label' ? [op.id] : []));
    const labelBlock = new Map<number, Label>();
    for (let j = labelIds.length - 1; j >= 0; j--) labelBlock.set(labelIds[j]!, this.e.block());
    this.openLabels = labelIds.length;
    const ops = ir.ops;
    for (let k = 0; k < ops.length; k++) this.emitOp(ops[k]!, k === ops.length - 1, labelBlock);
    const last = ops[ops.length - 1];
    if (!last || (last.op !== 'goto' && last.op !== 'goto_dyn' && last.op !== 'exit')) this.emitGoto(ir.end, true);
  }

  private ty(t: Temp): Ty { return this.ir.temps[t]!; }
  private get(t: Temp): void { this.e.get(this.temp[t]!); }
  private set(t: Temp): void { this.e.set(this.temp[t]!); }

  private emitGoto(pc: number, last: boolean): void {
    const k = this.index.get(pc);
    if (k === undefined) {
      this.codeWriteCheck(pc);
      this.leaveTo(pc);
      return;
    }
    this.codeWriteCheck(pc);
    if (k === this.bi + 1 && last && this.openLabels === 0) return; // laid out next: fall through
    this.jumpInRegion(k, pc);
  }

  /** Continue at member k (guest pc) of this region. */
  private jumpInRegion(k: number, pc: number): void {
    const e = this.e;
    if (k <= this.bi) {
      // A back-edge: every cycle through the region passes one, so interrupts are seen.
      e.get(P_STATE).mem(Op.i32_load, CTL_INTERRUPT).if();
      this.exitTo({ kind: 'interrupt', pc });
      e.end();
      e.get(P_FUEL).i32(1).op(Op.i32_sub).tee(P_FUEL).op(Op.i32_eqz).if();
      this.exitTo({ kind: 'goto', pc });
      e.end();
      if (this.hot !== null) {
        this.countDown();
        e.if();
        this.exitTo({ kind: 'hot', pc, region: this.region });
        e.end();
      }
      e.i32(k).set(P_BLOCK).br(this.loopL);
      return;
    }
    // Forward: member k's code follows the end of $b_k, which encloses this code.
    e.br(this.blockL[k]!);
  }

  /** Indirect jump to a target seen while interpreting that is a member: stay in the region. */
  private inlineDynTargets(target: number): void {
    const e = this.e;
    const known = this.region.members[this.bi]!.dynTargets.filter((pc) => this.index.has(pc));
    if (known.length === 0) return;
    const slow = e.block();
    if (this.uncheckedStore) e.get(this.cw).brIf(slow);
    for (const pc of known) {
      e.get(target).i32(pc | 0).op(Op.i32_eq).if();
      this.jumpInRegion(this.index.get(pc)!, pc);
      e.end();
    }
    e.end();
  }

  /** After a store hit a code page, leave before running possibly stale code. */
  private codeWriteCheck(pc: number): void {
    if (!this.uncheckedStore) return;
    this.e.get(this.cw).if();
    this.exitTo({ kind: 'goto', pc });
    this.e.end();
    this.uncheckedStore = false;
  }

  private emitOp(op: IROp, last: boolean, labelBlock: Map<number, Label>): void {
    const e = this.e;
    switch (op.op) {
      case 'insn':
        this.codeWriteCheck(op.pc);
        this.insnPc = op.pc;
        return;
      case 'const': {
        const ty = this.ty(op.dst);
        if (ty === 'i32') e.i32(Number(BigInt.asIntN(32, BigInt(op.value))));
        else if (ty === 'i64') e.i64(BigInt(op.value));
        else if (ty === 'f32') e.f32(Number(op.value));
        else e.f64(Number(op.value));
        this.set(op.dst);
        return;
      }
      case 'get': {
        const ty = this.ty(op.dst);
        const cached = this.slotLocal.get(op.offset);
        if (cached && cached.slot.ty === ty && (op.size ?? TY_BYTES[ty]) === TY_BYTES[ty]) {
          e.get(cached.local);
        } else {
          const size = op.size ?? TY_BYTES[ty];
          const opcode = ty === 'f32' || ty === 'f64' ? MEM_FULL[ty][0] : LOAD_NARROW[ty][size]![0];
          e.get(P_STATE).mem(opcode, op.offset);
        }
        this.set(op.dst);
        return;
      }
      case 'set': {
        const ty = this.ty(op.src);
        const cached = this.slotLocal.get(op.offset);
        if (cached && cached.slot.ty === ty && (op.size ?? TY_BYTES[ty]) === TY_BYTES[ty]) {
          this.get(op.src);
          e.set(cached.local);
        } else {
          const size = op.size ?? TY_BYTES[ty];
          const opcode = ty === 'f32' || ty === 'f64' ? MEM_FULL[ty][1] : STORE_NARROW[ty][size]!;
          e.get(P_STATE);
          this.get(op.src);
          e.mem(opcode, op.offset);
        }
        return;
      }
      case 'bin': this.emitBin(op.kind, op.dst, op.a, op.b); return;
      case 'cmp': {
        const code = CMP_OPS[this.ty(op.a)][op.kind];
        if (code === undefined) throw new Error(`IR: cmp ${op.kind} on ${this.ty(op.a)}`);
        this.get(op.a); this.get(op.b); e.op(code); this.set(op.dst);
        return;
      }
      case 'un': this.emitUn(op.kind, op.dst, op.a); return;
      case 'conv': {
        const code = CONV_OPS[op.kind]![this.ty(op.a)];
        if (code === undefined) throw new Error(`IR: conv ${op.kind} from ${this.ty(op.a)}`);
        this.get(op.a);
        if (code > 0xff) e.prefixed(code); else e.op(code);
        this.set(op.dst);
        return;
      }
      case 'select':
        this.get(op.a); this.get(op.b); this.get(op.cond); e.op(Op.select); this.set(op.dst);
        return;
      case 'load': this.emitLoad(op.dst, op.addr, op.size, op.signed, op.endian === 'be'); return;
      case 'store': this.emitStore(op.addr, op.src, op.size, op.endian === 'be'); return;
      case 'atomic_cmpxchg': this.emitAtomic('cmpxchg', op.dst, op.addr, op.expected, op.replacement, op.size, op.endian === 'be'); return;
      case 'atomic_rmw': this.emitAtomic(op.kind, op.dst, op.addr, op.value, op.value, op.size, op.endian === 'be'); return;
      case 'call': this.emitCall(op.helper, op.args, op.dst); return;
      case 'label': e.end(); this.openLabels--; this.uncheckedStore ||= this.storeSeen; return;
      case 'brif': {
        const target = labelBlock.get(op.label);
        if (target === undefined) throw new Error(`IR: brif to missing label ${op.label}`);
        this.get(op.cond);
        e.brIf(target);
        return;
      }
      case 'goto': this.emitGoto(op.pc, last); return;
      case 'goto_dyn': {
        if (this.ty(op.target) === 'i64') {
          this.get(op.target); e.i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64).if();
          e.get(P_STATE); this.get(op.target); e.mem(Op.i64_store, CTL_FAULT_ADDR);
          this.exitTo({ kind: 'badpc' });
          e.end();
        }
        this.get(op.target);
        if (this.ty(op.target) === 'i64') e.op(Op.i32_wrap_i64);
        e.set(this.addr);
        this.inlineDynTargets(this.addr);
        e.get(P_STATE).get(this.addr).tee(this.next).mem(Op.i32_store, this.layout.pcOffset);
        this.exitTo(0);
        return;
      }
      case 'exit':
        this.exitTo({ kind: 'exit', pc: op.pc, event: exitEvent(op.reason, op.pc, op.info) });
        return;
    }
  }

  private emitBin(kind: string, dst: Temp, a: Temp, b: Temp): void {
    const e = this.e;
    const ty = this.ty(a);
    const simple = BIN_OPS[ty][kind];
    if (simple !== undefined) { this.get(a); this.get(b); e.op(simple); this.set(dst); return; }
    if (ty !== 'i32' && ty !== 'i64') throw new Error(`IR: bin ${kind} on ${ty}`);
    const w = ty === 'i64';
    const zero = (): void => { if (w) e.i64(0n); else e.i32(0); };
    const eqz = w ? Op.i64_eqz : Op.i32_eqz;
    switch (kind) {
      case 'div_s':
        // x/0 = 0; x/-1 = -x (wraps MIN/-1 to MIN without the host trap).
        this.get(b); e.op(eqz).if(ty); zero();
        e.else(); this.get(b); if (w) e.i64(-1n); else e.i32(-1); e.op(w ? Op.i64_eq : Op.i32_eq).if(ty);
        zero(); this.get(a); e.op(w ? Op.i64_sub : Op.i32_sub);
        e.else(); this.get(a); this.get(b); e.op(w ? Op.i64_div_s : Op.i32_div_s);
        e.end().end();
        break;
      case 'div_u':
        this.get(b); e.op(eqz).if(ty); zero();
        e.else(); this.get(a); this.get(b); e.op(w ? Op.i64_div_u : Op.i32_div_u); e.end();
        break;
      case 'rem_s': case 'rem_u': // x%0 = x; wasm's rem_s already gives MIN%-1 = 0
        this.get(b); e.op(eqz).if(ty); this.get(a);
        e.else(); this.get(a); this.get(b);
        e.op(kind === 'rem_s' ? (w ? Op.i64_rem_s : Op.i32_rem_s) : (w ? Op.i64_rem_u : Op.i32_rem_u)); e.end();
        break;
      case 'mulh_s': case 'mulh_u':
        if (w) {
          this.get(a); this.get(b); e.call(kind === 'mulh_s' ? this.links.mulhS64() : this.links.mulhU64());
        } else {
          const ext = kind === 'mulh_s' ? Op.i64_extend_i32_s : Op.i64_extend_i32_u;
          this.get(a); e.op(ext); this.get(b); e.op(ext); e.op(Op.i64_mul).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64);
        }
        break;
      default: throw new Error(`IR: bin ${kind} on ${ty}`);
    }
    this.set(dst);
  }

  private emitUn(kind: string, dst: Temp, a: Temp): void {
    const e = this.e;
    const ty = this.ty(a);
    const simple = UN_OPS[ty][kind];
    if (simple !== undefined) { this.get(a); e.op(simple); this.set(dst); return; }
    const w = ty === 'i64';
    if (kind === 'neg' && (ty === 'i32' || w)) { if (w) e.i64(0n); else e.i32(0); this.get(a); e.op(w ? Op.i64_sub : Op.i32_sub); }
    else if (kind === 'not' && (ty === 'i32' || w)) { this.get(a); if (w) e.i64(-1n); else e.i32(-1); e.op(w ? Op.i64_xor : Op.i32_xor); }
    else if (kind === 'bswap' && ty === 'i32') { this.get(a); e.bswap32(); }
    else if (kind === 'bswap' && w) { this.get(a); e.bswap64(); }
    else throw new Error(`IR: un ${kind} on ${ty}`);
    this.set(dst);
  }

  /** Leaves the access address (low 32 bits) in this.addr. */
  private emitAddr(addr: Temp): void {
    this.get(addr);
    if (this.ty(addr) === 'i64') this.e.op(Op.i32_wrap_i64);
    this.e.set(this.addr);
  }

  /** Pushes the flag byte of the page holding addr + delta. */
  private pageFlags(delta: number): void {
    const e = this.e.get(this.addr);
    if (delta !== 0) e.i32(delta).op(Op.i32_add);
    e.i32(12).op(Op.i32_shr_u).mem(Op.i32_load8_u, FLAGS_BASE);
  }

  /** Pushes nonzero when a 64-bit address has bits above 2^32. */
  private highBits(addr: Temp): void {
    this.get(addr);
    this.e.i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64);
  }

  private faultExit(addr: Temp, access: 'read' | 'write', size: number): void {
    const e = this.e;
    e.get(P_STATE);
    if (this.ty(addr) === 'i64') this.get(addr); else e.get(this.addr).op(Op.i64_extend_i32_u);
    e.mem(Op.i64_store, CTL_FAULT_ADDR);
    this.exitTo({ kind: 'fault', pc: this.insnPc, access, size });
  }

  private emitLoad(dst: Temp, addr: Temp, size: AccessSize, signed: boolean, be: boolean): void {
    const e = this.e;
    const ty = this.ty(dst);
    if (ty !== 'i32' && ty !== 'i64') throw new Error(`IR: load into ${ty}`);
    this.emitAddr(addr);
    this.pageFlags(0);
    if (size > 1) { this.pageFlags(size - 1); e.op(Op.i32_and); }
    e.i32(PF_READ).op(Op.i32_and).op(Op.i32_eqz);
    if (this.ty(addr) === 'i64') { this.highBits(addr); e.op(Op.i32_or); }
    e.if(); this.faultExit(addr, 'read', size); e.end();
    e.get(this.addr);
    const s = signed ? 1 : 0;
    if (!be || size === 1) {
      e.mem(LOAD_NARROW[ty][size]![s], 0);
    } else if (size === 8) {
      e.mem(Op.i64_load, 0).bswap64();
    } else {
      if (size === 2) { e.mem(Op.i32_load16_u, 0).bswap16(); if (signed) e.op(Op.i32_extend16_s); }
      else e.mem(Op.i32_load, 0).bswap32();
      if (ty === 'i64') e.op(signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u);
    }
    this.set(dst);
  }

  /** Pushes the store value as an integer of its own width (floats reinterpreted). */
  private pushInt(src: Temp): 'i32' | 'i64' {
    const ty = this.ty(src);
    this.get(src);
    if (ty === 'f32') { this.e.op(Op.i32_reinterpret_f32); return 'i32'; }
    if (ty === 'f64') { this.e.op(Op.i64_reinterpret_f64); return 'i64'; }
    return ty;
  }

  private emitStore(addr: Temp, src: Temp, size: AccessSize, be: boolean): void {
    const e = this.e;
    this.emitAddr(addr);
    if (this.ty(addr) === 'i64') { this.highBits(addr); e.if(); this.faultExit(addr, 'write', size); e.end(); }
    // Fast path only when every touched page is writable and holds no translated code.
    const mask = PF_WRITE | PF_CODE;
    this.pageFlags(0); e.i32(mask).op(Op.i32_and).i32(PF_WRITE).op(Op.i32_xor);
    if (size > 1) { this.pageFlags(size - 1); e.i32(mask).op(Op.i32_and).i32(PF_WRITE).op(Op.i32_xor).op(Op.i32_or); }
    e.if();
    {
      e.get(this.addr);
      const ity = this.pushInt(src);
      if (ity === 'i64') {
        const t = e.tmp('i64');
        e.tee(t).op(Op.i32_wrap_i64).get(t).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64);
      } else {
        e.i32(0);
      }
      e.i32(size).i32(be ? 1 : 0);
      this.links.callHost(e, 'rt.storeSlow');
      e.if(); this.faultExit(addr, 'write', size); e.end();
      e.i32(1).set(this.cw);
    }
    e.else();
    {
      e.get(this.addr);
      const ity = this.pushInt(src);
      if (!be || size === 1) {
        e.mem(STORE_NARROW[ity][size]!, 0);
      } else if (size === 8) {
        e.bswap64().mem(Op.i64_store, 0);
      } else {
        if (ity === 'i64') e.op(Op.i32_wrap_i64);
        if (size === 2) e.bswap16().mem(Op.i32_store16, 0);
        else e.bswap32().mem(Op.i32_store, 0);
      }
    }
    e.end();
    this.storeSeen = true;
    this.uncheckedStore = true;
  }

  /**
   * A wasm atomic instruction when one exists for the kind (byte-order independent ones or
   * little-endian add, on big-endian guests only at full width) and the address is aligned, in
   * the 4 GiB space, readable, writable and free of translated code; else core/atomics.ts.
   */
  private emitAtomic(kind: RmwKind | 'cmpxchg', dst: Temp, addr: Temp, a: Temp, b: Temp, size: AccessSize, be: boolean): void {
    const e = this.e;
    const ty = this.ty(dst);
    if (ty !== 'i32' && ty !== 'i64') throw new Error(`IR: atomic into ${ty}`);
    const swap = be && size > 1;
    const base = ATOMIC_BASE[kind];
    const variant = ATOMIC_VARIANT[ty][size];
    if (variant === undefined) throw new Error(`IR: ${size}-byte atomic into ${ty}`);
    const native = base !== undefined && (!swap || (kind !== 'add' && size === TY_BYTES[ty]));
    this.emitAddr(addr);
    if (native) {
      const rw = PF_READ | PF_WRITE;
      e.get(this.addr).i32(size - 1).op(Op.i32_and);
      this.pageFlags(0); e.i32(rw | PF_CODE).op(Op.i32_and).i32(rw).op(Op.i32_xor).op(Op.i32_or);
      if (this.ty(addr) === 'i64') { this.highBits(addr); e.op(Op.i32_or); }
      e.if();
    }
    // Slow path: the shared JS implementation, with faults reported like a 'fault' helper's.
    e.get(P_STATE);
    this.get(addr);
    if (this.ty(addr) === 'i32') e.op(Op.i64_extend_i32_u);
    e.i32(ATOMIC_KINDS.indexOf(kind)).i32(size).i32(be ? 1 : 0);
    for (const t of kind === 'cmpxchg' ? [a, b] : [a, a]) { this.get(t); if (this.ty(t) === 'i32') e.op(Op.i64_extend_i32_u); }
    this.links.callHost(e, 'rt.atomicSlow');
    if (ty === 'i32') e.op(Op.i32_wrap_i64);
    this.set(dst);
    e.get(P_STATE).mem(Op.i32_load, CTL_HELPER_FAULT).if();
    this.exitTo({ kind: 'helperFault', pc: this.insnPc });
    e.end();
    // Done (no fault): the address is in the 4 GiB space; a write into translated code ends the block.
    e.get(this.cw); this.pageFlags(0); e.i32(PF_CODE).op(Op.i32_and).op(Op.i32_or).set(this.cw);
    if (native) {
      e.else();
      e.get(this.addr);
      for (const t of kind === 'cmpxchg' ? [a, b] : [a]) {
        this.get(t);
        if (this.ty(t) !== ty) e.op(ty === 'i64' ? Op.i64_extend_i32_u : Op.i32_wrap_i64);
        if (swap) { if (ty === 'i64') e.bswap64(); else e.bswap32(); }
      }
      e.atomicMem(base + variant, Math.log2(size), 0);
      if (swap) { if (ty === 'i64') e.bswap64(); else e.bswap32(); }
      this.set(dst);
      e.end();
    }
    this.storeSeen = true;
    this.uncheckedStore = true;
  }

  private emitCall(name: string, args: Temp[], dst: Temp | undefined): void {
    const e = this.e;
    const def = getHelper(name);
    const stateful = def.effects === 'state';
    if (stateful) {
      this.spill();
      // The pc of the calling insn, so a GuestFault thrown by the helper is reported precisely.
      e.get(P_STATE).i32(this.insnPc).mem(Op.i32_store, this.layout.pcOffset);
    }
    e.get(P_STATE);
    for (const a of args) this.get(a);
    this.links.callHost(e, name);
    if (dst !== undefined) this.set(dst);
    else if (def.result !== undefined) e.op(Op.drop);
    if (stateful) this.reload();
    if (def.effects === 'fault') {
      e.get(P_STATE).mem(Op.i32_load, CTL_HELPER_FAULT).if();
      this.exitTo({ kind: 'helperFault', pc: this.insnPc });
      e.end();
    }
  }
}

/** The function body of a region; `hot` for a baseline region. */
export function compileRegion(region: Region, layout: StateLayout, links: ModuleLinks, hot: HotCounter | null = null): FuncBody {
  return new RegionCompiler(region, layout, links, hot).compile();
}
