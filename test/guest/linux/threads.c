// Guest threads: pthread_create/join, mutexes, condition variables, __thread, pthread_exit,
// detached threads, exit from a thread, thread-directed signals, and a parallel merge sort.
// The part to run is argv[1]; everything printed is deterministic.
#define _GNU_SOURCE
#include <pthread.h>
#include <errno.h>
#include <linux/futex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static __thread int tls_value = 7;
static __thread char tls_name[16] = "main";

static void *square(void *arg) {
  long n = (long)arg;
  tls_value = (int)n * 100;
  snprintf(tls_name, sizeof tls_name, "thread%ld", n);
  sched_yield();
  if (tls_value != (int)n * 100) return (void *)-1L;
  if (n == 3) pthread_exit((void *)(n * n + 1000));
  return (void *)(n * n);
}

static int basic(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, square, (void *)i);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    printf("thread %d returned %ld\n", i, (long)r);
  }
  printf("main tls: %d %s\n", tls_value, tls_name);
  return 0;
}

static pid_t other_tid;
static void *report_tid(void *arg) {
  (void)arg;
  other_tid = (pid_t)syscall(SYS_gettid);
  return NULL;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, atomic_counter;

static void *count(void *arg) {
  (void)arg;
  for (int i = 0; i < 100000; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
  }
  return NULL;
}

static int mutex(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, count, NULL);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  printf("counter: %ld atomic: %ld\n", counter, atomic_counter);
  return 0;
}

// Producer/consumer over a bounded queue.
#define QSIZE 8
#define ITEMS 2000
static int queue[QSIZE];
static int qhead, qcount, done_producers;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg) {
  long base = (long)arg;
  for (int i = 1; i <= ITEMS; i++) {
    pthread_mutex_lock(&lock);
    while (qcount == QSIZE) pthread_cond_wait(&not_full, &lock);
    queue[(qhead + qcount++) % QSIZE] = (int)base + i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_lock(&lock);
  done_producers++;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void *consume(void *arg) {
  long *sum = arg;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (qcount == 0 && done_producers < 2) pthread_cond_wait(&not_empty, &lock);
    if (qcount == 0) { pthread_mutex_unlock(&lock); return NULL; }
    int v = queue[qhead];
    qhead = (qhead + 1) % QSIZE;
    qcount--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&lock);
    *sum += v;
  }
}

static int condvar(void) {
  pthread_t p[2], c[2];
  long sums[2] = {0, 0};
  for (int i = 0; i < 2; i++) pthread_create(&c[i], NULL, consume, &sums[i]);
  for (long i = 0; i < 2; i++) pthread_create(&p[i], NULL, produce, (void *)(i * 100000));
  for (int i = 0; i < 2; i++) pthread_join(p[i], NULL);
  for (int i = 0; i < 2; i++) pthread_join(c[i], NULL);
  printf("consumed sum: %ld\n", sums[0] + sums[1]);
  return 0;
}

static volatile int detached_ran;
static void *detached(void *arg) {
  (void)arg;
  detached_ran = 1;
  return NULL;
}

static void *exiter(void *arg) {
  (void)arg;
  printf("thread calls exit(3)\n");
  fflush(stdout);
  exit(3);
}

static volatile sig_atomic_t got_signal;
static volatile pid_t handler_tid;
static void on_usr1(int sig) { got_signal = sig; handler_tid = (pid_t)syscall(SYS_gettid); }

static void *wait_for_signal(void *arg) {
  pid_t *tid = arg;
  *tid = (pid_t)syscall(SYS_gettid);
  while (!got_signal) sched_yield();
  return NULL;
}

static void *sleeper(void *arg) {
  struct timespec ts = { 10, 0 }, rem = { 0, 0 };
  int r = nanosleep(&ts, &rem);
  *(int *)arg = r == -1 && errno == EINTR && rem.tv_sec < 10 && (rem.tv_sec > 0 || rem.tv_nsec > 0);
  return NULL;
}

static volatile pid_t usr2_tid;
static void on_usr2(int sig) { (void)sig; usr2_tid = (pid_t)syscall(SYS_gettid); }

static void *block_and_kill(void *arg) {
  (void)arg;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR2);
  return NULL;
}

