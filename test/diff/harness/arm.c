/*
 * Differential-testing harness for 32-bit Arm (armhf): a static guest program run under Debian's
 * qemu-arm and qemu-ts. Reads test cases from stdin until EOF; for each one it loads the
 * registers, the scratch memory and the code, runs the code (A32, or T32 entered by
 * interworking) and writes the final state.
 *
 * Case on stdin:  u32 ncode, u32 0, struct state, scratch (SCRATCH_SIZE), ncode words.
 * Result:         u32 ntraps, u32 0, MAX_TRAPS x {u32 signo, u32 index}, struct state, scratch.
 * A trap's index is the instruction's byte offset / 4 (A32) or / 2 (T32).
 *
 * The code page (RWX, fixed address) holds a copy of the A32 stub below at its start and the
 * case's code at CODE_OFF, followed by nops and a load of the exit stub's address into PC
 * (LDR to PC interworks from either instruction set; the stub's address has bit 0 clear). The
 * stub addresses its own data PC-relatively, so the copy works anywhere; its entry loads every
 * register (r0-r12, sp, lr, APSR, FPSCR, d0-d31) and jumps to the case, its exit stores them all
 * and returns to C. A signal in the case's code (SIGILL for an undefined encoding, SIGSEGV,
 * SIGBUS ...) is recorded and the instruction skipped (the IT state advanced past it).
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
#define CODE_OFF 0x400
#define MAX_CODE 1024 /* words; the page also holds the stub */
#define PAD_WORDS 16  /* nops after the code: a forward branch of a cut-short case lands there */
#define MAX_TRAPS 8

struct state {
  uint32_t r[16]; /* r15 unused */
  uint32_t apsr, fpscr, thumb, pad;
  uint64_t d[32];
};

struct result {
  uint32_t ntraps, pad;
  uint32_t traps[MAX_TRAPS][2];
  struct state st;
  uint8_t scratch[SCRATCH_SIZE];
};

static struct state in_state;
static struct result out;

/* Offsets in struct state the stub uses: r13 52, r14 56, apsr 64, fpscr 68, d 80. */
__asm__(
  "  .pushsection .text.stub, \"ax\", %progbits\n"
  "  .arm\n"
  "  .fpu neon-vfpv4\n"
  "  .balign 4\n"
  "  .global stub_start, stub_exit, stub_end, stub_target, stub_out\n"
  "stub_start:\n" /* void enter(const struct state *) */
  "  push {r4-r11, lr}\n"
  "  vpush {d8-d15}\n"
  "  str sp, stub_saved_sp\n"
  "  add r1, r0, #80\n"
  "  vldmia r1!, {d0-d15}\n"
  "  vldmia r1, {d16-d31}\n"
  "  ldr r1, [r0, #64]\n"
  "  msr APSR_nzcvqg, r1\n"
  "  ldr r1, [r0, #68]\n"
  "  vmsr fpscr, r1\n"
  "  ldr sp, [r0, #52]\n"
  "  ldr lr, [r0, #56]\n"
  "  ldm r0, {r0-r12}\n"
  "  ldr pc, stub_target\n"
  "stub_exit:\n"
  "  str r0, stub_r0\n"
  "  ldr r0, stub_out\n"
  "  str r1, [r0, #4]\n"
  "  add r1, r0, #8\n"
  "  stm r1, {r2-r12}\n"
  "  str sp, [r0, #52]\n"
  "  str lr, [r0, #56]\n"
  "  ldr r1, stub_r0\n"
  "  str r1, [r0]\n"
  "  mrs r1, APSR\n"
  "  str r1, [r0, #64]\n"
  "  vmrs r1, fpscr\n"
  "  str r1, [r0, #68]\n"
  "  add r1, r0, #80\n"
  "  vstmia r1!, {d0-d15}\n"
  "  vstmia r1, {d16-d31}\n"
  "  mov r1, #0\n"
  "  vmsr fpscr, r1\n" /* the harness's C code runs with the default FPSCR */
  "  ldr sp, stub_saved_sp\n"
  "  vpop {d8-d15}\n"
  "  pop {r4-r11, pc}\n"
  "stub_saved_sp: .word 0\n"
  "stub_r0: .word 0\n"
  "stub_target: .word 0\n"
  "stub_out: .word 0\n"
  "stub_end:\n"
  "  .popsection\n");

