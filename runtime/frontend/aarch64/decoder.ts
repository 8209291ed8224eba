// A64 encodings on the shared decoder (../shared/decoder.ts): each instruction class contributes
// (name, bit pattern, emit) entries; the most specific pattern matching a word wins.
import { parseBitPattern, type BitPattern, type Fields } from '../shared/bit-pattern.js';
import { Decoder } from '../shared/decoder.js';
import type { Emitter } from './emitter.js';

/**
 * Emits the instruction's IR from the word and the pattern's named fields; returns false when
 * they form an unallocated encoding.
 */
export type EmitFn = (e: Emitter, insn: number, f: Fields) => boolean | void;

export interface Pattern {
  readonly name: string;
  readonly pattern: BitPattern;
  emit(e: Emitter, insn: number): boolean | void;
}

export function pat(name: string, spec: string, emit: EmitFn): Pattern {
  const pattern = parseBitPattern(spec);
  return { name, pattern, emit: (e, insn) => emit(e, insn, pattern.fields(insn)) };
}

export type A64Decoder = Decoder<Pattern>;
