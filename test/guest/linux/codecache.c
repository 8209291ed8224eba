// A small hot loop through libc for the persistent code cache's tests (test/linux/code-cache.test.ts).
// STEP is compiled in as an immediate: two builds with different STEPs have the same layout and
// differ in a few code bytes, as a rebuilt or updated program does.
#include <stdio.h>
#include <string.h>
#ifndef STEP
#define STEP 3
#endif

__attribute__((noinline)) static unsigned mix(unsigned x) { return x * 2654435761u + STEP; }

int main(void) {
  unsigned h = 0;
  char buf[32];
  for (int i = 0; i < 20000; i++) {
    h = mix(h ^ (unsigned)i);
    snprintf(buf, sizeof buf, "%u", h);
    h += (unsigned)strlen(buf);
  }
  printf("%u\n", h);
  return 0;
}
