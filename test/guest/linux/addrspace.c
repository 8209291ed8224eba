/* A large address space: a 64 GiB PROT_NONE/MAP_NORESERVE reservation on 64-bit guests (256 MiB
   on 32-bit ones: MIPS o32 user space is 2 GiB, and so is a 32-bit qemu-ts guest's today,
   docs/address-space.md), the SIGSEGV of any access to it (si_addr
   exact), munmap and MAP_FIXED inside it, MAP_FIXED_NOREPLACE against it, mmap hints, and its lines in /proc/self/maps.
   Addresses differ between emulators, so only offsets from the reservation and results print. */
#include "sysprobe.h"
#include <setjmp.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096UL
#define GiB (1UL << 30)
#if UINTPTR_MAX > 0xffffffffUL
#define RESERVE (64 * GiB)
#else
#define RESERVE (GiB / 4)
/* qemu-user 7.2 leaves PROT_NONE pages of 32-bit guests out of /proc/self/maps. */
#define MAPS_DIFFER_IN_QEMU 1
#endif
#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

static sigjmp_buf back;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  siglongjmp(back, 1);
}

/* Load a byte; report whether it faulted and where, as an offset from `base`. */
static void try_read(const char *label, char *base, uintptr_t off) {
  if (sigsetjmp(back, 1) == 0) {
    printf("%s: read %d\n", label, *(volatile char *)(base + off));
  } else {
    printf("%s: SIGSEGV at offset %ld\n", label, (long)(fault_addr - (uintptr_t)base));
  }
}

/* The /proc/self/maps lines that overlap [base, base+len), as offsets from base and permissions. */
static void show_maps(const char *label, char *base, uintptr_t len) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) die("/proc/self/maps");
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    char perms[8];
    if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3) continue;
    /* Inclusive ends: a range may end at the top of a 32-bit address space. */
    if (hi - 1 < (uintptr_t)base || lo > (uintptr_t)base + (len - 1)) continue;
#ifdef MAPS_DIFFER_IN_QEMU
    printf("linux: ");
#endif
    printf("%s: +%#lx-+%#lx %s\n", label, lo - (uintptr_t)base, hi - (uintptr_t)base, perms);
    n++;
  }
  fclose(f);
#ifdef MAPS_DIFFER_IN_QEMU
  if (n == 0) printf("linux: ");
#endif
  if (n == 0) printf("%s: none\n", label);
}

int main(void) {
  struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
  sigaction(SIGSEGV, &sa, NULL);

  char *r = mmap(NULL, RESERVE, PROT_NONE, RESERVE_FLAGS, -1, 0);
  show("reserve", r == MAP_FAILED ? -1 : 0);
  if (r == MAP_FAILED) return 1;
  show_maps("reserved", r, RESERVE);
  try_read("read start", r, 0);
  try_read("read middle", r, RESERVE / 2 + 123);
  try_read("read last byte", r, RESERVE - 1);

  /* System calls given pointers into it fail as for any inaccessible page. */
  int null = open("/dev/null", O_WRONLY);
  int zero = open("/dev/zero", O_RDONLY);
  show("write from reservation", write(null, r + RESERVE / 2, 16));
  show("read into reservation", read(zero, r + RESERVE / 2, 16));
  close(null);
  close(zero);

  /* A different mapping inside splits the reservation (mprotect to an accessible protection
     needs backing for the pages: docs/address-space.md). */
  char *sh = mmap(r + RESERVE / 4, 4 * PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  show("shared fixed inside", sh == MAP_FAILED ? -1 : (long)(sh - r) - (long)(RESERVE / 4));
  show_maps("after shared fixed", r, RESERVE);
  show("mprotect none inside", mprotect(r + RESERVE / 4, 4 * PG, PROT_NONE));
  show("private fixed back", mmap(r + RESERVE / 4, 4 * PG, PROT_NONE, RESERVE_FLAGS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
  show_maps("after private fixed back", r, RESERVE);

  show("munmap inside", munmap(r + RESERVE / 2, RESERVE / 8));
  show_maps("after munmap", r, RESERVE);
  try_read("read hole", r, RESERVE / 2 + 5 * PG + 7);

  char *h = mmap(r + RESERVE / 2, 16 * PG, PROT_NONE, RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);
  show("noreplace in hole", h == MAP_FAILED ? -1 : (long)(h - r) - (long)(RESERVE / 2));
  /* A free hint where memory was (the window on qemu-ts: far hints are not taken yet). */
  char *was = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(was, 4 * PG);
  char *hint = mmap(was + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("free hint honoured", hint == was + PG);
  munmap(hint, PG);
  show("fixed in hole", mmap(r + RESERVE / 2 + 64 * PG, PG, PROT_NONE, RESERVE_FLAGS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
  char *busy = mmap(r + RESERVE / 4, PG, PROT_NONE, RESERVE_FLAGS, -1, 0);
  show("busy hint moved", busy != MAP_FAILED && (busy < r || busy >= r + RESERVE));
  char *fx = mmap(r + RESERVE / 8, 8 * PG, PROT_NONE, RESERVE_FLAGS | MAP_FIXED, -1, 0);
  show("fixed over reservation", fx == MAP_FAILED ? -1 : (long)(fx - r) - (long)(RESERVE / 8));
  show_maps("after maps in hole", r, RESERVE);

  /* A second reservation of the same size: the address space has room for both. */
  char *r2 = mmap(NULL, RESERVE, PROT_NONE, RESERVE_FLAGS, -1, 0);
  show("second reserve", r2 == MAP_FAILED ? -1 : 0);
  show("second disjoint", r2 != MAP_FAILED && (r2 + RESERVE <= r || r2 >= r + RESERVE));
  /* Room to grow in place or to move to. */
  char *g = mremap(r2, RESERVE, RESERVE + RESERVE / 8, MREMAP_MAYMOVE);
  show("mremap grow second", g == MAP_FAILED ? -1 : 0);
  show_maps("grown second", g, RESERVE + RESERVE / 8);
  show("munmap second", g == MAP_FAILED ? munmap(r2, RESERVE) : munmap(g, RESERVE + RESERVE / 8));

  /* Last, as they change the maps differently: Linux protects the pages before the hole (and
     qemu-user 7.2's 32-bit guests have no holes); qemu-user 7.2 maps over the reservation for
     NOREPLACE. */
  show_linux("mprotect across hole", mprotect(r + RESERVE / 2 + 15 * PG, 2 * PG, PROT_READ));
  char *o = mmap(r + RESERVE / 2 - PG, 2 * PG, PROT_NONE, RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);
  show_linux("noreplace overlapping", o == MAP_FAILED ? -1 : 0);

  show("munmap all", munmap(r, RESERVE));
  show_maps("after munmap all", r, RESERVE);
  try_read("read unmapped", r, RESERVE / 4);
  return 0;
}
