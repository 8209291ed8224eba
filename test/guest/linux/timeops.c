/* Clocks, sleeps, interval and POSIX timers, times/getrusage and poll/ppoll/select. Structures
   whose values are fixed (resolutions, intervals, children's usage, pollfd events) are printed
   as bytes; values that depend on when the program runs are printed as checks. */
#include "sysprobe.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

/* The kernel's struct timespec/timeval of the plain calls: two C longs. */
struct ktimespec { long sec, nsec; };

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void clocks(void) {
  struct ktimespec k;
  const int ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, CLOCK_BOOTTIME };
  for (unsigned i = 0; i < sizeof ids / sizeof *ids; i++) {
    memset(&k, 0xaa, sizeof k);
    char label[32];
    snprintf(label, sizeof label, "clock_getres %d", ids[i]);
    show(label, syscall(SYS_clock_getres, ids[i], &k));
    hex(label, &k, sizeof k);
  }
  show("clock_getres null", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
  show("clock_getres bad clock", syscall(SYS_clock_getres, 99, &k));
  show_linux("clock_getres bad pointer", syscall(SYS_clock_getres, CLOCK_REALTIME, BAD_PTR));
#ifdef SYS_clock_getres_time64
  int64_t k64[2];
  memset(k64, 0xaa, sizeof k64);
  show("clock_getres_time64", syscall(SYS_clock_getres_time64, CLOCK_MONOTONIC, k64));
  hex("clock_getres_time64", k64, sizeof k64);
#endif
  struct timespec a, b;
  show("clock_gettime", clock_gettime(CLOCK_REALTIME, &a));
  printf("realtime plausible %d\n", a.tv_sec > 1600000000 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("monotonic ordered %d\n", b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
  show("clock_gettime bad clock", clock_gettime(99, &a));
  show("clock_gettime bad pointer", syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD_PTR));
  struct { long sec, usec; } tv;
  struct { int minuteswest, dsttime; } tz = { -1, -1 };
  show("gettimeofday", syscall(SYS_gettimeofday, &tv, &tz));
  clock_gettime(CLOCK_REALTIME, &a);
  printf("gettimeofday plausible %d\n", tv.usec >= 0 && tv.usec < 1000000 && a.tv_sec - tv.sec >= 0 && a.tv_sec - tv.sec < 5);
  hex("timezone", &tz, sizeof tz);
  show("gettimeofday null", syscall(SYS_gettimeofday, NULL, NULL));
  show("gettimeofday bad pointer", syscall(SYS_gettimeofday, BAD_PTR, NULL));
}

static void sleeps(void) {
  struct ktimespec req = { 0, 2000000 }, rem = { -1, -1 };
  show("nanosleep", syscall(SYS_nanosleep, &req, &rem));
  struct ktimespec bad = { 0, 1000000000 };
  show("nanosleep bad nsec", syscall(SYS_nanosleep, &bad, NULL));
  bad.sec = -1;
  bad.nsec = 0;
  show("nanosleep negative", syscall(SYS_nanosleep, &bad, NULL));
  show_linux("nanosleep bad pointer", syscall(SYS_nanosleep, BAD_PTR, NULL));
  struct timespec t = { 0, 1000000 }, r;
  printf("clock_nanosleep relative: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &t, NULL));
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_nsec = 0;
  printf("clock_nanosleep absolute past: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL));
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += 3000000;
  if (t.tv_nsec >= 1000000000) { t.tv_sec++; t.tv_nsec -= 1000000000; }
  printf("clock_nanosleep absolute: %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL));
  t.tv_sec = 0;
  printf("clock_nanosleep bad clock: %s\n", strerrorname_np(clock_nanosleep(99, 0, &t, NULL)));
  /* Interrupted: a 50 ms interval timer ends a 2 s sleep early with EINTR and the time left. */
  struct sigaction sa = { .sa_handler = on_alarm };
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = { { 0, 0 }, { 0, 50000 } };
  setitimer(ITIMER_REAL, &it, NULL);
  req.sec = 2;
  req.nsec = 0;
  show("nanosleep interrupted", syscall(SYS_nanosleep, &req, &rem));
  /* At most the whole request (a loaded machine may take the signal before the sleep starts). */
  printf("remaining plausible %d, alarms %d\n", (rem.sec == 1 && rem.nsec >= 0 && rem.nsec < 1000000000) || (rem.sec == 2 && rem.nsec == 0), alarms);
  setitimer(ITIMER_REAL, &it, NULL);
  t.tv_sec = 2;
  t.tv_nsec = 0;
  int e = clock_nanosleep(CLOCK_MONOTONIC, 0, &t, &r);
  printf("clock_nanosleep interrupted: %s, remaining plausible %d, alarms %d\n", strerrorname_np(e), (r.tv_sec == 1 && r.tv_nsec < 1000000000) || (r.tv_sec == 2 && r.tv_nsec == 0), alarms);
}

static void itimers(void) {
  struct { struct { long sec, usec; } interval, value; } k, old;
  /* Intervals are kept as given; the value counts down, so only its order of magnitude shows. */
  struct itimerval it = { { 7, 250000 }, { 30, 0 } }, got;
  show("setitimer", setitimer(ITIMER_REAL, &it, NULL));
  show("getitimer", syscall(SYS_getitimer, ITIMER_REAL, &k));
  hex("getitimer interval", &k.interval, sizeof k.interval);
  printf("getitimer value plausible %d\n", k.value.sec >= 28 && k.value.sec <= 30);
  it.it_value.tv_sec = 0;
  memset(&old, 0xaa, sizeof old);
  struct itimerval zero = { { 0, 0 }, { 0, 0 } };
  show("setitimer disarm", syscall(SYS_setitimer, ITIMER_REAL, &zero, &old));
  hex("setitimer old interval", &old.interval, sizeof old.interval);
  show("getitimer disarmed", getitimer(ITIMER_REAL, &got));
  hex("getitimer disarmed", &got, sizeof got);
  struct itimerval virt = { { 0, 0 }, { 100, 0 } };
  show("setitimer virtual", setitimer(ITIMER_VIRTUAL, &virt, NULL));
  show("setitimer virtual disarm", setitimer(ITIMER_VIRTUAL, &zero, NULL));
  show("setitimer bad which", setitimer(7, &it, NULL));
  show("getitimer bad pointer", syscall(SYS_getitimer, ITIMER_REAL, BAD_PTR));
  show("setitimer bad pointer", syscall(SYS_setitimer, ITIMER_REAL, BAD_PTR, NULL));
#ifdef SYS_alarm
  show("alarm", syscall(SYS_alarm, 10));
  show("alarm left", syscall(SYS_alarm, 0));
#endif
}

static void posix_timers(void) {
  timer_t id;
  struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, NULL);
  show("timer_create", timer_create(CLOCK_MONOTONIC, &sev, &id));
  struct itimerspec its = { { 3, 500 }, { 20, 0 } }, cur;
  show("timer_settime", timer_settime(id, 0, &its, NULL));
  memset(&cur, 0xaa, sizeof cur);
  show("timer_gettime", timer_gettime(id, &cur));
  hex("timer_gettime interval", &cur.it_interval, sizeof cur.it_interval);
  printf("timer_gettime value plausible %d\n", cur.it_value.tv_sec >= 18 && cur.it_value.tv_sec <= 20);
  struct itimerspec soon = { { 0, 0 }, { 0, 1000000 } };
  show("timer_settime one-shot", timer_settime(id, 0, &soon, &cur));
  hex("timer_settime old interval", &cur.it_interval, sizeof cur.it_interval);
  siginfo_t si;
  int sig = sigwaitinfo(&usr1, &si);
  /* qemu-user 7.2 gives MIPS guests the host's SI_TIMER (-2, SI_ASYNCIO there). */
  printf("linux: timer signal %d code SI_TIMER %d\n", sig == SIGUSR1, si.si_code == SI_TIMER);
  show("timer_getoverrun", timer_getoverrun(id));
  show("timer_delete", timer_delete(id));
  show("timer_delete again", timer_delete(id));
  show("timer_gettime deleted", timer_gettime(id, &cur));
  show("timer_create bad clock", timer_create(99, &sev, &id));
  struct sigevent none = { .sigev_notify = SIGEV_NONE };
  show("timer_create SIGEV_NONE", timer_create(CLOCK_REALTIME, &none, &id));
  struct itimerspec abs = { { 0, 0 }, { 2000000000, 0 } };
  show("timer_settime absolute", timer_settime(id, TIMER_ABSTIME, &abs, NULL));
  timer_gettime(id, &cur);
  printf("absolute timer pending %d\n", cur.it_value.tv_sec > 100000);
  show("timer_settime bad nsec", timer_settime(id, 0, &(struct itimerspec) { { 0, 0 }, { 0, 2000000000 } }, NULL));
  show("timer_delete", timer_delete(id));
  sigprocmask(SIG_UNBLOCK, &usr1, NULL);
}

static void usage(void) {
  struct tms t;
  memset(&t, 0xaa, sizeof t);
  clock_t c = times(&t);
  show("times", c == (clock_t)-1 ? -1 : 0);
  /* No child has been waited for yet. */
  hex("times children", &t.tms_cutime, 2 * sizeof(clock_t));
  show("times null", times(NULL) == (clock_t)-1 ? -1 : 0);
  struct rusage ru;
  memset(&ru, 0xaa, sizeof ru);
  show("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
  hex("getrusage children", &ru, sizeof ru);
  memset(&ru, 0xaa, sizeof ru);
  show("getrusage self", getrusage(RUSAGE_SELF, &ru));
  printf("getrusage self plausible %d\n", ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 && ru.ru_maxrss > 0);
  /* Times, memory sizes, faults, block I/O and context switches change from run to run; the
     System V fields Linux never fills are zero. */
  memset(&ru.ru_utime, 0, sizeof ru.ru_utime);
  memset(&ru.ru_stime, 0, sizeof ru.ru_stime);
  ru.ru_maxrss = ru.ru_minflt = ru.ru_majflt = ru.ru_inblock = ru.ru_oublock = ru.ru_nvcsw = ru.ru_nivcsw = 0;
  hex("getrusage self", &ru, sizeof ru);
  memset(&ru, 0xaa, sizeof ru);
  show("getrusage thread", getrusage(RUSAGE_THREAD, &ru));
  show("getrusage bad who", getrusage(7, &ru));
  /* As a syscall: 32-bit glibc converts the structure in user space. */
  show("getrusage bad pointer", syscall(SYS_getrusage, RUSAGE_SELF, BAD_PTR));
}

static void polling(void) {
  int p[2];
  pipe(p);
  /* The emulators hold descriptors of their own, so descriptor numbers are masked. */
  struct pollfd fds[3] = { { p[0], POLLIN, -1 }, { p[1], POLLOUT, -1 }, { closed_fd(), POLLIN, -1 } };
  show("poll", poll(fds, 3, 0));
  for (int i = 0; i < 3; i++) fds[i].fd = 0;
  hex("poll", fds, sizeof fds);
  write(p[1], "x", 1);
  struct pollfd one = { p[0], POLLIN | POLLPRI, -1 };
  struct timespec ts = { 1, 0 };
  show("ppoll ready", ppoll(&one, 1, &ts, NULL));
  one.fd = 0;
  hex("ppoll", &one, sizeof one);
  read(p[0], &one, 1);
  struct pollfd empty = { p[0], POLLIN, -1 };
  ts.tv_sec = 0;
  ts.tv_nsec = 2000000;
  show("ppoll timeout", ppoll(&empty, 1, &ts, NULL));
  printf("ppoll time left %lld.%09ld revents %d\n", (long long)ts.tv_sec, ts.tv_nsec, empty.revents);
  sigset_t none;
  sigemptyset(&none);
  ts.tv_nsec = 1000;
  show("ppoll with mask", ppoll(&empty, 1, &ts, &none));
  show("ppoll bad fds", ppoll(BAD_PTR, 1, &ts, NULL));
  ts.tv_nsec = 1000000000;
  show("ppoll bad timeout", ppoll(&empty, 1, &ts, NULL));
#ifdef SYS_poll
  struct pollfd w = { p[1], POLLOUT, -1 };
  show("poll (syscall)", syscall(SYS_poll, &w, 1, 0));
  w.fd = 0;
  hex("poll (syscall)", &w, sizeof w);
  show("poll (syscall) timeout", syscall(SYS_poll, &empty, 1, 1));
  show("poll (syscall) bad fds", syscall(SYS_poll, BAD_PTR, 1, 0));
#endif
  fd_set rd, wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(p[0], &rd);
  FD_SET(p[1], &wr);
  struct timeval tv = { 0, 1000 };
  show("select", select(p[1] + 1, &rd, &wr, NULL, &tv));
  printf("select read %d write %d\n", FD_ISSET(p[0], &rd) != 0, FD_ISSET(p[1], &wr) != 0);
  write(p[1], "y", 1);
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timespec pts = { 0, 1000 };
  show("pselect", pselect(p[0] + 1, &rd, NULL, NULL, &pts, &none));
  printf("pselect read %d\n", FD_ISSET(p[0], &rd) != 0);
  FD_ZERO(&rd);
  int closed = closed_fd();
  FD_SET(closed, &rd);
  show("select closed fd", select(closed + 1, &rd, NULL, NULL, &tv));
  show("select negative nfds", select(-1, NULL, NULL, NULL, &tv));
  show("pselect6 bad set", syscall(SYS_pselect6, p[0] + 1, BAD_PTR, NULL, NULL, NULL, NULL));
  close(p[0]);
  close(p[1]);
}

int main(void) {
  clocks();
  sleeps();
  itimers();
  posix_timers();
  usage();
  polling();
  printf("done\n");
  return 0;
}
