// Instruction encodings written as bit-pattern strings, parsed once at module load.
//
// A pattern lists the instruction word from its most significant bit down, in tokens separated
// by spaces (spaces are only separators; tokens can be split anywhere):
//   0 1       fixed bits: the word must have them
//   -         a don't-care bit: any value, not part of a field
//   rd:5      a field of 5 bits (unsigned); a field name appears once
//   imm:s19   a field of 19 bits, sign-extended
//   imm=immhi:immlo     a field concatenated from other fields, most significant part first
//   imm:s=immhi:immlo   the same, sign-extended
// Example (ADR/ADRP): 'op:1 immlo:2 10000 immhi:19 rd:5 imm:s=immhi:immlo'.

/** Field values of one instruction word, by name. */
export type Fields = Readonly<Record<string, number>>;

interface Part { lo: number; width: number; mask: number }
interface FieldDef { name: string; parts: Part[]; width: number; signed: boolean }

export interface BitPattern {
  readonly spec: string;
  /** Bits the pattern fixes, and their values. */
  readonly mask: number;
  readonly value: number;
  /** Number of fixed bits: of two patterns matching a word, the one with more is the more specific. */
  readonly fixedBits: number;
  readonly fieldNames: readonly string[];
  fields(word: number): Fields;
}

const FIELD = /^([A-Za-z_][A-Za-z0-9_]*):(s?)(\d+)$/;
const DERIVED = /^([A-Za-z_][A-Za-z0-9_]*)(:s)?=([A-Za-z0-9_:]+)$/;

/** A JavaScript expression for the field's value in the word `w` (fields are at most 31 bits wide). */
function valueOf(f: FieldDef): string {
  let v = f.parts.map((p) => `((w >>> ${p.lo}) & ${p.mask})`).reduce((hi, part, k) => `((${hi} << ${f.parts[k]!.width}) | ${part})`);
  if (f.signed) v = `((${v} << ${32 - f.width}) >> ${32 - f.width})`;
  return v;
}

/**
 * The function from a word to its fields, compiled once per pattern (from identifiers the parser
 * checked and numbers): an object literal, so every word of a pattern gets objects of one shape
 * that the semantics read with monomorphic loads. Building the object field by field from a table
 * made translating a MIPS block twice as slow.
 */
function compileFields(list: readonly FieldDef[]): (word: number) => Fields {
  return new Function('w', `return { ${list.map((f) => `${f.name}: ${valueOf(f)}`).join(', ')} };`) as (word: number) => Fields;
}

/** compileFields at the first word: a process decodes words of a small part of a large table. */
function fieldsOnFirstUse(list: readonly FieldDef[]): (word: number) => Fields {
  let compiled: ((word: number) => Fields) | null = null;
  return (word) => (compiled ??= compileFields(list))(word);
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/** Parses a pattern of `width` bits (32 unless the ISA has shorter words); throws on a malformed spec. */
export function parseBitPattern(spec: string, width = 32): BitPattern {
  const fail = (why: string): never => { throw new Error(`bad bit pattern '${spec}': ${why}`); };
  let mask = 0, value = 0, pos = width;
  const defs = new Map<string, FieldDef>();
  const addField = (f: FieldDef): void => {
    if (defs.has(f.name)) fail(`field ${f.name} defined twice`);
    if (f.width > 31) fail(`field ${f.name} is wider than 31 bits`);
    defs.set(f.name, f);
  };
  for (const tok of spec.trim().split(/\s+/)) {
    let m: RegExpMatchArray | null;
    if (/^[01-]+$/.test(tok)) {
      for (const c of tok) {
        if (--pos < 0) fail(`more than ${width} bits`);
        if (c !== '-') { mask |= 1 << pos; if (c === '1') value |= 1 << pos; }
      }
    } else if ((m = FIELD.exec(tok))) {
      const w = Number(m[3]);
      if (w === 0) fail(`field ${m[1]} has no bits`);
      pos -= w;
      if (pos < 0) fail(`more than ${width} bits`);
      addField({ name: m[1]!, parts: [{ lo: pos, width: w, mask: 2 ** w - 1 }], width: w, signed: m[2] === 's' });
    } else if ((m = DERIVED.exec(tok))) {
      const parts: Part[] = [];
      for (const name of m[3]!.split(':')) parts.push(...(defs.get(name) ?? fail(`${m[1]} uses ${name} before it is defined`)).parts);
      addField({ name: m[1]!, parts, width: parts.reduce((s, p) => s + p.width, 0), signed: m[2] === ':s' });
    } else {
      fail(`cannot read token '${tok}'`);
    }
  }
  if (pos !== 0) fail(`${width - pos} bits, not ${width}`);
  const list = [...defs.values()];
  return {
    spec,
    mask: mask >>> 0,
    value: value >>> 0,
    fixedBits: popcount(mask),
    fieldNames: list.map((f) => f.name),
    fields: fieldsOnFirstUse(list),
  };
}
