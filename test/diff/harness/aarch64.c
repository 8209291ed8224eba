/*
 * Differential-testing harness for AArch64 (static guest program, run under qemu-aarch64 and
 * qemu-ts). Reads test cases from stdin until EOF; for each one it loads the registers,
 * the scratch memory and the code, runs the code and writes the final state to stdout.
 *
 * Case on stdin:  u32 ncode, u32 0, struct state (800 bytes), scratch (SCRATCH_SIZE), ncode words.
 * Result:         u32 ntraps, u32 0, MAX_TRAPS x {u32 signo, u32 pc - code}, struct state, scratch.
 *
 * Layout (fixed addresses so PC- and address-dependent results agree between emulators):
 *   CODE_PAGE + 0          entry stub: loads every register from `in`, then B CODE_OFF
 *   CODE_PAGE + CODE_OFF   the case's code, followed by B EXIT_OFF
 *   CODE_PAGE + EXIT_OFF   exit stub: stores every register to `out`, jumps to resume
 * The exit stub needs no free register: it parks x0 in TPIDR_EL0 (restored afterwards).
 * A signal in the case's code (SIGILL for an unallocated encoding, SIGSEGV, SIGBUS ...) is
 * recorded and the instruction is skipped, so one bad word costs one instruction, not a case.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define SCRATCH_ADDR 0x20000000UL
#define SCRATCH_SIZE 1024
#define CODE_PAGE 0x21000000UL
#define CODE_OFF 0x100
#define EXIT_OFF 0xf00
#define MAX_CODE ((EXIT_OFF - CODE_OFF) / 4 - 1)
#define MAX_TRAPS 8

struct state {
  uint64_t x[31];
  uint64_t sp, nzcv, fpcr, fpsr, pad;
  uint8_t v[32][16];
};
_Static_assert(sizeof(struct state) == 800, "state layout");

struct result {
  uint32_t ntraps, pad;
  uint32_t traps[MAX_TRAPS][2];
  struct state st;
  uint8_t scratch[SCRATCH_SIZE];
};

static struct state in_state;
static struct result out;
uint64_t harness_saved[2]; /* sp, tpidr_el0 of the harness while a case runs */

extern char entry_stub[], entry_lit[], entry_end[];
extern char exit_stub[], exit_lit[], exit_end[];
void harness_enter(void *page);
void harness_resume(void);

