// A guest LD_PRELOAD library of the program's own, loaded alongside libnative.so.
#include <stdio.h>

__attribute__((constructor)) static void hello(void) { printf("extra preload loaded\n"); fflush(stdout); }
