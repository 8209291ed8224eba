// The parts of the WebAssembly JS API qemu-ts uses. tsconfig's lib is ES2022 without DOM, and
// @types/node 20 does not declare the WebAssembly namespace.
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  interface Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  var Memory: { prototype: Memory; new (descriptor: MemoryDescriptor): Memory };

  interface Table {
    readonly length: number;
    grow(delta: number): number;
    get(index: number): ((...args: any[]) => any) | null;
    set(index: number, value: ((...args: any[]) => any) | null): void;
  }
  interface TableDescriptor { element: 'anyfunc'; initial: number; maximum?: number }
  var Table: { prototype: Table; new (descriptor: TableDescriptor): Table };

  interface Module {}
  var Module: { prototype: Module; new (bytes: BufferSource): Module };

  type ImportValue = ((...args: any[]) => any) | Memory | Table | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  interface Instance { readonly exports: Record<string, unknown> }
  var Instance: { prototype: Instance; new (module: Module, imports?: Imports): Instance };

  function validate(bytes: BufferSource): boolean;

  interface CompileError extends Error {}
  var CompileError: { prototype: CompileError; new (message?: string): CompileError };
}

type BufferSource = ArrayBufferView | ArrayBuffer;