__asm__(
  ".text\n"
  ".globl harness_enter\n"
  "harness_enter:\n"
  "  stp x29, x30, [sp, #-176]!\n"
  "  stp x19, x20, [sp, #16]\n  stp x21, x22, [sp, #32]\n  stp x23, x24, [sp, #48]\n"
  "  stp x25, x26, [sp, #64]\n  stp x27, x28, [sp, #80]\n"
  "  stp d8, d9, [sp, #96]\n  stp d10, d11, [sp, #112]\n  stp d12, d13, [sp, #128]\n  stp d14, d15, [sp, #144]\n"
  "  adrp x1, harness_saved\n  add x1, x1, :lo12:harness_saved\n"
  "  mov x2, sp\n  str x2, [x1]\n  mrs x2, tpidr_el0\n  str x2, [x1, #8]\n"
  "  br x0\n"
  ".globl harness_resume\n"
  "harness_resume:\n"
  "  adrp x1, harness_saved\n  add x1, x1, :lo12:harness_saved\n"
  "  ldr x2, [x1]\n  mov sp, x2\n  ldr x2, [x1, #8]\n  msr tpidr_el0, x2\n"
  "  msr fpcr, xzr\n  msr fpsr, xzr\n"
  "  ldp x19, x20, [sp, #16]\n  ldp x21, x22, [sp, #32]\n  ldp x23, x24, [sp, #48]\n"
  "  ldp x25, x26, [sp, #64]\n  ldp x27, x28, [sp, #80]\n"
  "  ldp d8, d9, [sp, #96]\n  ldp d10, d11, [sp, #112]\n  ldp d12, d13, [sp, #128]\n  ldp d14, d15, [sp, #144]\n"
  "  ldp x29, x30, [sp], #176\n"
  "  ret\n"
  /* Copied to CODE_PAGE: position independent, addresses come from its literal. */
  ".globl entry_stub, entry_lit, entry_end\n"
  ".p2align 3\n"
  "entry_stub:\n"
  "  ldr x30, entry_lit\n"
  "  ldp q0, q1, [x30, #288]\n  ldp q2, q3, [x30, #320]\n  ldp q4, q5, [x30, #352]\n  ldp q6, q7, [x30, #384]\n"
  "  ldp q8, q9, [x30, #416]\n  ldp q10, q11, [x30, #448]\n  ldp q12, q13, [x30, #480]\n  ldp q14, q15, [x30, #512]\n"
  "  ldp q16, q17, [x30, #544]\n  ldp q18, q19, [x30, #576]\n  ldp q20, q21, [x30, #608]\n  ldp q22, q23, [x30, #640]\n"
  "  ldp q24, q25, [x30, #672]\n  ldp q26, q27, [x30, #704]\n  ldp q28, q29, [x30, #736]\n  ldp q30, q31, [x30, #768]\n"
  "  ldr x0, [x30, #256]\n  msr nzcv, x0\n"
  "  ldr x0, [x30, #264]\n  msr fpcr, x0\n"
  "  ldr x0, [x30, #272]\n  msr fpsr, x0\n"
  "  ldr x0, [x30, #248]\n  mov sp, x0\n"
  "  ldp x0, x1, [x30, #0]\n  ldp x2, x3, [x30, #16]\n  ldp x4, x5, [x30, #32]\n  ldp x6, x7, [x30, #48]\n"
  "  ldp x8, x9, [x30, #64]\n  ldp x10, x11, [x30, #80]\n  ldp x12, x13, [x30, #96]\n  ldp x14, x15, [x30, #112]\n"
  "  ldp x16, x17, [x30, #128]\n  ldp x18, x19, [x30, #144]\n  ldp x20, x21, [x30, #160]\n  ldp x22, x23, [x30, #176]\n"
  "  ldp x24, x25, [x30, #192]\n  ldp x26, x27, [x30, #208]\n  ldp x28, x29, [x30, #224]\n"
  "  ldr x30, [x30, #240]\n"
  "  b entry_stub + 0x100\n" /* CODE_OFF */
  "  .p2align 3\n"
  "entry_lit: .quad 0\n"
  "entry_end:\n"
  ".globl exit_stub, exit_lit, exit_end\n"
  ".p2align 3\n"
  "exit_stub:\n"
  "  msr tpidr_el0, x0\n"
  "  ldr x0, exit_lit\n"
  "  stp x1, x2, [x0, #8]\n  stp x3, x4, [x0, #24]\n  stp x5, x6, [x0, #40]\n  stp x7, x8, [x0, #56]\n"
  "  stp x9, x10, [x0, #72]\n  stp x11, x12, [x0, #88]\n  stp x13, x14, [x0, #104]\n  stp x15, x16, [x0, #120]\n"
  "  stp x17, x18, [x0, #136]\n  stp x19, x20, [x0, #152]\n  stp x21, x22, [x0, #168]\n  stp x23, x24, [x0, #184]\n"
  "  stp x25, x26, [x0, #200]\n  stp x27, x28, [x0, #216]\n  stp x29, x30, [x0, #232]\n"
  "  mrs x1, tpidr_el0\n  str x1, [x0]\n"
  "  mov x1, sp\n  str x1, [x0, #248]\n"
  "  mrs x1, nzcv\n  str x1, [x0, #256]\n"
  "  mrs x1, fpcr\n  str x1, [x0, #264]\n"
  "  mrs x1, fpsr\n  str x1, [x0, #272]\n"
  "  stp q0, q1, [x0, #288]\n  stp q2, q3, [x0, #320]\n  stp q4, q5, [x0, #352]\n  stp q6, q7, [x0, #384]\n"
  "  stp q8, q9, [x0, #416]\n  stp q10, q11, [x0, #448]\n  stp q12, q13, [x0, #480]\n  stp q14, q15, [x0, #512]\n"
  "  stp q16, q17, [x0, #544]\n  stp q18, q19, [x0, #576]\n  stp q20, q21, [x0, #608]\n  stp q22, q23, [x0, #640]\n"
  "  stp q24, q25, [x0, #672]\n  stp q26, q27, [x0, #704]\n  stp q28, q29, [x0, #736]\n  stp q30, q31, [x0, #768]\n"
  "  ldr x1, exit_lit + 8\n"
  "  br x1\n"
  "  .p2align 3\n"
  "exit_lit: .quad 0, 0\n"
  "exit_end:\n");

