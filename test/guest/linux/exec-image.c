#define _GNU_SOURCE
/* What a guest execve keeps and what it replaces (docs/linux.md, "execve"): descriptors with and
   without close-on-exec, caught and ignored signals, the mask, a pending signal, the alternate
   stack, the old mappings, argv/envp/AT_EXECFN, /proc/self/exe, cmdline and comm; failures that
   return an errno with the old image intact; fork+exec+wait loops; a chain of execs whose memory
   must not add up; and an exec from a process with threads.
   Modes (argv[1]): none = the whole sequence; child ADDR PENDING = the exec'd image;
   loop = 20 fork+exec+wait; ret N = exit N; chain N RSS0 = touch 128 MiB, exec N more times;
   threads = exec with a second thread alive. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
#define OLD_MAP ((void *)0x50000000)
#ifndef SA_RESTORER
#define SA_RESTORER 0
#endif

static void on_signal(int sig) { (void)sig; }

static const char *disposition(int sig) {
  struct sigaction sa;
  if (sigaction(sig, NULL, &sa) != 0) return "error";
  if (sa.sa_handler == SIG_DFL) return sa.sa_flags & ~SA_RESTORER ? "default (flags left)" : "default";
  if (sa.sa_handler == SIG_IGN) return "ignored";
  return "caught";
}

static int fd_state(int fd) { /* 0 closed, 1 open, 2 open close-on-exec */
  int f = fcntl(fd, F_GETFD);
  return f < 0 ? 0 : (f & FD_CLOEXEC) ? 2 : 1;
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f)) if (sscanf(line, "VmRSS: %ld", &kb) == 1) break;
  if (f) fclose(f);
  return kb;
}

static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void report_child(int argc, char **argv) {
  printf("argc %d argv[1] %s envp %s only %d\n", argc, argv[1], getenv("EXEC_IMAGE"), environ[0] != NULL && environ[1] == NULL);
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN is the path given: %d\n", execfn != NULL && strcmp(execfn, argv[0]) == 0);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n < 0 ? 0 : n] = 0;
  printf("/proc/self/exe is the program: %d\n", n > 0 && same_file(exe, argv[0]));
  char cmd[4096] = {0}, want[4096] = {0};
  int fd = open("/proc/self/cmdline", O_RDONLY);
  ssize_t got = fd < 0 ? -1 : read(fd, cmd, sizeof cmd);
  if (fd >= 0) close(fd);
  size_t len = 0;
  for (int i = 0; i < argc; i++) { strcpy(want + len, argv[i]); len += strlen(argv[i]) + 1; }
  printf("/proc/self/cmdline is argv: %d\n", got == (ssize_t)len && memcmp(cmd, want, len) == 0);
  char comm[17] = {0};
  prctl(PR_GET_NAME, comm);
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  printf("comm is the program's name: %d\n", strncmp(comm, base, 15) == 0);
  printf("fd without close-on-exec: %s\n", fd_state(20) == 1 ? "open" : fd_state(20) ? "close-on-exec" : "closed");
  printf("fd with close-on-exec: %s\n", fd_state(21) == 0 ? "closed" : "open");
  printf("SIGUSR1 (was caught): %s\n", disposition(SIGUSR1));
  printf("SIGTERM (was caught, SA_RESTART): %s\n", disposition(SIGTERM));
  /* The runtime re-launched for a process with threads starts Node, which resets ignored
     signals and the mask (docs/linux.md, "execve"): checked in-process only. */
  if (strcmp(argv[3], "pending") == 0) {
    printf("SIGUSR2 (was ignored): %s\n", disposition(SIGUSR2));
    sigset_t mask, pending;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    printf("mask kept: SIGWINCH %d SIGUSR1 %d\n", sigismember(&mask, SIGWINCH), sigismember(&mask, SIGUSR1));
    sigpending(&pending);
    printf("pending SIGWINCH kept: %d\n", sigismember(&pending, SIGWINCH));
  }
  stack_t ss;
  sigaltstack(NULL, &ss);
  printf("alternate stack disabled: %d\n", (ss.ss_flags & SS_DISABLE) != 0);
  void *old = (void *)strtoul(argv[2], NULL, 16);
  printf("old mapping gone: %d\n", msync(old, 4096, MS_ASYNC) == -1 && errno == ENOMEM);
  printf("new heap: %d\n", malloc(100000) != NULL);
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static void exec_child(char **argv, const char *pending) {
  char addr[32];
  snprintf(addr, sizeof addr, "%lx", (unsigned long)OLD_MAP);
  char *args[] = { argv[0], "child", addr, (char *)pending, NULL };
  char *env[] = { "EXEC_IMAGE=yes", NULL };
  fflush(stdout);
  execve(argv[0], args, env);
  perror("execve");
  exit(4);
}

static void prepare(void) {
  int null = open("/dev/null", O_RDONLY);
  if (null < 0 || dup2(null, 20) != 20 || dup3(null, 21, O_CLOEXEC) != 21) exit(3);
  close(null);
  struct sigaction sa = { .sa_handler = on_signal };
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGUSR2, SIG_IGN);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGWINCH);
  sigprocmask(SIG_BLOCK, &block, NULL);
  static char altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
  sigaltstack(&ss, NULL);
  char *page = mmap(OLD_MAP, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (page != OLD_MAP) exit(3);
  page[0] = 1;
}

