// One guest thread: a state struct in a reserved-area slot, accessed by slot name.
import type { StateLayout, StateSlot } from '../arch/types.js';
import type { CpuThreadApi } from './api.js';
import type { GuestMemory } from './memory.js';
import { CTL_INTERRUPT } from './layout.js';

export class CpuThread implements CpuThreadApi {
  readonly state: DataView;
  /** Control words of the slot (interrupt flag, fault address), as Int32 view at slot offset 0. */
  private readonly ctl: Int32Array;

  constructor(
    mem: GuestMemory,
    readonly stateAddr: number,
    private readonly layout: StateLayout,
    private readonly slots: ReadonlyMap<string, StateSlot>,
  ) {
    this.state = new DataView(mem.memory.buffer, stateAddr, layout.size);
    this.ctl = new Int32Array(mem.memory.buffer, stateAddr + CTL_INTERRUPT, 4);
  }

  get pc(): number { return this.state.getUint32(this.layout.pcOffset, true); }
  set pc(v: number) { this.state.setUint32(this.layout.pcOffset, v >>> 0, true); }

  private slot(name: string): StateSlot {
    const s = this.slots.get(name);
    if (!s) throw new Error(`no state slot '${name}'`);
    return s;
  }

  get(name: string): number | bigint {
    const s = this.slot(name);
    switch (s.ty) {
      case 'i32': return this.state.getUint32(s.offset, true);
      case 'i64': return this.state.getBigUint64(s.offset, true);
      case 'f32': return this.state.getFloat32(s.offset, true);
      case 'f64': return this.state.getFloat64(s.offset, true);
    }
  }

  set(name: string, v: number | bigint): void {
    const s = this.slot(name);
    switch (s.ty) {
      case 'i32': this.state.setUint32(s.offset, Number(BigInt.asUintN(32, BigInt(v))), true); break;
      case 'i64': this.state.setBigUint64(s.offset, BigInt.asUintN(64, BigInt(v)), true); break;
      case 'f32': this.state.setFloat32(s.offset, Number(v), true); break;
      case 'f64': this.state.setFloat64(s.offset, Number(v), true); break;
    }
  }

  getNum(name: string): number {
    const s = this.slot(name);
    if (s.ty !== 'i64') return Number(this.get(name));
    return this.state.getUint32(s.offset, true) + this.state.getUint32(s.offset + 4, true) * 2 ** 32;
  }

  setNum(name: string, v: number): void {
    const s = this.slot(name);
    if (s.ty !== 'i64') { this.set(name, s.ty === 'i32' ? v >>> 0 : v); return; }
    // Negative numbers are stored two's-complement, like the guest would see them.
    const lo = v >>> 0;
    const hi = Math.floor((v - lo) / 2 ** 32) >>> 0;
    this.state.setUint32(s.offset, lo, true);
    this.state.setUint32(s.offset + 4, hi, true);
  }

  /** Ask the thread to stop at the next block boundary or loop back-edge (safe from any agent). */
  interrupt(): void { Atomics.store(this.ctl, 0, 1); }
  /** Clear and return the interrupt request. */
  takeInterrupt(): boolean { return this.ctl[0] !== 0 && Atomics.exchange(this.ctl, 0, 0) !== 0; }
  /** The i64 fault address compiled code stored in the control page. */
  faultAddr(): number { return (this.ctl[2]! >>> 0) + (this.ctl[3]! >>> 0) * 2 ** 32; }
}
