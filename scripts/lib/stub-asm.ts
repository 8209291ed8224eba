// Generates libnative's assembly (stubs, descriptors, ELF note) from the function table. One
// generator for every target: the stub ABI table supplies the machine code, and ASM_DIALECT
// below the few spellings that differ between assemblers.
import type { FunctionTable } from '../../runtime/libnative/functions.js';
import {
  DESCRIPTOR_HEADER_SIZE,
  DESCRIPTOR_MAGIC,
  DESCRIPTOR_MAX_SIZE,
  LIBNATIVE_ABI_VERSION,
  NOTE_HEADER_SIZE,
  NOTE_MAGIC,
  NOTE_NAME,
  NOTE_SECTION,
  NOTE_TYPE_LIBNATIVE,
  stubEncoding,
  type Code,
} from '../../runtime/libnative/stub-abi.js';
import type { Target, TargetName } from '../../runtime/targets.js';

interface AsmDialect {
  /** Directive emitting a 32-bit instruction word (so disassemblers see code, not data). */
  insnWord: string;
  /** Mode directives before the stubs. */
  codeMode: readonly string[];
}

const ARM64: AsmDialect = { insnWord: '.inst', codeMode: [] };
// armhf compiles to Thumb by default; the stubs are A32 so the marker is the A32 HLT. Callers
// reach them through PLT entries (ARM state, interworking loads) and return with bx lr. The
// VFP-args attribute marks the object hard-float: armhf's ld.so refuses soft-float libraries.
const ARM: AsmDialect = { insnWord: '.inst', codeMode: ['.syntax unified', '.arm', '.eabi_attribute Tag_ABI_VFP_args, 1'] };
const MIPS: AsmDialect = { insnWord: '.4byte', codeMode: ['.set noreorder', '.set nomacro', '.set noat'] };
const X86: AsmDialect = { insnWord: '.4byte', codeMode: [] };

const ASM_DIALECT: Record<TargetName, AsmDialect> = {
  aarch64: ARM64,
  arm: ARM,
  mips: MIPS,
  mipsel: MIPS,
  mips64: MIPS,
  mips64el: MIPS,
  i386: X86,
  x86_64: X86,
};

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function code(c: Code, dialect: AsmDialect): string[] {
  if (c.unit === 'byte') return [`.byte ${c.values.map(hex).join(', ')}`];
  return c.values.map((v) => `${dialect.insnWord} ${hex(v)}`);
}

function note(target: Target, table: FunctionTable): string[] {
  const descSize = NOTE_HEADER_SIZE + Buffer.byteLength(target.name) + 1;
  return [
    `.section ${NOTE_SECTION},"a",%note`,
    '.balign 4',
    `.4byte ${NOTE_NAME.length + 1}`,
    `.4byte ${descSize}`,
    `.4byte ${NOTE_TYPE_LIBNATIVE}`,
    `.asciz ${quoted(NOTE_NAME)}`,
    '.balign 4',
    `.ascii ${quoted(NOTE_MAGIC)}`,
    `.4byte ${LIBNATIVE_ABI_VERSION}`,
    `.4byte ${table.functions.length}`,
    `.byte ${[...table.digest].map(hex).join(', ')}`,
    `.asciz ${quoted(target.name)}`,
    '.balign 4',
  ];
}

function descriptors(target: Target, table: FunctionTable): string[] {
  const enc = stubEncoding(target.name);
  const lines = ['.section .rodata,"a",%progbits'];
  for (const fn of table.functions) {
    const size = DESCRIPTOR_HEADER_SIZE + Buffer.byteLength(fn.name) + Buffer.byteLength(fn.signature) + 2;
    if (size > DESCRIPTOR_MAX_SIZE) throw new Error(`descriptor of ${fn.name} exceeds ${DESCRIPTOR_MAX_SIZE} bytes`);
    lines.push(
      `.balign ${enc.descriptorAlign}, 0`,
      ...(enc.descriptorBias > 0 ? [`.space ${enc.descriptorBias}, 0`] : []),
      `.Ldesc_${fn.id}:`,
      `.ascii ${quoted(DESCRIPTOR_MAGIC)}`,
      `.4byte ${LIBNATIVE_ABI_VERSION}`,
      `.4byte ${fn.id}`,
      `.asciz ${quoted(fn.name)}`,
      `.asciz ${quoted(fn.signature)}`,
    );
  }
  return lines;
}

function stubs(target: Target, table: FunctionTable): string[] {
  const enc = stubEncoding(target.name);
  const dialect = ASM_DIALECT[target.name];
  const base = enc.offsetBase === 'word' ? '.' : '(. + 4)';
  const lines = ['.text', ...dialect.codeMode];
  for (const fn of table.functions) {
    lines.push(
      `.globl ${fn.name}`,
      `.type ${fn.name}, %function`,
      `.balign ${enc.stubAlign}`,
      `${fn.name}:`,
      ...code(enc.marker, dialect),
      `.4byte .Ldesc_${fn.id} - ${base}`,
      ...code(enc.ret, dialect),
      `.size ${fn.name}, . - ${fn.name}`,
    );
  }
  return lines;
}

export function generateStubAssembly(target: Target, table: FunctionTable): string {
  const body = [
    ...note(target, table),
    ...descriptors(target, table),
    ...stubs(target, table),
    // Stubs never need an executable stack; without this the linker would ask for one.
    '.section .note.GNU-stack,"",%progbits',
  ];
  const header = `/* Generated from libnative/functions.idl for ${target.name} by scripts/lib/stub-asm.ts; do not edit. */`;
  return [header, ...body.map((l) => (l.endsWith(':') ? l : `\t${l}`))].join('\n') + '\n';
}
