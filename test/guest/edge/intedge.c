/* Integer edge cases: wrap-around, division by zero (AArch64 gives 0, no trap), INT_MIN / -1,
 * shifts by amounts >= the width (the hardware takes the amount modulo the width). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

/* volatile keeps gcc from folding the operations at compile time. */
static volatile int64_t v_min64 = INT64_MIN, v_max64 = INT64_MAX, v_zero = 0, v_m1 = -1;
static volatile int32_t v_min32 = INT32_MIN, v_zero32 = 0, v_m132 = -1;
static volatile uint32_t v_u = 0x80000001u;
static volatile int v_sh[] = { 0, 1, 31, 32, 33, 63, 64, 65, 127 };

static int64_t sdiv64(int64_t a, int64_t b) { int64_t r; __asm__("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t udiv64(uint64_t a, uint64_t b) { uint64_t r; __asm__("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int32_t sdiv32(int32_t a, int32_t b) { int32_t r; __asm__("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t lslv(uint64_t a, uint64_t s) { uint64_t r; __asm__("lsl %0, %1, %2" : "=r"(r) : "r"(a), "r"(s)); return r; }
static uint32_t lsrv32(uint32_t a, uint32_t s) { uint32_t r; __asm__("lsr %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(s)); return r; }
static int64_t asrv(int64_t a, uint64_t s) { int64_t r; __asm__("asr %0, %1, %2" : "=r"(r) : "r"(a), "r"(s)); return r; }
static uint64_t rorv(uint64_t a, uint64_t s) { uint64_t r; __asm__("ror %0, %1, %2" : "=r"(r) : "r"(a), "r"(s)); return r; }

int main(void) {
  printf("add wrap: %llx\n", (unsigned long long)((uint64_t)v_max64 + 1));
  printf("neg min: %llx\n", (unsigned long long)(0 - (uint64_t)v_min64));
  printf("mul wrap: %llx\n", (unsigned long long)((uint64_t)v_max64 * 3));
  printf("sdiv x/0: %lld\n", (long long)sdiv64(42, v_zero));
  printf("udiv x/0: %llu\n", (unsigned long long)udiv64(42, v_zero));
  printf("sdiv min/-1: %llx\n", (unsigned long long)sdiv64(v_min64, v_m1));
  printf("sdiv32 min/-1: %x\n", (unsigned)sdiv32(v_min32, v_m132));
  printf("sdiv32 x/0: %d\n", sdiv32(-7, v_zero32));
  printf("msub rem x%%0: %lld\n", (long long)(-7 - sdiv64(-7, v_zero) * v_zero));
  for (unsigned i = 0; i < sizeof v_sh / sizeof v_sh[0]; i++) {
    int s = v_sh[i];
    printf("shift %d: lsl %llx lsr32 %x asr %llx ror %llx\n", s, (unsigned long long)lslv(0x8000000000000001ull, s),
           lsrv32(v_u, s), (unsigned long long)asrv(v_min64, s), (unsigned long long)rorv(0x0123456789abcdefull, s));
  }
  int32_t ov;
  printf("add overflow flag: %d\n", __builtin_add_overflow(v_min32, v_m132, &ov));
  printf("sub overflow flag: %d %x\n", __builtin_sub_overflow(v_min32, 1, &ov), (unsigned)ov);
  return 0;
}
