/* ARM without libc and without a VFP instruction: the Linux layer's ARM parts that need only the
   integer ISA, through raw SVCs. A Thumb entry point; set_tls seen by get_tls, by TPIDRURO and
   by the kuser helper; cacheflush's checks; handlers installed without SA_RESTORER, A32 and Thumb,
   with and without SA_SIGINFO, returning through the kernel's sigreturn snippets; a SIGSEGV
   handler that changes registers in the frame; the breakpoint call, usr26/usr32 and BKPT; a
   thread by raw clone with its own stack and TLS.
   Build: -nostdlib -static -ffreestanding. */
#include <asm/unistd.h>
#include <stdint.h>

#define ARM_NR_BASE 0x0f0000
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGTRAP 5
#define SIGILL_NR 4
#define SA_SIGINFO 4

struct kernel_sigaction { void *handler; unsigned long flags; void *restorer; unsigned long mask[2]; };

static long sys(long nr, long a, long b, long c, long d) {
  register long r7 __asm__("r7") = nr;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  __asm__ volatile("svc 0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3) : "memory");
  return r0;
}

static unsigned slen(const char *s) { unsigned n = 0; while (s[n]) n++; return n; }
static void put(const char *s) { sys(__NR_write, 1, (long)s, slen(s), 0); }
static void num(long v) {
  char buf[16];
  int i = 15;
  int neg = v < 0;
  unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
  buf[i] = 0;
  do { buf[--i] = '0' + u % 10; u /= 10; } while (u);
  if (neg) buf[--i] = '-';
  put(buf + i);
}
static void line(const char *label, long v) { put(label); num(v); put("\n"); }

/* The snippet a handler returns to: r7's value and the instruction set. */
static void describe_return(uintptr_t lr) {
  if (lr & 1) {
    uint16_t hw = *(uint16_t *)(lr & ~1u);
    line((hw & 0xff00) == 0x2700 ? "  returns to T32 movs r7, #" : "  returns to ? ", hw & 0xff);
  } else {
    uint32_t w = *(uint32_t *)lr;
    line((w & 0xfffff000) == 0xe3a07000 ? "  returns to A32 mov r7, #" : "  returns to ? ", w & 0xff);
  }
}

static void __attribute__((target("arm"), noinline)) arm_info(int sig, int *info, char *uc) {
  line("A32 SA_SIGINFO handler: sig ", sig);
  line("  si_signo ", info[0]);
  line("  ucontext after siginfo by ", uc - (char *)info);
  describe_return((uintptr_t)__builtin_return_address(0));
}
static void __attribute__((target("thumb"), noinline)) thumb_plain(int sig) {
  line("T32 plain handler: sig ", sig);
  describe_return((uintptr_t)__builtin_return_address(0));
}

static void install(int sig, void *handler, unsigned long flags) {
  struct kernel_sigaction ksa = { handler, flags, 0, { 0, 0 } };
  line("rt_sigaction: ", sys(__NR_rt_sigaction, sig, (long)&ksa, 0, 8));
}

/* sigcontext offsets inside the ucontext: arm_r5, arm_pc, arm_cpsr. */
#define UC_R5 (20 + 12 + 5 * 4)
#define UC_PC (20 + 72)
#define UC_CPSR (20 + 76)

static void on_segv(int sig, int *info, char *uc) {
  line("SIGSEGV: sig ", sig);
  line("  si_addr ", info[3]);
  line("  Thumb ", (*(uint32_t *)(uc + UC_CPSR) >> 5) & 1);
  *(uint32_t *)(uc + UC_R5) = 77;
  *(uint32_t *)(uc + UC_PC) += 4;
}

static void on_trap(int sig, int *info, char *uc) {
  uint32_t pc = *(uint32_t *)(uc + UC_PC);
  int thumb = (*(uint32_t *)(uc + UC_CPSR) >> 5) & 1;
  line("SIGTRAP: sig ", sig);
  line("  si_code ", info[2]);
  line("  si_addr is the pc ", (uint32_t)info[3] == pc);
  *(uint32_t *)(uc + UC_PC) = pc + (thumb ? 2 : 4);
}

/* usr26/usr32 without a 26-bit mode: SIGILL ILL_ILLTRP at the SVC, the pc already past it, r0 = 0. */
static void on_ill(int sig, int *info, char *uc) {
  uint32_t pc = *(uint32_t *)(uc + UC_PC);
  int thumb = (*(uint32_t *)(uc + UC_CPSR) >> 5) & 1;
  line("usr SIGILL: sig ", sig);
  line("usr SIGILL: si_code ", info[2]);
  line("usr SIGILL: si_addr is the SVC before the pc ", (uint32_t)info[3] == pc - (thumb ? 2 : 4));
}

static long __attribute__((target("arm"), noinline)) load_r5_after_fault(void) {
  long r5;
  __asm__ volatile("mov r5, #5\n\tmov r0, #0x1200\n\tldr r0, [r0, #0x34]\n\tmov %0, r5" : "=r"(r5) : : "r0", "r5", "memory");
  return r5;
}

static void __attribute__((target("thumb"), noinline)) bkpt_in_thumb(void) { __asm__ volatile("bkpt #1" ::: "memory"); }
static void __attribute__((target("arm"), noinline)) bkpt_in_arm(void) { __asm__ volatile("bkpt #2" ::: "memory"); }

/* A thread by raw clone: the child starts on its own stack with r0 = 0 and its own TPIDRURO. */
#define CLONE_THREAD_FLAGS 0x003d0f00 /* VM FS FILES SIGHAND THREAD SYSVSEM SETTLS PARENT_SETTID CHILD_CLEARTID */
static char thread_stack[8192] __attribute__((aligned(8)));
static volatile int thread_tid;

static void __attribute__((noreturn, used)) thread_main(void) {
  uint32_t tls;
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tls));
  line("thread: TPIDRURO ", tls);
  char probe;
  line("thread: on its own stack ", &probe > thread_stack && &probe < thread_stack + sizeof thread_stack);
  sys(__NR_exit, 0, 0, 0, 0);
  __builtin_unreachable();
}

