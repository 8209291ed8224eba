/* Exit status and death by signal, chosen by argv[1]. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "abort") == 0) abort();
  if (argc > 1 && strcmp(argv[1], "segv") == 0) *(volatile int *)8 = 0;
  if (argc > 1 && strcmp(argv[1], "term") == 0) kill(getpid(), SIGTERM);
  if (argc > 1 && strcmp(argv[1], "exit") == 0) exit(atoi(argv[2]));
  /* Integer division by zero: MIPS code traps (gcc's teq ..., 7 -> SIGFPE), AArch64 gives 0. */
  if (argc > 1 && strcmp(argv[1], "divzero") == 0) exit(100 / (volatile int){argc - 2});
  _exit(0);
}
