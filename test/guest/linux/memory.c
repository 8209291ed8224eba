/* mmap/munmap/mprotect/mremap/brk and /proc/self/maps reflecting them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void show(void *p) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  unsigned long want = (unsigned long)p;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo <= want && want < hi) {
      printf("maps: %s %lu pages\n", perms, (hi - lo) / 4096);
    }
  }
  fclose(f);
}

int main(void) {
  /* Inaccessible guard pages on both sides, so the mapping is never merged with a neighbour. */
  char *guarded = mmap(NULL, 6 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (guarded == MAP_FAILED) return 1;
  char *p = mmap(guarded + 4096, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) return 1;
  printf("zeroed: %d\n", p[0] == 0 && p[4 * 4096 - 1] == 0);
  strcpy(p, "hello mmap");
  show(p);
  if (mprotect(p, 4096, PROT_READ) != 0) return 2;
  show(p);
  show(p + 4096);
  printf("still: %s\n", p);
  char *q = mremap(p + 4096, 3 * 4096, 8 * 4096, MREMAP_MAYMOVE);
  printf("mremap ok: %d\n", q != MAP_FAILED);
  q[8 * 4096 - 1] = 1;
  if (munmap(p, 4096) != 0) return 3;
  show(p);
  void *fixed = mmap((void *)0x30000000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  printf("fixed: %p\n", fixed);
  void *again = mmap((void *)0x30000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  printf("noreplace: %s\n", again == MAP_FAILED ? "EEXIST" : "mapped");
  char *r = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  r[10] = 42;
  madvise(r, 4096, MADV_DONTNEED);
  printf("dontneed zeroes: %d\n", r[10] == 0);
  void *b0 = sbrk(0);
  char *b1 = sbrk(100000);
  b1[99999] = 5;
  printf("brk grew: %d\n", (char *)sbrk(0) - (char *)b0 == 100000);
  char *big = malloc(10 << 20);
  memset(big, 1, 10 << 20);
  free(big);
  printf("done\n");
  return 0;
}
