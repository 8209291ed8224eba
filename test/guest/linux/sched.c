// Priorities, resource limits, CPU affinity, scheduling policies and per-thread names: each is
// set, read back through the C library and through the raw system call, and shown to take effect
// (a lowered RLIMIT_NOFILE refuses the next open; an affinity of CPU 1 runs on CPU 1); mlock
// and membarrier act on the host process.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/membarrier.h>

/* ARM EABI has only the newer getrlimit, ugetrlimit (RLIM_INFINITY ~0 in its struct of longs). */
#if !defined(SYS_getrlimit) && defined(SYS_ugetrlimit)
#define SYS_getrlimit SYS_ugetrlimit
#endif

static void result(const char *what, long r) {
  printf("%s = %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(errno) : "");
}

static void vmlck(void) {
  char line[128], lck[64] = "none";
  FILE *st = fopen("/proc/self/status", "r");
  while (st && fgets(line, sizeof line, st))
    if (strncmp(line, "VmLck:", 6) == 0) sscanf(line, "VmLck: %63[^\n]", lck);
  if (st) fclose(st);
  printf("VmLck: %s\n", lck);
}

static long vmlck_kb(void) {
  char line[128];
  long kb = -1;
  FILE *st = fopen("/proc/self/status", "r");
  while (st && fgets(line, sizeof line, st))
    if (strncmp(line, "VmLck:", 6) == 0) sscanf(line, "VmLck: %ld", &kb);
  if (st) fclose(st);
  return kb;
}

/** struct rlimit of C longs, as the old getrlimit/setrlimit calls use it. */
struct long_rlimit {
  unsigned long cur, max;
};

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);

  result("setpriority(PRIO_PROCESS, 0, 7)", setpriority(PRIO_PROCESS, 0, 7));
  errno = 0;
  result("getpriority(PRIO_PROCESS, 0)", getpriority(PRIO_PROCESS, 0));
  result("raw getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
  result("setpriority(42, 0, 1)", setpriority(42, 0, 1));
  result("getpriority(PRIO_PROCESS, -5)", getpriority(PRIO_PROCESS, -5));

  struct rlimit old, now;
  getrlimit(RLIMIT_NOFILE, &old);
  struct rlimit three = {3, old.rlim_max};
  result("setrlimit(RLIMIT_NOFILE, 3)", setrlimit(RLIMIT_NOFILE, &three));
  getrlimit(RLIMIT_NOFILE, &now);
  printf("RLIMIT_NOFILE cur %lu max same %d\n", (unsigned long)now.rlim_cur, now.rlim_max == old.rlim_max);
  result("open with RLIMIT_NOFILE 3", open("/dev/null", O_RDONLY));
  result("restore RLIMIT_NOFILE", setrlimit(RLIMIT_NOFILE, &old));
  int fd = open("/dev/null", O_RDONLY);
  printf("open after restore: %s\n", fd >= 0 ? "ok" : strerrorname_np(errno));
  close(fd);

  struct long_rlimit core = {4096, 0};
  struct long_rlimit got = {0, 0};
  syscall(SYS_getrlimit, RLIMIT_CORE, &got);
  core.max = got.max;
  result("raw setrlimit(RLIMIT_CORE, 4096)", syscall(SYS_setrlimit, RLIMIT_CORE, &core));
  struct rlimit64 r64;
  prlimit64(0, RLIMIT_CORE, NULL, &r64);
  printf("prlimit64 RLIMIT_CORE cur %llu\n", (unsigned long long)r64.rlim_cur);
  struct rlimit64 as = {RLIM64_INFINITY, RLIM64_INFINITY};
  prlimit64(0, RLIMIT_AS, NULL, &as);
  syscall(SYS_getrlimit, RLIMIT_AS, &got);
  printf("RLIMIT_AS infinite: %d raw getrlimit cur 0x%lx\n", as.rlim_cur == RLIM64_INFINITY, got.cur);
  struct long_rlimit stack = {8 << 20, got.max};
  syscall(SYS_getrlimit, RLIMIT_STACK, &got);
  stack.max = got.max;
  result("raw setrlimit(RLIMIT_STACK, 8 MiB)", syscall(SYS_setrlimit, RLIMIT_STACK, &stack));
  getrlimit(RLIMIT_STACK, &now);
  printf("RLIMIT_STACK cur %lu\n", (unsigned long)now.rlim_cur);
  result("setrlimit(99)", setrlimit(99, &old));

  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(1, &set);
  result("sched_setaffinity({1})", sched_setaffinity(0, sizeof set, &set));
  CPU_ZERO(&set);
  result("sched_getaffinity", sched_getaffinity(0, sizeof set, &set));
  printf("affinity: count %d cpu0 %d cpu1 %d\n", CPU_COUNT(&set), CPU_ISSET(0, &set), CPU_ISSET(1, &set));
  printf("sched_getcpu = %d\n", sched_getcpu());
  unsigned cpu = 99, node = 99;
  result("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
  printf("getcpu: cpu %u node %u\n", cpu, node);
  long raw = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
  printf("raw sched_getaffinity returns a whole number of longs: %d\n", raw > 0 && raw % sizeof(long) == 0);
  CPU_ZERO(&set);
  result("sched_setaffinity({})", sched_setaffinity(0, sizeof set, &set));
  result("raw sched_getaffinity(len 1)", syscall(SYS_sched_getaffinity, 0, 1, &set));

  struct sched_param sp = {0};
  result("sched_getscheduler", sched_getscheduler(0));
  result("sched_get_priority_max(SCHED_FIFO)", sched_get_priority_max(SCHED_FIFO));
  result("sched_get_priority_min(SCHED_RR)", sched_get_priority_min(SCHED_RR));
  result("sched_get_priority_max(SCHED_OTHER)", sched_get_priority_max(SCHED_OTHER));
  result("sched_get_priority_max(42)", sched_get_priority_max(42));
  result("sched_setscheduler(SCHED_BATCH)", sched_setscheduler(0, SCHED_BATCH, &sp));
  result("sched_getscheduler", sched_getscheduler(0));
  sp.sched_priority = 200;
  result("sched_setscheduler(SCHED_FIFO, 200)", sched_setscheduler(0, SCHED_FIFO, &sp));
  sp.sched_priority = 5;
  result("sched_setparam(5)", sched_setparam(0, &sp));
  sp.sched_priority = -1;
  result("sched_getparam", sched_getparam(0, &sp));
  printf("sched_priority %d\n", sp.sched_priority);
  sp.sched_priority = 0;
  result("sched_setscheduler(SCHED_IDLE)", sched_setscheduler(0, SCHED_IDLE, &sp));
  result("sched_getscheduler", sched_getscheduler(0));
  struct timespec ts = {-1, -1};
  result("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
  printf("interval set: %d\n", ts.tv_sec >= 0 && ts.tv_nsec >= 0);
  result("sched_setscheduler(SCHED_OTHER)", sched_setscheduler(0, SCHED_OTHER, &sp));
  result("sched_yield", sched_yield());

  char name[16] = {0}, comm[32] = {0};
  result("prctl(PR_SET_NAME)", prctl(PR_SET_NAME, "sched-test-name-too-long"));
  result("prctl(PR_GET_NAME)", prctl(PR_GET_NAME, name));
  int cfd = open("/proc/thread-self/comm", O_RDONLY);
  read(cfd, comm, sizeof comm - 1);
  close(cfd);
  printf("name: %s comm: %s", name, comm);
  result("prctl(PR_SET_DUMPABLE, 0)", prctl(PR_SET_DUMPABLE, 0));
  result("prctl(PR_GET_DUMPABLE)", prctl(PR_GET_DUMPABLE));
  result("prctl(PR_SET_DUMPABLE, 1)", prctl(PR_SET_DUMPABLE, 1));
  int sig = -1;
  result("prctl(PR_SET_PDEATHSIG, SIGUSR1)", prctl(PR_SET_PDEATHSIG, SIGUSR1));
  result("prctl(PR_GET_PDEATHSIG)", prctl(PR_GET_PDEATHSIG, &sig));
  printf("pdeathsig is SIGUSR1: %d\n", sig == SIGUSR1);
  result("personality(query)", personality(0xffffffff));

  // Locked memory is the host's: one guest page shows as 4 kB in VmLck; munmap unlocks;
  // mlockall locks what is mapped, and with MCL_FUTURE what is mapped later.
  static char page[8192] __attribute__((aligned(4096)));
  result("mlock(1 page)", mlock(page, 4096));
  vmlck();
  result("munlock", munlock(page, 4096));
  vmlck();
  char *mapped = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  result("mlock(2 mapped pages)", mlock(mapped, 8192));
  vmlck();
  result("munmap", munmap(mapped, 8192));
  vmlck();
  result("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
  printf("VmLck above 1 MB: %d\n", vmlck_kb() > 1024);
  result("munlockall", munlockall());
  vmlck();
  result("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
  mapped = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mapped after MCL_FUTURE locked: %d\n", vmlck_kb() >= 8);
  result("munlockall", munlockall());
  vmlck();
  result("mlockall(MCL_ONFAULT)", mlockall(MCL_ONFAULT));
  mapped = mmap(NULL, 12288, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
  printf("mmap(MAP_LOCKED) ok %d\n", mapped != MAP_FAILED);
  vmlck();
  munmap(mapped, 12288);
  vmlck();
  result("mlock(unmapped)", mlock((void *)0x1000, 4096));
  result("membarrier(QUERY) has PRIVATE_EXPEDITED", (syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0) & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
  result("membarrier(PRIVATE_EXPEDITED) unregistered", syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
  result("membarrier(REGISTER_PRIVATE_EXPEDITED)", syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0));
  result("membarrier(PRIVATE_EXPEDITED)", syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
  return 0;
}
