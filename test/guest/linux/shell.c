/* system() and popen(): a shell pipeline started by the guest. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int main(void) {
  fflush(stdout);
  int status = system("echo one two three | wc -w");
  printf("system status: %d\n", WEXITSTATUS(status));
  FILE *p = popen("printf 'a\\nb\\n' | sort -r", "r");
  char line[64];
  while (p && fgets(line, sizeof line, p)) printf("popen: %s", line);
  printf("pclose: %d\n", p ? pclose(p) : -1);
  return 0;
}
