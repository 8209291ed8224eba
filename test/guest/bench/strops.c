// strlen/strcmp/strchr/strstr/strcpy over many strings (bypass benchmark).
// Usage: strops [rounds]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 2000 };
static char *strs[N];

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  unsigned seed = 1;
  for (int i = 0; i < N; i++) {
    int len = 8 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 600;
    strs[i] = malloc((size_t)len + 1);
    for (int j = 0; j < len; j++) strs[i][j] = (char)('a' + ((seed = seed * 1103515245u + 12345u) >> 16) % 20);
    strs[i][len] = 0;
  }
  char tmp[1024];
  unsigned long sum = 0;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < N; i++) {
      const char *s = strs[i], *t = strs[(i + r + 1) % N];
      sum += strlen(s);
      sum += (unsigned long)(strcmp(s, t) > 0);
      const char *c = strchr(s, 'q' - r % 3);
      sum += c ? (unsigned long)(c - s) : 0;
      const char *f = strstr(s, "abc");
      sum += f ? (unsigned long)(f - s) : 1;
      strcpy(tmp, s);
      sum += strlen(strcat(tmp, "xyz")) + (unsigned long)(strrchr(tmp, 'x') - tmp);
    }
  }
  printf("strops checksum %lu\n", sum);
  return 0;
}
