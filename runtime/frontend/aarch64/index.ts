// AArch64 guest frontend: decodes A64 instructions into the shared IR.
import type { Frontend } from '../../arch/types.js';
import { aarch64Decoder } from './patterns.js';
import { A64, aarch64State } from './state.js';
import { aarch64Translator } from './translate.js';

export { A64, aarch64State } from './state.js';
export { aarch64Hwcaps } from './features.js';
export { aarch64Decoder } from './patterns.js';

export const aarch64Frontend: Frontend = {
  name: 'aarch64',
  wordBits: 64,
  endian: 'le',
  state: aarch64State,
  callConv: { args: [0, 1, 2, 3, 4, 5, 6, 7].map(A64.x), ret: A64.x(0) },
  translate: aarch64Translator(aarch64Decoder),
};
