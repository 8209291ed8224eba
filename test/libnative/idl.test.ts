import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIdl } from '../../runtime/libnative/idl.js';
import { functionTableFromText, loadFunctionTable } from '../../runtime/libnative/functions.js';

const REQUIRED = 'memcpy memmove memset memcmp memchr memrchr rawmemchr mempcpy strlen strnlen strcpy stpcpy strncpy stpncpy strcat strncat strcmp strncmp strchr strrchr strchrnul strstr strspn strcspn strpbrk'.split(' ');

test('functions.idl covers the required functions, ids in file order', () => {
  const table = loadFunctionTable();
  assert.deepEqual(table.functions.map((f) => f.name), REQUIRED);
  table.functions.forEach((f, i) => assert.equal(f.id, i));
  assert.equal(table.byName('strlen')?.id, 8);
  assert.equal(table.byId(0)?.name, 'memcpy');
  assert.equal(table.digest.length, 8);
});

test('argument semantics come out typed', () => {
  const t = loadFunctionTable();
  const memcpy = t.byName('memcpy')!;
  assert.deepEqual(memcpy.returns.semantics, { kind: 'same', arg: 0 });
  assert.deepEqual(memcpy.params.map((p) => [p.name, p.access, p.extent]), [
    ['dst', 'out', { kind: 'size', arg: 2 }],
    ['src', 'in', { kind: 'size', arg: 2 }],
    ['n', null, null],
  ]);
  assert.deepEqual(memcpy.params[2]!.type, { kind: 'int', size: 'word', signed: false });
  assert.deepEqual(t.byName('strnlen')!.params[0]!.extent, { kind: 'string', maxArg: 1 });
  assert.deepEqual(t.byName('rawmemchr')!.params[0]!.extent, { kind: 'until', arg: 1 });
  assert.equal(t.byName('memset')!.params[1]!.byte, true);
  assert.deepEqual(t.byName('strchr')!.returns.semantics, { kind: 'into', arg: 0, nullable: true });
  assert.deepEqual(t.byName('strchrnul')!.returns.semantics, { kind: 'into', arg: 0, nullable: false });
  assert.deepEqual(t.byName('strcmp')!.returns.semantics, { kind: 'sign' });
  assert.equal(t.byName('strcat')!.params[0]!.access, 'inout');
  assert.deepEqual(t.byName('strcpy')!.params[1]!.type, { kind: 'ptr', pointee: 'char', isConst: true, depth: 1 });
});

test('the canonical signature parses back to itself', () => {
  for (const f of loadFunctionTable().functions) {
    const [again] = parseIdl(`${f.signature};`);
    assert.equal(again!.signature, f.signature);
  }
});

test('spacing and attribute order do not change the canonical form or the digest', () => {
  const a = functionTableFromText('[same=dst] void *memcpy([out, size=n] void *dst, [in, size=n] const void *src, size_t n);');
  const b = functionTableFromText('[ same = dst ]void*   memcpy( [size=n,out]void * dst,[size=n, in] const void*src , size_t  n ) ;');
  assert.equal(b.functions[0]!.signature, a.functions[0]!.signature);
  assert.deepEqual(b.digest, a.digest);
  const reordered = functionTableFromText('size_t strlen([in, string] const char *s);\n' + a.functions[0]!.signature + ';');
  assert.notDeepEqual(reordered.digest, functionTableFromText(a.functions[0]!.signature + ';\nsize_t strlen([in, string] const char *s);').digest);
});

test('future-facing types parse: doubles, struct pointers', () => {
  const [f] = parseIdl('double frexp(double x, [out, size=n] struct exp *e, size_t n);');
  assert.deepEqual(f!.returns.type, { kind: 'float', size: 8 });
  assert.deepEqual(f!.params[1]!.type, { kind: 'ptr', pointee: 'struct exp', isConst: false, depth: 1 });
});

test('mistakes are reported with file and line', () => {
  const bad: [string, RegExp][] = [
    ['size_t strlen(const chr *s);', /unknown type "const chr \*"/],
    ['void *f([out, size=m] void *d, size_t n);', /no parameter named m/],
    ['void *f([out, size=s] void *d, const char *s);', /parameter s is not an integer/],
    ['void *f([out] void *d);', /exactly one of size=, string, until=/],
    ['[nullable] void *f([in, string] const char *s);', /nullable only goes with into=/],
    ['[same=n] void *f([in, string] const char *s, size_t n);', /parameter n is not a pointer/],
    ['int f([in, size=n, string] const char *s, size_t n);', /exactly one of/],
    ['int f([sideways] int x);', /attribute "sideways" not allowed/],
    ['int f(int x)', /expected/],
  ];
  for (const [line, message] of bad) {
    assert.throws(() => parseIdl(`# header\n\n${line}\n`, 'x.idl'), (e: Error) => e.message.startsWith('x.idl:3: ') && message.test(e.message), line);
  }
  assert.throws(() => parseIdl('int f(int a);\nint f(int b);', 'x.idl'), /x.idl:2: duplicate function f/);
});
