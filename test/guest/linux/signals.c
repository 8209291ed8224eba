/* Synchronous and self-sent signals reaching guest handlers, and sigreturn resuming. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int usr1;

static void on_segv(int sig, siginfo_t *info, void *uc) {
  (void)uc;
  printf("caught %d (%s) at %p code %d\n", sig, strsignal(sig), info->si_addr, info->si_code);
  siglongjmp(env, 1);
}

static void on_usr1(int sig) { usr1 = sig; }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  if (sigsetjmp(env, 1) == 0) {
    *(volatile int *)0 = 1;
    printf("not reached\n");
  }
  if (sigsetjmp(env, 1) == 0) {
    *(volatile int *)0x1234 = 1;
  }
  signal(SIGUSR1, on_usr1);
  raise(SIGUSR1);
  printf("usr1 handler ran: %d\n", usr1 == SIGUSR1);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  usr1 = 0;
  sigprocmask(SIG_BLOCK, &set, &old);
  kill(getpid(), SIGUSR1);
  printf("blocked: %d\n", usr1);
  sigpending(&set);
  printf("pending: %d\n", sigismember(&set, SIGUSR1));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("after unblock: %d\n", usr1 == SIGUSR1);
  signal(SIGPIPE, SIG_IGN);
  int fds[2];
  pipe(fds);
  close(fds[0]);
  printf("write to broken pipe: %zd\n", write(fds[1], "x", 1));
  printf("done\n");
  return 0;
}
