/* Freestanding test program for the ARM frontend's differential test (kernels.test.ts): it
 * computes a mix of integer, 64-bit, floating-point, switch-table, string and bit-manipulation
 * results and writes them as text with the write syscall, then exits. Built static without libc
 * (only libgcc) in A32 and Thumb at several optimisation levels, and run under qemu-arm and
 * under the frontend; the outputs must be equal. */
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;

__attribute__((naked, noinline)) static long sys3(long nr, long a, long b, long c) {
  __asm__ volatile("push {r7}\n mov r7, r0\n mov r0, r1\n mov r1, r2\n mov r2, r3\n svc 0\n pop {r7}\n bx lr\n");
}

/* libgcc's division-by-zero path calls raise(); nothing here divides by zero. */
int raise(int sig) { return sig; }

static char buf[16384];
static int pos;

static void put(const char *s) { while (*s) buf[pos++] = *s++; }
static void hex(u64 v) {
  char t[17];
  for (int i = 15; i >= 0; i--) { t[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
  t[16] = 0;
  put(t);
  put("\n");
}

volatile u32 seed = 12345;
static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return seed; }

__attribute__((noinline)) static s32 classify(s32 x) {
  switch (x & 15) {
    case 0: return x * 3;
    case 1: return x ^ 0x55;
    case 2: return x >> 3;
    case 3: return -x;
    case 4: return x + 1000;
    case 5: return x / 7;
    case 6: return x % 13;
    case 7: return (u32)x >> 5;
    case 8: return x & 0xff00;
    case 9: return x | 1;
    case 10: return ~x;
    case 11: return x * x;
    case 12: return x << 2;
    default: return 42;
  }
}

__attribute__((noinline)) static u32 crc32(const unsigned char *p, int n) {
  u32 c = 0xffffffffu;
  for (int i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1));
  }
  return ~c;
}

