/* System information, process ids and sessions, signal calls (actions, masks, pending, waits,
   the alternate stack, suspend) and process life (fork, wait4/waitid, exec, threads, robust
   lists). Ids differ between emulators: only their relations are printed. argv[1] is a
   directory (unused); with argv[2] = "exec-child" the program is the exec'd child. */
#include "sysprobe.h"
#include <pthread.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/membarrier.h>
#include <stddef.h>

#ifdef __mips__
#define KSIGSET 16 /* MIPS has 128 signals */
#else
#define KSIGSET 8
#endif

/* fork, or stop the program: a pid of -1 must never reach kill() (that signals every process). */
static pid_t fork_or_die(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c < 0) die("fork");
  return c;
}

static void information(const char *program) {
  struct utsname u;
  memset(&u, 0xaa, sizeof u);
  show("uname", uname(&u));
  /* Bytes after each field's terminating NUL: Linux zeroes them, qemu-user 7.2 leaves some
     (o32's machine reads "mips\0" followed by the rest of "mips64"). */
  char *fields[] = { u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname };
  for (int i = 0; i < 6; i++) {
    size_t n = strnlen(fields[i], sizeof u.sysname);
    memset(fields[i] + n, 0, sizeof u.sysname - n);
  }
  hex("uname", &u, sizeof u);
  show("uname bad pointer", syscall(SYS_uname, BAD_PTR));
  struct sysinfo si;
  memset(&si, 0xaa, sizeof si);
  show("sysinfo", sysinfo(&si));
  long long kb = 0;
  FILE *m = fopen("/proc/meminfo", "r");
  if (!m || fscanf(m, "MemTotal: %lld kB", &kb) != 1) die("/proc/meminfo");
  fclose(m);
  /* 32-bit ABIs: Linux scales the sizes (mem_unit) when they do not fit in 32 bits; qemu-user
     7.2 cuts them. */
  printf("linux: sysinfo totalram matches MemTotal %d\n", (unsigned long long)si.totalram * si.mem_unit / 1024 == (unsigned long long)kb);
  /* With the sizes cut to 32 bits, qemu-user's freeram <= totalram depends on the host's memory. */
  printf("linux: sysinfo plausible %d\n", si.uptime > 0 && si.procs > 0 && si.freeram <= si.totalram);
  /* Times, loads, memory and process counts change from run to run (and the sizes are
     checked above); what stays is the layout: mem_unit, the high-memory fields, padding. */
  si.uptime = si.procs = 0;
  si.loads[0] = si.loads[1] = si.loads[2] = 0;
  si.totalram = si.freeram = si.sharedram = si.bufferram = si.totalswap = si.freeswap = 0;
  si.mem_unit = 0;
  /* Padding after procs and after mem_unit: Linux copies the whole (zeroed) structure, qemu-user
     writes field by field and leaves them as they were. */
  mask(&si, offsetof(struct sysinfo, procs) + 2, offsetof(struct sysinfo, totalhigh) - offsetof(struct sysinfo, procs) - 2);
  mask(&si, offsetof(struct sysinfo, mem_unit) + 4, sizeof si - offsetof(struct sysinfo, mem_unit) - 4);
  hex("sysinfo", &si, sizeof si);
  show("sysinfo bad pointer", syscall(SYS_sysinfo, BAD_PTR));
  unsigned char rnd[16];
  show("getrandom", getrandom(rnd, sizeof rnd, 0));
  show("getrandom nonblock", getrandom(rnd, sizeof rnd, GRND_NONBLOCK));
  show("getrandom bad flags", getrandom(rnd, sizeof rnd, 0x100));
  show("getrandom bad buffer", getrandom(BAD_PTR, 16, 0));
  char name[32] = { 0 };
  show("prctl get name", prctl(PR_GET_NAME, name));
  const char *base = strrchr(program, '/') ? strrchr(program, '/') + 1 : program;
  printf("linux: initial name is the program's (15 bytes at most) %d\n", strncmp(name, base, 15) == 0 && strlen(name) <= 15);
  show("prctl set name", prctl(PR_SET_NAME, "a-rather-long-thread-name"));
  memset(name, 0, sizeof name);
  prctl(PR_GET_NAME, name);
  printf("name now %s\n", name);
  show("prctl unknown option", prctl(9999, 0, 0, 0, 0));
  show("personality query", personality(0xffffffff));
  show("personality linux", personality(PER_LINUX));
  unsigned cpu = 999, node = 999;
  show("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
  printf("getcpu node %u cpu plausible %d\n", node, cpu < 4096);
}

static void ids(void) {
  pid_t pid = getpid();
  printf("gettid is pid %d\n", (pid_t)syscall(SYS_gettid) == pid);
  printf("real and effective ids agree %d\n", getuid() == geteuid() && getgid() == getegid());
  printf("getppid plausible %d\n", getppid() > 0 && getppid() != pid);
  printf("getpgid(0) is getpgid(pid) %d\n", getpgid(0) == getpgid(pid));
  show("getpgid missing process", getpgid(0x7ffffff0));
  printf("getsid(0) is getsid(pid) %d\n", getsid(0) == getsid(pid));
  show("getsid missing process", getsid(0x7ffffff0));
  show("setpgid", setpgid(0, 0));
  printf("now a group leader %d\n", getpgid(0) == pid);
  show("setsid as group leader", setsid());
  show("setpgid missing process", setpgid(0x7ffffff0, 0));
  pid_t child = fork_or_die();
  if (child == 0) _exit(setsid() == getpid() && getsid(0) == getpid() ? 0 : 1);
  int st;
  waitpid(child, &st, 0);
  printf("setsid in a child %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static volatile int got_usr1;
static volatile long altstack_flags = -1;
static volatile long altstack_again = 0;
static char altstack[65536];

static void on_usr1(int sig) {
  (void)sig;
  got_usr1++;
}

static void on_usr2(int sig) {
  (void)sig;
  stack_t cur;
  syscall(SYS_sigaltstack, NULL, &cur);
  altstack_flags = cur.ss_flags;
  stack_t other = { .ss_sp = altstack, .ss_size = sizeof altstack };
  altstack_again = syscall(SYS_sigaltstack, &other, NULL) == -1 ? errno : 0;
}

/* The padding after ss_flags where stack_t has one (64-bit ABIs): Linux writes the whole
   (zeroed) structure, qemu-user only the fields. */
static void show_stack(const char *label, stack_t *ss) {
  size_t after = offsetof(stack_t, ss_flags) + sizeof ss->ss_flags;
  if (after < sizeof *ss && after != offsetof(stack_t, ss_size)) mask(ss, after, 4);
  hex(label, ss, sizeof *ss);
}

static void signal_calls(void) {
  unsigned char k[64];
  /* The kernel's struct sigaction of SIGUSR2 once glibc set it (SIG_IGN, flags, mask). */
  struct sigaction sa = { .sa_handler = SIG_IGN, .sa_flags = SA_RESTART | SA_NODEFER };
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  show("sigaction", sigaction(SIGUSR2, &sa, NULL));
  memset(k, 0xaa, sizeof k);
  show("rt_sigaction query", syscall(SYS_rt_sigaction, SIGUSR2, NULL, k, KSIGSET));
#ifdef __aarch64__
  mask(k, 16, 8); /* sa_restorer: glibc's __default_rt_sa_restorer, loaded at another address */
  hex("rt_sigaction", k, 32);
#elif defined(ABI_O32)
  hex("rt_sigaction", k, 24);
#elif defined(__arm__)
  mask(k, 8, 4); /* sa_restorer: glibc's __default_sa_restorer, loaded at another address */
  hex("rt_sigaction", k, 20);
#else
  mask(k, 4, 4); /* the padding after the 32-bit sa_flags: qemu-user leaves it, Linux zeroes it */
  hex("rt_sigaction", k, 32);
#endif
  show("rt_sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
  show("rt_sigaction signal 0", syscall(SYS_rt_sigaction, 0, NULL, k, KSIGSET));
  show("rt_sigaction bad action", syscall(SYS_rt_sigaction, SIGUSR2, BAD_PTR, NULL, KSIGSET));
  show("rt_sigaction bad old action", syscall(SYS_rt_sigaction, SIGUSR2, NULL, BAD_PTR, KSIGSET));
  show("rt_sigaction bad sigset size", syscall(SYS_rt_sigaction, SIGUSR2, NULL, k, 4));

  struct sigaction h = { .sa_handler = on_usr1 };
  sigaction(SIGUSR1, &h, NULL);
  unsigned char set[KSIGSET], old[KSIGSET];
  memset(set, 0, sizeof set);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, SIGCHLD);
  memcpy(set, &s, KSIGSET);
  memset(old, 0xaa, sizeof old);
  show("rt_sigprocmask block", syscall(SYS_rt_sigprocmask, SIG_BLOCK, set, old, KSIGSET));
  hex("rt_sigprocmask old", old, sizeof old);
  memset(old, 0xaa, sizeof old);
  show("rt_sigprocmask query", syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, old, KSIGSET));
  hex("rt_sigprocmask now", old, sizeof old);
  show("rt_sigprocmask bad how", syscall(SYS_rt_sigprocmask, 99, set, NULL, KSIGSET));
  show("rt_sigprocmask bad set", syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD_PTR, NULL, KSIGSET));

  show("kill self, signal 0", kill(getpid(), 0));
  show("kill bad signal", kill(getpid(), 999));
  show("kill missing process", kill(0x7ffffff0, 0));
  show("tkill self", syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR1));
  show("tkill bad tid", syscall(SYS_tkill, -5, SIGUSR1));
  show("tgkill self, signal 0", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0));
  show("tgkill other group", syscall(SYS_tgkill, 0x7ffffff0, syscall(SYS_gettid), 0));
  memset(old, 0xaa, sizeof old);
  show("rt_sigpending", syscall(SYS_rt_sigpending, old, KSIGSET));
  hex("rt_sigpending", old, sizeof old);
  show("rt_sigpending bad pointer", syscall(SYS_rt_sigpending, BAD_PTR, KSIGSET));
  siginfo_t info;
  struct timespec zero = { 0, 0 };
  int sig = sigtimedwait(&s, &info, &zero);
  printf("sigtimedwait took SIGUSR1 %d code SI_TKILL %d, handler ran %d\n", sig == SIGUSR1, info.si_code == SI_TKILL, got_usr1);
  show("sigtimedwait nothing pending", sigtimedwait(&s, &info, &zero));
  struct timespec shortwait = { 0, 2000000 };
  show("sigtimedwait timeout", sigtimedwait(&s, &info, &shortwait));

  /* sigsuspend: a signal already pending is delivered as soon as the mask opens. */
  kill(getpid(), SIGUSR1);
  sigset_t open;
  sigemptyset(&open);
  show("sigsuspend", sigsuspend(&open));
  printf("handler ran %d\n", got_usr1);
