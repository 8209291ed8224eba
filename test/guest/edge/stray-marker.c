/* A libnative marker that does not start a libnative stub: hardware (and qemu-ts without
 * --native-bypass) runs it as the instruction it is; with --native-bypass it is an illegal
 * instruction (SIGILL at the marker). MARKER, the target's marker word, comes from the build
 * (test/native/stray-marker.test.ts reads runtime/libnative/stub-abi.ts). Three cases, each
 * run from a fresh page:
 *   mid-page: the marker, then a word that is no offset word of a stub (aarch64, arm: udf #0;
 *             MIPS: teq $zero, $zero, which passes the stub's offset-word check);
 *   page-end: the marker is the last word before an unmapped page (no offset word at all);
 *   illegal:  for reference, an illegal instruction where the marker would be.
 * Prints the signal, its si_code, and the PC and si_addr relative to the marker. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef MARKER
#error "build with -DMARKER=<the target's libnative marker word>"
#endif
#if defined(__aarch64__)
#define NOT_OFFSET 0x00000000u /* udf #0 */
#define ILLEGAL 0x00000000u    /* udf #0 */
#define PROLOGUE_WORDS 0
#elif defined(__arm__)
/* The marker is an A32 hlt, undefined on ARMv7; the code is entered in A32 (even address). */
#define NOT_OFFSET 0xe7f000f0u /* udf #0 (A32) */
#define ILLEGAL 0xe7f000f0u    /* udf #0 (A32) */
#define PROLOGUE_WORDS 0
#elif defined(__mips__)
/* The marker is syscall 0xfffff: without bypass a plain syscall, of $v0 = getpid. */
#define NOT_OFFSET 0x00000034u /* teq $zero, $zero */
#define ILLEGAL 0x0000000eu    /* SPECIAL, funct 0x0e: reserved */
#define PROLOGUE_WORDS 1
#define PROLOGUE_0 (0x24020000u | SYS_getpid) /* addiu $v0, $zero, SYS_getpid */
#else
#error "no marker for this target"
#endif

#if defined(__arm__)
#define SAVED_PC(uc) ((uc)->uc_mcontext.arm_pc)
#else
#define SAVED_PC(uc) ((uc)->uc_mcontext.pc)
#endif

static sigjmp_buf back;
static volatile uintptr_t marker_at;
static volatile int got_sig, got_code;
static volatile intptr_t got_pc, got_addr;

static void handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  got_sig = sig;
  got_code = si->si_code;
  got_pc = (intptr_t)((uintptr_t)SAVED_PC(uc) - marker_at);
  got_addr = si->si_addr ? (intptr_t)((uintptr_t)si->si_addr - marker_at) : INTPTR_MIN;
  siglongjmp(back, 1);
}

static void run(const char *name, uint32_t first, int at_page_end) {
  long page = sysconf(_SC_PAGESIZE);
  uint8_t *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) { perror("mmap"); return; }
  munmap(area + page, page);
  uint32_t code[PROLOGUE_WORDS + 2];
  size_t n = 0;
#if PROLOGUE_WORDS
  code[n++] = PROLOGUE_0;
#endif
  code[n++] = first;
  if (!at_page_end) code[n++] = NOT_OFFSET;
  uint8_t *start = at_page_end ? area + page - n * 4 : area + page / 2;
  memcpy(start, code, n * 4);
  marker_at = (uintptr_t)(start + PROLOGUE_WORDS * 4);
  __builtin___clear_cache((char *)start, (char *)start + n * 4);
  mprotect(area, page, PROT_READ | PROT_EXEC);
  got_sig = 0;
  if (sigsetjmp(back, 1) == 0) ((void (*)(void))start)();
  if (got_addr == INTPTR_MIN) printf("%s: %s code %d pc marker%+ld addr 0\n", name, sigabbrev_np(got_sig), got_code, (long)got_pc);
  else printf("%s: %s code %d pc marker%+ld addr marker%+ld\n", name, sigabbrev_np(got_sig), got_code, (long)got_pc, (long)got_addr);
  munmap(area, page);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  int sigs[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE };
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  run("mid-page", MARKER, 0);
  run("page-end", MARKER, 1);
  run("illegal", ILLEGAL, 0);
  return 0;
}
