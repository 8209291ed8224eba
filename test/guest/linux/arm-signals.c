/* ARM-only: what the ARM signal frames and private calls look like from the guest. The
   rt_sigframe's layout (siginfo 128 bytes before the ucontext, the VFP record in uc_regspace
   and its terminator, CPSR's T bit of the interrupted code), the kernel's sigreturn snippets
   that handlers without SA_RESTORER return through (A32 or T32, by the handler's bit 0; rt or
   not, by SA_SIGINFO), and the ARM private calls set_tls/get_tls, cacheflush and breakpoint. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define ARM_NR_BASE 0x0f0000
#define VFP_MAGIC 0x56465001

/* The kernel's struct sigaction for rt_sigaction, so SA_RESTORER can be left out. */
struct kernel_sigaction { void *handler; unsigned long flags; void *restorer; unsigned long mask[2]; };

static unsigned insn_length(uintptr_t pc, int thumb) {
  if (!thumb) return 4;
  uint16_t hw = *(uint16_t *)pc;
  return (hw >> 11) >= 0x1d ? 4 : 2;
}

/* The snippet a handler returns to: "mov r7, #nr" (A32) or "movs r7, #nr" (T32). */
static void describe_return(const char *who, uintptr_t lr) {
  if (lr & 1) {
    uint16_t hw = *(uint16_t *)(lr & ~1u);
    printf("%s: returns to T32 %s r7, #%u\n", who, (hw & 0xff00) == 0x2700 ? "movs" : "?", hw & 0xff);
  } else {
    uint32_t w = *(uint32_t *)lr;
    printf("%s: returns to A32 %s r7, #%u\n", who, (w & 0xfffff000) == 0xe3a07000 ? "mov" : "?", w & 0xff);
  }
}

static void __attribute__((target("arm"), noinline)) arm_info_handler(int sig, siginfo_t *si, void *ctx) {
  (void)si; (void)ctx;
  describe_return("A32 SA_SIGINFO", (uintptr_t)__builtin_return_address(0));
  printf("A32 SA_SIGINFO: sig %d\n", sig);
}
static void __attribute__((target("thumb"), noinline)) thumb_info_handler(int sig, siginfo_t *si, void *ctx) {
  (void)si; (void)ctx;
  describe_return("T32 SA_SIGINFO", (uintptr_t)__builtin_return_address(0));
  printf("T32 SA_SIGINFO: sig %d\n", sig);
}
static void __attribute__((target("arm"), noinline)) arm_plain_handler(int sig) {
  describe_return("A32 plain", (uintptr_t)__builtin_return_address(0));
  printf("A32 plain: sig %d\n", sig);
}
static void __attribute__((target("thumb"), noinline)) thumb_plain_handler(int sig) {
  describe_return("T32 plain", (uintptr_t)__builtin_return_address(0));
  printf("T32 plain: sig %d\n", sig);
}

/* A handler installed without SA_RESTORER returns through the kernel's code, then sigreturn. */
static void without_restorer(void *handler, unsigned long flags) {
  struct kernel_sigaction ksa;
  memset(&ksa, 0, sizeof ksa);
  ksa.handler = handler;
  ksa.flags = flags;
  if (syscall(SYS_rt_sigaction, SIGUSR2, &ksa, NULL, 8) != 0) perror("rt_sigaction");
  int before = 12345;
  raise(SIGUSR2);
  printf("back: %d\n", before);
}

static volatile int faults;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  mcontext_t *mc = &uc->uc_mcontext;
  unsigned long *regspace = uc->uc_regspace;
  int thumb = (mc->arm_cpsr >> 5) & 1;
  faults++;
  printf("segv: sig %d addr %p, ucontext %d bytes after siginfo, mode %#lx, %s\n", sig, si->si_addr,
         (int)((char *)uc - (char *)si), mc->arm_cpsr & 0x1f, thumb ? "Thumb" : "A32");
  printf("segv: uc_flags %lu uc_link %p fault_address %#lx\n", uc->uc_flags, (void *)uc->uc_link, mc->fault_address);
  printf("segv: vfp record magic %s size %#lx, end %lu\n", regspace[0] == VFP_MAGIC ? "ok" : "bad", regspace[1],
         regspace[regspace[1] / 4]);
  double d9;
  memcpy(&d9, (char *)&regspace[2] + 9 * 8, 8);
  printf("segv: d9 %g\n", d9);
  /* d9 changes on return: sigreturn reloads it from the record. */
  double changed = 6.25;
  memcpy((char *)&regspace[2] + 9 * 8, &changed, 8);
  mc->arm_pc += insn_length(mc->arm_pc, thumb);
}

static double __attribute__((target("arm"), noinline)) fault_in_arm(double v) {
  double out;
  __asm__ volatile("vmov.f64 d9, %P1\n\tldr r0, [%2]\n\tvmov.f64 %P0, d9" : "=w"(out) : "w"(v), "r"(0x1234) : "d9", "r0", "memory");
  return out;
}
static double __attribute__((target("thumb"), noinline)) fault_in_thumb(double v) {
  double out;
  __asm__ volatile("vmov.f64 d9, %P1\n\tldr r0, [%2]\n\tvmov.f64 %P0, d9" : "=w"(out) : "w"(v), "r"(0x2468) : "d9", "r0", "memory");
  return out;
}

static volatile uintptr_t trap_at;

static void on_trap(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  int thumb = (uc->uc_mcontext.arm_cpsr >> 5) & 1;
  printf("breakpoint: sig %d code %d, si_addr is the pc %d\n", sig, si->si_code, (uintptr_t)si->si_addr == uc->uc_mcontext.arm_pc);
  trap_at = uc->uc_mcontext.arm_pc;
  uc->uc_mcontext.arm_pc += insn_length(uc->uc_mcontext.arm_pc, thumb); /* past the SVC */
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  without_restorer((void *)arm_info_handler, SA_SIGINFO);
  without_restorer((void *)thumb_info_handler, SA_SIGINFO);
  without_restorer((void *)arm_plain_handler, 0);
  without_restorer((void *)thumb_plain_handler, 0);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  printf("after A32 fault: d9 %g\n", fault_in_arm(1.5));
  printf("after T32 fault: d9 %g\n", fault_in_thumb(2.5));

  void *tp = __builtin_thread_pointer();
  long r = syscall(ARM_NR_BASE + 5, tp);
  printf("set_tls: %ld, get_tls gives it back: %d\n", r, (void *)syscall(ARM_NR_BASE + 6) == tp);

  static char code[64];
  printf("cacheflush: %ld\n", syscall(ARM_NR_BASE + 2, code, code + sizeof code, 0));
  errno = 0;
  printf("cacheflush with flags: %ld %s\n", syscall(ARM_NR_BASE + 2, code, code + sizeof code, 1), strerror(errno));

  sa.sa_sigaction = on_trap;
  sigaction(SIGTRAP, &sa, NULL);
  syscall(ARM_NR_BASE + 1);
  printf("after breakpoint: trapped %d\n", trap_at != 0);
  return 0;
}