#ifdef SYS_pause
  struct itimerval it = { { 0, 0 }, { 0, 10000 } };
  struct sigaction al = { .sa_handler = on_usr1 };
  sigaction(SIGALRM, &al, NULL);
  setitimer(ITIMER_REAL, &it, NULL);
  show("pause", syscall(SYS_pause));
  printf("handler ran %d\n", got_usr1);
#endif
  sigprocmask(SIG_UNBLOCK, &s, NULL);

  /* The alternate stack: disabled at first, then set, seen as SS_ONSTACK from a handler. */
  stack_t ss;
  memset(&ss, 0xaa, sizeof ss);
  show("sigaltstack query", syscall(SYS_sigaltstack, NULL, &ss));
  show_stack("sigaltstack initial", &ss);
  stack_t mine = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  show("sigaltstack set", syscall(SYS_sigaltstack, &mine, NULL));
  memset(&ss, 0xaa, sizeof ss);
  syscall(SYS_sigaltstack, NULL, &ss);
  printf("sigaltstack sp matches %d\n", ss.ss_sp == altstack);
  ss.ss_sp = NULL; /* an address */
  show_stack("sigaltstack set", &ss);
  struct sigaction onstack = { .sa_handler = on_usr2, .sa_flags = SA_ONSTACK };
  sigaction(SIGUSR2, &onstack, NULL);
  raise(SIGUSR2);
  printf("in handler: flags %ld (SS_ONSTACK %d), changing it: %s\n", altstack_flags, SS_ONSTACK, strerrorname_np(altstack_again));
  stack_t small = { .ss_sp = altstack, .ss_size = 512 };
  show("sigaltstack too small", syscall(SYS_sigaltstack, &small, NULL));
  stack_t badflags = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0x40 };
  show("sigaltstack bad flags", syscall(SYS_sigaltstack, &badflags, NULL));
  show("sigaltstack bad pointer", syscall(SYS_sigaltstack, BAD_PTR, NULL));
  stack_t off = { .ss_flags = SS_DISABLE };
  show("sigaltstack disable", syscall(SYS_sigaltstack, &off, NULL));
  memset(&ss, 0xaa, sizeof ss);
  syscall(SYS_sigaltstack, NULL, &ss);
  show_stack("sigaltstack disabled", &ss);
}

