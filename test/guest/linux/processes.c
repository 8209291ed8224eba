/* fork + wait + pipe, and execve of another guest program (argv[1]) through the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 1; }
  if (pid == 0) {
    close(fds[0]);
    const char *msg = "hello from the child";
    write(fds[1], msg, strlen(msg));
    _exit(5);
  }
  close(fds[1]);
  char buf[64] = {0};
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  int status = 0;
  pid_t w = waitpid(pid, &status, 0);
  printf("read %zd: %s\n", n, buf);
  printf("waited: %d exited: %d code: %d\n", w == pid, WIFEXITED(status), WEXITSTATUS(status));
  fflush(stdout);
  if (argc > 1) {
    pid = fork();
    if (pid == 0) {
      execl(argv[1], argv[1], "from-exec", (char *)NULL);
      perror("execl");
      _exit(127);
    }
    waitpid(pid, &status, 0);
    printf("exec child code: %d\n", WEXITSTATUS(status));
  }
  return 0;
}
