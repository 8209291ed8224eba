// The AdvSIMD decode table picks the instruction from its opcode bits (the semantics no longer
// decode a second level), and encodings no instruction has are no match (SIGILL in the loop).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aarch64Decoder } from '../../../runtime/frontend/aarch64/index.js';

test('AdvSIMD encodings decode to their instruction (words from GNU as)', () => {
  const cases: [number, string][] = [
    [0x4ea28420, 'ADD (vector)'], [0x5ee20c20, 'SQADD (scalar)'], [0x5ea20c20, 'SQADD (scalar)'],
    [0x5ee23420, 'CMGT (register) (scalar)'], [0x4ee21c20, 'ORN (vector)'], [0x2ee21c20, 'BIF'],
    [0x0e205820, 'CNT'], [0x7ee0b820, 'NEG (scalar)'], [0x6eb0a820, 'SMAXV/UMAXV'], [0x2e303820, 'SADDLV/UADDLV'],
    [0x6e628020, 'SMLAL/UMLAL (vector)'], [0x4ee2e020, 'PMULL (64-bit)'], [0x4e62d420, 'FADD (vector)'],
    [0x7ea2d420, 'FABD (scalar)'], [0x5ee1f820, 'FRECPX (scalar)'], [0x4ea1c820, 'URECPE'], [0x6eb0c820, 'FMINNMV'],
    [0x4fa21820, 'FMLA (by element)'], [0x7fc29820, 'FMULX (by element, scalar)'],
    [0x5f723820, 'SQDMLAL (by element, scalar)'], [0x6f82a820, 'SMULL/UMULL (by element)'], [0x4e284820, 'AESE'],
  ];
  for (const [w, name] of cases) assert.equal(aarch64Decoder.decode(w)?.name, name, w.toString(16));
});

test('AdvSIMD opcode and size combinations no instruction has are no match', () => {
  const unallocated: [number, string][] = [
    [0x2e609c20, 'PMUL with 16-bit lanes'], [0x5ea23420, 'CMGT (register) scalar with 32-bit lanes'],
    [0x4ea1f820, 'FRECPX as a vector'], [0x4ee1c820, 'URECPE with 64-bit lanes'], [0x6ea05820, 'NOT/RBIT with size 10'],
    [0x6fa21020, 'FMLA by element with U = 1'], [0x0e62e020, 'PMULL with 16-bit lanes'], [0x2eb0c820, 'FMINNMV of 2S'],
  ];
  for (const [w, what] of unallocated) assert.equal(aarch64Decoder.decode(w), undefined, `${what} (${w.toString(16)})`);
});
