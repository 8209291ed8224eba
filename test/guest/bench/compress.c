// An LZ77-style compressor and decompressor round trip (CPU benchmark). Usage: compress [kilobytes]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WINDOW = 4096, MINMATCH = 4, MAXMATCH = 255, HASHBITS = 14 };

static size_t compress(const unsigned char *in, size_t n, unsigned char *out) {
  static int head[1 << HASHBITS];
  memset(head, -1, sizeof head);
  size_t o = 0, i = 0;
  while (i < n) {
    size_t best = 0, dist = 0;
    if (i + MINMATCH <= n) {
      unsigned h = ((unsigned)in[i] * 2654435761u ^ (unsigned)in[i+1] << 8 ^ (unsigned)in[i+2] << 16 ^ in[i+3]) >> (32 - HASHBITS);
      int cand = head[h];
      head[h] = (int)i;
      if (cand >= 0 && i - (size_t)cand <= WINDOW) {
        size_t l = 0;
        while (i + l < n && l < MAXMATCH && in[cand + l] == in[i + l]) l++;
        if (l >= MINMATCH) { best = l; dist = i - (size_t)cand; }
      }
    }
    if (best) { out[o++] = 1; out[o++] = (unsigned char)best; out[o++] = (unsigned char)(dist >> 8); out[o++] = (unsigned char)dist; i += best; }
    else { out[o++] = 0; out[o++] = in[i++]; }
  }
  return o;
}

static size_t decompress(const unsigned char *in, size_t n, unsigned char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    if (in[i] == 0) { out[o++] = in[i + 1]; i += 2; }
    else { size_t l = in[i + 1], d = (size_t)in[i + 2] << 8 | in[i + 3]; for (size_t k = 0; k < l; k++, o++) out[o] = out[o - d]; i += 4; }
  }
  return o;
}

int main(int argc, char **argv) {
  size_t n = (argc > 1 ? (size_t)atoi(argv[1]) : 1024) * 1024;
  unsigned char *in = malloc(n), *c = malloc(2 * n + 16), *d = malloc(n);
  unsigned seed = 11;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    in[i] = (seed >> 28) < 11 && i > 64 ? in[i - 1 - (seed >> 20) % 64] : (unsigned char)('a' + (seed >> 16) % 16);
  }
  size_t cn = compress(in, n, c), dn = decompress(c, cn, d);
  printf("compress %zu -> %zu, round trip %s\n", n, cn, dn == n && memcmp(in, d, n) == 0 ? "ok" : "MISMATCH");
  return 0;
}
