/* FPSR.QC (cumulative saturation, bit 27) after saturating NEON operations: each case clears
 * FPSR, runs one intrinsic on inputs the compiler cannot see (so nothing is folded or moved
 * across the FPSR accesses), reads FPSR and prints QC and the result bytes. A label ending in
 * "sat" has a saturating lane, one ending in "ok" has none (test/guest/edge/edge.test.ts). */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void clear_fpsr(void) { __asm__ volatile("msr fpsr, xzr" ::: "memory"); }
static int read_qc(void) {
  uint64_t v;
  __asm__ volatile("mrs %0, fpsr" : "=r"(v) : : "memory");
  return (int)((v >> 27) & 1);
}
/* An input pointer laundered through asm after FPSR is cleared: loads happen after the clear. */
static inline const void *hide(const void *p) {
  __asm__ volatile("" : "+r"(p) : : "memory");
  return p;
}
#define IN(T, x) (*(const T *)hide(&(x)))

static void report(const char *label, int qc, const void *r, size_t n) {
  printf("%s: qc=%d r=", label, qc);
  for (size_t i = n; i-- > 0;) printf("%02x", ((const uint8_t *)r)[i]);
  printf("\n");
}

/* Run `expr` between clearing and reading FPSR; "+m" forces the result to exist before the read. */
#define CASE(label, T, expr) do {          \
    clear_fpsr();                          \
    T r_ = (expr);                         \
    __asm__ volatile("" : "+m"(r_));       \
    report(label, read_qc(), &r_, sizeof r_); \
  } while (0)