__attribute__((noinline)) static void sort(s32 *a, int n) {
  for (int i = 1; i < n; i++) {
    s32 v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

__attribute__((noinline)) static double poly(double x) {
  double r = 0;
  for (int i = 0; i < 10; i++) r = r * x + (double)(i + 1) / 3.0;
  return r;
}

__attribute__((noinline)) static float fpoly(float x) {
  float r = 0;
  for (int i = 0; i < 10; i++) r = r * x + (float)(i + 1) / 7.0f;
  return r;
}

/* Loops gcc -O3 vectorises (with NEON when the build allows it). */
static unsigned char va[1024], vb[1024];
static short vs[1024], vt[1024];
static s32 vi[1024], vj[1024];

__attribute__((noinline)) static u32 sum_bytes(const unsigned char *p, int n) {
  u32 s = 0;
  for (int i = 0; i < n; i++) s += p[i];
  return s;
}
__attribute__((noinline)) static s32 dot_shorts(const short *a, const short *b, int n) {
  s32 s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
__attribute__((noinline)) static void saxpy_int(s32 *y, const s32 *x, s32 a, int n) {
  for (int i = 0; i < n; i++) y[i] = a * x[i] + (y[i] >> 3);
}
__attribute__((noinline)) static void minmax_bytes(unsigned char *d, const unsigned char *a, const unsigned char *b, int n) {
  for (int i = 0; i < n; i++) d[i] = a[i] > b[i] ? a[i] - b[i] : (unsigned char)((a[i] | b[i]) ^ 0x5a);
}
__attribute__((noinline)) static s32 max_int(const s32 *a, int n) {
  s32 m = a[0];
  for (int i = 1; i < n; i++) m = a[i] > m ? a[i] : m;
  return m;
}
__attribute__((noinline)) static void widen(s32 *d, const short *a, int n) {
  for (int i = 0; i < n; i++) d[i] = (a[i] << 2) - (a[i] >> 1);
}

/* Float loops (vectorised only with -funsafe-math-optimizations, which the NEON builds add) and
 * integer idioms gcc maps to NEON's saturating, halving, absolute-difference and narrowing forms. */
static float fa[1024], fb[1024], fc[1024];
static unsigned short vu[1024];

__attribute__((noinline)) static void saxpy(float *y, const float *x, float a, int n) {
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}
__attribute__((noinline)) static float dot(const float *a, const float *b, int n) {
  float s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
__attribute__((noinline)) static float fmax_all(const float *a, int n) {
  float m = a[0];
  for (int i = 1; i < n; i++) m = a[i] > m ? a[i] : m;
  return m;
}
__attribute__((noinline)) static float fmin_all(const float *a, int n) {
  float m = a[0];
  for (int i = 1; i < n; i++) m = a[i] < m ? a[i] : m;
  return m;
}
__attribute__((noinline)) static void fabsdiff(float *d, const float *a, const float *b, int n) {
  for (int i = 0; i < n; i++) d[i] = __builtin_fabsf(a[i] - b[i]) - (a[i] > 0.0f ? a[i] : -a[i]);
}
__attribute__((noinline)) static void to_float(float *d, const s32 *a, const u32 *b, int n) {
  for (int i = 0; i < n; i++) d[i] = (float)a[i] * 0.25f + (float)b[i];
}
__attribute__((noinline)) static void to_int(s32 *d, u32 *e, const float *a, int n) {
  for (int i = 0; i < n; i++) { d[i] = (s32)(a[i] * 3.0f); e[i] = (u32)(a[i] < 0 ? -a[i] : a[i]); }
}
__attribute__((noinline)) static void fdiv(float *d, const float *a, const float *b, int n) {
  for (int i = 0; i < n; i++) d[i] = a[i] / b[i] + 1.0f / __builtin_sqrtf(b[i] < 0 ? -b[i] : b[i]);
}
__attribute__((noinline)) static void fselect(float *d, const float *a, const float *b, int n) {
  for (int i = 0; i < n; i++) d[i] = a[i] >= b[i] ? a[i] * b[i] : a[i] - 2.0f * b[i];
}
__attribute__((noinline)) static void sat_add(unsigned char *d, const unsigned char *a, const unsigned char *b, int n) {
  for (int i = 0; i < n; i++) { unsigned v = a[i] + b[i]; d[i] = v > 255 ? 255 : v; }
}
__attribute__((noinline)) static void sat_sub_s16(short *d, const short *a, const short *b, int n) {
  for (int i = 0; i < n; i++) { int v = a[i] - b[i]; d[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v; }
}
__attribute__((noinline)) static void average(unsigned char *d, const unsigned char *a, const unsigned char *b, int n) {
  for (int i = 0; i < n; i++) d[i] = (a[i] + b[i] + 1) >> 1;
}
__attribute__((noinline)) static u32 sad(const unsigned char *a, const unsigned char *b, int n) {
  u32 s = 0;
  for (int i = 0; i < n; i++) s += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
  return s;
}
__attribute__((noinline)) static void mulhi(short *d, const short *a, const short *b, int n) {
  for (int i = 0; i < n; i++) d[i] = (a[i] * b[i]) >> 16;
}
__attribute__((noinline)) static void clamp_bytes(unsigned char *d, const s32 *a, int n) {
  for (int i = 0; i < n; i++) { s32 v = a[i] >> 20; d[i] = v < 0 ? 0 : v > 255 ? 255 : v; }
}
__attribute__((noinline)) static void narrow(unsigned short *d, const u32 *a, int n) {
  for (int i = 0; i < n; i++) d[i] = (unsigned short)((a[i] + 128) >> 8);
}
__attribute__((noinline)) static void varshift(s32 *d, const s32 *a, const s32 *s, int n) {
  for (int i = 0; i < n; i++) d[i] = a[i] << (s[i] & 15);
}
__attribute__((noinline)) static u64 sum64(const s32 *a, int n) {
  s64 s = 0;
  for (int i = 0; i < n; i++) s += (s64)a[i] * 3;
  return (u64)s;
}

static u64 hash_bytes(const void *p, int n) {
  const unsigned char *b = p;
  u64 h = 1469598103934665603ull;
  for (int i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

union dbits { double d; u64 u; };
union fbits { float f; u32 u; };

void _start(void) __attribute__((naked, noreturn));
__attribute__((used)) static void run(void) {
  u64 acc = 0;
  for (int i = 0; i < 200; i++) {
    u32 a = rnd(), b = rnd() | 1;
    s32 sa = (s32)a, sb = (s32)b;
    acc = acc * 31 + a / b + a % b + (u32)(sa / sb) + (u32)(sa % sb);
    acc ^= (u64)a * b + ((s64)sa * sb >> 7);
    acc += (u64)classify(sa) + __builtin_clz(b) + __builtin_popcount(a) + __builtin_ctz(b);
    acc += ((u64)a << 32 | b) / ((u64)(b >> 3) + 1) + ((s64)((u64)a << 32 | b)) % 1000003;
    acc += (u32)((a >> 3) & 0x1f) + (u32)(sa >> (b & 31)) + (a << (b & 31)) + __builtin_bswap32(a);
    acc += (unsigned short)a + (signed char)b + (short)(a >> 7);
    acc += a > b ? 1 : 2;
    acc += sa < sb ? 3 : 4;
  }
  hex(acc);
  for (int x = -20; x < 20; x++) hex((u32)classify(x * 977));
  static unsigned char data[256];
  for (int i = 0; i < 256; i++) data[i] = (unsigned char)rnd();
  hex(crc32(data, 256));
  static s32 arr[64];
  for (int i = 0; i < 64; i++) arr[i] = (s32)rnd() >> 8;
  sort(arr, 64);
  u64 h = 0;
  for (int i = 0; i < 64; i++) h = h * 1000003 + (u32)arr[i];
  hex(h);
  for (int i = 0; i < 1024; i++) { va[i] = (unsigned char)rnd(); vb[i] = (unsigned char)rnd(); vs[i] = (short)rnd(); vt[i] = (short)rnd(); vi[i] = (s32)rnd(); vj[i] = (s32)rnd() >> 4; }
  hex(sum_bytes(va, 1021));
  hex((u32)dot_shorts(vs, vt, 1000));
  saxpy_int(vj, vi, 37, 1023);
  minmax_bytes(vb, va, vb, 1019);
  widen(vi, vs, 1022);
  u64 vh = 0;
  for (int i = 0; i < 1024; i++) vh = vh * 31 + vb[i] + (u32)vj[i] * 7 + (u32)vi[i];
  hex(vh);
  hex((u32)max_int(vj, 1024));
  for (int i = 0; i < 1024; i++) {
    fa[i] = (float)(s32)rnd() / 65536.0f;
    fb[i] = (float)(s32)(rnd() >> 8) / 1024.0f + 0.5f;
    fc[i] = (i & 7) == 3 ? 0.0f : (float)rnd() * 1e-30f;
    vu[i] = (unsigned short)rnd();
  }
  saxpy(fc, fa, 1.75f, 1021);
  union fbits g;
  g.f = dot(fa, fb, 1022); hex(g.u);
  g.f = fmax_all(fb, 1023); hex(g.u);
  g.f = fmin_all(fa, 1024); hex(g.u);
  fabsdiff(fc + 4, fa, fb, 1000);
  hex(hash_bytes(fc, sizeof fc));
  to_float(fc, vi, (const u32 *)vj, 1017);
  hex(hash_bytes(fc, sizeof fc));
  to_int(vi, (u32 *)vj, fa, 1019);
  hex(hash_bytes(vi, sizeof vi) ^ hash_bytes(vj, sizeof vj));
  fdiv(fc, fa, fb, 1018);
  hex(hash_bytes(fc, sizeof fc));
  fselect(fc, fa, fb, 1015);
  hex(hash_bytes(fc, sizeof fc));
  sat_add(va, va, vb, 1013);
  sat_sub_s16(vs, vs, vt, 1011);
  average(vb, va, vb, 1009);
  hex(sad(va, vb, 1007));
  mulhi(vt, vs, vt, 1005);
  clamp_bytes(va, vi, 1003);
  narrow(vu, (const u32 *)vj, 1001);
  varshift(vi, vj, vi, 999);
  hex(sum64(vi, 997));
  hex(hash_bytes(va, sizeof va) ^ hash_bytes(vb, sizeof vb) ^ hash_bytes(vs, sizeof vs) ^ hash_bytes(vt, sizeof vt) ^ hash_bytes(vu, sizeof vu) ^ hash_bytes(vi, sizeof vi));
  union dbits d;
  for (int i = -5; i < 6; i++) {
    d.d = poly(i * 0.37);
    hex(d.u);
  }
  union fbits f;
  for (int i = -5; i < 6; i++) {
    f.f = fpoly(i * 0.37f);
    hex(f.u);
  }
  for (int i = 0; i < 20; i++) {
    double x = (double)(s32)rnd() / 65536.0;
    d.d = x * x - x / 3.0 + 1.0 / (x + 0.5);
    hex(d.u);
    hex((u64)(s64)x);
    hex((u32)(float)x);
    f.f = (float)x;
    hex(f.u);
    d.d = __builtin_sqrt(x < 0 ? -x : x);
    hex(d.u);
    hex(x < 1.5 ? 1 : x == 1.5 ? 2 : 3);
  }
  sys3(4, 1, (long)buf, pos);
  sys3(1, 0, 0, 0);
}

void _start(void) {
  __asm__ volatile("bl run\n");
}