static long spawn_thread(void) {
  register long r0 __asm__("r0") = CLONE_THREAD_FLAGS;
  register long r1 __asm__("r1") = (long)(thread_stack + sizeof thread_stack);
  register long r2 __asm__("r2") = (long)&thread_tid;
  register long r3 __asm__("r3") = 0x4242;
  register long r4 __asm__("r4") = (long)&thread_tid;
  register long r7 __asm__("r7") = __NR_clone;
  __asm__ volatile("svc 0\n\tcmp r0, #0\n\tbne 1f\n\tbl thread_main\n1:"
                   : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r7) : "memory", "lr", "cc");
  return r0;
}

static void main_body(void) {
  put("start\n");
  line("set_tls: ", sys(ARM_NR_BASE + 5, 0x5678, 0, 0, 0));
  line("get_tls: ", sys(ARM_NR_BASE + 6, 0, 0, 0, 0));
  uint32_t tpidruro;
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tpidruro));
  line("TPIDRURO: ", tpidruro);
  line("__kuser_get_tls: ", ((uint32_t (*)(void))0xffff0fe0)());

  static char code[64];
  line("cacheflush: ", sys(ARM_NR_BASE + 2, (long)code, (long)code + 64, 0, 0));
  line("cacheflush, flags 1: ", sys(ARM_NR_BASE + 2, (long)code, (long)code + 64, 1, 0));
  line("cacheflush, end before start: ", sys(ARM_NR_BASE + 2, (long)code + 64, (long)code, 0, 0));
  line("cacheflush, unmapped: ", sys(ARM_NR_BASE + 2, 0x1000, 0x2000, 0, 0));

  long pid = sys(__NR_getpid, 0, 0, 0, 0);
  install(SIGUSR1, (void *)arm_info, SA_SIGINFO);
  line("kill: ", sys(__NR_kill, pid, SIGUSR1, 0, 0));
  install(SIGUSR1, (void *)thumb_plain, 0);
  line("kill: ", sys(__NR_kill, pid, SIGUSR1, 0, 0));

  install(SIGSEGV, (void *)on_segv, SA_SIGINFO);
  line("r5 after the handler: ", load_r5_after_fault());

  install(SIGTRAP, (void *)on_trap, SA_SIGINFO);
  line("breakpoint returned r0 ", sys(ARM_NR_BASE + 1, 42, 0, 0, 0));
  install(SIGILL_NR, (void *)on_ill, SA_SIGINFO);
  line("usr26 returned r0 ", sys(ARM_NR_BASE + 3, 7, 0, 0, 0));
  line("usr32 returned r0 ", sys(ARM_NR_BASE + 4, 8, 0, 0, 0));
  bkpt_in_thumb();
  put("after a T32 bkpt\n");
  bkpt_in_arm();
  put("after an A32 bkpt\n");
  long tid = spawn_thread();
  /* CLONE_CHILD_CLEARTID: the word holds the tid until the thread is gone. */
  for (int v; (v = thread_tid) != 0;) sys(__NR_futex, (long)&thread_tid, 0 /* FUTEX_WAIT */, v, 0);
  line("clone gave a thread id: ", tid > 0);
  line("thread gone, parent's TPIDRURO still ", sys(ARM_NR_BASE + 6, 0, 0, 0, 0));
  put("done\n");
}

void __attribute__((target("thumb"), noreturn)) _start(void) {
  main_body();
  sys(__NR_exit_group, 0, 0, 0, 0);
  __builtin_unreachable();
}
