// Parser for libnative/functions.idl: C prototypes annotated with bracketed attribute lists
// that say how each argument is used. The format is specified in docs/libnative.md; the
// canonical form printed by formatFunction is what the library's descriptors carry.

export type IntSize = 1 | 2 | 4 | 8 | 'word';

export type ValueType =
  | { kind: 'void' }
  | { kind: 'int'; size: IntSize; signed: boolean }
  | { kind: 'float'; size: 4 | 8 }
  | { kind: 'ptr'; pointee: string; isConst: boolean; depth: number };

export type Access = 'in' | 'out' | 'inout';

/** How many bytes behind a pointer argument the function may touch. */
export type Extent =
  | { kind: 'size'; arg: number }
  | { kind: 'string'; maxArg: number | null }
  | { kind: 'until'; arg: number };

export interface ParamSpec {
  index: number;
  name: string;
  /** Normalised C type, e.g. "const void *". */
  cType: string;
  type: ValueType;
  /** Pointers only; null for an opaque pointer the function never dereferences. */
  access: Access | null;
  extent: Extent | null;
  /** Integers only: the function uses the value converted to unsigned char. */
  byte: boolean;
}

export type ReturnSemantics =
  | { kind: 'value' }
  | { kind: 'sign' }
  | { kind: 'same'; arg: number }
  | { kind: 'into'; arg: number; nullable: boolean };

export interface FunctionSpec {
  /** Position in the IDL file; the id stored in the stub's descriptor. */
  id: number;
  name: string;
  returns: { cType: string; type: ValueType; semantics: ReturnSemantics };
  params: readonly ParamSpec[];
  /** Canonical declaration text (no trailing semicolon), stored in the descriptor. */
  signature: string;
}

export class IdlError extends Error {}

const SCALARS: Record<string, ValueType> = {
  void: { kind: 'void' },
  char: { kind: 'int', size: 1, signed: true },
  'signed char': { kind: 'int', size: 1, signed: true },
  'unsigned char': { kind: 'int', size: 1, signed: false },
  short: { kind: 'int', size: 2, signed: true },
  'unsigned short': { kind: 'int', size: 2, signed: false },
  int: { kind: 'int', size: 4, signed: true },
  unsigned: { kind: 'int', size: 4, signed: false },
  'unsigned int': { kind: 'int', size: 4, signed: false },
  long: { kind: 'int', size: 'word', signed: true },
  'unsigned long': { kind: 'int', size: 'word', signed: false },
  'long long': { kind: 'int', size: 8, signed: true },
  'unsigned long long': { kind: 'int', size: 8, signed: false },
  size_t: { kind: 'int', size: 'word', signed: false },
  ssize_t: { kind: 'int', size: 'word', signed: true },
  int8_t: { kind: 'int', size: 1, signed: true },
  uint8_t: { kind: 'int', size: 1, signed: false },
  int16_t: { kind: 'int', size: 2, signed: true },
  uint16_t: { kind: 'int', size: 2, signed: false },
  int32_t: { kind: 'int', size: 4, signed: true },
  uint32_t: { kind: 'int', size: 4, signed: false },
  int64_t: { kind: 'int', size: 8, signed: true },
  uint64_t: { kind: 'int', size: 8, signed: false },
  float: { kind: 'float', size: 4 },
  double: { kind: 'float', size: 8 },
};

type Attributes = Map<string, string | true>;

interface Declarator {
  attrs: Attributes;
  cType: string;
  type: ValueType;
  name: string;
}

export function parseIdl(text: string, fileName = 'functions.idl'): FunctionSpec[] {
  const functions: FunctionSpec[] = [];
  text.split('\n').forEach((raw, lineIndex) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    try {
      const fn = parseDeclaration(line, functions.length);
      if (functions.some((f) => f.name === fn.name)) throw new IdlError(`duplicate function ${fn.name}`);
      functions.push(fn);
    } catch (e) {
      if (e instanceof IdlError) throw new IdlError(`${fileName}:${lineIndex + 1}: ${e.message}`);
      throw e;
    }
  });
  if (functions.length === 0) throw new IdlError(`${fileName}: no functions declared`);
  return functions;
}

