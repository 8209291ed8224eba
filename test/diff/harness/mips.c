/*
 * Differential-testing harness for MIPS: one source for o32 (mips, mipsel) and n64 (mips64,
 * mips64el); a GPR is an `unsigned long` in both. Static guest program, run under Debian's
 * qemu-mips* and qemu-ts. Reads test cases from stdin until EOF; for each one it loads the
 * registers, the scratch memory and the code, runs the code and writes the final state.
 *
 * Case on stdin:  u32 ncode, u32 0, struct state, scratch (SCRATCH_SIZE), ncode words.
 * Result:         u32 ntraps, u32 0, MAX_TRAPS x {u32 signo, u32 pc - code}, struct state, scratch.
 * All in the target's byte order.
 *
 * The code page (RWX, fixed address) holds: an entry stub that saves the harness's callee-saved
 * registers and loads every register from `in_state`, the case's code, and an exit stub that
 * stores every register to `out.st`, restores the harness's registers and returns. The stubs
 * are generated here as instruction words (no assembler dialect to keep apart for two ABIs);
 * they use only $k0/$k1, which the cases never touch. A signal in the case's code (SIGILL for
 * a reserved instruction, SIGFPE for an integer overflow trap ...) is recorded and the
 * instruction is skipped.
 */
#include <signal.h>
#include <stddef.h>
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
#define CODE_OFF 0x200
#define MAX_CODE 512 /* words; the page also holds the stubs */
#define MAX_TRAPS 8

#define K0 26
#define K1 27

typedef unsigned long reg_t;

struct state {
  reg_t r[32];
  reg_t hi, lo;
  uint64_t f[32];
  uint32_t fcsr, pad;
};

struct result {
  uint32_t ntraps, pad;
  uint32_t traps[MAX_TRAPS][2];
  struct state st;
  uint8_t scratch[SCRATCH_SIZE];
};

static struct state in_state;
static struct result out;
static reg_t saved[32];

#if __mips == 64
#define OP_LOAD 0x37u  /* ld */
#define OP_STORE 0x3fu /* sd */
#else
#define OP_LOAD 0x23u  /* lw */
#define OP_STORE 0x2bu /* sw */
#endif

static uint32_t *emit_at;
static void emit(uint32_t w) { *emit_at++ = w; }
static void itype(uint32_t op, int rs, int rt, uint32_t imm) { emit(op << 26 | (uint32_t)rs << 21 | (uint32_t)rt << 16 | (imm & 0xffff)); }
/* reg = addr; addresses of a static binary are below 2^31, so LUI's sign extension is harmless. */
static void load_addr(int reg, const void *p) {
  uintptr_t a = (uintptr_t)p;
  itype(0x0f, 0, reg, (uint32_t)(a >> 16));
  itype(0x0d, reg, reg, (uint32_t)a);
}
static void load_reg(int reg, int base, size_t off) { itype(OP_LOAD, base, reg, (uint32_t)off); }
static void store_reg(int reg, int base, size_t off) { itype(OP_STORE, base, reg, (uint32_t)off); }
static void fp_load(int f, int base, size_t off) { itype(0x35, base, f, (uint32_t)off); }  /* ldc1 */
static void fp_store(int f, int base, size_t off) { itype(0x3d, base, f, (uint32_t)off); } /* sdc1 */
static void special(int rs, int rt, int rd, uint32_t funct) { emit((uint32_t)rs << 21 | (uint32_t)rt << 16 | (uint32_t)rd << 11 | funct); }

/* FPRs that hold a 64-bit image: all with FR=1 (n64), the even ones with FR=0 (o32). */
static int fpr_step(void) { return __mips == 64 ? 1 : 2; }

static const int callee_saved[] = { 16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 30, 31 };
#define NSAVED (sizeof callee_saved / sizeof callee_saved[0])

