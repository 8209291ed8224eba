// Writes a guest struct described by a per-arch layout table (runtime/linux/arch/*), in the
// guest's byte order.
import type { GuestMemoryApi } from '../../core/api.js';
import type { StructLayout } from '../arch/types.js';

export function writeStruct<F extends string>(mem: GuestMemoryApi, addr: number, layout: StructLayout<F>, values: Readonly<Record<F, number | bigint>>): void {
  mem.check(addr, layout.size, 'write');
  mem.zero(addr, layout.size);
  for (const name of Object.keys(layout.fields) as F[]) {
    const [off, size] = layout.fields[name];
    const v = BigInt.asUintN(size * 8, BigInt(values[name]));
    if (size === 8) mem.write64(addr + off, v);
    else if (size === 4) mem.write32(addr + off, Number(v));
    else if (size === 2) mem.write16(addr + off, Number(v));
    else mem.write8(addr + off, Number(v));
  }
}

export function readStruct<F extends string>(mem: GuestMemoryApi, addr: number, layout: StructLayout<F>): Record<F, bigint> {
  const out = {} as Record<F, bigint>;
  for (const name of Object.keys(layout.fields) as F[]) {
    const [off, size] = layout.fields[name];
    out[name] = size === 8 ? mem.read64(addr + off) : BigInt(size === 4 ? mem.read32(addr + off) : size === 2 ? mem.read16(addr + off) : mem.read8(addr + off));
  }
  return out;
}
