#!/usr/bin/env -S node --single-threaded --no-liftoff --max-semi-space-size=32
// --single-threaded: guest fork() forks this whole process, and V8's helper threads do not
// survive a fork (see runtime/linux/host/fork.ts). --no-liftoff: compiled regions get optimised
// code at once, with no later tier-up, which would post work to those threads (a forked child
// compiles nothing: EngineApi.stopCompiling). --max-semi-space-size: the interpreter's
// short-lived BigInts make fewer scavenges with a larger young generation (~8 % of CPU time).
import { loadMain } from '../load-main.js';

const main = await loadMain();
await main('arm');
