/* getrandom, clocks, sleeping, cwd, uname, limits, and the virtual /proc files. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  unsigned char r1[16], r2[16];
  printf("getrandom: %zd %zd differ=%d\n", getrandom(r1, 16, 0), getrandom(r2, 16, 0), memcmp(r1, r2, 16) != 0);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec nap = { 0, 20 * 1000 * 1000 };
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
  printf("slept >= 20ms: %d\n", ms >= 20);
  printf("realtime sane: %d\n", time(NULL) > 1600000000);
  char cwd[PATH_MAX];
  chdir("/tmp");
  printf("cwd: %s\n", getcwd(cwd, sizeof cwd));
  struct utsname u;
  uname(&u);
  printf("uname: %s %s\n", u.sysname, u.machine);
  struct rlimit rl;
  printf("getrlimit: %d\n", getrlimit(RLIMIT_NOFILE, &rl));
  printf("pid matches: %d\n", getpid() == getppid() ? 0 : getpid() > 0);
  char exe[PATH_MAX] = {0};
  readlink("/proc/self/exe", exe, sizeof exe - 1);
  printf("exe ends with misc: %d\n", strstr(exe, "misc") != NULL);
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[256];
  int procs = 0;
  while (f && fgets(line, sizeof line, f)) procs += strncmp(line, "processor", 9) == 0;
  printf("cpuinfo processors > 0: %d\n", procs > 0);
  printf("nprocs: %d\n", sysconf(_SC_NPROCESSORS_ONLN) > 0);
  return 0;
}
