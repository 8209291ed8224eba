// memcpy/memmove/memset over many sizes and alignments (bypass benchmark).
// Usage: memops [rounds]; prints a checksum that must not depend on how it ran.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  enum { SIZE = 1 << 16 };
  static unsigned char a[SIZE + 64], b[SIZE + 64];
  for (int i = 0; i < SIZE; i++) a[i] = (unsigned char)(i * 7 + 3);
  unsigned long sum = 0;
  for (int r = 0; r < rounds; r++) {
    for (size_t n = 1; n <= SIZE; n = n * 3 / 2 + 1) {
      for (int al = 0; al < 8; al++) {
        memcpy(b + al, a + (r + al) % 8, n);
        memset(a + 8 + al, (int)(n + r), n / 2);
        memmove(a + al + 1, a + al, n / 4);
        sum += b[n / 2 + al] + a[n / 3];
      }
    }
  }
  printf("memops checksum %lu\n", sum);
  return 0;
}
