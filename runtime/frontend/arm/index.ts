// 32-bit ARM guest frontend (ARMv7-A: A32 and Thumb-2): decodes instructions into the shared IR.
import type { Frontend } from '../../arch/types.js';
import { armDecoders } from './patterns.js';
import { ARM, armState } from './state.js';
import { armTranslator } from './translate.js';

export { ARM, armState, EXCL_NONE, THUMB_BIT } from './state.js';
export { armHwcaps } from './features.js';
export { armDecoders } from './patterns.js';
export { KUSER_PAGE, KUSER_HELPER_VERSION, kuserPage } from './kuser.js';

export const armFrontend: Frontend = {
  name: 'arm',
  wordBits: 32,
  endian: 'le',
  state: armState,
  callConv: { args: [0, 1, 2, 3].map(ARM.r), ret: ARM.r(0) },
  translate: armTranslator(armDecoders),
};