static void *thread_main(void *arg) {
  return (void *)((long)arg * 2);
}

static void processes(const char *self) {
  pid_t c = fork_or_die();
  if (c == 0) _exit(3);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  show("waitid", waitid(P_PID, c, &si, WEXITED));
  printf("waitid: pid matches %d code CLD_EXITED %d status %d signo SIGCHLD %d\n", si.si_pid == c, si.si_code == CLD_EXITED, si.si_status, si.si_signo == SIGCHLD);
  show("waitid no children", waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
  show("waitid bad idtype", waitid(99, 0, &si, WEXITED));
  show("waitid bad options", waitid(P_ALL, 0, &si, 0));
  c = fork_or_die();
  if (c == 0) {
    for (volatile long i = 0; i < 2000000; i++) {
    }
    _exit(5);
  }
  int st;
  struct rusage ru;
  memset(&ru, 0xaa, sizeof ru);
  printf("wait4 returns the child %d\n", wait4(c, &st, 0, &ru) == c);
  printf("wait4 status exited %d code %d\n", WIFEXITED(st), WEXITSTATUS(st));
  printf("linux: wait4 child usage plausible %d\n", ru.ru_maxrss > 0 && ru.ru_utime.tv_usec < 1000000 && ru.ru_nsignals == 0);
  show("wait4 no children", wait4(-1, &st, WNOHANG, NULL));
  c = fork_or_die();
  if (c == 0) {
    for (;;) pause();
  }
  kill(c, SIGTERM);
  waitpid(c, &st, 0);
  printf("killed child: signalled %d by SIGTERM %d\n", WIFSIGNALED(st), WTERMSIG(st) == SIGTERM);
  c = fork_or_die();
  if (c == 0) {
    execl(self, self, "unused", "exec-child", (char *)NULL);
    _exit(127);
  }
  waitpid(c, &st, 0);
  /* qemu-user runs no guest program it is not given (without binfmt_misc): exit 127 there. */
  printf("linux: exec'd child exited %d\n", WEXITSTATUS(st));
  show("execve missing", execl("/nonexistent/program", "x", (char *)NULL));
  show("execve bad path", syscall(SYS_execve, BAD_PTR, NULL, NULL));

  pthread_t t;
  void *ret;
  show("pthread_create", -pthread_create(&t, NULL, thread_main, (void *)21));
  pthread_join(t, &ret);
  printf("thread returned %ld\n", (long)ret);

  void *head = NULL;
  size_t len = 0;
  /* glibc registers its robust list at start; qemu-user 7.2 does not offer the calls. */
  long r = syscall(SYS_get_robust_list, 0, &head, &len);
  printf("linux: get_robust_list %ld length %d\n", r, (int)len == (int)(3 * sizeof(void *)));
  show_linux("get_robust_list missing thread", syscall(SYS_get_robust_list, 0x7ffffff0, &head, &len));
  show("membarrier bad command", syscall(SYS_membarrier, 0x4000, 0, 0));
  shown_ok("membarrier query", syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0));
  /* Not offered, as in qemu-user: glibc falls back to clone and goes without rseq. */
  show("clone3", syscall(SYS_clone3, NULL, 0));
  show("rseq", syscall(SYS_rseq, NULL, 0, 0, 0));
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[2], "exec-child") == 0) {
    printf("linux: exec child running\n");
    return 4;
  }
  information(argv[0]);
  ids();
  signal_calls();
  processes(argv[0]);
  printf("done\n");
  return 0;
}