static int misc(void) {
  pthread_t t;
  pthread_create(&t, NULL, report_tid, NULL);
  pthread_join(t, NULL);
  printf("thread tid differs from pid: %d\n", other_tid != getpid() && other_tid > 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &attr, detached, NULL);
  for (int i = 0; i < 2000 && !detached_ran; i++) usleep(1000);
  printf("detached thread ran: %d\n", detached_ran);
  signal(SIGUSR1, on_usr1);
  volatile pid_t target = 0;
  pthread_create(&t, NULL, wait_for_signal, (void *)&target);
  while (!target) sched_yield();
  pthread_kill(t, SIGUSR1);
  pthread_join(t, NULL);
  printf("signal %d handled by the target thread: %d\n", got_signal, handler_tid == target);
  int interrupted = 0;
  pthread_create(&t, NULL, sleeper, &interrupted);
  usleep(100000);
  pthread_kill(t, SIGUSR1);
  pthread_join(t, NULL);
  printf("nanosleep interrupted by a signal: %d\n", interrupted);
  signal(SIGUSR2, on_usr2);
  pthread_create(&t, NULL, block_and_kill, NULL);
  pthread_join(t, NULL);
  for (int i = 0; i < 2000 && !usr2_tid; i++) usleep(1000);
  printf("process signal blocked by the sender taken by main: %d\n", usr2_tid == getpid());
  return 0;
}

// Memory and /proc/self/maps from a thread (their state lives with the main thread).
static void *map_in_thread(void *arg) {
  (void)arg;
  char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return (void *)1L;
  strcpy(m + 4096, "mapped in a thread");
  char line[256];
  FILE *f = fopen("/proc/self/maps", "r");
  long found = 0;
  while (f && fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (unsigned long)m && (unsigned long)m + 3 * 4096 <= hi) found = 1;
  }
  if (f) fclose(f);
  void *big = malloc(1 << 20); // a new malloc arena for this thread, plus a large block
  memset(big, 1, 1 << 20);
  free(big);
  long ok = found && !strcmp(m + 4096, "mapped in a thread") && munmap(m, 3 * 4096) == 0;
  return (void *)(ok ? 2L : 3L);
}

// Code written by one thread and run by another (hot in its translation cache by then).
typedef int (*fn_t)(void);
static fn_t volatile code_fn;
static volatile int smc_phase;

static void *run_code(void *arg) {
  (void)arg;
  long sum = 0;
  for (int i = 0; i < 100000; i++) sum += code_fn();
  smc_phase = 1;
  while (smc_phase != 2) { }
  return (void *)(sum * 10 + code_fn());
}

/* A function returning n, as machine code of the target. */
static void emit_return(unsigned *code, unsigned n) {
#if defined(__aarch64__)
  code[0] = 0x52800000u | n << 5; // mov w0, #n
  code[1] = 0xd65f03c0u;          // ret
#elif defined(__arm__)
  code[0] = 0xe3a00000u | n;      // mov r0, #n (A32: the function's address is even)
  code[1] = 0xe12fff1eu;          // bx lr
#elif defined(__mips__)
  code[0] = 0x03e00008u;          // jr $ra
  code[1] = 0x24020000u | n;      // addiu $v0, $zero, n (delay slot)
#else
#error "no machine code for this target"
#endif
}

static int smc(void) {
  unsigned *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  emit_return(code, 1);
  __builtin___clear_cache((char *)code, (char *)(code + 2));
  code_fn = (fn_t)code;
  pthread_t t;
  pthread_create(&t, NULL, run_code, NULL);
  while (smc_phase != 1) sched_yield();
  emit_return(code, 2);
  __builtin___clear_cache((char *)code, (char *)(code + 2));
  smc_phase = 2;
  void *r;
  pthread_join(t, &r);
  printf("code seen by the other thread: %ld\n", (long)r);
  void *m;
  pthread_create(&t, NULL, map_in_thread, NULL);
  pthread_join(t, &m);
  printf("mmap, maps and malloc in a thread: %ld\n", (long)m);
  return 0;
}