static const int8_t s8_max[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 127 };
static const int8_t s8_almost[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 126 };
static const int8_t s8_one[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
static const int8_t s8_min[16] = { 5, -5, -128, 3 };
static const int8_t s8_neg[16] = { 5, -5, -127, 3 };
static const int8_t s8_small[16] = { 0, -1, 5, 0 };
static const int8_t s8_m1[16] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
static const uint8_t u8_big[16] = { 1, 2, 250, 255 };
static const uint16_t u16_a[8] = { 5, 6, 7, 0 };
static const uint16_t u16_b[8] = { 5, 6, 7, 1 };
static const int16_t s16_min[8] = { 1, 2, -32768, 3 };
static const int16_t s16_max[8] = { 1, 2, 32767, 3 };
static const int16_t s16_big[8] = { 0, 0, 0, 0, 0, 0, 0, 0x4000 };
static const int16_t s16_mid[8] = { 0, 0, 0, 0, 0, 0, -0x4000, 0x3fff };
static const int16_t s16_narrow[8] = { 127, -128, 0, 200 };
static const int16_t s16_fits[8] = { 127, -128, 0, 100 };
static const int32_t s32_wide[4] = { 1, 70000, -3, 4 };
static const int32_t s32_fits[4] = { 1, 32767, -32768, 4 };
static const int32_t s32_min[4] = { 0, 0, 0, INT32_MIN };
static const int32_t s32_shift[4] = { 0, 0, 0, 32 };
static const int32_t s32_shift_ok[4] = { 0, 0, 0, 16 };
static const int32_t s32_one[4] = { 0, 0, 0, 1 };
static const int32_t s32_acc[4] = { 0, 0, 0, INT32_MAX - 1 };
static const int64_t s64_min = INT64_MIN, s64_max = INT64_MAX, s64_one = 1;
static const int8_t b_max = 127, b_one = 1, b_min = -128;
static const int32_t w_big = 0x7fffffff, w_min = INT32_MIN;
static const int16_t h_min = -32768, h_one = 1;
static const uint64_t u64_big[2] = { 0xffffffffull, 0x100000000ull };
static const uint64_t u64_huge[2] = { 0xffffffffull, 0x3ffffffffull };
static const uint64_t u64_fits[2] = { 0xffffffffull, 0 };

int main(void) {
  /* SQADD/UQADD/SQSUB/UQSUB, vector and scalar */
  CASE("sqadd 16b sat", int8x16_t, vqaddq_s8(vld1q_s8(hide(s8_max)), vld1q_s8(hide(s8_one))));
  CASE("sqadd 16b ok", int8x16_t, vqaddq_s8(vld1q_s8(hide(s8_almost)), vld1q_s8(hide(s8_one))));
  CASE("uqsub 8h sat", uint16x8_t, vqsubq_u16(vld1q_u16(hide(u16_a)), vld1q_u16(hide(u16_b))));
  CASE("uqsub 8h ok", uint16x8_t, vqsubq_u16(vld1q_u16(hide(u16_b)), vld1q_u16(hide(u16_a))));
  CASE("uqadd 16b sat", uint8x16_t, vqaddq_u8(vld1q_u8(hide(u8_big)), vld1q_u8(hide(u8_big))));
  CASE("sqadd b sat", int8_t, vqaddb_s8(IN(int8_t, b_max), IN(int8_t, b_one)));
  CASE("sqadd b ok", int8_t, vqaddb_s8(IN(int8_t, b_min), IN(int8_t, b_max)));
  CASE("sqsub d sat", int64_t, vqsubd_s64(IN(int64_t, s64_min), IN(int64_t, s64_one)));
  CASE("sqadd d ok", int64_t, vqaddd_s64(IN(int64_t, s64_min), IN(int64_t, s64_max)));
  CASE("sqsub s sat", int32_t, vqsubs_s32(IN(int32_t, w_min), IN(int32_t, w_big)));
  /* SQABS/SQNEG */
  CASE("sqabs 16b sat", int8x16_t, vqabsq_s8(vld1q_s8(hide(s8_min))));
  CASE("sqabs 16b ok", int8x16_t, vqabsq_s8(vld1q_s8(hide(s8_neg))));
  CASE("sqneg 4s sat", int32x4_t, vqnegq_s32(vld1q_s32(hide(s32_min))));
  CASE("sqabs b sat", int8_t, vqabsb_s8(IN(int8_t, b_min)));
  CASE("sqneg h ok", int16_t, vqnegh_s16(IN(int16_t, h_one)));
  /* SUQADD/USQADD */
  CASE("suqadd 16b sat", int8x16_t, vuqaddq_s8(vld1q_s8(hide(s8_max)), vld1q_u8(hide(u8_big))));
  CASE("suqadd 16b ok", int8x16_t, vuqaddq_s8(vld1q_s8(hide(s8_min)), vld1q_u8(hide(s8_one))));
  CASE("usqadd 16b sat", uint8x16_t, vsqaddq_u8(vld1q_u8(hide(u8_big)), vld1q_s8(hide(s8_neg))));
  CASE("usqadd 16b ok", uint8x16_t, vsqaddq_u8(vld1q_u8(hide(u8_big)), vld1q_s8(hide(s8_small))));
  /* SQXTN/UQXTN/SQXTUN and the "2" forms */
  CASE("sqxtn 4h sat", int16x4_t, vqmovn_s32(vld1q_s32(hide(s32_wide))));
  CASE("sqxtn 4h ok", int16x4_t, vqmovn_s32(vld1q_s32(hide(s32_fits))));
  CASE("sqxtn2 16b sat", int8x16_t, vqmovn_high_s16(vdup_n_s8(0), vld1q_s16(hide(s16_narrow))));
  CASE("sqxtn2 16b ok", int8x16_t, vqmovn_high_s16(vdup_n_s8(0), vld1q_s16(hide(s16_fits))));
  CASE("sqxtun 8b sat", uint8x8_t, vqmovun_s16(vld1q_s16(hide(s16_fits))));
  CASE("uqxtn 2s sat", uint32x2_t, vqmovn_u64(vld1q_u64(hide(u64_big))));
  CASE("uqxtn 2s ok", uint32x2_t, vqmovn_u64(vld1q_u64(hide(u64_fits))));
  /* SQSHL/UQSHL/SQSHLU by immediate and by register, SQRSHL/UQRSHL */
  CASE("sqshl 8h #1 sat", int16x8_t, vqshlq_n_s16(vld1q_s16(hide(s16_big)), 1));
  CASE("sqshl 8h #1 ok", int16x8_t, vqshlq_n_s16(vld1q_s16(hide(s16_mid)), 1));
  CASE("sqshlu 16b #0 sat", uint8x16_t, vqshluq_n_s8(vld1q_s8(hide(s8_neg)), 0));
  CASE("sqshlu 16b #1 ok", uint8x16_t, vqshluq_n_s8(vld1q_s8(hide(s8_almost)), 1));
  CASE("sqshl 4s reg sat", int32x4_t, vqshlq_s32(vld1q_s32(hide(s32_one)), vld1q_s32(hide(s32_shift))));
  CASE("sqshl 4s reg ok", int32x4_t, vqshlq_s32(vld1q_s32(hide(s32_one)), vld1q_s32(hide(s32_shift_ok))));
  CASE("uqrshl 16b reg sat", uint8x16_t, vqrshlq_u8(vld1q_u8(hide(u8_big)), vld1q_s8(hide(s8_one))));
  CASE("uqrshl 16b right ok", uint8x16_t, vqrshlq_u8(vld1q_u8(hide(u8_big)), vld1q_s8(hide(s8_m1))));
  /* Saturating shift right and narrow */
  CASE("sqshrn 4h #1 sat", int16x4_t, vqshrn_n_s32(vld1q_s32(hide(s32_wide)), 1));
  CASE("sqshrn 4h #3 ok", int16x4_t, vqshrn_n_s32(vld1q_s32(hide(s32_wide)), 3));
  CASE("sqrshrun 8b #1 sat", uint8x8_t, vqrshrun_n_s16(vld1q_s16(hide(s16_fits)), 1));
  CASE("uqrshrn 2s #1 sat", uint32x2_t, vqrshrn_n_u64(vld1q_u64(hide(u64_huge)), 1));
  CASE("uqshrn 2s #2 ok", uint32x2_t, vqshrn_n_u64(vld1q_u64(hide(u64_big)), 2));
  /* SQDMULH/SQRDMULH: vector, by element, scalar */
  CASE("sqdmulh 8h sat", int16x8_t, vqdmulhq_s16(vld1q_s16(hide(s16_min)), vld1q_s16(hide(s16_min))));
  CASE("sqdmulh 8h ok", int16x8_t, vqdmulhq_s16(vld1q_s16(hide(s16_min)), vld1q_s16(hide(s16_max))));
  CASE("sqrdmulh 4s sat", int32x4_t, vqrdmulhq_s32(vld1q_s32(hide(s32_min)), vld1q_s32(hide(s32_min))));
  CASE("sqrdmulh 4s ok", int32x4_t, vqrdmulhq_s32(vld1q_s32(hide(s32_min)), vld1q_s32(hide(s32_acc))));
  CASE("sqdmulh 8h lane sat", int16x8_t, vqdmulhq_laneq_s16(vld1q_s16(hide(s16_min)), vld1q_s16(hide(s16_min)), 2));
  CASE("sqdmulh 8h lane ok", int16x8_t, vqdmulhq_laneq_s16(vld1q_s16(hide(s16_min)), vld1q_s16(hide(s16_min)), 1));
  CASE("sqrdmulh s sat", int32_t, vqrdmulhs_s32(IN(int32_t, w_min), IN(int32_t, w_min)));
  CASE("sqdmulh h ok", int16_t, vqdmulhh_s16(IN(int16_t, h_min), IN(int16_t, h_one)));
  /* SQDMULL/SQDMLAL/SQDMLSL: vector, "2", by element, scalar */
  CASE("sqdmull 4s sat", int32x4_t, vqdmull_s16(vld1_s16(hide(s16_min)), vld1_s16(hide(s16_min))));
  CASE("sqdmull 4s ok", int32x4_t, vqdmull_s16(vld1_s16(hide(s16_min)), vld1_s16(hide(s16_max))));
  CASE("sqdmull2 2d sat", int64x2_t, vqdmull_high_s32(vld1q_s32(hide(s32_min)), vld1q_s32(hide(s32_min))));
  CASE("sqdmlal 4s acc sat", int32x4_t, vqdmlal_s16(vld1q_s32(hide(s32_acc)), vld1_s16(hide(s16_max)), vld1_s16(hide(s16_max))));
  CASE("sqdmlal 4s ok", int32x4_t, vqdmlal_s16(vld1q_s32(hide(s32_one)), vld1_s16(hide(s16_max)), vld1_s16(hide(s16_max))));
  CASE("sqdmlsl 2d sat", int64x2_t, vqdmlsl_s32(vdupq_n_s64(IN(int64_t, s64_min)), vld1_s32(hide(s32_wide)), vld1_s32(hide(s32_wide))));
  CASE("sqdmlal 4s lane prod sat", int32x4_t, vqdmlal_lane_s16(vld1q_s32(hide(s32_wide)), vld1_s16(hide(s16_min)), vld1_s16(hide(s16_min)), 2));
  CASE("sqdmlal h sat", int32_t, vqdmlalh_s16(IN(int32_t, w_big), IN(int16_t, h_one), IN(int16_t, h_one)));
  CASE("sqdmlsl s ok", int64_t, vqdmlsls_s32(IN(int64_t, s64_one), IN(int32_t, w_big), IN(int32_t, w_big)));
  CASE("sqdmull h sat", int32_t, vqdmullh_s16(IN(int16_t, h_min), IN(int16_t, h_min)));

  /* QC is cumulative: a later non-saturating operation leaves it set. */
  clear_fpsr();
  int8x16_t sat = vqaddq_s8(vld1q_s8(hide(s8_max)), vld1q_s8(hide(s8_one)));
  __asm__ volatile("" : "+m"(sat));
  int8x16_t ok = vqaddq_s8(vld1q_s8(hide(s8_almost)), vld1q_s8(hide(s8_one)));
  __asm__ volatile("" : "+m"(ok));
  report("sticky", read_qc(), &ok, sizeof ok);
  return 0;
}
