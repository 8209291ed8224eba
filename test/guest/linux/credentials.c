// Credentials: set*id calls really change the process's ids (run as root, with a root-only file
// as argv[1]). Saved ids, fsuid, supplementary groups, a thread that sees the main thread's
// setuid, capabilities, and after dropping to 65534: the root-only file is refused and root
// cannot come back.
// The last line counts the tasks of the whole host process still holding uid 0 anywhere
// (qemu-ts: none; qemu-user's own helper thread keeps root, so the test checks it only for qemu-ts).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *file;
static pthread_barrier_t barrier;

static void ids(const char *when) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  printf("%s: uid %u euid %u resuid %u %u %u resgid %u %u %u\n", when, getuid(), geteuid(), r, e, s, gr, ge, gs);
}

static void result(const char *what, int r) {
  printf("%s = %d%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(errno) : "");
}

static void try_open(const char *who) {
  int fd = open(file, O_RDONLY);
  printf("%s open root-only file: %s\n", who, fd >= 0 ? "opened" : strerrorname_np(errno));
  if (fd >= 0) close(fd);
}

static void groups(void) {
  gid_t list[8];
  int n = getgroups(8, list);
  printf("groups (%d):", n);
  for (int i = 0; i < n; i++) printf(" %u", list[i]);
  printf("\n");
}

/** Capability sets of this thread (capget, version 3: two words each). */
static void caps(const char *when) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  memset(d, 0xff, sizeof d);
  long r = syscall(SYS_capget, &h, d);
  printf("%s: capget %ld effective %s permitted %s sys_admin %d net_raw %d\n", when, r,
         d[0].effective || d[1].effective ? "some" : "none", d[0].permitted || d[1].permitted ? "some" : "none",
         (d[CAP_SYS_ADMIN / 32].effective >> (CAP_SYS_ADMIN % 32)) & 1, (d[CAP_NET_RAW / 32].effective >> (CAP_NET_RAW % 32)) & 1);
}

/** Drops CAP_NET_RAW from the effective set of this thread. */
static void drop_net_raw(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  syscall(SYS_capget, &h, d);
  d[CAP_NET_RAW / 32].effective &= ~(1u << (CAP_NET_RAW % 32));
  result("capset(without CAP_NET_RAW)", syscall(SYS_capset, &h, d));
  struct __user_cap_header_struct bad = {0x12345678, 0};
  result("capget(bad version)", syscall(SYS_capget, &bad, NULL));
  printf("kernel's preferred version: %#x\n", bad.version);
}

static void *thread_main(void *arg) {
  (void)arg;
  pthread_barrier_wait(&barrier); // started
  pthread_barrier_wait(&barrier); // main has dropped to 65534
  printf("thread: uid %ld euid %ld\n", syscall(SYS_getuid), syscall(SYS_geteuid));
  try_open("thread");
  return NULL;
}

/** Tasks of this process with 0 among their uids (any of real, effective, saved, fs). */
static int root_tasks(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return -errno;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[300], line[256];
    snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) return -errno;
    while (fgets(line, sizeof line, f)) {
      unsigned a, b, c, fs;
      if (sscanf(line, "Uid: %u %u %u %u", &a, &b, &c, &fs) == 4 && (!a || !b || !c || !fs)) n++;
    }
    fclose(f);
  }
  closedir(d);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  file = argv[1];
  setvbuf(stdout, NULL, _IONBF, 0);
  ids("start");
  try_open("root");
  caps("root");
  drop_net_raw();
  caps("root without net_raw");

  gid_t two[2] = {4242, 4343};
  result("setgroups(2)", setgroups(2, two));
  groups();
  result("setresgid(100, 200, 300)", setresgid(100, 200, 300));
  ids("resgid");
  result("setregid(0, 0)", setregid(0, 0));
  ids("regid");
  result("setresuid(1000, 0, 2000)", setresuid(1000, 0, 2000));
  ids("resuid");
  printf("setfsuid(3000) = %d\n", setfsuid(3000));
  printf("setfsuid(-1) = %d\n", setfsuid(-1));
  printf("setfsgid(3000) = %d\n", setfsgid(3000));
  printf("setfsgid(-1) = %d\n", setfsgid(-1));
  result("setresuid(0, 0, 0)", setresuid(0, 0, 0));
  result("setreuid(-1, 1000)", setreuid(-1, 1000));
  ids("reuid");
  try_open("euid 1000");
  result("setreuid(-1, 0)", setreuid(-1, 0));
  ids("reuid back");
  result("seteuid(65534)", seteuid(65534));
  try_open("euid 65534");
  result("seteuid(0)", seteuid(0));
  ids("seteuid back");
  result("setuid(0)", setuid(0));
  ids("root again");

  pthread_t t;
  pthread_barrier_init(&barrier, NULL, 2);
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_barrier_wait(&barrier);
  result("setgroups(0)", setgroups(0, NULL));
  result("setgid(65534)", setgid(65534));
  result("setuid(65534)", setuid(65534));
  ids("dropped");
  caps("dropped");
  groups();
  pthread_barrier_wait(&barrier);
  pthread_join(t, NULL);
  try_open("dropped");
  result("setuid(0)", setuid(0));
  result("setgid(0)", setgid(0));
  result("seteuid(0)", seteuid(0));
  result("setresuid(-1, 0, -1)", setresuid(-1, 0, -1));
  result("setgroups(1)", setgroups(1, two));
  printf("setfsuid(0) = %d\n", setfsuid(0));
  printf("setfsuid(-1) = %d\n", setfsuid(-1));
  ids("end");
  printf("root tasks: %d\n", root_tasks());
  return 0;
}
