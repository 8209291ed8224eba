// Terminal and file ioctls of the generic numbering (x86, arm, aarch64). Each entry gives the
// host request and how the argument travels: an integer value, nothing, or a pointer to a
// struct whose fields (sizes listed) only need byte-order conversion, or a struct termios that
// needs translating (arch/termios.ts).
import type { TermiosLayout } from './termios.js';

export type IoctlArg = 'value' | 'none' | readonly number[] | { termios: TermiosLayout };

export interface IoctlSpec {
  name: string;
  host: number;
  arg: IoctlArg;
}

const TERMIOS: readonly number[] = [4, 4, 4, 4, ...Array<number>(20).fill(1)];
const WINSIZE: readonly number[] = [2, 2, 2, 2];
const INT: readonly number[] = [4];

const GENERIC: readonly [number, string, IoctlArg][] = [
  [0x5401, 'TCGETS', TERMIOS], [0x5402, 'TCSETS', TERMIOS], [0x5403, 'TCSETSW', TERMIOS],
  [0x5404, 'TCSETSF', TERMIOS], [0x5409, 'TCSBRK', 'value'], [0x540a, 'TCXONC', 'value'],
  [0x540b, 'TCFLSH', 'value'], [0x540e, 'TIOCSCTTY', 'value'], [0x540f, 'TIOCGPGRP', INT],
  [0x5410, 'TIOCSPGRP', INT], [0x5413, 'TIOCGWINSZ', WINSIZE], [0x5414, 'TIOCSWINSZ', WINSIZE],
  [0x541b, 'FIONREAD', INT], [0x5421, 'FIONBIO', INT], [0x5422, 'TIOCNOTTY', 'none'],
  [0x5450, 'FIONCLEX', 'none'], [0x5451, 'FIOCLEX', 'none'], [0x5452, 'FIOASYNC', INT],
  [0x80045430, 'TIOCGPTN', INT], [0x40045431, 'TIOCSPTLCK', INT],
];

/** Guest request -> spec, for an arch whose requests are the generic ones. */
export const GENERIC_IOCTLS: ReadonlyMap<number, IoctlSpec> = new Map(GENERIC.map(([nr, name, arg]) => [nr, { name, host: nr, arg }]));
