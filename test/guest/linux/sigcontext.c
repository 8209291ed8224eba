/* A SIGSEGV handler that resumes after the faulting load by advancing the saved pc: the signal
   frame's context is what rt_sigreturn restores, floating-point registers included. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#if defined(__aarch64__) || defined(__arm__)
#define IN_FP_REGISTER(x) __asm__ volatile("" : "+w"(x))
#else
#define IN_FP_REGISTER(x) __asm__ volatile("" : "+f"(x))
#endif

static volatile int hits;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  hits++;
  printf("handler: sig %d addr %p\n", sig, si->si_addr);
#if defined(__arm__)
  /* armhf code is Thumb-2 (CPSR.T): the load is 2 or 4 bytes, as its first halfword says. */
  unsigned long pc = uc->uc_mcontext.arm_pc;
  int wide = !(uc->uc_mcontext.arm_cpsr & 0x20) || (*(unsigned short *)pc >> 11) >= 0x1d;
  uc->uc_mcontext.arm_pc += wide ? 4 : 2;
#else
  uc->uc_mcontext.pc += 4; /* every instruction is 4 bytes on these targets */
#endif
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  double d = 1.25;
  IN_FP_REGISTER(d);
  (void)*(volatile int *)0x1234;
  IN_FP_REGISTER(d);
  printf("resumed: hits %d d %g\n", hits, d * 2);
  return 0;
}
