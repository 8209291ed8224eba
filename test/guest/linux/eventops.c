/* Event and notification descriptors: epoll (level and edge triggered, EPOLLONESHOT,
   EPOLLEXCLUSIVE, signal masks, waits in two threads at once), eventfd, timerfd (and the
   time64 calls of 32-bit ABIs), signalfd with the guest's signals, inotify, pidfd_open, and
   capget/capset, membarrier and prctl as runtimes use them. struct epoll_event, the counters,
   struct signalfd_siginfo and struct inotify_event are printed as bytes. argv[1] is an empty
   directory. */
#include "sysprobe.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/capability.h>
#include <linux/membarrier.h>

static int pipe_rd, pipe_wr;

static void fill(void) {
  if (write(pipe_wr, "x", 1) != 1) die("write");
}

static void drain(void) {
  char buf[64];
  if (read(pipe_rd, buf, sizeof buf) < 0) die("read");
}

/* One epoll_wait (timeout in ms) into a marked array; the first event printed as bytes. */
static void wait_one(const char *label, int ep, int timeout) {
  struct epoll_event ev[2];
  memset(ev, 0xaa, sizeof ev);
  int r = epoll_wait(ep, ev, 2, timeout);
  show(label, r);
  if (r > 0) hex(label, &ev[0], sizeof ev[0]);
}

static volatile int handled;
static void on_signal(int sig) { (void)sig; handled++; }

static void epoll_basics(void) {
  int p[2];
  if (pipe(p) != 0) die("pipe");
  pipe_rd = p[0];
  pipe_wr = p[1];
  int ep = epoll_create1(EPOLL_CLOEXEC);
  shown_ok("epoll_create1", ep);
  printf("epoll cloexec %d\n", (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
  show("epoll_create1 bad flags", epoll_create1(1));
#ifdef SYS_epoll_create
  int old = syscall(SYS_epoll_create, 1);
  shown_ok("epoll_create", old);
  close(old);
  show("epoll_create 0", syscall(SYS_epoll_create, 0));
#endif
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
  show("ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_rd, &ev));
  show("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_rd, &ev));
  show("ctl add closed fd", epoll_ctl(ep, EPOLL_CTL_ADD, closed_fd(), &ev));
  show("ctl closed epfd", epoll_ctl(closed_fd(), EPOLL_CTL_ADD, pipe_rd, &ev));
  show("ctl not epoll", epoll_ctl(pipe_wr, EPOLL_CTL_ADD, pipe_rd, &ev));
  show("ctl itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
  show("ctl bad event", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_rd, BAD_PTR));
  show("ctl mod absent", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_wr, &ev));
  show("ctl bad op", epoll_ctl(ep, 99, pipe_rd, &ev));
  wait_one("wait empty", ep, 0);
  fill();
  wait_one("wait level", ep, 0);
  wait_one("wait level again", ep, 0);
  struct epoll_event out[1];
  show("wait bad events", epoll_wait(ep, BAD_PTR, 1, 0));
  show("wait maxevents 0", epoll_wait(ep, out, 0, 0));
  show("wait closed epfd", epoll_wait(closed_fd(), out, 1, 0));
  show("wait not epoll", epoll_wait(pipe_rd, out, 1, 0));

  /* Edge triggered: one report per new arrival. */
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = 0x0102030405060708ULL;
  show("ctl mod edge", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_rd, &ev));
  wait_one("wait edge", ep, 0);
  wait_one("wait edge again", ep, 0);
  fill();
  wait_one("wait edge new data", ep, 0);
  drain();

  /* One shot: disabled after one report until EPOLL_CTL_MOD. */
  ev.events = EPOLLIN | EPOLLONESHOT;
  show("ctl mod oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_rd, &ev));
  fill();
  wait_one("wait oneshot", ep, 0);
  wait_one("wait oneshot again", ep, 0);
  show("ctl rearm", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_rd, &ev));
  wait_one("wait rearmed", ep, 0);
  drain();

  /* EPOLLEXCLUSIVE: only with EPOLL_CTL_ADD. */
  show("ctl del", epoll_ctl(ep, EPOLL_CTL_DEL, pipe_rd, NULL));
  show("ctl del again", epoll_ctl(ep, EPOLL_CTL_DEL, pipe_rd, NULL));
  ev.events = EPOLLIN | EPOLLEXCLUSIVE;
  show("ctl add exclusive", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_rd, &ev));
  show("ctl mod exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, pipe_rd, &ev));
  fill();
  wait_one("wait exclusive", ep, 0);
  drain();
  ev.events = EPOLLOUT;
  ev.data.u64 = 7;
  show("ctl add out", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_wr, &ev));
  wait_one("wait out", ep, 0);
  show("ctl del out", epoll_ctl(ep, EPOLL_CTL_DEL, pipe_wr, NULL));
  close(ep);
}

/* epoll_pwait's mask, signals interrupting a wait, epoll_pwait2's timespec. */
static void epoll_signals(void) {
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 5 };
  epoll_ctl(ep, EPOLL_CTL_ADD, pipe_rd, &ev);
  struct epoll_event out[1];
  struct sigaction sa = { .sa_handler = on_signal };
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  sigset_t usr1, none, old;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&none);
  sigprocmask(SIG_BLOCK, &usr1, &old);
  raise(SIGUSR1);
  printf("handled while blocked %d\n", handled);
  show("pwait unblocking", epoll_pwait(ep, out, 1, 1000, &none));
  printf("handled in pwait %d\n", handled);
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("mask restored %d\n", sigismember(&now, SIGUSR1));
  show("pwait bad sigsetsize", syscall(SYS_epoll_pwait, ep, out, 1, 0, &none, 4));
  show("pwait blocking mask", epoll_pwait(ep, out, 1, 0, &usr1));
  sigprocmask(SIG_SETMASK, &old, NULL);

  handled = 0;
  struct itimerval it = { .it_value = { 0, 20000 } };
  setitimer(ITIMER_REAL, &it, NULL);
  show("wait interrupted", epoll_wait(ep, out, 1, 5000));
  printf("handled alarm %d\n", handled);

  /* qemu-user 7.2 has no epoll_pwait2 (ENOSYS). Its timeout is a struct __kernel_timespec:
     64-bit fields on every ABI. */
  int64_t ts[2] = { 0, 1000000 };
  show_linux("pwait2 timeout", syscall(SYS_epoll_pwait2, ep, out, 1, ts, NULL, 0));
  int64_t bad[2] = { 0, 1000000000 };
  show_linux("pwait2 bad timespec", syscall(SYS_epoll_pwait2, ep, out, 1, bad, NULL, 0));
  show_linux("pwait2 bad timespec pointer", syscall(SYS_epoll_pwait2, ep, out, 1, BAD_PTR, NULL, 0));
  fill();
  memset(out, 0xaa, sizeof out);
  show_linux("pwait2 ready", syscall(SYS_epoll_pwait2, ep, out, 1, NULL, NULL, 0));
  printf("linux: pwait2 event %x %llx\n", out[0].events, (unsigned long long)out[0].data.u64);
  drain();
  close(ep);
}

