#!/usr/bin/env -S node --single-threaded --no-liftoff --max-semi-space-size=32 --no-turbo-inlining --interrupt-budget=540000
// --single-threaded: guest fork() forks this whole process, and V8's helper threads do not
// survive a fork (see runtime/linux/host/fork.ts). --no-liftoff: compiled regions get optimised
// code at once, with no later tier-up, which would post work to those threads (a forked child
// compiles nothing: EngineApi.stopCompiling). --max-semi-space-size: the interpreter's
// short-lived values make fewer scavenges with a larger young generation (~8 % of CPU time).
// --no-turbo-inlining --interrupt-budget=540000: single-threaded, TurboFan compiles JS on the
// main thread, and a hello world spent ~0.3 CPU-s there, mostly on inlined copies of code that
// runs only while translating cold blocks; later and smaller optimisation costs 15-20 % less
// start-up, and no measured long run got slower (docs/PERFORMANCE.md, Start-up).
import { loadMain } from '../load-main.js';

const main = await loadMain();
await main('mips');
