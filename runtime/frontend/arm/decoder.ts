// A32 and T32 encodings on the shared decoder (../shared/decoder.ts). Three tables: A32 with a
// condition field (cond != 1111), A32's unconditional space (cond == 1111), and Thumb, whose
// 16-bit encodings are patterns of 16 bits (the halfword) and 32-bit encodings patterns of 32
// bits (first halfword in the upper half). Each instruction group's file lists its encodings in
// every instruction set and calls one semantic function per operation from all of them.
import { parseBitPattern, type BitPattern, type Fields } from '../shared/bit-pattern.js';
import type { ArmEmitter } from './emitter.js';

/**
 * Emits the instruction's IR from the pattern's named fields; returns false when they form an
 * unallocated (or UNPREDICTABLE, which we make undefined) encoding.
 */
export type EmitFn = (e: ArmEmitter, f: Fields) => boolean | void;

export interface Pattern {
  readonly name: string;
  readonly pattern: BitPattern;
  emit(e: ArmEmitter, insn: number): boolean | void;
}

function make(name: string, spec: string, width: number, emit: EmitFn): Pattern {
  const pattern = parseBitPattern(spec, width);
  return { name, pattern, emit: (e, insn) => emit(e, pattern.fields(insn)) };
}

/** A 32-bit encoding (A32, or T32 with the first halfword in bits 31:16). */
export const pat = (name: string, spec: string, emit: EmitFn): Pattern => make(name, spec, 32, emit);
/** A 16-bit Thumb encoding. */
export const pat16 = (name: string, spec: string, emit: EmitFn): Pattern => make(name, spec, 16, emit);

/** What a group contributes to each table. */
export interface Group {
  a32?: Pattern[];
  /** A32 encodings with cond = 1111. */
  a32u?: Pattern[];
  t16?: Pattern[];
  t32?: Pattern[];
}
