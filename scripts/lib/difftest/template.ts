// Instruction words from encoding diagrams: a 32-character string, most significant bit first,
// of '0'/'1' for fixed bits and letters for fields (each letter's bits are contiguous). Fields
// not given a value get random bits, so one template covers a whole encoding group.
import type { Rng } from './rng.js';

interface Field { shift: number; width: number }
interface Parsed { fixed: number; fields: Map<string, Field> }

const cache = new Map<string, Parsed>();

function parse(template: string): Parsed {
  const t = template.replace(/[\s_]/g, '');
  if (t.length !== 32) throw new Error(`template ${template}: ${t.length} bits`);
  let fixed = 0;
  const fields = new Map<string, Field>();
  for (let i = 0; i < 32; i++) {
    const ch = t[i]!, bit = 31 - i;
    if (ch === '1') fixed |= 1 << bit;
    else if (ch !== '0') {
      const f = fields.get(ch);
      if (!f) fields.set(ch, { shift: bit, width: 1 });
      else if (f.shift === bit + 1) { f.shift = bit; f.width++; } else throw new Error(`template ${template}: field ${ch} not contiguous`);
    }
  }
  return { fixed: fixed >>> 0, fields };
}

function parsed(template: string): Parsed {
  let p = cache.get(template);
  if (!p) cache.set(template, (p = parse(template)));
  return p;
}

/** Field values of a template: given ones, the rest random. */
export function fieldValues(rng: Rng, template: string, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, f] of parsed(template).fields) {
    out[name] = given[name] ?? (f.width >= 32 ? rng.u32() : rng.u32() & ((1 << f.width) - 1));
  }
  return out;
}

/** Assemble the word of a template from (all of) its field values. */
export function encode(template: string, values: Readonly<Record<string, number>>): number {
  const p = parsed(template);
  let w = p.fixed;
  for (const [name, f] of p.fields) {
    const v = values[name];
    if (v === undefined) throw new Error(`template ${template}: no value for ${name}`);
    const mask = f.width >= 32 ? 0xffffffff : (1 << f.width) - 1;
    w |= (v & mask) << f.shift;
  }
  return w >>> 0;
}

/** Field width (for generators choosing values in range). */
export function fieldWidth(template: string, name: string): number {
  const f = parsed(template).fields.get(name);
  if (!f) throw new Error(`template ${template}: no field ${name}`);
  return f.width;
}