function parseDeclaration(line: string, id: number): FunctionSpec {
  const m = /^(.*?)\((.*)\)\s*;$/.exec(line);
  if (!m) throw new IdlError(`expected "<type> name(<params>);", got: ${line}`);
  const head = parseDeclarator(m[1]!);
  const paramTexts = m[2]!.trim() === 'void' ? [] : splitTopLevel(m[2]!);
  const declarators = paramTexts.map(parseDeclarator);
  declarators.forEach((d, i) => {
    if (declarators.findIndex((o) => o.name === d.name) !== i) throw new IdlError(`duplicate parameter ${d.name}`);
  });
  const params = declarators.map((d, index) => paramSpec(d, index, declarators));
  const fn: FunctionSpec = {
    id,
    name: head.name,
    returns: { cType: head.cType, type: head.type, semantics: returnSemantics(head, params) },
    params,
    signature: '',
  };
  return { ...fn, signature: formatFunction(fn) };
}

/** Splits on commas outside brackets (attribute lists contain commas too). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseDeclarator(text: string): Declarator {
  const m = /^\s*(?:\[([^\]]*)\])?\s*([A-Za-z_][\w\s*]*?)\s*\b([A-Za-z_]\w*)\s*$/.exec(text);
  if (!m) throw new IdlError(`cannot parse declaration "${text.trim()}"`);
  const attrs = parseAttributes(m[1] ?? '');
  const { cType, type } = parseType(m[2]!);
  return { attrs, cType, type, name: m[3]! };
}

function parseAttributes(text: string): Attributes {
  const attrs: Attributes = new Map();
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [key, value] = item.split('=').map((s) => s.trim());
    if (!key || attrs.has(key)) throw new IdlError(`bad or repeated attribute "${item}"`);
    attrs.set(key, value ?? true);
  }
  return attrs;
}

function parseType(text: string): { cType: string; type: ValueType } {
  const depth = (text.match(/\*/g) ?? []).length;
  const beforeStar = text.split('*')[0]!;
  const words = beforeStar.split(/\s+/).filter((w) => w !== '');
  const isConst = words.includes('const');
  const base = words.filter((w) => w !== 'const').join(' ');
  if (text.slice(text.indexOf('*') + 1).replace(/[\s*]/g, '') !== '' && depth > 0) {
    throw new IdlError(`unsupported type "${text.trim()}"`);
  }
  const known = base in SCALARS || /^struct [A-Za-z_]\w*$/.test(base);
  if (!known || (depth === 0 && !(base in SCALARS))) throw new IdlError(`unknown type "${text.trim()}"`);
  const cType = `${isConst ? 'const ' : ''}${base}${depth > 0 ? ' ' + '*'.repeat(depth) : ''}`;
  if (depth > 0) return { cType, type: { kind: 'ptr', pointee: base, isConst, depth } };
  if (isConst) throw new IdlError(`"const" on a non-pointer type "${text.trim()}" says nothing`);
  return { cType, type: SCALARS[base]! };
}

function take(attrs: Attributes, key: string): string | true | undefined {
  const v = attrs.get(key);
  attrs.delete(key);
  return v;
}

function argRef(value: string | true | undefined, all: readonly Declarator[], what: string): number {
  if (typeof value !== 'string') throw new IdlError(`${what} needs a parameter name`);
  const index = all.findIndex((d) => d.name === value);
  if (index < 0) throw new IdlError(`${what}: no parameter named ${value}`);
  if (all[index]!.type.kind !== 'int') throw new IdlError(`${what}: parameter ${value} is not an integer`);
  return index;
}

function rejectLeftovers(attrs: Attributes, where: string): void {
  if (attrs.size > 0) throw new IdlError(`attribute "${[...attrs.keys()][0]}" not allowed on ${where}`);
}

