/* FPSR cumulative exception flags through <fenv.h>: each case clears the flags (or sets IXC
 * first, to take the path where only overflow, underflow, invalid and divide-by-zero can still
 * change), runs one operation on volatile operands and prints fetestexcept's answer. */
#include <arm_neon.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double d0 = 0.0, d1 = 1.0, d3 = 3.0, dm1 = -1.0, dbig = 1e308, dtiny = 1e-308, dhalf = 1.5;
static volatile double dmin = 2.2250738585072014e-308, dsub = 4.9e-324, d2p60 = 1152921504606846976.0;
static volatile float f0 = 0.0f, f1 = 1.0f, f3 = 3.0f, fbig = 3e38f, ftiny = 1e-38f, fm1 = -1.0f, f2p24 = 16777216.0f;
static volatile float fminn = 1.17549435e-38f;
static volatile double dinf = INFINITY, dqnan = NAN;
static volatile float finf = INFINITY, fqnan = NAN;
static volatile long long lmax = INT64_MAX, l2p24p1 = 16777217;
static volatile uint64_t umax = UINT64_MAX;
static volatile uint16_t hbig = 0x7bff; /* largest half */

static volatile uint64_t dsnan_bits = 0x7ff0000000000001ull;
static volatile uint32_t fsnan_bits = 0x7f800001u;
static double dsnan(void) { uint64_t u = dsnan_bits; double d; memcpy(&d, &u, 8); return d; }
static float fsnan(void) { uint32_t u = fsnan_bits; float f; memcpy(&f, &u, 4); return f; }

static void show(const char *name, int pre_inexact, void (*op)(void)) {
  feclearexcept(FE_ALL_EXCEPT);
  if (pre_inexact) feraiseexcept(FE_INEXACT);
  op();
  int e = fetestexcept(FE_ALL_EXCEPT);
  printf("%s%s:%s%s%s%s%s\n", pre_inexact ? "ixc+" : "", name, e & FE_INVALID ? " invalid" : "",
         e & FE_DIVBYZERO ? " divbyzero" : "", e & FE_OVERFLOW ? " overflow" : "",
         e & FE_UNDERFLOW ? " underflow" : "", e & FE_INEXACT ? " inexact" : "");
}

static volatile double rd;
static volatile float rf;
static volatile long long rl;
static volatile int ri;
static volatile unsigned ru;
static volatile uint64_t rq;
static volatile float32x4_t rv4;
static volatile uint32x4_t ruv4;
static volatile int32x4_t riv4;
static volatile float32x2_t rv2;
static volatile float16x4_t rh4;