/* Two threads each blocked in epoll_wait while the main thread waits in its own; then the main
   thread blocked in epoll_wait while a thread maps memory (a call the main thread answers). */
struct waiter { int efd; int result; uint64_t data; };

static void *waiter_thread(void *arg) {
  struct waiter *w = arg;
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0xabc0 + w->efd };
  epoll_ctl(ep, EPOLL_CTL_ADD, w->efd, &ev);
  struct epoll_event out;
  w->result = epoll_wait(ep, &out, 1, 10000);
  w->data = out.data.u64 - w->efd;
  close(ep);
  return NULL;
}

/* A thread that maps memory, then wakes the main thread, which waits in epoll_wait meanwhile. */
static void *mapper_thread(void *arg) {
  int efd = *(int *)arg;
  void *m = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int ok = m != MAP_FAILED && munmap(m, 1 << 16) == 0;
  uint64_t one = ok ? 1 : 2;
  if (write(efd, &one, 8) != 8) die("eventfd write");
  return NULL;
}

static void epoll_threads(void) {
  struct waiter w[2];
  pthread_t t[2];
  for (int i = 0; i < 2; i++) {
    w[i].efd = eventfd(0, 0);
    pthread_create(&t[i], NULL, waiter_thread, &w[i]);
  }
  int ep = epoll_create1(0);
  struct epoll_event out;
  show("main waits meanwhile", epoll_wait(ep, &out, 1, 50));
  uint64_t one = 1;
  for (int i = 0; i < 2; i++) {
    if (write(w[i].efd, &one, 8) != 8) die("eventfd write");
    pthread_join(t[i], NULL);
    printf("thread %d woke %d data %llx\n", i, w[i].result, (unsigned long long)w[i].data);
    close(w[i].efd);
  }
  int efd = eventfd(0, 0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 9 };
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  pthread_t t2;
  pthread_create(&t2, NULL, mapper_thread, &efd);
  show("main waits for a mapping thread", epoll_wait(ep, &out, 1, -1));
  uint64_t v = 0;
  if (read(efd, &v, 8) != 8) die("eventfd read");
  printf("mapping thread mapped %d\n", v == 1);
  pthread_join(t2, NULL);
  close(efd);
  close(ep);
}

