// The fuzzer's ELF-aware mutations. Each changes one thing a loader reads — a file-header field,
// a program-header field (aimed at the segment types the kernel, ld.so or qemu-ts act on), the
// PT_INTERP string, a PT_DYNAMIC entry, a note header, the file's length — or flips random bytes,
// and says what it did in one line (the case report). A case applies one to three of them.
import { Rng } from '../difftest/rng.js';
import { ElfImage, type Field } from './elf-image.js';

const PT = { LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, TLS: 7, GNU_EH_FRAME: 0x6474e550, GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553 } as const;
const PAGE = 0x1000n;

/** Values that break loaders: edges of the field's width, off-by-ones, the file's size, a flipped bit. */
function interestingValue(rng: Rng, f: Field, original: bigint, fileLength: number): bigint {
  const bits = BigInt(f.size * 8);
  const max = (1n << bits) - 1n;
  const len = BigInt(fileLength);
  const choices: (() => bigint)[] = [
    () => 0n, () => 1n, () => original + 1n, () => original - 1n, () => original + PAGE, () => original - PAGE,
    () => original ^ (1n << BigInt(rng.below(f.size * 8))), () => max, () => max >> 1n, () => 1n << (bits - 1n),
    () => len, () => len - 1n, () => len + 1n, () => 0x10000n, () => original * 2n + 3n,
    () => (f.size === 8 ? 1n << BigInt(rng.range(32, 62)) : BigInt(rng.u32())),
    () => BigInt.asUintN(Number(bits), rng.u64()),
  ];
  return rng.pick(choices)();
}

function mutateField(img: ElfImage, rng: Rng, f: Field): string {
  return img.write(f, interestingValue(rng, f, img.read(f), img.length));
}

/** A program header, more often one of the types a loader acts on than the others. */
function pickPhdr(img: ElfImage, rng: Rng, types?: readonly number[]): number | null {
  const candidates = img.phdrs.map((p, i) => ({ p, i })).filter(({ p }) => !types || types.includes(p.type));
  return candidates.length ? rng.pick(candidates).i : null;
}

type Mutator = (img: ElfImage, rng: Rng) => string | null;

const headerField: Mutator = (img, rng) => mutateField(img, rng, rng.pick(img.headerFields()));

const phdrField: Mutator = (img, rng) => {
  const i = pickPhdr(img, rng, rng.bool(0.6) ? [PT.LOAD] : undefined);
  return i === null ? null : mutateField(img, rng, rng.pick(img.phdrFields(i)));
};

/** A field of a PT_INTERP, PT_DYNAMIC, PT_NOTE, PT_GNU_PROPERTY, PT_TLS, PT_PHDR, PT_GNU_STACK or PT_GNU_RELRO header. */
const specialPhdr: Mutator = (img, rng) => {
  const i = pickPhdr(img, rng, [PT.INTERP, PT.DYNAMIC, PT.NOTE, PT.GNU_PROPERTY, PT.TLS, PT.PHDR, PT.GNU_STACK, PT.GNU_RELRO]);
  return i === null ? null : mutateField(img, rng, rng.pick(img.phdrFields(i)));
};

/** Turns one program header into another type (a second PT_INTERP, a PT_LOAD over the headers...). */
const phdrType: Mutator = (img, rng) => {
  const i = pickPhdr(img, rng);
  if (i === null) return null;
  const type = img.phdrFields(i).find((f) => f.name.endsWith('p_type'))!;
  return img.write(type, BigInt(rng.pick([...Object.values(PT), 0, 5, 0x70000000, rng.u32()])));
};

const interpString: Mutator = (img, rng) => {
  const p = img.phdrs.find((x) => x.type === PT.INTERP);
  if (!p || p.offset + p.filesz > img.length || p.filesz === 0) return null;
  const area = img.bytes.subarray(p.offset, p.offset + p.filesz);
  const text = rng.pick(['', '/', '/nonexistent/ld.so', '/etc', '/proc/self/exe', 'relative/ld.so', '/lib/../lib']);
  if (rng.bool(0.3)) {
    area.fill(0x41);
    return 'PT_INTERP string without its NUL';
  }
  const bytes = Buffer.from(text + '\0', 'latin1');
  area.fill(0);
  area.set(bytes.subarray(0, area.length));
  return `PT_INTERP string -> '${text}'`;
};

