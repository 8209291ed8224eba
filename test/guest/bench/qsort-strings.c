// qsort of many strings with strcmp (bypass benchmark). Usage: qsort-strings [count]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 50000;
  char **v = malloc(sizeof *v * (size_t)n);
  unsigned seed = 7;
  for (int i = 0; i < n; i++) {
    char buf[80];
    int len = 20 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 50;
    memcpy(buf, "common/prefix/of/a/path/", 24);
    for (int j = 24; j < len; j++) buf[j] = (char)('a' + ((seed = seed * 1103515245u + 12345u) >> 16) % 4);
    buf[len] = 0;
    v[i] = strdup(buf);
  }
  qsort(v, (size_t)n, sizeof *v, cmp);
  unsigned long h = 0;
  for (int i = 0; i < n; i += n / 100 + 1) h = h * 31 + strlen(v[i]) + (unsigned char)v[i][30];
  printf("qsort-strings %s %s %lu\n", v[0], v[n - 1], h);
  return 0;
}