static void entry_stub(void) {
  load_addr(K0, saved);
  for (unsigned i = 0; i < NSAVED; i++) store_reg(callee_saved[i], K0, i * sizeof(reg_t));
  load_addr(K0, &in_state);
  itype(0x23, K0, K1, offsetof(struct state, fcsr));  /* lw: fcsr is 32-bit */
  emit(0x44c00000u | K1 << 16 | 31 << 11);              /* ctc1 k1, $31 */
  for (int f = 0; f < 32; f += fpr_step()) fp_load(f, K0, offsetof(struct state, f) + 8 * f);
  load_reg(K1, K0, offsetof(struct state, hi));
  special(K1, 0, 0, 0x11); /* mthi */
  load_reg(K1, K0, offsetof(struct state, lo));
  special(K1, 0, 0, 0x13); /* mtlo */
  for (int r = 1; r < 32; r++) if (r != K0 && r != K1) load_reg(r, K0, r * sizeof(reg_t));
}

static void exit_stub(void) {
  load_addr(K0, &out.st);
  for (int r = 1; r < 32; r++) if (r != K0 && r != K1) store_reg(r, K0, r * sizeof(reg_t));
  special(0, 0, K1, 0x10); /* mfhi */
  store_reg(K1, K0, offsetof(struct state, hi));
  special(0, 0, K1, 0x12); /* mflo */
  store_reg(K1, K0, offsetof(struct state, lo));
  for (int f = 0; f < 32; f += fpr_step()) fp_store(f, K0, offsetof(struct state, f) + 8 * f);
  emit(0x44400000u | K1 << 16 | 31 << 11); /* cfc1 k1, $31 */
  itype(0x2b, K0, K1, offsetof(struct state, fcsr));
  emit(0x44c00000u | 0 << 16 | 31 << 11);  /* ctc1 $0, $31: the harness runs with FCSR 0 */
  load_addr(K0, saved);
  for (unsigned i = 0; i < NSAVED; i++) load_reg(callee_saved[i], K0, i * sizeof(reg_t));
  special(31, 0, 0, 0x08); /* jr ra */
  emit(0);                 /* nop (delay slot) */
}

static void on_signal(int sig, siginfo_t *si, void *uctx) {
  (void)si;
  ucontext_t *uc = uctx;
  reg_t pc = (reg_t)uc->uc_mcontext.pc;
  if (pc < CODE_PAGE + CODE_OFF || pc >= CODE_PAGE + CODE_OFF + 4 * MAX_CODE) {
    fprintf(stderr, "harness: signal %d outside the case's code at pc %#lx\n", sig, (unsigned long)pc);
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

int main(void) {
  uint8_t *page = mmap((void *)CODE_PAGE, 0x4000, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  uint8_t *scratch = mmap((void *)SCRATCH_ADDR, 0x1000, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (page == MAP_FAILED || scratch == MAP_FAILED) { perror("harness: mmap"); return 2; }
  emit_at = (uint32_t *)page;
  entry_stub();
  if ((uint8_t *)emit_at > page + CODE_OFF) { fprintf(stderr, "harness: entry stub too long\n"); return 2; }
  while ((uint8_t *)emit_at < page + CODE_OFF - 16) emit(0);
  /* Jump to the code: k1 = code address, jr k1, nop. */
  load_addr(K1, page + CODE_OFF);
  special(K1, 0, 0, 0x08);
  emit(0);

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
    emit_at = code + ncode;
    /* A prefix of a case (when the runner minimizes a mismatch) may end inside a forward
     * branch's reach (at most 5 words ahead): land on nops, not in the middle of the stub. */
    for (int i = 0; i < 5; i++) emit(0);
    exit_stub();
    __builtin___clear_cache((char *)code, (char *)emit_at);
    memset(&out, 0, sizeof out);
    ((void (*)(void))page)();
    memcpy(out.scratch, scratch, SCRATCH_SIZE);
    fwrite(&out, sizeof out, 1, stdout);
  }
  fflush(stdout);
  return 0;
}
