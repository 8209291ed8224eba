/* The smallest end-to-end check: stdio, argv and the exit status. */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello, world!\n");
  for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
  return argc == 1 ? 0 : 7;
}