const DT_TAGS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 0x6ffffef5, 0x6ffffffb, 0x6ffffff0, 0x6ffffffe, 0x6fffffff, 0x70000016];

const dynamicEntry: Mutator = (img, rng) => {
  const entries = img.dynamicEntries();
  if (entries.length === 0) return null;
  const e = rng.pick(entries);
  const what = rng.below(3);
  if (what === 0) return img.write(e.tag, BigInt(rng.bool(0.8) ? rng.pick(DT_TAGS) : rng.u32()));
  if (what === 1) return mutateField(img, rng, e.value);
  return `${img.write(e.tag, 0n)} (the table ends early)`;
};

/** The first note header of a PT_NOTE or PT_GNU_PROPERTY segment: namesz, descsz, type, or a GNU property's type/size. */
const noteHeader: Mutator = (img, rng) => {
  const notes = img.phdrs.filter((p) => (p.type === PT.NOTE || p.type === PT.GNU_PROPERTY) && p.filesz >= 16 && p.offset + p.filesz <= img.length);
  if (notes.length === 0) return null;
  const p = rng.pick(notes);
  const names = ['n_namesz', 'n_descsz', 'n_type', 'pr_type', 'pr_datasz'];
  const k = rng.below(p.filesz >= 24 ? names.length : 3);
  // A GNU property note's name is "GNU\0": its first property starts at byte 16.
  const f: Field = { name: `note@0x${p.offset.toString(16)}.${names[k]}`, offset: p.offset + (k < 3 ? 4 * k : 16 + 4 * (k - 3)), size: 4 };
  return mutateField(img, rng, f);
};

/** Cuts the file inside a header, the program-header table, a segment, or anywhere. */
const truncate: Mutator = (img, rng) => {
  const points = [0, 1, 4, 16, 20, img.is64 ? 63 : 51, img.length - 1, rng.below(img.length)];
  const phEnd = Math.max(...img.phdrs.map((p) => p.at)) + (img.is64 ? 56 : 32);
  points.push(img.phdrs[0]?.at ?? 0, rng.range(img.phdrs[0]?.at ?? 0, phEnd), phEnd);
  for (const p of img.phdrs.filter((x) => x.filesz > 0 && x.offset < img.length)) points.push(p.offset, p.offset + rng.below(p.filesz), p.offset + p.filesz - 1);
  const at = Math.min(rng.pick(points), img.length);
  const old = img.length;
  img.length = at;
  return `truncated ${old} -> ${at} bytes`;
};

const byteFlips: Mutator = (img, rng) => {
  const n = rng.range(1, 8);
  const limit = rng.bool(0.6) ? Math.min(img.length, 4096) : img.length;
  const where: string[] = [];
  for (let k = 0; k < n && limit > 0; k++) {
    const at = rng.below(limit);
    img.bytes[at] = rng.bool(0.5) ? img.bytes[at]! ^ (1 << rng.below(8)) : rng.below(256);
    where.push(`0x${at.toString(16)}`);
  }
  return `bytes changed at ${where.join(' ')}`;
};

/** Weighted: the structured mutations most, blind flips and truncation less. */
const MUTATORS: readonly [Mutator, number][] = [
  [headerField, 4], [phdrField, 5], [specialPhdr, 4], [phdrType, 1], [interpString, 1], [dynamicEntry, 3], [noteHeader, 2], [truncate, 2], [byteFlips, 2],
];

function pickMutator(rng: Rng): Mutator {
  let r = rng.below(MUTATORS.reduce((s, [, w]) => s + w, 0));
  for (const [m, w] of MUTATORS) {
    if (r < w) return m;
    r -= w;
  }
  return byteFlips;
}

/** One to three mutations of a valid ELF file: the mutated bytes and what was done. */
export function mutateElf(original: Uint8Array, rng: Rng): { bytes: Uint8Array; changes: string[] } {
  const img = new ElfImage(original);
  const changes: string[] = [];
  const wanted = rng.pick([1, 1, 1, 2, 2, 3]);
  for (let tries = 0; changes.length < wanted && tries < 20; tries++) {
    const change = pickMutator(rng)(img, rng);
    if (change !== null) changes.push(change);
  }
  return { bytes: img.contents(), changes };
}
