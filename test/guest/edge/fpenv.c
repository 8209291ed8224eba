/*
 * The floating-point environment through <fenv.h>, portable C99: results of basic operations in
 * each rounding mode, the exception flags an operation raises, and (in the -Ofast build, where
 * gcc may enable flush-to-zero at start-up) a product whose exact value is subnormal.
 */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits64(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static uint32_t bits32(float x) { uint32_t u; memcpy(&u, &x, sizeof u); return u; }

/* volatile operands keep gcc from folding the operations at compile time. */
static volatile double one = 1.0, two = 2.0, three = 3.0, zero = 0.0, big = 1e300, tiny = 1e-300, small = 1e-20, half = 2.5;
static volatile float twof = 2.0f, threef = 3.0f;

static void flags(const char *what) {
  int f = fetestexcept(FE_ALL_EXCEPT);
  printf("%s:%s%s%s%s%s\n", what, f & FE_INEXACT ? " inexact" : "", f & FE_UNDERFLOW ? " underflow" : "",
         f & FE_OVERFLOW ? " overflow" : "", f & FE_DIVBYZERO ? " divbyzero" : "", f & FE_INVALID ? " invalid" : "");
  feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
  static const struct { int mode; const char *name; } modes[] = {
    { FE_TONEAREST, "tonearest" }, { FE_UPWARD, "upward" }, { FE_DOWNWARD, "downward" }, { FE_TOWARDZERO, "towardzero" },
  };
  for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    if (fesetround(modes[i].mode) != 0) { printf("%s: fesetround failed\n", modes[i].name); continue; }
    volatile double third = one / three;
    printf("%s: 1/3=%016llx -1/3=%016llx 2/3f=%08lx sqrt2=%016llx fma=%016llx lrint=%ld,%ld\n", modes[i].name,
           (unsigned long long)bits64(third), (unsigned long long)bits64(-one / three), (unsigned long)bits32(twof / threef),
           (unsigned long long)bits64(sqrt(two)), (unsigned long long)bits64(third * three + third),
           lrint(half), lrint(-half));
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double r;
  r = one + two; flags("exact");
  r = one / three; flags("inexact");
  r = big * big; flags("overflow");
  r = tiny * tiny; flags("underflow");
  r = one / zero; flags("divbyzero");
  r = zero / zero; flags("invalid");
  (void)r;
  printf("denormal product: %a\n", tiny * small);
  return 0;
}
