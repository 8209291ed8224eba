/* ARM-only: unaligned accesses in user mode. Exclusive loads and stores (LDREX, LDREXH, LDREXD,
   STREX) need their natural alignment: the CPU raises an alignment fault that Linux's alignment
   handler does not fix up, so the program gets SIGBUS BUS_ADRALN with si_addr the address and the
   saved pc the instruction, in A32 and in T32. Plain LDR/STR/LDRH of any address just work (ARMv7
   with SCTLR.A clear); LDRD/STRD/LDM/STM need word alignment in hardware, and Linux's alignment
   handler emulates them (its user mode is forced to "fix up" on v6 and later). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr, fault_pc;
static volatile int fault_code;
static unsigned char buf[64] __attribute__((aligned(16)));

static void on_bus(int sig, siginfo_t *si, void *ctx) {
  (void)sig;
  ucontext_t *uc = ctx;
  fault_addr = (uintptr_t)si->si_addr;
  fault_code = si->si_code;
  fault_pc = uc->uc_mcontext.arm_pc;
  siglongjmp(env, 1);
}

/* Each access is an asm block starting at a global label, so the handler's pc can be checked. */
#define ACCESS(name, isa, insn)                                                              \
  extern char name##_insn[];                                                                 \
  static uint32_t __attribute__((target(isa), noinline)) name(unsigned char *p, uint32_t v) { \
    uint32_t r0 = v, r1 = 0;                                                                 \
    __asm__ volatile(".globl " #name "_insn\n" #name "_insn:\n\t" insn                       \
                     : "+r"(r0), "+r"(r1) : "r"(p) : "memory", "r4", "r5");                  \
    return r0 ^ r1;                                                                          \
  }

ACCESS(ldrex_a32, "arm", "ldrex %0, [%2]")
ACCESS(ldrex_t32, "thumb", "ldrex %0, [%2]")
ACCESS(ldrexh_t32, "thumb", "ldrexh %0, [%2]")
ACCESS(ldrexd_a32, "arm", "ldrexd r4, r5, [%2]\n\tmov %0, r4")
ACCESS(strex_a32, "arm", "strex %1, %0, [%2]")
ACCESS(strexh_t32, "thumb", "strexh %1, %0, [%2]")
ACCESS(ldr_t32, "thumb", "ldr %0, [%2]")
ACCESS(ldrh_a32, "arm", "ldrh %0, [%2]")
ACCESS(str_a32, "arm", "str %0, [%2]")
ACCESS(ldrd_a32, "arm", "ldrd r4, r5, [%2]\n\teor %0, r4, r5")
ACCESS(ldm_t32, "thumb", "ldm %2, {r4, r5}\n\teor %0, r4, r5")

static void run(const char *what, uint32_t (*fn)(unsigned char *, uint32_t), const char *insn, int offset) {
  fault_pc = fault_addr = 0;
  if (sigsetjmp(env, 1) == 0) {
    uint32_t r = fn(buf + offset, 0x11223344);
    printf("%s at +%d: 0x%08x\n", what, offset, r);
  } else {
    printf("%s at +%d: SIGBUS code %d, si_addr at +%d, pc at the instruction %d\n", what, offset, fault_code,
           (int)(fault_addr - (uintptr_t)buf), fault_pc == (uintptr_t)insn);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_bus;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
  for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + 1);
  run("ldrex a32", ldrex_a32, ldrex_a32_insn, 1);
  run("ldrex t32", ldrex_t32, ldrex_t32_insn, 2);
  run("ldrex t32", ldrex_t32, ldrex_t32_insn, 4);
  run("ldrexh t32", ldrexh_t32, ldrexh_t32_insn, 3);
  run("ldrexh t32", ldrexh_t32, ldrexh_t32_insn, 6);
  run("ldrexd a32", ldrexd_a32, ldrexd_a32_insn, 4);
  run("ldrexd a32", ldrexd_a32, ldrexd_a32_insn, 8);
  run("strex a32", strex_a32, strex_a32_insn, 2);
  run("strexh t32", strexh_t32, strexh_t32_insn, 1);
  run("ldr t32", ldr_t32, ldr_t32_insn, 1);
  run("ldrh a32", ldrh_a32, ldrh_a32_insn, 3);
  run("str a32", str_a32, str_a32_insn, 5);
  run("ldrd a32", ldrd_a32, ldrd_a32_insn, 6);
  run("ldm t32", ldm_t32, ldm_t32_insn, 7);
  return 0;
}
