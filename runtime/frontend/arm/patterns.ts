// The decode tables, assembled from the instruction groups' encodings.
import { Decoder } from '../shared/decoder.js';
import type { Group, Pattern } from './decoder.js';
import { branchGroup } from './insn/branch.js';
import { dpGroup } from './insn/dp.js';
import { ldstGroup } from './insn/ldst.js';
import { miscGroup } from './insn/misc.js';
import { mulGroup } from './insn/mul.js';
import { neonFloatGroup } from './insn/neon-float.js';
import { neonIntGroup } from './insn/neon-int.js';
import { neonShiftGroup } from './insn/neon-shift.js';
import { neonGroup } from './insn/neon.js';
import { syncGroup } from './insn/sync.js';
import { systemGroup } from './insn/system.js';
import { vfpGroup } from './insn/vfp.js';

const GROUPS: readonly Group[] = [dpGroup, branchGroup, ldstGroup, mulGroup, miscGroup, syncGroup, systemGroup, vfpGroup, neonGroup, neonFloatGroup, neonShiftGroup, neonIntGroup];

const table = (key: keyof Group): Decoder<Pattern> => new Decoder(GROUPS.flatMap((g) => g[key] ?? []));

export interface ArmDecoders {
  /** A32 with cond != 1111 (the cond bits are the translation loop's). */
  a32: Decoder<Pattern>;
  /** A32 with cond == 1111. */
  a32u: Decoder<Pattern>;
  t16: Decoder<Pattern>;
  t32: Decoder<Pattern>;
}

export const armDecoders: ArmDecoders = { a32: table('a32'), a32u: table('a32u'), t16: table('t16'), t32: table('t32') };
