// The interface digest's SHA-256 against node:crypto's, on lengths around the padding boundaries.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256 } from '../../runtime/libnative/sha256.js';

test('sha256 equals node:crypto for every length from 0 to 300 bytes', () => {
  for (let len = 0; len <= 300; len++) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len) & 0xff);
    assert.equal(Buffer.from(sha256(data)).toString('hex'), createHash('sha256').update(data).digest('hex'), `length ${len}`);
  }
});

test('sha256 of "abc" is the FIPS 180-4 example', () => {
  assert.equal(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
