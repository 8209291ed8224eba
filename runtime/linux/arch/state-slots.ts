// Byte offsets of named state slots, for code that copies raw register images (signal frames).
import type { StateLayout } from '../../arch/types.js';

export function slotOffset(layout: StateLayout, name: string): number {
  const slot = layout.slots.find((s) => s.name === name);
  if (!slot) throw new Error(`frontend state has no slot ${name}`);
  return slot.offset;
}