// fork() in a process with threads: the child has only the forking thread, and may make new ones.
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static void *blocked_until_gate(void *arg) {
  (void)arg;
  pthread_mutex_lock(&gate);
  pthread_mutex_unlock(&gate);
  return (void *)5L;
}

static int fork_with_threads(void) {
  pthread_t t;
  pthread_mutex_lock(&gate);
  pthread_create(&t, NULL, blocked_until_gate, NULL);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t c;
    void *r;
    pthread_create(&c, NULL, square, (void *)6L);
    pthread_join(c, &r);
    printf("child: thread in the child returned %ld\n", (long)r);
    exit(4);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("parent: child exited %d\n", WEXITSTATUS(status));
  pthread_mutex_unlock(&gate);
  void *r;
  pthread_join(t, &r);
  printf("parent: thread returned %ld\n", (long)r);
  return 0;
}

// system() (posix_spawn: a vfork-style clone) and a fault handled in a thread other than main.
static __thread sigjmp_buf fault_jump;
static void on_segv(int sig) { (void)sig; siglongjmp(fault_jump, 1); }

static void *spawn_and_fault(void *arg) {
  (void)arg;
  fflush(stdout);
  int r = system("echo system from a thread");
  printf("system status: %d\n", r);
  signal(SIGSEGV, on_segv);
  if (sigsetjmp(fault_jump, 1) == 0) *(volatile int *)16 = 1;
  else printf("SIGSEGV handled in the thread\n");
  return NULL;
}

static int spawn(void) {
  pthread_t t;
  pthread_create(&t, NULL, spawn_and_fault, NULL);
  pthread_join(t, NULL);
  return 0;
}

// futex(2) directly: value checks, timeouts, CMP_REQUEUE, WAKE_OP, a wake across threads.
static long futex(int *uaddr, int op, int val, const void *timeout, int *uaddr2, int val3) {
  return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static const char *err(long r) {
  return r == 0 ? "0" : errno == EAGAIN ? "EAGAIN" : errno == ETIMEDOUT ? "ETIMEDOUT" : errno == EINVAL ? "EINVAL" : "other";
}

static int futex_word = 0;
static volatile int futex_woken;

static void *futex_waiter(void *arg) {
  (void)arg;
  while (__atomic_load_n(&futex_word, __ATOMIC_SEQ_CST) == 0) futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  futex_woken = 1;
  return NULL;
}

static int futex_part(void) {
  int word = 1, word2 = 5;
  printf("wait on another value: %s\n", err(futex(&word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0)));
  struct timespec t0, rel = { 0, 30 * 1000000 }, abs;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long r = futex(&word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0);
  printf("relative timeout: %s after >= 30 ms: %d\n", err(r), ms_since(&t0) >= 29);
  clock_gettime(CLOCK_MONOTONIC, &abs);
  abs.tv_nsec += 20 * 1000000;
  if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
  r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
  printf("absolute timeout: %s\n", err(r));
  struct timespec bad = { 0, 1000000000 };
  printf("bad timeout: %s\n", err(futex(&word, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0)));
  printf("cmp_requeue on another value: %s\n", err(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &word2, 7)));
  r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &word2, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5));
  printf("wake_op: %ld word2: %d\n", r, word2);
  pthread_t t;
  pthread_create(&t, NULL, futex_waiter, NULL);
  usleep(50000);
  __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
  r = futex(&futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  pthread_join(t, NULL);
  printf("wake returned <= 1: %d, waiter woke: %d\n", r >= 0 && r <= 1, futex_woken);
  return 0;
}

static int exit_from_thread(void) {
  pthread_t t;
  pthread_create(&t, NULL, exiter, NULL);
  pthread_join(t, NULL);
  printf("not reached\n");
  return 0;
}

static void *main_exits(void *arg) {
  (void)arg;
  usleep(20000);
  printf("last thread still running after main's pthread_exit\n");
  fflush(stdout);
  return NULL;
}

static int exit_main_thread(void) {
  pthread_t t;
  pthread_create(&t, NULL, main_exits, NULL);
  pthread_exit(NULL);
}

// Parallel merge sort: each level sorts halves in new threads down to a depth.
struct range { unsigned *a, *tmp; size_t n; int depth; };