static int try_exec(const char *path) {
  char *args[] = { (char *)path, NULL };
  execve(path, args, environ);
  return errno;
}

static void failures(void) {
  static int marker = 42;
  char dir[] = "/tmp/exec-image-XXXXXX";
  if (!mkdtemp(dir)) exit(3);
  char text[64], plain[64];
  snprintf(text, sizeof text, "%s/text", dir);
  snprintf(plain, sizeof plain, "%s/not-executable", dir);
  FILE *f = fopen(text, "w");
  fputs("no #! line, no ELF header\n", f);
  fclose(f);
  chmod(text, 0755);
  f = fopen(plain, "w");
  fputs("#!/bin/sh\n", f);
  fclose(f);
  chmod(plain, 0644);
  printf("missing file: %s\n", strerrorname_np(try_exec("/nonexistent/program")));
  printf("text file: %s\n", strerrorname_np(try_exec(text)));
  printf("directory: %s\n", strerrorname_np(try_exec(dir)));
  printf("not executable: %s\n", strerrorname_np(try_exec(plain)));
  unlink(text);
  unlink(plain);
  rmdir(dir);
  printf("old image intact: %d %s %d\n", marker, disposition(SIGUSR1), ((char *)OLD_MAP)[0]);
}

int main(int argc, char **argv) {
  if (argc > 3 && strcmp(argv[1], "child") == 0) {
    report_child(argc, argv);
    return 0;
  }
  if (argc > 2 && strcmp(argv[1], "ret") == 0) return atoi(argv[2]);
  if (argc > 1 && strcmp(argv[1], "loop") == 0) {
    int sum = 0, n = 0;
    for (int i = 0; i < 20; i++) {
      char num[16];
      snprintf(num, sizeof num, "%d", i);
      pid_t pid = fork();
      if (pid == 0) {
        char *args[] = { argv[0], "ret", num, NULL };
        execv(argv[0], args);
        _exit(127);
      }
      int status;
      if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) { sum += WEXITSTATUS(status); n++; }
    }
    printf("loop: %d children exited, statuses sum to %d\n", n, sum);
    return 0;
  }
  if (argc > 3 && strcmp(argv[1], "chain") == 0) {
    int left = atoi(argv[2]);
    long first = atol(argv[3]);
    size_t size = 128 << 20;
    char *mem = malloc(size);
    memset(mem, 1, size);
    long now = rss_kb();
    if (first == 0) first = now;
    if (left == 0) {
      printf("chain: 4 images of 128 MiB each, resident memory grew by less than one: %d\n", now - first < 128 * 1024);
      return 0;
    }
    char l[16], r[32];
    snprintf(l, sizeof l, "%d", left - 1);
    snprintf(r, sizeof r, "%ld", first);
    char *args[] = { argv[0], "chain", l, r, NULL };
    execv(argv[0], args);
    return 4;
  }
  prepare();
  if (argc > 1 && strcmp(argv[1], "threads") == 0) {
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    exec_child(argv, "-");
  }
  raise(SIGWINCH);
  failures();
  exec_child(argv, "pending");
  return 5;
}
