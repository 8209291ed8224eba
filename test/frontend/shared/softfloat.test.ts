// The soft-float's underflow controls: Arm's default (tininess before rounding, subnormals kept)
// must not change, and MIPS's (tininess after rounding, FS flushing) must differ exactly where the
// ISAs do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arith, ENV_FS, ENV_TINY_AFTER_ROUNDING, F64, IXC, takeFlags, UFC } from '../../../runtime/frontend/shared/softfloat.js';

const MAX_SUBNORMAL = 0x000fffffffffffffn, ONE_PLUS_ULP = 0x3ff0000000000001n, MIN_NORMAL = 0x0010000000000000n;

test('a product rounding up to the smallest normal: Underflow before rounding only', () => {
  takeFlags();
  // (2^-1022 - 2^-1074)(1 + 2^-52) = 2^-1022 - 2^-1126: tiny, but not once rounded to 53 bits.
  assert.equal(arith('mul', MAX_SUBNORMAL, ONE_PLUS_ULP, F64, 0), MIN_NORMAL);
  assert.equal(takeFlags(), UFC | IXC, 'Arm: tininess before rounding');
  assert.equal(arith('mul', MAX_SUBNORMAL, ONE_PLUS_ULP, F64, ENV_TINY_AFTER_ROUNDING), MIN_NORMAL);
  assert.equal(takeFlags(), IXC, 'MIPS: tininess after rounding');
  // Toward zero the result stays subnormal, which is tiny either way.
  assert.equal(arith('mul', MAX_SUBNORMAL, ONE_PLUS_ULP, F64, 3 | ENV_TINY_AFTER_ROUNDING), MAX_SUBNORMAL);
  assert.equal(takeFlags(), UFC | IXC);
});

test('ENV_FS: a result tiny before rounding is a signed zero and raises nothing', () => {
  takeFlags();
  const tiny = 0x0000000000000003n; // 3 * 2^-1074
  assert.equal(arith('mul', tiny | (1n << 63n), 0x3fe0000000000000n, F64, ENV_FS), 1n << 63n);
  assert.equal(takeFlags(), 0);
  assert.equal(arith('mul', tiny, 0x3fe0000000000000n, F64, 0), 0x0000000000000002n, 'kept by default (ties to even)');
  assert.equal(takeFlags(), UFC | IXC);
});
