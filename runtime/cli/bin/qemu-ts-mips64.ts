#!/usr/bin/env -S node --single-threaded
// --single-threaded: guest fork() forks this whole process, and V8's helper threads do not
// survive a fork (see runtime/linux/host/fork.ts).
import { main } from '../main.js';

await main('mips64');
