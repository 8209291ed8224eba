// sendmsg/recvmsg and socket options (test/guest/linux/msg.c) on every target, in each ABI's
// msghdr/cmsghdr layout, byte order and SOL_SOCKET numbering: descriptors passed over a
// socketpair and used, credentials, MSG_TRUNC with the sender's address, SCM_TIMESTAMP,
// sendmmsg/recvmmsg, kernel errors, and options of every value shape. Compared with the exact
// lines, with qemu-user, and for the control-data truncation part (which qemu-user 7.2 gets wrong
// and hangs on) with the same program built for the host and run natively.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compileHost } from '../../scripts/lib/guest-build.js';
import { guestProgram, LINUX_TARGETS, qemuTs, qemuUser, root } from './support.js';

const COMMON = [
  'socketpair(SOCK_DGRAM) = 0',
  'socketpair(SOCK_STREAM) = 0',
  'SO_TYPE dgram: 1 stream: 1 len 4',
  'setsockopt(SO_PASSCRED) = 0',
  'sendmsg(2 fds + creds) = 9',
  'recvmsg = 9',
  'data [two| p|arts] flags 0',
  'cmsg level SOL_SOCKET 1 type 2 data 12',
  'cmsg level SOL_SOCKET 1 type 1 data 8',
  'fds 2 new 1 creds match 1',
  'stream end passed: via fd 1',
  'pipe end passed: via fd 2',
];

const EXPECTED = [
  ...COMMON,
  'bind = 0',
  'setsockopt(SO_TIMESTAMP) = 0',
  'sendmsg(to b) = 10',
  'recvmsg(4 of 10) = 4',
  '0123 MSG_TRUNC 1 from family 1 len ok 1 name ok 1',
  'SCM_TIMESTAMP 1 len is CMSG_LEN(timeval) 1 within 100 s of now 1',
  'sendmmsg(3) = 3',
  'sent lengths 5 7 1',
  'recvmmsg(4, MSG_WAITFORONE) = 3',
  'received first/5 second!/7 3/1',
  'sendmsg(1100 iovecs) = -1 EMSGSIZE',
  'sendmsg(cmsg_len past the buffer) = -1 EINVAL',
  'getsockopt(SO_PEERCRED) = 0',
  'peer pid ok 1 uid ok 1 len 12',
  'setsockopt(SO_LINGER) = 0',
  'linger 1 5 len 8',
  'setsockopt(SO_RCVTIMEO) = 0',
  'rcvtimeo 2.500000 len ok 1',
  'setsockopt(SO_SNDBUF) = 0',
  'sndbuf 8192',
  'getsockopt(SO_ERROR) = 0',
  'so_error 0',
  'getsockopt(level 0xfffe) = -1 EOPNOTSUPP',
  '',
].join('\n');

const TRUNCATION = [
  ...COMMON,
  'sendmsg(3 fds) = 9',
  'recvmsg(room for 1 fd) = 9',
  'MSG_CTRUNC 1 cmsg len is CMSG_LEN(4) 1 controllen is CMSG_LEN(4) 1',
  'read after every write end closed = 0',
  '',
].join('\n');

/** qemu-user 7.2 passes a cmsg_len reaching past msg_controllen on (EBADF); the kernel says EINVAL. */
const QEMU_BAD_CMSG = /^sendmsg\(cmsg_len past the buffer\) = .*$/m;

const source = join(root, 'test', 'guest', 'linux', 'msg.c');

describe('sendmsg/recvmsg and socket options', () => {
  test('the host kernel prints the expected lines (the native build of msg.c)', () => {
    const native = compileHost(source);
    for (const [args, stdout] of [[[], EXPECTED], [['truncation'], TRUNCATION]] as const) {
      const r = spawnSync(native, args, { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.stdout, stdout);
      assert.equal(r.status, 0);
    }
  });

  for (const { target } of LINUX_TARGETS) {
    test(`${target.name}: iovecs, SCM_RIGHTS, SCM_CREDENTIALS, names, timestamps, options`, () => {
      const prog = guestProgram('msg', { target });
      const r = qemuTs([prog], { target: target.name });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, EXPECTED);
      assert.equal(r.status, 0);
      const ref = qemuUser([prog], target);
      assert.ok(ref, `${target.qemuUser} is not installed: it is this test's reference`);
      assert.equal(ref.status, 0, ref.stderr);
      assert.equal(ref.stdout.replace(QEMU_BAD_CMSG, ''), r.stdout.replace(QEMU_BAD_CMSG, ''));
    });

    test(`${target.name}: control data truncated: MSG_CTRUNC, descriptors that did not fit are closed`, () => {
      const r = qemuTs([guestProgram('msg', { target }), 'truncation'], { target: target.name });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, TRUNCATION);
      assert.equal(r.status, 0);
    });
  }
});
