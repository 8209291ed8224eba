// Exercises every bypassed function with edge cases; prints results so a run with
// --native-bypass can be compared byte for byte with a run without it. Comparison results
// are printed as signs only: glibc's optimised versions differ in magnitude between targets.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long page;
static char *area;      // two pages: [area, area+page) mapped, then an inaccessible page
static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile uintptr_t sink; // keeps pure calls from being optimised away

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  siglongjmp(env, 1);
}

static int sign(int v) { return (v > 0) - (v < 0); }
static long off(const void *p, const void *base) { return p ? (long)((const char *)p - (const char *)base) : -1; }

static void dump(const char *what, const char *p, size_t n) {
  printf("%s:", what);
  for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)p[i]);
  printf("\n");
}

// Evaluates body (an expression); prints FAULT with the address relative to `area` when it raises SIGSEGV.
#define EXPECT_FAULT(label, body)                                                   \
  do {                                                                              \
    if (sigsetjmp(env, 1) == 0) { sink = (uintptr_t)(body); printf("%s: no fault\n", label); } \
    else if (fault_addr < 0x10000) printf("%s: SIGSEGV at %#lx\n", label, (unsigned long)fault_addr); \
    else printf("%s: SIGSEGV at area%+ld\n", label, (long)(fault_addr - (uintptr_t)area)); \
  } while (0)

static char buf[256], dst[256];

static void reset(void) {
  for (int i = 0; i < 256; i++) buf[i] = (char)('a' + i % 26);
  memset(dst, '#', sizeof dst);
}

int main(void) {
  page = sysconf(_SC_PAGESIZE);
  area = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED || mprotect(area + page, page, PROT_NONE) != 0) return 1;
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, 0);

  // mem* family: sizes 0..67 at every alignment 0..7, overlapping moves both ways.
  unsigned long h = 0;
  for (int a = 0; a < 8; a++)
    for (int b = 0; b < 8; b++)
      for (size_t n = 0; n < 68; n++) {
        reset();
        memcpy(dst + a, buf + b, n);
        memmove(buf + a, buf + b, n);
        memset(dst + 100 + b, 'A' + a, n);
        h = h * 31 + (unsigned long)sign(memcmp(dst + a, buf + b, n)) + 7;
        h = h * 31 + (unsigned long)off(mempcpy(dst + 180, buf + a, n % 40), dst);
        for (int i = 0; i < 256; i++) h = h * 131 + (unsigned char)dst[i] + (unsigned char)buf[i] * 3;
      }
  printf("mem family hash %lu\n", h);

  reset();
  printf("memchr %ld %ld %ld\n", off(memchr(buf, 'e', 100), buf), off(memchr(buf, 'e', 4), buf), off(memchr(buf, 'e' + 256, 30), buf));
  printf("memrchr %ld %ld\n", off(memrchr(buf, 'e', 100), buf), off(memrchr(buf, '!', 100), buf));
  printf("rawmemchr %ld\n", off(rawmemchr(buf, 'z'), buf));
  printf("memcmp signs %d %d %d %d\n", sign(memcmp("abc", "abd", 3)), sign(memcmp("abd", "abc", 3)), sign(memcmp("ab\xff", "ab\x01", 3)), memcmp("x", "y", 0));

  // str* family.
  static const char *words[] = {"", "a", "abc", "hello, world", "hello, World", "\xe9t\xe9", "abcdefghijklmnopqrstuvwxyz0123456789"};
  const int nw = sizeof words / sizeof *words;
  for (int i = 0; i < nw; i++) {
    const char *w = words[i];
    printf("[%d] len %zu nlen %zu %zu chr %ld %ld rchr %ld nul %ld chrnul %ld spn %zu cspn %zu pbrk %ld str %ld %ld\n", i,
           strlen(w), strnlen(w, 3), strnlen(w, 100), off(strchr(w, 'l'), w), off(strchr(w, 0), w), off(strrchr(w, 'l'), w),
           off(strrchr(w, 0), w), off(strchrnul(w, 'q'), w), strspn(w, "abcdhel"), strcspn(w, ", "), off(strpbrk(w, "o,"), w),
           off(strstr(w, "lo"), w), off(strstr(w, ""), w));
    for (int j = 0; j < nw; j++)
      printf("%d%d%d", sign(strcmp(w, words[j])), sign(strncmp(w, words[j], 5)), sign(strncmp(w, words[j], 0)));
    printf("\n");
  }
  char s[64];
  memset(s, '#', sizeof s);
  printf("strcpy %ld stpcpy %ld\n", off(strcpy(s, "copy me"), s), off(stpcpy(s + 10, "end"), s));
  dump("after strcpy", s, 20);
  memset(s, '#', sizeof s);
  printf("strncpy %ld stpncpy %ld %ld\n", off(strncpy(s, "abc", 6), s), off(stpncpy(s + 8, "abcdef", 4), s), off(stpncpy(s + 16, "ab", 5), s));
  dump("after strncpy", s, 24);
  strcpy(s, "head");
  printf("strcat %ld strncat %ld\n", off(strcat(s, "-tail"), s), off(strncat(s, "0123456789", 3), s));
  printf("joined %s\n", s);

  // Strings ending exactly at the end of the mapped page, and accesses running off it.
  char *end = area + page;
  memset(area, 'x', page);
  end[-1] = 0;
  const char *tail = end - 8;
  printf("tail strlen %zu strchr %ld strcmp %d\n", strlen(tail), off(strchr(tail, 0), tail), sign(strcmp(tail, "xxxxxxx")));
  printf("tail memchr %ld strnlen %zu\n", off(memchr(end - 16, 0, 16), end - 16), strnlen(tail, 100));
  end[-1] = 'x';
  EXPECT_FAULT("strlen off the page", strlen(tail));
  EXPECT_FAULT("strchr off the page", strchr(tail, 'q'));
  EXPECT_FAULT("strcmp off the page", strcmp(tail, "xxxxxxxxxxxx"));
  EXPECT_FAULT("memchr off the page", memchr(tail, 'q', 100));
  EXPECT_FAULT("memcpy from NULL", memcpy(dst, (void *)0, 16));
  EXPECT_FAULT("memset to the guard page", memset(end, 0, 4));
  EXPECT_FAULT("strcpy into the guard page", strcpy(end, "x"));
  EXPECT_FAULT("strlen NULL", strlen((char *)0));
  EXPECT_FAULT("memcpy n = 0 from NULL", memcpy(dst, (void *)0, 0));

  // The same faults raised from hot code, which the translator has compiled by then: every
  // 500th call runs off the page.
  volatile int faults = 0, wrong = 0;
  for (volatile int i = 1; i <= 3000; i++) {
    int bad = i % 500 == 0;
    if (sigsetjmp(env, 1) == 0) {
      sink = strlen(bad ? tail : "ok") + strcmp(bad ? tail : "a", "a") + (uintptr_t)memcpy(bad ? end - 2 : dst, buf, 4);
    } else {
      faults++;
      if (fault_addr != (uintptr_t)end) wrong++;
    }
  }
  printf("hot faults %d, %d at the wrong address\n", faults, wrong);
  return 0;
}