extern const uint8_t stub_start[], stub_exit[], stub_end[], stub_target[], stub_out[];
#define IN_PAGE(page, sym) ((page) + ((sym) - stub_start))

static void on_signal(int sig, siginfo_t *si, void *uctx) {
  (void)si;
  ucontext_t *uc = uctx;
  uint32_t pc = uc->uc_mcontext.arm_pc, cpsr = uc->uc_mcontext.arm_cpsr;
  if (pc < CODE_PAGE + CODE_OFF || pc >= CODE_PAGE + CODE_OFF + 4 * MAX_CODE) {
    fprintf(stderr, "harness: signal %d outside the case's code at pc %#x\n", sig, pc);
    _exit(3);
  }
  int thumb = (cpsr >> 5) & 1;
  uint32_t len = 4;
  if (thumb) len = (*(const uint16_t *)pc >> 11) >= 0x1d ? 4 : 2;
  if (out.ntraps < MAX_TRAPS) {
    out.traps[out.ntraps][0] = (uint32_t)sig;
    out.traps[out.ntraps][1] = (pc - CODE_PAGE - CODE_OFF) / (thumb ? 2 : 4);
  }
  out.ntraps++;
  uc->uc_mcontext.arm_pc = pc + len;
  /* The skipped instruction still consumes its IT-block slot (ITAdvance). */
  uint32_t it = ((cpsr >> 25) & 3) | ((cpsr >> 8) & 0xfc);
  if (it != 0) {
    it = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
    cpsr = (cpsr & ~0x0600fc00u) | ((it & 3) << 25) | ((it & 0xfc) << 8);
    uc->uc_mcontext.arm_cpsr = cpsr;
  }
}

static int read_all(void *buf, size_t n) {
  size_t got = fread(buf, 1, n, stdin);
  if (got == n) return 1;
  if (got == 0 && feof(stdin)) return 0;
  fprintf(stderr, "harness: truncated case\n");
  exit(2);
}

int main(void) {
  uint8_t *page = mmap((void *)CODE_PAGE, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  uint8_t *scratch = mmap((void *)SCRATCH_ADDR, 0x1000, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (page == MAP_FAILED || scratch == MAP_FAILED) { perror("harness: mmap"); return 2; }
  if (stub_end - stub_start > CODE_OFF) { fprintf(stderr, "harness: stub too long\n"); return 2; }
  memcpy(page, stub_start, stub_end - stub_start);
  *(uint32_t *)IN_PAGE(page, stub_out) = (uint32_t)&out.st;
  const uint32_t exit_addr = (uint32_t)IN_PAGE(page, stub_exit);

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
    if (ncode > MAX_CODE - PAD_WORDS - 2) { fprintf(stderr, "harness: %u code words (max %d)\n", ncode, MAX_CODE - PAD_WORDS - 2); return 2; }
    read_all(&in_state, sizeof in_state);
    read_all(scratch, SCRATCH_SIZE);
    uint32_t *code = (uint32_t *)(page + CODE_OFF);
    read_all(code, ncode * 4);
    uint32_t *p = code + ncode;
    /* T32 pads with MOV r8, r8 rather than NOP: when the runner cuts a case between the halves of
     * a 32-bit instruction, first half + pad must not become a branch (hw2<15> = 1, as with NOP's
     * 0xbf00), and MOV r8, r8 sets no flags. */
    for (int i = 0; i < PAD_WORDS; i++) *p++ = in_state.thumb ? 0x46c046c0u : 0xe320f000u;
    *p++ = in_state.thumb ? 0xf000f8dfu : 0xe51ff004u; /* ldr.w pc, [pc, #0] / ldr pc, [pc, #-4] */
    *p++ = exit_addr;
    *(uint32_t *)IN_PAGE(page, stub_target) = (uint32_t)code | (in_state.thumb & 1);
    __builtin___clear_cache((char *)page, (char *)p);
    memset(&out, 0, sizeof out);
    ((void (*)(const struct state *))page)(&in_state);
    out.st.thumb = in_state.thumb;
    memcpy(out.scratch, scratch, SCRATCH_SIZE);
    fwrite(&out, sizeof out, 1, stdout);
  }
  fflush(stdout);
  return 0;
}
