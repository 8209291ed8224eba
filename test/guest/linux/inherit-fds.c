/* Descriptors across a guest execve: one without close-on-exec must arrive open, without the
   flag (Node marks inherited descriptors close-on-exec at start-up), and a close() of it must
   really close it; one with close-on-exec (the program file itself) must not arrive: its number
   may be taken by then, by the runtime's own descriptors, but not by that file. Also a descriptor the test runner
   passed down open (argv[1] names it): it must be the guest's, not taken for the runtime's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *name, int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) {
    printf("%s: closed (%s)\n", name, errno == EBADF ? "EBADF" : strerror(errno));
    return;
  }
  printf("%s: open, close-on-exec %d\n", name, (flags & FD_CLOEXEC) != 0);
  int r = close(fd);
  int after = fcntl(fd, F_GETFD);
  printf("%s: close %d, then %s\n", name, r, after < 0 && errno == EBADF ? "EBADF" : "still open");
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (argc > 2 && strcmp(argv[2], "child") == 0) {
    report("kept", 5);
    struct stat self, six;
    int same = stat(argv[0], &self) == 0 && fstat(6, &six) == 0 && six.st_dev == self.st_dev && six.st_ino == self.st_ino;
    printf("cloexec: %s\n", same ? "inherited" : "not inherited");
    return 0;
  }
  report("from runner", atoi(argv[1]));
  int null = open("/dev/null", O_RDONLY), program = open(argv[0], O_RDONLY);
  if (null < 0 || program < 0 || dup2(null, 5) != 5 || dup3(program, 6, O_CLOEXEC) != 6) return 3;
  close(null);
  close(program);
  fflush(stdout);
  char *args[] = { argv[0], argv[1], "child", NULL };
  execv(argv[0], args);
  perror("execv");
  return 4;
}