#define CASE(name, body) static void name(void) { body; }
CASE(add_exact, rd = d1 + d3)
CASE(add_inexact, rd = d1 + 1e-20)
CASE(sub_cancel, rd = d3 - d3)
CASE(add_overflow, rd = dbig + dbig)
CASE(mul_overflow, rd = dbig * d3)
CASE(mul_underflow, rd = dtiny * dtiny)
CASE(mul_exact_subnormal, rd = dmin * 0.5)
CASE(mul_inexact_subnormal, rd = dsub * 0.5)
CASE(mul_exact, rd = d3 * dhalf)
CASE(mul_inexact, rd = 0.1 * d3)
CASE(div_exact, rd = d3 / dhalf)
CASE(div_inexact, rd = d1 / d3)
CASE(div_zero, rd = d1 / d0)
CASE(div_zero_zero, rd = d0 / d0)
CASE(div_inf_zero, rd = dinf / d0)
CASE(inf_minus_inf, rd = dinf - dinf)
CASE(zero_times_inf, rd = d0 * dinf)
CASE(sqrt_neg, rd = sqrt(dm1))
CASE(sqrt_exact, rd = sqrt(d3 * d3))
CASE(sqrt_inexact, rd = sqrt(d3))
CASE(qnan_add, rd = dqnan + d1)
CASE(snan_add, rd = dsnan() + d1)
CASE(fma_exact, rd = fma(d3, d3, d1))
CASE(fma_inexact, rd = fma(0.1, d3, d1))
CASE(fma_invalid, rd = fma(d0, dinf, d1))
CASE(fma_overflow, rd = fma(dbig, d3, d1))
CASE(min_normal_edge, rd = dmin * (1.0 - 0x1p-53))
CASE(fadd_exact, rf = f1 + f3)
CASE(fadd_inexact, rf = f1 + 1e-10f)
CASE(fmul_overflow, rf = fbig * f3)
CASE(fmul_underflow, rf = ftiny * ftiny)
CASE(fmul_exact, rf = f3 * f3)
CASE(fdiv_inexact, rf = f1 / f3)
CASE(fdiv_zero, rf = f1 / f0)
CASE(fsqrt_inexact, rf = sqrtf(f3))
CASE(fmin_edge, rf = fminn * (1.0f - 0x1p-24f))
CASE(fsnan_mul, rf = fsnan() * f1)
CASE(cmp_eq_qnan, ri = dqnan == d1)
CASE(cmp_lt_qnan, ri = dqnan < d1)
CASE(cmp_eq_snan, ri = dsnan() == d1)
CASE(fmax_snan, rd = fmax(dsnan(), d1))
CASE(fmax_qnan, rd = fmax(dqnan, d1))
CASE(to_int_inexact, ri = (int)dhalf)
CASE(to_int_exact, ri = (int)d3)
CASE(to_int_range, ri = (int)(1e10 * d1))
CASE(to_int_nan, ri = (int)dqnan)
CASE(to_unsigned_neg, ru = (unsigned)dm1)
CASE(to_unsigned_small_neg, ru = (unsigned)(dm1 * 0.5))
CASE(to_long_big, rl = (long long)d2p60)
CASE(from_long_inexact, rd = (double)lmax)
CASE(from_ulong_inexact, rd = (double)umax)
CASE(from_long_exact, rd = (double)(lmax >> 20))
CASE(int_to_float_inexact, rf = (float)l2p24p1)
CASE(int_to_float_exact, rf = (float)(int)f2p24)
CASE(narrow_inexact, rf = (float)(d1 / d3))
CASE(narrow_exact, rf = (float)dhalf)
CASE(narrow_overflow, rf = (float)dbig)
CASE(narrow_underflow, rf = (float)dtiny)
CASE(narrow_snan, rf = (float)dsnan())
CASE(widen_snan, rd = (double)fsnan())
CASE(widen_qnan, rd = (double)fqnan)
CASE(rint_inexact, rd = rint(dhalf))
CASE(nearbyint_inexact, rd = nearbyint(dhalf))
CASE(floor_snan, rd = floor(dsnan()))
CASE(vadd_overflow, rv4 = vaddq_f32(vdupq_n_f32(fbig), vdupq_n_f32(fbig)))
CASE(vmul_exact, rv4 = vmulq_f32(vdupq_n_f32(f3), vdupq_n_f32(f3)))
CASE(vdiv_zero, rv4 = vdivq_f32(vdupq_n_f32(f1), vdupq_n_f32(f0)))
CASE(vfma_inexact, rv4 = vfmaq_f32(vdupq_n_f32(f1), vdupq_n_f32(0.1f), vdupq_n_f32(f3)))
CASE(vcvt_range, riv4 = vcvtq_s32_f32(vdupq_n_f32(fbig)))
CASE(vcvt_inexact, riv4 = vcvtq_s32_f32(vdupq_n_f32(1.5f * f1)))
CASE(vcvtn_inexact, riv4 = vcvtnq_s32_f32(vdupq_n_f32(1.5f * f1)))
CASE(vcvt_from_int, rv4 = vcvtq_f32_s32(vdupq_n_s32((int)l2p24p1)))
CASE(vcgt_qnan, ruv4 = vcgtq_f32(vdupq_n_f32(fqnan), vdupq_n_f32(f1)))
CASE(vceq_qnan, ruv4 = vceqq_f32(vdupq_n_f32(fqnan), vdupq_n_f32(f1)))
CASE(vceqz_snan, ruv4 = vceqzq_f32(vdupq_n_f32(fsnan())))
CASE(vcltz_qnan, ruv4 = vcltzq_f32(vdupq_n_f32(fqnan)))
CASE(vrecpe_zero, rv4 = vrecpeq_f32(vdupq_n_f32(f0)))
CASE(vrecpe_tiny, rv4 = vrecpeq_f32(vdupq_n_f32(ftiny * 1e-2f)))
CASE(vrecpe_normal, rv4 = vrecpeq_f32(vdupq_n_f32(f3)))
CASE(vrsqrte_neg, rv4 = vrsqrteq_f32(vdupq_n_f32(fm1)))
CASE(vrecps_inf_zero, rv4 = vrecpsq_f32(vdupq_n_f32(finf), vdupq_n_f32(f0)))
CASE(vrsqrts_inf_zero, rv4 = vrsqrtsq_f32(vdupq_n_f32(finf), vdupq_n_f32(f0)))
CASE(vrecps_inexact, rv4 = vrecpsq_f32(vdupq_n_f32(0.1f), vdupq_n_f32(f3)))
CASE(vmulx_inf_zero, rv4 = vmulxq_f32(vdupq_n_f32(finf), vdupq_n_f32(f0)))
CASE(vmul_inf_zero, rv4 = vmulq_f32(vdupq_n_f32(finf), vdupq_n_f32(f0)))
CASE(vrndx_inexact, rv4 = vrndxq_f32(vdupq_n_f32(1.5f * f1)))
CASE(vrndi_inexact, rv4 = vrndiq_f32(vdupq_n_f32(1.5f * f1)))
CASE(vcvtn_narrow_overflow, rv2 = vcvt_f32_f64(vdupq_n_f64(dbig)))
CASE(vcvtx_narrow_inexact, rv2 = vcvtx_f32_f64(vdupq_n_f64(d1 / d3)))
CASE(vcvtx_narrow_overflow, rv2 = vcvtx_f32_f64(vdupq_n_f64(dbig)))
CASE(vcvtl_snan, rd = vgetq_lane_f64(vcvt_f64_f32(vdup_n_f32(fsnan())), 0))
CASE(to_half_overflow, rh4 = vcvt_f16_f32(vdupq_n_f32(fbig)))
CASE(to_half_inexact, rh4 = vcvt_f16_f32(vdupq_n_f32(f1 / f3)))
CASE(to_half_exact, rh4 = vcvt_f16_f32(vdupq_n_f32(f3)))
CASE(from_half, rv4 = vcvt_f32_f16(vreinterpret_f16_u16(vdup_n_u16(hbig))))
CASE(vmaxnm_snan, rv4 = vmaxnmq_f32(vdupq_n_f32(fsnan()), vdupq_n_f32(f1)))
CASE(vaddp_inexact, rv4 = vpaddq_f32(vsetq_lane_f32(1e-10f, vdupq_n_f32(f1), 1), vdupq_n_f32(f1)))