static void merge_sort(unsigned *a, unsigned *tmp, size_t n, int depth);

static void *sort_thread(void *arg) {
  struct range *r = arg;
  merge_sort(r->a, r->tmp, r->n, r->depth);
  return NULL;
}

static void merge_sort(unsigned *a, unsigned *tmp, size_t n, int depth) {
  if (n < 2) return;
  size_t h = n / 2;
  if (depth > 0) {
    struct range left = { a, tmp, h, depth - 1 };
    pthread_t t;
    pthread_create(&t, NULL, sort_thread, &left);
    merge_sort(a + h, tmp + h, n - h, depth - 1);
    pthread_join(t, NULL);
  } else {
    merge_sort(a, tmp, h, 0);
    merge_sort(a + h, tmp + h, n - h, 0);
  }
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
}

static int parallel_sort(void) {
  size_t n = 200000;
  unsigned *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *a);
  unsigned x = 12345;
  for (size_t i = 0; i < n; i++) { x = x * 1103515245u + 12345u; a[i] = x >> 8; }
  merge_sort(a, tmp, n, 3);
  unsigned long sum = 0;
  int sorted = 1;
  for (size_t i = 0; i < n; i++) { sum = sum * 31 + a[i]; if (i && a[i - 1] > a[i]) sorted = 0; }
  printf("sorted: %d checksum: %lu min: %u max: %u\n", sorted, sum, a[0], a[n - 1]);
  return 0;
}

// Atomics under real contention: 4 threads update shared counters with every kind of atomic
// instruction at once (exclusives, LSE, C11 compare-exchange loops, a SWP spinlock, glibc's
// mutex); any lost update shows in the totals.
#define ATOMIC_ITERS 200000
static pthread_mutex_t atomics_lock = PTHREAD_MUTEX_INITIALIZER;
static long by_mutex, by_builtin, by_exclusive, by_ldadd, by_cas_loop, by_spinlock;
static unsigned short narrow_counter;
static int spin_word;
static long max_seen = -1;

#ifdef __aarch64__
static void exclusive_add(long *p, long v) {
  long tmp;
  int fail;
  __asm__ volatile("1: ldaxr %0, [%2]\n add %0, %0, %3\n stlxr %w1, %0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");
}

static void lse_add(long *p, long v) {
  long old;
  __asm__ volatile(".arch_extension lse\n ldaddal %1, %0, [%2]" : "=r"(old) : "r"(v), "r"(p) : "memory");
}

static void lse_add16(unsigned short *p, unsigned short v) {
  unsigned short old;
  __asm__ volatile(".arch_extension lse\n ldaddh %w1, %w0, [%2]" : "=r"(old) : "r"(v), "r"(p) : "memory");
}

static int lse_swap(int *p, int v) {
  int old;
  __asm__ volatile(".arch_extension lse\n swpal %w1, %w0, [%2]" : "=r"(old) : "r"(v), "r"(p) : "memory");
  return old;
}

