// Signals that come from outside the guest's own code: interval and POSIX timers (also into a
// loop that makes no system call), SIGCHLD, sigsuspend/pause, waitid, sigtimedwait; with
// "wait-int", SIGINT sent by another process, caught in sigsuspend; with "busy-int", caught in a
// loop that makes no system call.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_alrm, got_chld, got_int, got_timer, timer_value;
static volatile unsigned long spins;

static void on_alrm(int sig) { (void)sig; got_alrm++; }
static void on_chld(int sig) { (void)sig; got_chld++; }
static void on_int(int sig) { (void)sig; got_int++; }
static void on_timer(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  got_timer++;
  timer_value = si->si_value.sival_int;
}

/**
 * Waits for SIGINT from outside: first caught by a handler (in sigsuspend, or with `busy` in a
 * loop without system calls), then with the default action.
 */
static int wait_for_sigint(int busy) {
  sigset_t block, old;
  signal(SIGINT, on_int);
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &old);
  printf("ready\n");
  fflush(stdout);
  if (busy) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    while (!got_int) spins++;
    sigprocmask(SIG_BLOCK, &block, NULL);
  }
  while (!got_int) sigsuspend(&old);
  printf("got SIGINT %d\n", got_int);
  signal(SIGINT, SIG_DFL);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("ready again\n");
  fflush(stdout);
  for (;;) pause();
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "wait-int") == 0) return wait_for_sigint(0);
  if (argc > 1 && strcmp(argv[1], "busy-int") == 0) return wait_for_sigint(1);
  sigset_t held, old;
  sigemptyset(&held);
  sigaddset(&held, SIGALRM);
  sigaddset(&held, SIGCHLD);
  sigprocmask(SIG_BLOCK, &held, &old);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alrm;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &it, NULL);
  while (!got_alrm) sigsuspend(&old);
  struct itimerval cur;
  getitimer(ITIMER_REAL, &cur);
  printf("setitimer: %d disarmed: %d\n", got_alrm, cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

  sa.sa_handler = on_alrm;
  sigaction(SIGALRM, &sa, NULL);
  sigprocmask(SIG_SETMASK, &old, NULL);
  it.it_value.tv_usec = 10000;
  setitimer(ITIMER_REAL, &it, NULL);
  while (got_alrm < 2) pause();
  printf("pause interrupted: %d\n", got_alrm);
  it.it_value.tv_usec = 10000;
  setitimer(ITIMER_REAL, &it, NULL);
  while (got_alrm < 3) spins++;
  printf("busy loop interrupted: %d\n", got_alrm);
  sigprocmask(SIG_BLOCK, &held, NULL);

  sigaddset(&held, SIGUSR1);
  sigprocmask(SIG_BLOCK, &held, NULL);
  sa.sa_sigaction = on_timer;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGUSR1;
  sev.sigev_value.sival_int = 1234;
  timer_t timer;
  int r = timer_create(CLOCK_MONOTONIC, &sev, &timer);
  struct itimerspec ts = {{0, 0}, {0, 10000000}};
  timer_settime(timer, 0, &ts, NULL);
  while (!got_timer) sigsuspend(&old);
  struct itimerspec left;
  timer_gettime(timer, &left);
  printf("timer_create: %d signal: %d value: %d disarmed: %d delete: %d\n", r, got_timer, timer_value,
         left.it_value.tv_sec == 0 && left.it_value.tv_nsec == 0, timer_delete(timer));

  sa.sa_handler = on_chld;
  sa.sa_flags = 0;
  sigaction(SIGCHLD, &sa, NULL);
  pid_t pid = fork();
  if (pid == 0) _exit(9);
  while (!got_chld) sigsuspend(&old);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  r = waitid(P_PID, pid, &si, WEXITED);
  printf("sigchld: %d waitid: %d signo: %d code: %d status: %d pid: %d\n", got_chld, r, si.si_signo,
         si.si_code, si.si_status, si.si_pid == pid);
  pid = fork();
  if (pid == 0) for (;;) pause();
  kill(pid, SIGTERM);
  memset(&si, 0, sizeof si);
  waitid(P_PID, pid, &si, WEXITED);
  printf("killed child: code: %d status: %d\n", si.si_code, si.si_status);

  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  sigprocmask(SIG_BLOCK, &usr2, NULL);
  kill(getpid(), SIGUSR2);
  struct timespec zero = {0, 0};
  siginfo_t wi;
  int first = sigtimedwait(&usr2, &wi, &zero);
  int second = sigtimedwait(&usr2, &wi, &zero);
  printf("sigtimedwait: %d pid: %d then: %d\n", first == SIGUSR2, wi.si_pid == getpid(), second);
  printf("done\n");
  return 0;
}