function paramSpec(d: Declarator, index: number, all: readonly Declarator[]): ParamSpec {
  const attrs = new Map(d.attrs);
  const where = `parameter ${d.name}`;
  if (d.type.kind === 'void') throw new IdlError(`${where} has type void`);
  let access: Access | null = null;
  let extent: Extent | null = null;
  let byte = false;
  if (d.type.kind === 'ptr') {
    const modes = (['in', 'out', 'inout'] as const).filter((a) => take(attrs, a) !== undefined);
    if (modes.length > 1) throw new IdlError(`${where}: choose one of in, out, inout`);
    access = modes[0] ?? null;
    const size = take(attrs, 'size');
    const isString = take(attrs, 'string');
    const max = take(attrs, 'max');
    const until = take(attrs, 'until');
    const extents = [size, isString, until].filter((v) => v !== undefined).length;
    if (access !== null && extents !== 1) throw new IdlError(`${where}: give exactly one of size=, string, until=`);
    if (access === null && extents !== 0) throw new IdlError(`${where}: an extent needs in, out or inout`);
    if (max !== undefined && isString === undefined) throw new IdlError(`${where}: max= only goes with string`);
    if (size !== undefined) extent = { kind: 'size', arg: argRef(size, all, `${where} size=`) };
    if (isString !== undefined) {
      if (isString !== true) throw new IdlError(`${where}: string takes no value (use max=)`);
      extent = { kind: 'string', maxArg: max === undefined ? null : argRef(max, all, `${where} max=`) };
    }
    if (until !== undefined) extent = { kind: 'until', arg: argRef(until, all, `${where} until=`) };
  } else if (d.type.kind === 'int') {
    const b = take(attrs, 'byte');
    if (b !== undefined && b !== true) throw new IdlError(`${where}: byte takes no value`);
    byte = b === true;
  }
  rejectLeftovers(attrs, where);
  return { index, name: d.name, cType: d.cType, type: d.type, access, extent, byte };
}

function returnSemantics(head: Declarator, params: readonly ParamSpec[]): ReturnSemantics {
  const attrs = new Map(head.attrs);
  const where = `the return value of ${head.name}`;
  const pointerParam = (value: string | true | undefined, what: string): number => {
    const p = params.find((q) => q.name === value);
    if (typeof value !== 'string' || !p) throw new IdlError(`${what} needs a parameter name`);
    if (p.type.kind !== 'ptr') throw new IdlError(`${what}: parameter ${value} is not a pointer`);
    return p.index;
  };
  const same = take(attrs, 'same');
  const into = take(attrs, 'into');
  const nullable = take(attrs, 'nullable');
  const sign = take(attrs, 'sign');
  rejectLeftovers(attrs, where);
  if ((same !== undefined || into !== undefined) && head.type.kind !== 'ptr') {
    throw new IdlError(`${where}: same= and into= need a pointer return type`);
  }
  if (same !== undefined && into !== undefined) throw new IdlError(`${where}: same= and into= exclude each other`);
  if (nullable !== undefined && into === undefined) throw new IdlError(`${where}: nullable only goes with into=`);
  if (sign !== undefined && head.type.kind !== 'int') throw new IdlError(`${where}: sign needs an integer return type`);
  if (same !== undefined) return { kind: 'same', arg: pointerParam(same, `${where} same=`) };
  if (into !== undefined) return { kind: 'into', arg: pointerParam(into, `${where} into=`), nullable: nullable !== undefined };
  return sign !== undefined ? { kind: 'sign' } : { kind: 'value' };
}

function declaration(cType: string, name: string, attrs: string[]): string {
  const prefix = attrs.length > 0 ? `[${attrs.join(', ')}] ` : '';
  return `${prefix}${cType}${cType.endsWith('*') ? '' : ' '}${name}`;
}

function paramAttributes(p: ParamSpec, params: readonly ParamSpec[]): string[] {
  const attrs: string[] = [];
  if (p.access) attrs.push(p.access);
  const e = p.extent;
  if (e?.kind === 'size') attrs.push(`size=${params[e.arg]!.name}`);
  if (e?.kind === 'string') attrs.push('string', ...(e.maxArg === null ? [] : [`max=${params[e.maxArg]!.name}`]));
  if (e?.kind === 'until') attrs.push(`until=${params[e.arg]!.name}`);
  if (p.byte) attrs.push('byte');
  return attrs;
}

function returnAttributes(s: ReturnSemantics, params: readonly ParamSpec[]): string[] {
  switch (s.kind) {
    case 'value':
      return [];
    case 'sign':
      return ['sign'];
    case 'same':
      return [`same=${params[s.arg]!.name}`];
    case 'into':
      return [`into=${params[s.arg]!.name}`, ...(s.nullable ? ['nullable'] : [])];
  }
}

/** The canonical text of a declaration: normalised spacing and attribute order. */
export function formatFunction(fn: Omit<FunctionSpec, 'signature'>): string {
  const params = fn.params.map((p) => declaration(p.cType, p.name, paramAttributes(p, fn.params)));
  const head = declaration(fn.returns.cType, fn.name, returnAttributes(fn.returns.semantics, fn.params));
  return `${head}(${params.length > 0 ? params.join(', ') : 'void'})`;
}