static void eventfds(void) {
  int fd = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
  shown_ok("eventfd2", fd);
  printf("eventfd nonblock %d cloexec %d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  uint64_t v = 0;
  show("eventfd read", read(fd, &v, 8));
  hex("eventfd value", &v, 8);
  show("eventfd read empty", read(fd, &v, 8));
  v = 3;
  show("eventfd write", write(fd, &v, 8));
  v = 0x100000007ULL;
  show("eventfd write big", write(fd, &v, 8));
  int copy = dup(fd);
  show("eventfd read dup", read(copy, &v, 8));
  hex("eventfd sum", &v, 8);
  close(copy);
  show("eventfd short read", read(fd, &v, 4));
  show("eventfd short write", write(fd, &v, 4));
  v = ~0ULL;
  show("eventfd write max", write(fd, &v, 8));
  close(fd);
  fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  show("semaphore read", read(fd, &v, 8));
  hex("semaphore value", &v, 8);
  show("semaphore read", read(fd, &v, 8));
  show("semaphore read empty", read(fd, &v, 8));
  close(fd);
  show("eventfd2 bad flags", syscall(SYS_eventfd2, 0, 2));
#ifdef SYS_eventfd
  fd = syscall(SYS_eventfd, 9);
  shown_ok("eventfd", fd);
  show("eventfd old read", read(fd, &v, 8));
  hex("eventfd old value", &v, 8);
  close(fd);
#endif
}

/* The kernel's struct itimerspec of this call: two timespecs of C longs, or of int64 (time64). */
struct kitimerspec { long isec, insec, vsec, vnsec; };

static void timerfds(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  shown_ok("timerfd_create", fd);
  show("timerfd_create bad clock", timerfd_create(99, 0));
  show("timerfd_create bad flags", timerfd_create(CLOCK_MONOTONIC, 2));
  uint64_t n;
  show("timerfd read unarmed", read(fd, &n, 8));
  struct kitimerspec k = { 1, 500, 100, 0 }, old;
  show("timerfd_settime", syscall(SYS_timerfd_settime, fd, 0, &k, NULL));
  memset(&old, 0xaa, sizeof old);
  struct kitimerspec k2 = { 0, 0, 0, 20000000 };
  show("timerfd_settime old", syscall(SYS_timerfd_settime, fd, 0, &k2, &old));
  printf("old interval %ld %ld value plausible %d\n", old.isec, old.insec, old.vsec > 90 && old.vsec <= 100);
  struct kitimerspec cur;
  show("timerfd_gettime", syscall(SYS_timerfd_gettime, fd, &cur));
  printf("current plausible %d\n", cur.isec == 0 && cur.insec == 0 && cur.vsec == 0 && cur.vnsec > 0 && cur.vnsec <= 20000000);
  show("timerfd read early", read(fd, &n, 8));
  struct pollfd pfd = { fd, POLLIN, 0 };
  show("timerfd poll", poll(&pfd, 1, 2000));
  show("timerfd read", read(fd, &n, 8));
  hex("timerfd expirations", &n, 8);
  show("timerfd short read", read(fd, &n, 4));
  show("timerfd_settime bad flags", syscall(SYS_timerfd_settime, fd, 4, &k, NULL));
  struct kitimerspec badns = { 0, 0, 0, 1000000000 };
  show("timerfd_settime bad nsec", syscall(SYS_timerfd_settime, fd, 0, &badns, NULL));
  show("timerfd_settime bad pointer", syscall(SYS_timerfd_settime, fd, 0, BAD_PTR, NULL));
  show_linux("timerfd_gettime bad pointer", syscall(SYS_timerfd_gettime, fd, BAD_PTR));
  show("timerfd_gettime not timerfd", syscall(SYS_timerfd_gettime, pipe_rd, &cur));
  show("timerfd_gettime closed", syscall(SYS_timerfd_gettime, closed_fd(), &cur));
  close(fd);
  /* A blocking one, absolute and already past: one expiration at once. */
  fd = timerfd_create(CLOCK_REALTIME, 0);
  struct kitimerspec past = { 0, 0, 1000, 0 };
  show("timerfd abstime", syscall(SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME, &past, NULL));
  show("timerfd blocking read", read(fd, &n, 8));
  hex("timerfd abstime expirations", &n, 8);
  close(fd);
#ifdef SYS_timerfd_settime64
  fd = timerfd_create(CLOCK_MONOTONIC, 0);
  int64_t k64[4] = { 2, 0, 300, 0 }, old64[4];
  show("timerfd_settime64", syscall(SYS_timerfd_settime64, fd, 0, k64, NULL));
  memset(old64, 0xaa, sizeof old64);
  show("timerfd_gettime64", syscall(SYS_timerfd_gettime64, fd, old64));
  hex("timerfd_gettime64 interval", old64, 16);
  printf("time64 value plausible %d\n", old64[2] > 290 && old64[2] <= 300);
  close(fd);
#endif
}

static void signalfds(void) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  shown_ok("signalfd4", fd);
  struct signalfd_siginfo si;
  show("signalfd read empty", read(fd, &si, sizeof si));
  struct pollfd pfd = { fd, POLLIN, 0 };
  show("signalfd poll empty", poll(&pfd, 1, 0));
  kill(getpid(), SIGUSR1);
  show("signalfd poll", poll(&pfd, 1, 0));
  printf("revents %x\n", pfd.revents);
  memset(&si, 0xaa, sizeof si);
  show("signalfd read", read(fd, &si, sizeof si));
  printf("signo SIGUSR1 %d code %d pid ok %d\n", si.ssi_signo == SIGUSR1, si.ssi_code, si.ssi_pid == (uint32_t)getpid());
  mask(&si, 12, 4); /* ssi_pid */
  hex("signalfd_siginfo", &si, sizeof si);
  show("signalfd short read", read(fd, &si, 64));

  /* A new mask for the same descriptor, and readiness through epoll. */
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  show("signalfd new mask", signalfd(fd, &set, 0) == fd);
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  wait_one("signalfd epoll empty", ep, 0);
  raise(SIGUSR2);
  wait_one("signalfd epoll", ep, 1000);
  memset(&si, 0xaa, sizeof si);
  show("signalfd read usr2", read(fd, &si, sizeof si));
  printf("signo SIGUSR2 %d code %d\n", si.ssi_signo == SIGUSR2, si.ssi_code);
  mask(&si, 12, 4);
  hex("signalfd_siginfo usr2", &si, sizeof si);
  wait_one("signalfd epoll after read", ep, 0);
  close(ep);

  show("signalfd4 bad flags", syscall(SYS_signalfd4, -1, &set, _NSIG / 8, 2));
  show("signalfd4 bad mask", syscall(SYS_signalfd4, -1, BAD_PTR, _NSIG / 8, 0));
  show_linux("signalfd4 bad size", syscall(SYS_signalfd4, -1, &set, 4, 0));
  show("signalfd4 not signalfd", syscall(SYS_signalfd4, pipe_rd, &set, _NSIG / 8, 0));
  show("signalfd4 closed", syscall(SYS_signalfd4, closed_fd(), &set, _NSIG / 8, 0));
#ifdef SYS_signalfd
  int plain = syscall(SYS_signalfd, -1, &set, _NSIG / 8);
  shown_ok("signalfd", plain);
  raise(SIGUSR1);
  show("signalfd plain read", read(plain, &si, sizeof si));
  printf("plain signo SIGUSR1 %d\n", si.ssi_signo == SIGUSR1);
  close(plain);
#endif
  close(fd);

  /* A blocking read waits for a signal from outside: the interval timer's SIGALRM. */
  sigset_t alrm;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, NULL);
  fd = signalfd(-1, &alrm, 0);
  struct itimerval it = { .it_value = { 0, 20000 } };
  setitimer(ITIMER_REAL, &it, NULL);
  memset(&si, 0xaa, sizeof si);
  show("signalfd blocking read", read(fd, &si, sizeof si));
  printf("signo SIGALRM %d code %d\n", si.ssi_signo == SIGALRM, si.ssi_code);
  hex("signalfd_siginfo alarm", &si, sizeof si);
  close(fd);
  sigprocmask(SIG_SETMASK, &old, NULL);
}

