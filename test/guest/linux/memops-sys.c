/* Memory-management calls: mmap (anonymous, file, fixed, errors), mprotect with the SIGSEGV it
   causes, munmap, mremap (grow, move, fixed, shrink), madvise, msync, mlock/munlock,
   mlockall/munlockall, brk. Addresses differ between emulators, so only contents, offsets and
   results are printed. The file is created in argv[1]. */
#include "sysprobe.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#define PG 4096

static sigjmp_buf back;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  siglongjmp(back, 1);
}

/* Store a byte; report whether it faulted and where, as an offset from `base`. */
static void try_write(const char *label, char *base, size_t off) {
  if (sigsetjmp(back, 1) == 0) {
    *(volatile char *)(base + off) = 1;
    printf("%s: stored\n", label);
  } else {
    printf("%s: SIGSEGV at offset %ld\n", label, (long)(fault_addr - (uintptr_t)base));
  }
}

int main(int argc, char **argv) {
  if (argc != 2 || chdir(argv[1]) != 0) die("chdir");
  struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
  sigaction(SIGSEGV, &sa, NULL);

  char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("mmap anonymous", a == MAP_FAILED ? -1 : 0);
  memset(a, 'x', 4 * PG);
  show("mprotect read-only", mprotect(a + PG, PG, PROT_READ));
  try_write("write read-only page", a, PG + 12);
  try_write("write next page", a, 2 * PG);
  show("mprotect none", mprotect(a + 2 * PG, PG, PROT_NONE));
  try_write("write PROT_NONE page", a, 2 * PG + 7);
  show("mprotect back", mprotect(a, 4 * PG, PROT_READ | PROT_WRITE));
  try_write("write after mprotect back", a, PG + 12);
  show("mprotect unaligned", mprotect(a + 1, PG, PROT_READ));
  show("madvise dontneed", madvise(a, PG, MADV_DONTNEED));
  printf("after dontneed: %d %c\n", a[0], a[PG]);
  show("madvise willneed", madvise(a, PG, MADV_WILLNEED));
  show("madvise unaligned", madvise(a + 1, PG, MADV_DONTNEED));
  show("msync", msync(a, PG, MS_SYNC));
  show("msync async", msync(a, 4 * PG, MS_ASYNC));
  show("msync unaligned", msync(a + 1, PG, MS_SYNC));
  show("msync both flags", msync(a, PG, MS_SYNC | MS_ASYNC));
  show("mlock", mlock(a, PG));
  show("munlock", munlock(a, PG));
  show("munmap page", munmap(a + 3 * PG, PG));
  try_write("write unmapped page", a, 3 * PG + 1);
  show_linux("msync unmapped", msync(a + 3 * PG, PG, MS_SYNC));
  show_linux("mlock unmapped", mlock(a + 3 * PG, PG));
  show_linux("munlock unmapped", munlock(a + 3 * PG, PG));
  show_linux("mprotect unmapped", mprotect(a + 3 * PG, PG, PROT_READ));
  show("munmap unaligned", munmap(a + 1, PG));
  show("munmap zero length", munmap(a, 0));
  show("mlockall bad flags", mlockall(0));
  show("mlockall future", mlockall(MCL_FUTURE));
  show("munlockall", munlockall());

  /* mremap: shrink, grow (moving if it must), move to a fixed place. */
  a[0] = 'A';
  a[PG] = 'B';
  char *r = mremap(a, 3 * PG, 2 * PG, 0);
  show("mremap shrink in place", r == a);
  r = mremap(a, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
  show("mremap grow", r == MAP_FAILED ? -1 : 0);
  printf("mremap kept: %c %c, new part %d\n", r[0], r[PG], r[5 * PG]);
  char *hole = mmap(NULL, 16 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *to = mremap(r, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole + 4 * PG);
  show("mremap fixed", to == hole + 4 * PG);
  printf("mremap fixed kept: %c %c\n", to[0], to[PG]);
  try_write("old place after mremap", r, 0);
  show("mremap fixed without maymove", mremap(to, PG, PG, MREMAP_FIXED, hole) == MAP_FAILED ? -1 : 0);
  show("mremap unaligned", mremap(to + 1, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  show_linux("mremap zero size", mremap(to, PG, 0, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  show_linux("mremap unmapped", mremap(r, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
  munmap(hole, 16 * PG);

  /* File mappings, fixed mappings and mmap's errors. */
  int fd = open("map.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char page[PG];
  for (int i = 0; i < 3; i++) {
    memset(page, '0' + i, PG);
    write(fd, page, PG);
  }
  char *f = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
  show("mmap file at offset", f == MAP_FAILED ? -1 : 0);
  printf("file mapping: %c %c\n", f[0], f[PG]);
  try_write("write read-only file mapping", f, 5);
  char *fx = mmap(f, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  show("mmap fixed over it", fx == f);
  printf("fixed mapping: %d %c\n", fx[0], fx[PG]);
  show_linux("mmap fixed noreplace taken", mmap(f, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0);
  show("mmap zero length", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
  show("mmap unaligned offset", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0);
  show("mmap closed fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, closed_fd(), 0) == MAP_FAILED ? -1 : 0);
  show("mmap fixed unaligned", mmap(f + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
  show("mmap directory", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, open(".", O_RDONLY), 0) == MAP_FAILED ? -1 : 0);
#ifdef ABI_O32
  /* The old o32 mmap takes its offset in bytes (glibc uses mmap2, in pages). */
  char *o = (char *)syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
  show("old mmap at byte offset", o == MAP_FAILED ? -1 : 0);
  printf("old mmap content: %c\n", o[0]);
  munmap(o, PG);
  show("old mmap unaligned offset", syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100));
#endif
  munmap(f, 2 * PG);
  close(fd);
  unlink("map.bin");

  /* brk: the current break, grown by two pages and used, then given back. */
  char *cur = (char *)syscall(SYS_brk, 0);
  char *grown = (char *)syscall(SYS_brk, cur + 2 * PG);
  show("brk grow", grown == cur + 2 * PG);
  cur[2 * PG - 1] = 'b';
  show("brk shrink", (char *)syscall(SYS_brk, cur) == cur);
  printf("done\n");
  return 0;
}
