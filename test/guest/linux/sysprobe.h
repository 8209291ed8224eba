/* Shared by the syscall probe programs (fsops.c, timeops.c, memops-sys.c, procops.c): results
   print as "label: value" or "label: -1 ERRNAME", structures as hex bytes in the guest's byte
   order, so test/linux/syscalls.test.ts can compare them byte for byte with qemu-user's. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The errno cases pass bad pointers on purpose. */
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wnonnull"

/* An address below 64 KiB: never mapped, so a pointer argument there is EFAULT. */
#define BAD_PTR ((void *)0x100)

#if defined(__mips__) && _MIPS_SIM == _ABIO32
#define ABI_O32 1
#endif
/* The 32-bit ABIs with the *64 file calls (stat64, statfs64 with a size, _llseek) and the
   *_time64 calls: MIPS o32 and ARM EABI. */
#if defined(ABI_O32) || defined(__ARM_EABI__)
#define ABI_32 1
#endif

/* A descriptor number that is closed right now, in this process. A fixed number (99) is not: the
   process that starts a test may pass open descriptors down (CI's did, at 90). */
static int closed_fd(void) {
  int fd = dup(2);
  close(fd);
  return fd;
}

static void show(const char *label, long r) {
  if (r == -1) printf("%s: -1 %s\n", label, strerrorname_np(errno));
  else printf("%s: %ld\n", label, r);
}

/* A call whose return value differs between runs (a descriptor number, a pid): only success. */
static void shown_ok(const char *label, long r) {
  if (r == -1) printf("%s: -1 %s\n", label, strerrorname_np(errno));
  else printf("%s: ok\n", label);
}

/* A result where qemu-user 7.2 is known to differ from Linux (its 32-bit guests live inside a
   reserved host range, so "unmapped" guest pages are mapped on the host; some flag checks are
   missing): printed with a "linux: " prefix, checked against the .expected file only. */
static void show_linux(const char *label, long r) {
  printf("linux: ");
  show(label, r);
}

static void hex(const char *label, const void *p, size_t n) {
  const unsigned char *b = p;
  printf("hex %s:", label);
  for (size_t i = 0; i < n; i++) printf("%s%02x", i % 8 == 0 ? " " : "", b[i]);
  printf("\n");
}

/* Zero the bytes [off, off+len) of a structure before printing it: fields that differ between
   two runs of the same program (inode numbers, change times, free blocks); each caller says why. */
static void mask(void *p, size_t off, size_t len) {
  memset((char *)p + off, 0, len);
}

static void die(const char *what) {
  printf("FAILED: %s: %s\n", what, strerrorname_np(errno));
  exit(1);
}
