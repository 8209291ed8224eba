// Tokenizes a generated text with strspn/strcspn/memcpy/strcmp (bypass and CPU benchmark).
// Usage: tokenizer [kilobytes]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = {"alpha", "beta", "gamma", "delta", "if", "while", "return", "x", "y1", "count"};

int main(int argc, char **argv) {
  size_t kb = argc > 1 ? (size_t)atoi(argv[1]) : 2048;
  size_t cap = kb * 1024, len = 0;
  char *text = malloc(cap + 64);
  unsigned seed = 3;
  while (len < cap) {
    const char *w = words[((seed = seed * 1103515245u + 12345u) >> 16) % 10];
    size_t wl = strlen(w);
    memcpy(text + len, w, wl);
    len += wl;
    text[len++] = " ,;\n("[(seed >> 8) % 5];
  }
  text[len] = 0;
  unsigned long counts[10] = {0}, other = 0, tokens = 0;
  char tok[64];
  for (const char *p = text; *p;) {
    p += strspn(p, " ,;\n(");
    size_t n = strcspn(p, " ,;\n(");
    if (n == 0) break;
    memcpy(tok, p, n < 63 ? n : 63);
    tok[n < 63 ? n : 63] = 0;
    int k = 0;
    while (k < 10 && strcmp(tok, words[k]) != 0) k++;
    if (k < 10) counts[k]++; else other++;
    tokens++;
    p += n;
  }
  printf("tokenizer %lu tokens, other %lu, first %lu last %lu\n", tokens, other, counts[0], counts[9]);
  return 0;
}