static void inotify(const char *dir) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  shown_ok("inotify_init1", fd);
  show("inotify_init1 bad flags", inotify_init1(2));
  show("inotify_add_watch", inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE));
  show("inotify_add_watch missing", inotify_add_watch(fd, "/nonexistent/x", IN_CREATE));
  show("inotify_add_watch bad path", inotify_add_watch(fd, BAD_PTR, IN_CREATE));
  show("inotify_add_watch closed", inotify_add_watch(closed_fd(), dir, IN_CREATE));
  show("inotify_add_watch no events", inotify_add_watch(fd, dir, 0));
  char buf[256] __attribute__((aligned(8)));
  show("inotify read empty", read(fd, buf, sizeof buf));
  char path[512];
  snprintf(path, sizeof path, "%s/created", dir);
  int f = open(path, O_CREAT | O_WRONLY, 0600);
  close(f);
  unlink(path);
  memset(buf, 0xaa, sizeof buf);
  long n = read(fd, buf, sizeof buf);
  show("inotify read", n);
  if (n > 0) hex("inotify events", buf, n);
  show("inotify_rm_watch", inotify_rm_watch(fd, 1));
  show("inotify_rm_watch again", inotify_rm_watch(fd, 1));
  memset(buf, 0xaa, sizeof buf);
  n = read(fd, buf, sizeof buf);
  show("inotify read ignored", n);
  if (n > 0) hex("inotify ignored", buf, n);
  close(fd);
