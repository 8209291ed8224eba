// Where does the guest's memcpy come from? With --native-bypass it must be libnative.so, also
// next to the guest's own LD_PRELOAD and after an execve of another guest program.
// Usage: preload [exec]  (with "exec", runs itself again without arguments after printing)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  Dl_info info;
  void *(*volatile fn)(void *, const void *, size_t) = memcpy;
  const char *from = dladdr((void *)fn, &info) && info.dli_fname ? info.dli_fname : "?";
  const char *slash = strrchr(from, '/');
  char buf[8];
  fn(buf, "copied", 7);
  printf("%s: memcpy from %s, %s\n", argc > 1 ? "parent" : "child", slash ? slash + 1 : from, buf);
  fflush(stdout);
  if (argc > 1) {
    char *args[] = {argv[0], 0};
    execv(argv[0], args);
    perror("execv");
    return 1;
  }
  return 0;
}
