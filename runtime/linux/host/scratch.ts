// A small host-side buffer for structs the host libc fills in (host layout, host byte order)
// before they are translated into the guest's layout.
import { bufferAddress } from './libc.js';

const SIZE = 64 * 1024;
const buffer = new ArrayBuffer(SIZE);

export const scratch = {
  u8: new Uint8Array(buffer),
  dv: new DataView(buffer),
  /** Host address of scratch byte 0. */
  addr: bufferAddress(buffer),
  size: SIZE,
};
