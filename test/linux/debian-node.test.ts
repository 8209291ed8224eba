// Unmodified Debian 12 arm64 Node.js (nodejs, from the arm64 test sysroot) under qemu-ts-aarch64:
// its event loop is libuv's epoll with an eventfd for wake-ups and worker threads, so one script
// exercises the event descriptors (runtime/linux/syscalls/epoll.ts, event-fds.ts) together with
// timers, fs, a child process and a loopback HTTP server answering a client in the same process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testSysroot } from '../../scripts/lib/test-sysroots.js';
import { aarch64, qemuTs } from './support.js';

const SCRIPT = `
const fs = require('fs');
const http = require('http');
const { execFileSync } = require('child_process');
const order = [];
setImmediate(() => order.push('immediate'));
Promise.resolve().then(() => order.push('promise'));
process.nextTick(() => order.push('tick'));
fs.writeFileSync('data.txt', 'written by node');
fs.promises.readFile('data.txt', 'utf8').then((text) => {
  console.log('fs', text);
  console.log('child', execFileSync('/bin/busybox', ['echo', 'from a child'], { encoding: 'utf8' }).trim());
  const server = http.createServer((req, res) => res.end('hello ' + req.url));
  server.listen(0, '127.0.0.1', () => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/x' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        console.log('http', res.statusCode, body);
        server.close(() => {
          console.log('order', order.join(' '));
          const t0 = Date.now();
          setTimeout(() => console.log('timer waited', Date.now() - t0 >= 50), 50);
        });
      });
    });
  });
});
`;

let root = '';
let work = '';

before(() => {
  root = testSysroot(aarch64);
  work = mkdtempSync(join(tmpdir(), 'qemu-ts-node-'));
  writeFileSync(join(work, 'script.js'), SCRIPT);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('Debian node: timers, fs, a child process and a loopback HTTP round trip', () => {
  const r = qemuTs(['-L', root, join(root, 'usr/bin/node'), 'script.js'], { target: 'aarch64', cwd: work, timeout: 900_000 });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'fs written by node\nchild from a child\nhttp 200 hello /x\norder tick promise immediate\ntimer waited true\n');
  assert.equal(r.status, 0);
});
