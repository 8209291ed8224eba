// Conversion of one value between half, single and double precision (FCVT, FCVTL, FCVTN),
// with Arm's NaN conversion and the FPSR flags of the conversion. As Arm's FPConvert: FZ flushes
// single and double operands and results, never half ones; AHP selects the alternative half
// format; DN makes NaN results the default NaN.
import type { Temp } from '../../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { FP_HELPERS } from '../helpers/fp.js';
import { FP32, FP64, FpOps } from './fp-common.js';

/** Precision codes as in the ftype field: 0 single, 1 double, 3 half. */
export type Precision = 0 | 1 | 3;

/** `x` (bits of precision `from`, i64 for double) converted to precision `to`; null if from === to. */
export function convertPrecision(e: Emitter, from: Precision, to: Precision, x0: Temp): Temp | null {
  const b = e.b;
  if (from === to) return null;
  const single = new FpOps(e, FP32), double = new FpOps(e, FP64);
  const x = from === 3 ? x0 : (from === 0 ? single : double).flushed([x0])[0]!;
  if (from === 3 || to === 3) {
    const helper = from === 3 ? (to === 0 ? FP_HELPERS.f16to32 : FP_HELPERS.f16to64) : from === 0 ? FP_HELPERS.f32to16 : FP_HELPERS.f64to16;
    if (from === 3) {
      const r = b.call(helper, [x, single.env()], to === 1 ? 'i64' : 'i32');
      single.specialFlags('from16', (to === 1 ? double : single).isNaN(r), [x]);
      return r;
    }
    const src = from === 0 ? single : double;
    const r = b.call(helper, [x, src.env()], 'i32');
    src.specialFlags('to16', b.i32(1), [x]);
    return r;
  }
  const src = from === 0 ? single : double, dst = to === 0 ? single : double;
  const fx = src.toF(x);
  const converted = b.conv(to === 1 ? 'f32_to_f64' : 'f64_to_f32', fx);
  // NaN: quietened, sign kept, payload aligned to the top of the new fraction.
  let nan: Temp;
  if (to === 1) {
    const wide = b.conv('extend_u', x);
    const sign = b.bin('shl', b.bin('and', wide, b.i64(0x80000000n)), b.i64(32));
    nan = b.bin('or', b.bin('or', sign, b.i64(FP64.defaultNaN)), b.bin('shl', b.bin('and', wide, b.i64(0x7fffff)), b.i64(29)));
  } else {
    const sign = b.conv('wrap', b.bin('shr_u', b.bin('and', x, b.i64(FP64.sign)), b.i64(32)));
    const payload = b.conv('wrap', b.bin('and', b.bin('shr_u', x, b.i64(29)), b.i64(0x3fffff)));
    nan = b.bin('or', b.bin('or', sign, b.i32(Number(FP32.defaultNaN))), payload);
  }
  const res = b.select(src.isNaN(x), dst.defaultNaNIf(nan), dst.toBits(converted));
  if (to === 1) {
    single.specialFlags('snan', double.isNaN(res), [x]);
    return res;
  }
  double.roundingFlags('to32', res, [x], () => b.cmp('feq', b.conv('f32_to_f64', converted), fx), FP32);
  return single.unlessDefaultEnv(res, FP_HELPERS.f64to32, [x]);
}
