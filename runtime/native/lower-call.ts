// Lowers a libnative stub into IR: read the C arguments from the guest's argument registers,
// convert them as the interface description says, call the host implementation as an IR helper
// and write the result to the return register. The block then goes on with the stub's own
// return sequence, so hot callers chain straight through a bypassed call inside wasm.
import type { NativeCallConv } from '../arch/types.js';
import type { IRBuilder } from '../ir/builder.js';
import type { Temp } from '../ir/types.js';
import type { FunctionSpec, ParamSpec } from '../libnative/functions.js';

/** Name of the IR helper running function `name` on the host. */
export function nativeHelperName(name: string): string {
  return `native:${name}`;
}

/**
 * 64-bit guests: a pointer with high bits set is outside the 4 GiB space. Touching one byte of it
 * makes the tiers raise the guest SIGSEGV with that exact address, as the guest's own code would.
 */
function pointerArg(b: IRBuilder, v: Temp): Temp {
  if (b.tyOf(v) === 'i32') return v;
  const inSpace = b.cmp('eq', b.bin('shr_u', v, b.i64(32)), b.i64(0));
  const ok = b.newLabel();
  b.brif(inSpace, ok);
  b.load('i32', v, 1, false, 'le');
  b.label(ok);
  return b.conv('wrap', v);
}

/** Sizes above 4 GiB cannot be honoured in a 4 GiB space; they act as "unbounded" (2^32-1). */
function sizeArg(b: IRBuilder, v: Temp): Temp {
  if (b.tyOf(v) === 'i32') return v;
  const fits = b.cmp('eq', b.bin('shr_u', v, b.i64(32)), b.i64(0));
  return b.select(fits, b.conv('wrap', v), b.i32(-1));
}

function convertArg(b: IRBuilder, p: ParamSpec, v: Temp): Temp {
  if (p.type.kind === 'ptr') return pointerArg(b, v);
  if (p.type.kind === 'int' && !p.type.signed && p.type.size === 'word') return sizeArg(b, v);
  return b.tyOf(v) === 'i32' ? v : b.conv('wrap', v);
}

export function lowerNativeCall(b: IRBuilder, fn: FunctionSpec, conv: NativeCallConv, wordTy: 'i32' | 'i64'): void {
  if (fn.params.length > conv.args.length) {
    throw new Error(`libnative function ${fn.name} takes ${fn.params.length} arguments; only ${conv.args.length} fit in registers`);
  }
  const args = fn.params.map((p, i) => convertArg(b, p, b.get(wordTy, conv.args[i]!)));
  const result = b.call(nativeHelperName(fn.name), args, 'i32');
  if (fn.returns.type.kind === 'void') return;
  const signed = fn.returns.type.kind === 'int' && fn.returns.type.signed;
  const value = wordTy === 'i32' ? result : b.conv(signed ? 'extend_s' : 'extend_u', result);
  b.set(conv.ret, value);
}