static uint8_t *page;

static void on_signal(int sig, siginfo_t *si, void *uctx) {
  (void)si;
  ucontext_t *uc = uctx;
  uint64_t pc = uc->uc_mcontext.pc;
  if (pc < CODE_PAGE + CODE_OFF || pc >= CODE_PAGE + EXIT_OFF) {
    static const char msg[] = "harness: signal outside the case's code\n";
    write(2, msg, sizeof msg - 1);
    _exit(3);
  }
  if (out.ntraps < MAX_TRAPS) {
    out.traps[out.ntraps][0] = (uint32_t)sig;
    out.traps[out.ntraps][1] = (uint32_t)(pc - CODE_PAGE - CODE_OFF);
  }
  out.ntraps++;
  uc->uc_mcontext.pc = pc + 4;
}

static int read_all(void *buf, size_t n) {
  size_t got = fread(buf, 1, n, stdin);
  if (got == n) return 1;
  if (got == 0 && feof(stdin)) return 0;
  fprintf(stderr, "harness: truncated case\n");
  exit(2);
}

static uint32_t branch_word(uint64_t from, uint64_t to) {
  return 0x14000000u | (uint32_t)(((int64_t)(to - from) >> 2) & 0x3ffffff);
}

int main(void) {
  page = mmap((void *)CODE_PAGE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  uint8_t *scratch = mmap((void *)SCRATCH_ADDR, 0x1000, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (page == MAP_FAILED || scratch == MAP_FAILED) { perror("harness: mmap"); return 2; }
  memcpy(page, entry_stub, (size_t)(entry_end - entry_stub));
  uint64_t in_addr = (uint64_t)&in_state;
  memcpy(page + (entry_lit - entry_stub), &in_addr, 8);
  memcpy(page + EXIT_OFF, exit_stub, (size_t)(exit_end - exit_stub));
  uint64_t lits[2] = { (uint64_t)&out.st, (uint64_t)harness_resume };
  memcpy(page + EXIT_OFF + (exit_lit - exit_stub), lits, 16);

  static uint8_t altstack[64 * 1024];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP };
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);

  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  for (;;) {
    uint32_t hdr[2];
    if (!read_all(hdr, sizeof hdr)) break;
    uint32_t ncode = hdr[0];
    if (ncode > MAX_CODE) { fprintf(stderr, "harness: %u code words (max %d)\n", ncode, MAX_CODE); return 2; }
    read_all(&in_state, sizeof in_state);
    read_all(scratch, SCRATCH_SIZE);
    uint32_t *code = (uint32_t *)(page + CODE_OFF);
    read_all(code, ncode * 4);
    code[ncode] = branch_word(CODE_PAGE + CODE_OFF + ncode * 4, CODE_PAGE + EXIT_OFF);
    __builtin___clear_cache((char *)code, (char *)(code + ncode + 1));
    memset(&out, 0, sizeof out);
    harness_enter(page);
    memcpy(out.scratch, scratch, SCRATCH_SIZE);
    fwrite(&out, sizeof out, 1, stdout);
  }
  fflush(stdout);
  return 0;
}