struct entry { const char *name; void (*op)(void); };
#define E(n) { #n, n }
static const struct entry cases[] = {
  E(add_exact), E(add_inexact), E(sub_cancel), E(add_overflow), E(mul_overflow), E(mul_underflow),
  E(mul_exact_subnormal), E(mul_inexact_subnormal), E(mul_exact), E(mul_inexact), E(div_exact),
  E(div_inexact), E(div_zero), E(div_zero_zero), E(div_inf_zero), E(inf_minus_inf), E(zero_times_inf),
  E(sqrt_neg), E(sqrt_exact), E(sqrt_inexact), E(qnan_add), E(snan_add), E(fma_exact), E(fma_inexact),
  E(fma_invalid), E(fma_overflow), E(min_normal_edge), E(fadd_exact), E(fadd_inexact), E(fmul_overflow),
  E(fmul_underflow), E(fmul_exact), E(fdiv_inexact), E(fdiv_zero), E(fsqrt_inexact), E(fmin_edge),
  E(fsnan_mul), E(cmp_eq_qnan), E(cmp_lt_qnan), E(cmp_eq_snan), E(fmax_snan), E(fmax_qnan),
  E(to_int_inexact), E(to_int_exact), E(to_int_range), E(to_int_nan), E(to_unsigned_neg),
  E(to_unsigned_small_neg), E(to_long_big), E(from_long_inexact), E(from_ulong_inexact), E(from_long_exact),
  E(int_to_float_inexact), E(int_to_float_exact), E(narrow_inexact), E(narrow_exact), E(narrow_overflow),
  E(narrow_underflow), E(narrow_snan), E(widen_snan), E(widen_qnan), E(rint_inexact), E(nearbyint_inexact),
  E(floor_snan), E(vadd_overflow), E(vmul_exact), E(vdiv_zero), E(vfma_inexact), E(vcvt_range),
  E(vcvt_inexact), E(vcvtn_inexact), E(vcvt_from_int), E(vcgt_qnan), E(vceq_qnan), E(vceqz_snan),
  E(vcltz_qnan), E(vrecpe_zero), E(vrecpe_tiny), E(vrecpe_normal), E(vrsqrte_neg), E(vrecps_inf_zero),
  E(vrsqrts_inf_zero), E(vrecps_inexact), E(vmulx_inf_zero), E(vmul_inf_zero), E(vrndx_inexact),
  E(vrndi_inexact), E(vcvtn_narrow_overflow), E(vcvtx_narrow_inexact), E(vcvtx_narrow_overflow),
  E(vcvtl_snan), E(to_half_overflow), E(to_half_inexact), E(to_half_exact), E(from_half), E(vmaxnm_snan),
  E(vaddp_inexact),
};

int main(int argc, char **argv) {
  /* Rounds after the first run the same code again (translated code once it is hot). */
  int rounds = argc > 1 ? atoi(argv[1]) : 1;
  for (int round = 0; round < rounds; round++)
    for (int pre = 0; pre < 2; pre++)
      for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) show(cases[k].name, pre, cases[k].op);
  /* Overflow near the largest finite value in the directed modes, where the nearest result is finite. */
  static const int modes[] = { FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
  static const char *names[] = { "upward", "downward", "towardzero" };
  for (int m = 0; m < 3; m++) {
    fesetround(modes[m]);
    char label[40];
    snprintf(label, sizeof label, "%s_max_plus", names[m]);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_INEXACT);
    rd = 1.7976931348623157e308 + 1e292 * d1;
    int e = fetestexcept(FE_OVERFLOW);
    printf("%s: overflow=%d\n", label, e != 0);
  }
  fesetround(FE_TONEAREST);
  /* Only the defined bits of FPSR and FPCR are writable. */
  unsigned long ones = ~0ul, fpsr, fpcr, zero = 0;
  __asm__ volatile("msr fpsr, %2; mrs %0, fpsr; msr fpcr, %2; mrs %1, fpcr; msr fpcr, %3; msr fpsr, %3"
                   : "=&r"(fpsr), "=&r"(fpcr) : "r"(ones), "r"(zero));
  printf("writable: fpsr %lx fpcr %lx\n", fpsr, fpcr);
  return 0;
}
