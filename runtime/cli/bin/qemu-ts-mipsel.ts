#!/usr/bin/env -S node --single-threaded --no-liftoff --no-wasm-dynamic-tiering --min-semi-space-size=64 --max-semi-space-size=64 --no-turbo-inlining --interrupt-budget=540000
// Node flags: why each one is there is in runtime/cli/launcher-flags.ts.
import { loadMain } from '../load-main.js';

const main = await loadMain();
await main('mipsel');
