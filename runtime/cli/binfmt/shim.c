/* The interpreter binfmt_misc starts for a foreign ELF (scripts/lib/binfmt.ts registers it as
   build/binfmt/qemu-ts-binfmt-<target>, links to one static binary). It turns the kernel's calling
   convention into the launcher's command line and execs node on the launcher:
     kernel: shim <program path> [<original argv[0]> if flag P] <args...>
     exec:   node <launcher's flags> qemu-ts-<target>.js -0 <argv[0]> [--exec-fd N if flag O]
               --inherited-fds <descriptors above stderr> -- <program path> <args...>
   It must be an ELF of the host, not a script: only the first program the kernel starts sees the
   binfmt auxv entries (AT_FLAGS with AT_FLAGS_PRESERVE_ARGV0 for P, AT_EXECFD for O); an exec of
   node through `#!/usr/bin/env` would lose them. Static, so that it also runs in a foreign chroot
   (flag F). NODE, NODE_FLAGS (the launcher's shebang flags) and LAUNCHER_DIR are fixed when the
   shim is built; should the launcher's flags change later, it restarts itself with them.
   Node marks the descriptors it inherits close-on-exec before the launcher runs, so only here can
   they be told from Node's own: the shim lists them (runtime/linux/host/runtime-fds.ts). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#ifndef AT_FLAGS_PRESERVE_ARGV0
#define AT_FLAGS_PRESERVE_ARGV0 1
#endif

/* The open descriptors above stderr, comma-separated, but `skip` (the program's, flag O). */
static void inherited_fds(char *out, size_t size, long skip) {
  size_t used = 0;
  out[0] = '\0';
  DIR *dir = opendir("/proc/self/fd");
  if (dir == NULL) return;
  struct dirent *d;
  while ((d = readdir(dir)) != NULL) {
    char *end;
    long fd = strtol(d->d_name, &end, 10);
    if (*end != '\0' || end == d->d_name || fd <= 2 || fd == skip || fd == dirfd(dir)) continue;
    int n = snprintf(out + used, size - used, used ? ",%ld" : "%ld", fd);
    if (n < 0 || (size_t)n >= size - used) break;
    used += (size_t)n;
  }
  closedir(dir);
}

int main(int argc, char **argv) {
  const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  const char *target = strrchr(self, '-');
  if (argc < 2 || target == NULL) {
    fprintf(stderr, "%s: binfmt_misc starts this for foreign programs (npm run binfmt -- install); run ./program directly\n", self);
    return 1;
  }
  target++;
  int preserve = (getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0) != 0;
  errno = 0;
  unsigned long execfd = getauxval(AT_EXECFD);
  int have_fd = errno == 0;

  char launcher[4096];
  if (snprintf(launcher, sizeof launcher, "%s/qemu-ts-%s.js", LAUNCHER_DIR, target) >= (int)sizeof launcher) return 1;
  char fd_text[24];
  snprintf(fd_text, sizeof fd_text, "%lu", execfd);

  static char inherited[4096];
  inherited_fds(inherited, sizeof inherited, have_fd ? (long)execfd : -1);

  const char *program = argv[1];
  const char *argv0 = preserve && argc > 2 ? argv[2] : program;
  int rest = preserve && argc > 2 ? 3 : 2;
  static const char *const node_flags[] = { NODE_FLAGS };
  const int nflags = (int)(sizeof node_flags / sizeof node_flags[0]);
  char **out = calloc((size_t)argc + (size_t)nflags + 11, sizeof *out);
  if (out == NULL) return 1;
  int n = 0;
  out[n++] = NODE;
  for (int i = 0; i < nflags; i++) out[n++] = (char *)node_flags[i];
  out[n++] = launcher;
  out[n++] = "-0";
  out[n++] = (char *)argv0;
  if (have_fd) {
    out[n++] = "--exec-fd";
    out[n++] = fd_text;
  }
  out[n++] = "--inherited-fds";
  out[n++] = inherited;
  out[n++] = "--";
  out[n++] = (char *)program;
  for (int i = rest; i < argc; i++) out[n++] = argv[i];
  out[n] = NULL;
  execv(NODE, out);
  fprintf(stderr, "%s: cannot run %s %s: %s (npm run binfmt -- install registers qemu-ts again)\n", self, NODE, launcher, strerror(errno));
  return 127;
}
