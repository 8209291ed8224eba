/* Floating-point edge cases: NaN propagation and the default NaN, signed zeros, rounding modes
 * through fesetround (FPCR.RMode), and saturating float -> integer conversion. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double vd[] = { 1.5, -1.5, 2.5, -2.5, 0.1, 1e308, -0.0, 3.0 };
static volatile double v_one = 1.0, v_three = 3.0, v_zero = 0.0, v_inf = INFINITY;
static volatile float vf_big = 3e9f;

static uint64_t bits64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double from64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint32_t bits32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

int main(void) {
  /* NaNs: inf-inf and 0/0 give the default NaN; a quiet NaN operand propagates with its payload;
   * a signalling NaN is quietened. */
  printf("inf-inf: %016llx\n", (unsigned long long)bits64(v_inf - v_inf));
  printf("0/0: %016llx\n", (unsigned long long)bits64(v_zero / v_zero));
  volatile double qnan = from64(0xfff8000000001234ull), snan = from64(0x7ff0000000005678ull);
  printf("qnan+1: %016llx\n", (unsigned long long)bits64(qnan + v_one));
  printf("1+snan: %016llx\n", (unsigned long long)bits64(v_one + snan));
  printf("qnan+snan: %016llx\n", (unsigned long long)bits64(qnan + snan));
  printf("sqrt(-1): %016llx\n", (unsigned long long)bits64(sqrt(-v_one)));
  printf("fmin(nan,1): %g fmax(1,nan): %g\n", fmin(qnan, v_one), fmax(v_one, qnan));
  printf("-0+0: %016llx -0*-1: %016llx\n", (unsigned long long)bits64(vd[6] + v_zero), (unsigned long long)bits64(vd[6] * -v_one));

  /* Rounding modes: arithmetic and rint follow FPCR.RMode. */
  static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
  static const char *names[] = { "nearest", "upward", "downward", "towardzero" };
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    printf("%s: 1/3=%016llx", names[m], (unsigned long long)bits64(v_one / v_three));
    printf(" -1/3=%016llx", (unsigned long long)bits64(-v_one / v_three));
    printf(" 0.1f=%08x", bits32((float)vd[4]));
    printf(" rint:");
    for (int i = 0; i < 4; i++) printf(" %g", rint(vd[i]));
    printf(" lrint(2.5)=%ld\n", lrint(vd[2]));
  }
  fesetround(FE_TONEAREST);

  /* Float -> integer conversions saturate, NaN -> 0 (FCVTZS/FCVTZU). */
  volatile double big = vd[5], nan = qnan, neg = -vd[5];
  int64_t r64; int32_t r32; uint32_t u32;
  __asm__("fcvtzs %0, %d1" : "=r"(r64) : "w"(big)); printf("fcvtzs 1e308: %lld\n", (long long)r64);
  __asm__("fcvtzs %0, %d1" : "=r"(r64) : "w"(neg)); printf("fcvtzs -1e308: %lld\n", (long long)r64);
  __asm__("fcvtzs %w0, %d1" : "=r"(r32) : "w"(nan)); printf("fcvtzs nan: %d\n", r32);
  __asm__("fcvtzu %w0, %d1" : "=r"(u32) : "w"(neg)); printf("fcvtzu -1e308: %u\n", u32);
  __asm__("fcvtzs %w0, %s1" : "=r"(r32) : "w"(vf_big)); printf("fcvtzs 3e9f: %d\n", r32);
  __asm__("fcvtas %w0, %d1" : "=r"(r32) : "w"(vd[3])); printf("fcvtas -2.5: %d\n", r32);
  __asm__("fcvtns %w0, %d1" : "=r"(r32) : "w"(vd[2])); printf("fcvtns 2.5: %d\n", r32);
  return 0;
}
