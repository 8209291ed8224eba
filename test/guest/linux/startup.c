/* What the loader hands a new process: argv, environment and the auxiliary vector. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char **argv, char **envp) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  printf("QTS_TEST=%s\n", getenv("QTS_TEST") ? getenv("QTS_TEST") : "(unset)");
  printf("QTS_GONE=%s\n", getenv("QTS_GONE") ? getenv("QTS_GONE") : "(unset)");
  printf("pagesz=%lu\n", getauxval(AT_PAGESZ));
  printf("clktck=%lu\n", getauxval(AT_CLKTCK));
  printf("hwcap_fp=%lu\n", getauxval(AT_HWCAP) & 1);
  printf("random=%s\n", getauxval(AT_RANDOM) ? "yes" : "no");
  printf("platform=%s\n", (const char *)getauxval(AT_PLATFORM));
  printf("execfn_matches=%d\n", strcmp((const char *)getauxval(AT_EXECFN), argv[0]) == 0);
  printf("phdr=%s\n", getauxval(AT_PHDR) ? "yes" : "no");
  printf("secure=%lu\n", getauxval(AT_SECURE));
  return 0;
}