static void lse_smax(long *p, long v) {
  long old;
  __asm__ volatile(".arch_extension lse\n ldsmaxal %1, %0, [%2]" : "=r"(old) : "r"(v), "r"(p) : "memory");
}
#else
// Other targets: the compiler's atomics (LL/SC loops on MIPS).
static void exclusive_add(long *p, long v) { __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static void lse_add(long *p, long v) { __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static void lse_add16(unsigned short *p, unsigned short v) { __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static int lse_swap(int *p, int v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
static void lse_smax(long *p, long v) {
  long cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (cur < v && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {}
}
#endif

static void *hammer(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < ATOMIC_ITERS; i++) {
    if (i % 8 == 0) {
      pthread_mutex_lock(&atomics_lock);
      by_mutex++;
      pthread_mutex_unlock(&atomics_lock);
    }
    __atomic_fetch_add(&by_builtin, 1, __ATOMIC_SEQ_CST);
    exclusive_add(&by_exclusive, 1);
    lse_add(&by_ldadd, 2);
    lse_add16(&narrow_counter, 1);
    long cur = __atomic_load_n(&by_cas_loop, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&by_cas_loop, &cur, cur + 3, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {}
    while (lse_swap(&spin_word, 1) != 0) {}
    by_spinlock++;
    __atomic_store_n(&spin_word, 0, __ATOMIC_RELEASE);
    lse_smax(&max_seen, id * ATOMIC_ITERS + i);
  }
  return NULL;
}

static int atomics(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, hammer, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  printf("mutex %ld builtin %ld exclusive %ld ldadd %ld ldaddh %u cas %ld spinlock %ld smax %ld\n",
         by_mutex, by_builtin, by_exclusive, by_ldadd, narrow_counter, by_cas_loop, by_spinlock, max_seen);
  return 0;
}

// CPU-bound work (argv[3] million steps, default 400) split over argv[2] threads, for
// measuring parallel speed-up (docs/linux.md).
static unsigned long spin_threads = 1, spin_total = 400000000UL;

static void *spin_work(void *arg) {
  unsigned long x = (unsigned long)arg * 0x9e3779b97f4a7c15UL + 1;
  for (unsigned long i = 0; i < spin_total / spin_threads; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
  return (void *)(x >> 60);
}

static int spin(const char *n, const char *millions) {
  spin_threads = n ? strtoul(n, NULL, 10) : 1;
  if (millions) spin_total = strtoul(millions, NULL, 10) * 1000000UL;
  pthread_t t[16];
  unsigned long sum = 0;
  for (unsigned long i = 0; i < spin_threads && i < 16; i++) pthread_create(&t[i], NULL, spin_work, (void *)i);
  for (unsigned long i = 0; i < spin_threads && i < 16; i++) { void *r; pthread_join(t[i], &r); sum += (unsigned long)r; }
  printf("threads %lu sum %lu\n", spin_threads, sum);
  return 0;
}

// Measurement only (its output varies): two threads each bump their own counter and count how
// often the other's counter moved between two of their own steps. Threads that take turns on
// one CPU see it move only at a switch (every few ms); threads running at the same time on two
// CPUs see it move at a large fraction of their steps.
#define OVERLAP_STEPS 200000000L
static long overlap_counter[2];
static int overlap_ready;

static void *overlap_work(void *arg) {
  long me = (long)arg, moved = 0, last = 0;
  __atomic_fetch_add(&overlap_ready, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&overlap_ready, __ATOMIC_SEQ_CST) < 2) {}
  for (long i = 0; i < OVERLAP_STEPS; i++) {
    __atomic_store_n(&overlap_counter[me], i, __ATOMIC_RELAXED);
    long cur = __atomic_load_n(&overlap_counter[1 - me], __ATOMIC_RELAXED);
    if (cur != last) { moved++; last = cur; }
  }
  return (void *)moved;
}

static int overlap(void) {
  pthread_t t[2];
  void *moved[2];
  for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, overlap_work, (void *)i);
  for (int i = 0; i < 2; i++) pthread_join(t[i], &moved[i]);
  printf("steps %ld: the other thread moved during %ld and %ld of them\n", OVERLAP_STEPS, (long)moved[0], (long)moved[1]);
  return 0;
}

int main(int argc, char **argv) {
  const char *part = argc > 1 ? argv[1] : "";
  if (!strcmp(part, "basic")) { basic(); printf("ok\n"); return 0; }
  if (!strcmp(part, "mutex")) return mutex();
  if (!strcmp(part, "condvar")) return condvar();
  if (!strcmp(part, "misc")) return misc();
  if (!strcmp(part, "exit")) return exit_from_thread();
  if (!strcmp(part, "main-exit")) return exit_main_thread();
  if (!strcmp(part, "sort")) return parallel_sort();
  if (!strcmp(part, "smc")) return smc();
  if (!strcmp(part, "fork")) return fork_with_threads();
  if (!strcmp(part, "spawn")) return spawn();
  if (!strcmp(part, "futex")) return futex_part();
  if (!strcmp(part, "atomics")) return atomics();
  if (!strcmp(part, "overlap")) return overlap();
  if (!strcmp(part, "spin")) return spin(argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL);
  fprintf(stderr, "usage: threads basic|mutex|condvar|misc|exit|main-exit|sort|smc|fork|spawn|futex|atomics\n");
  return 2;
}