#ifdef SYS_inotify_init
  fd = syscall(SYS_inotify_init);
  shown_ok("inotify_init", fd);
  printf("inotify_init blocking %d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
  close(fd);
#endif
}

static void pidfds(void) {
  int fd = syscall(SYS_pidfd_open, getpid(), 0);
  shown_ok("pidfd_open", fd);
  close(fd);
  show("pidfd_open bad flags", syscall(SYS_pidfd_open, getpid(), 1));
  show("pidfd_open bad pid", syscall(SYS_pidfd_open, -1, 0));
  show("pidfd_open no such pid", syscall(SYS_pidfd_open, 0x3ffffff, 0));
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    _exit(3);
  }
  fd = syscall(SYS_pidfd_open, child, O_NONBLOCK);
  shown_ok("pidfd_open child", fd);
  struct pollfd pfd = { fd, POLLIN, 0 };
  show("pidfd poll", poll(&pfd, 1, 5000));
  printf("pidfd revents %x\n", pfd.revents);
  int status;
  waitpid(child, &status, 0);
  printf("child status %d\n", WEXITSTATUS(status));
  close(fd);
}

/* A result that depends on the host's configuration (a sysctl, whether Yama is there): compared
   with qemu-user's only, as bytes (the result, then errno). */
static void host_dependent(const char *label, long r) {
  long v[2] = { r, r == -1 ? errno : 0 };
  hex(label, v, sizeof v);
}

static void runtime_calls(void) {
  struct __user_cap_header_struct h = { 0, 0 };
  struct __user_cap_data_struct d[2];
  show("capget version query", syscall(SYS_capget, &h, NULL));
  printf("preferred version %x\n", h.version);
  h.version = _LINUX_CAPABILITY_VERSION_3;
  show("capget", syscall(SYS_capget, &h, d));
  hex("capabilities", d, sizeof d);
  show("capset same", syscall(SYS_capset, &h, d));
  show("capget bad data", syscall(SYS_capget, &h, BAD_PTR));
  long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  printf("membarrier query private expedited %d\n", q > 0 && (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
  show("membarrier register", syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
  show("membarrier private expedited", syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
  show("membarrier bad command", syscall(SYS_membarrier, 1 << 20, 0, 0));
  char name[16] = { 0 };
  show("prctl set name", prctl(PR_SET_NAME, "eventops-main"));
  show("prctl get name", prctl(PR_GET_NAME, name));
  printf("name %s\n", name);
  show("prctl get dumpable", prctl(PR_GET_DUMPABLE));
  show("prctl get no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  /* Refused, as qemu-user refuses it: a filter would see the emulator's host calls. */
  show("prctl get seccomp", prctl(PR_GET_SECCOMP));
  show("prctl get securebits", prctl(PR_GET_SECUREBITS));
  show("prctl ambient is_set", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0));
  host_dependent("prctl mce_kill_get", prctl(PR_MCE_KILL_GET, 0, 0, 0, 0));
  host_dependent("prctl set ptracer", prctl(PR_SET_PTRACER, 0, 0, 0, 0));
  show("prctl capbset_drop bad", prctl(PR_CAPBSET_DROP, 999, 0, 0, 0));
  show("prctl unknown", prctl(0x7fff, 0, 0, 0, 0));
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  setvbuf(stdout, NULL, _IONBF, 0);
  epoll_basics();
  epoll_signals();
  eventfds();
  timerfds();
  signalfds();
  inotify(argv[1]);
  pidfds();
  runtime_calls();
  /* Last: a host signal (SIGALRM above) may otherwise reach a thread's host thread, which
     forwards it without its siginfo. */
  epoll_threads();
  return 0;
}
