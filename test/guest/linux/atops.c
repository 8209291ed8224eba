/* The *at path calls, each against the same directory-descriptor cases: AT_FDCWD, a directory
   descriptor (plain and O_PATH), an absolute path with a closed descriptor (ignored), a file's
   descriptor with a relative path (ENOTDIR), closed and negative descriptors (EBADF) and an empty
   path; then AT_EMPTY_PATH on plain and O_PATH descriptors, AT_SYMLINK_NOFOLLOW/FOLLOW,
   AT_REMOVEDIR, utimensat's and futimesat's NULL path, NULL paths elsewhere, and invalid flags.
   argv[1] is the directory to work in. With argv[2] (an absolute directory that exists only
   under the -L prefix, holding a file "file"), the -L translation is checked with descriptors
   too, with /proc/self/exe and /proc/self/fd/N. */
#include "sysprobe.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <libgen.h>

#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif

/* fchmodat2 is Linux 6.6, newer than the cross compilers' headers. */
#ifndef SYS_fchmodat2
#if defined(__mips__) && defined(ABI_O32)
#define SYS_fchmodat2 4452
#elif defined(__mips__)
#define SYS_fchmodat2 5452
#else
#define SYS_fchmodat2 452
#endif
#endif

/* Raw utimensat with 64-bit time fields: o32's plain utimensat takes 32-bit ones. */
#ifdef ABI_32
#define SYS_UTIMENSAT64 SYS_utimensat_time64
#else
#define SYS_UTIMENSAT64 SYS_utimensat
#endif
struct ts64 { int64_t sec, nsec; };
static const struct ts64 T1[2] = { { 1000000000, 123456789 }, { 1100000000, 987654321 } };

/* The raw stat call for a path (fstatat64 on o32, newfstatat elsewhere): glibc's 32-bit
   fstatat goes through statx instead. */
#ifdef ABI_32
#define SYS_FSTATAT SYS_fstatat64
#define SYS_FSTAT SYS_fstat64
#else
#define SYS_FSTAT SYS_fstat
#define SYS_FSTATAT SYS_newfstatat
#endif

/* Every time this program sets is before this one (2025-10-10). */
#define SET_TIMES_BEFORE 1760000000

static int dfd, pdfd, ffd, pffd, bad;
static char absdir[4096];

/* The object at a path relative to the working directory, as lstat sees it. */
static void state(const char *label, const char *rel) {
  struct stat st;
  if (lstat(rel, &st) != 0) {
    printf("  %s: %s\n", label, strerrorname_np(errno));
    return;
  }
  char type = S_ISREG(st.st_mode) ? 'f' : S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : S_ISFIFO(st.st_mode) ? 'p' : '?';
  printf("  %s: %c %04o nlink %d", label, type, (unsigned)(st.st_mode & 07777), S_ISDIR(st.st_mode) ? 0 : (int)st.st_nlink);
  /* Only the times the program set: the others are "now". */
  if (st.st_mtim.tv_sec < SET_TIMES_BEFORE) printf(" mtime %lld.%09ld", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  if (st.st_atim.tv_sec < SET_TIMES_BEFORE) printf(" atime %lld.%09ld", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec);
  printf("\n");
}

static void make_file(const char *rel) {
  int fd = open(rel, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) die(rel);
  write(fd, "data", 4);
  close(fd);
}

static void make_dir(const char *rel) {
  if (mkdir(rel, 0755) != 0) die(rel);
}

static void make_link(const char *rel) {
  if (symlink("target", rel) != 0) die(rel);
}

static void make_nothing(const char *rel) {
  (void)rel;
}

/* One call with the descriptor and path of a case; `rel` names the same object from the working
   directory (for the calls' second path and for the state shown afterwards). */
typedef long (*at_call)(int fd, const char *path, const char *rel);

static int linux_only; /* the calls qemu-user 7.2 has not got: their lines are "linux: " ones */

static void matrix(const char *name, at_call call, void (*prep)(const char *)) {
  const struct { const char *label; int fd; int absolute; int empty; } cases[] = {
    { "AT_FDCWD", AT_FDCWD, 0, 0 },
    { "dir fd", dfd, 0, 0 },
    { "O_PATH dir fd", pdfd, 0, 0 },
    { "absolute, closed fd", bad, 1, 0 },
    { "absolute, file fd", ffd, 1, 0 },
    { "file fd", ffd, 0, 0 },
    { "O_PATH file fd", pffd, 0, 0 },
    { "closed fd", bad, 0, 0 },
    { "fd -1", -1, 0, 0 },
    { "empty path, dir fd", dfd, 0, 1 },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char base[64], rel[128], path[4200], label[160];
    snprintf(base, sizeof base, "%s%zu", name, i);
    snprintf(rel, sizeof rel, "d/%s", base);
    prep(rel);
    if (cases[i].empty) path[0] = 0;
    else if (cases[i].absolute) snprintf(path, sizeof path, "%s/%s", absdir, rel);
    else snprintf(path, sizeof path, "%s%s", cases[i].fd == AT_FDCWD ? "d/" : "", base);
    snprintf(label, sizeof label, "%s, %s", name, cases[i].label);
    long r = call(cases[i].fd, path, rel);
    if (linux_only) printf("linux: ");
    show(label, r);
    if (linux_only) printf("linux: ");
    state("after", rel);
  }
}

/* Calls that return a descriptor return 0 here: descriptor numbers may differ between runs. */
static long closed_ok(long fd) {
  if (fd < 0) return fd;
  close(fd);
  return 0;
}

static long c_openat(int fd, const char *path, const char *rel) { (void)rel; return closed_ok(syscall(SYS_openat, fd, path, O_RDONLY)); }
static long c_openat_creat(int fd, const char *path, const char *rel) { (void)rel; return closed_ok(syscall(SYS_openat, fd, path, O_CREAT | O_WRONLY, 0640)); }
static long c_mkdirat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_mkdirat, fd, path, 0750); }
static long c_mknodat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_mknodat, fd, path, S_IFIFO | 0600, 0); }
static long c_fchownat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_fchownat, fd, path, -1, -1, 0); }
static long c_fchownat_nofollow(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_fchownat, fd, path, -1, -1, AT_SYMLINK_NOFOLLOW); }
static long c_utimensat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_UTIMENSAT64, fd, path, T1, 0); }
static long c_utimensat_nofollow(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_UTIMENSAT64, fd, path, T1, AT_SYMLINK_NOFOLLOW); }
static long c_fstatat(int fd, const char *path, const char *rel) {
  unsigned char sb[256];
  (void)rel;
  return syscall(SYS_FSTATAT, fd, path, sb, 0);
}
static long c_fstatat_nofollow(int fd, const char *path, const char *rel) {
  unsigned char sb[256];
  (void)rel;
  return syscall(SYS_FSTATAT, fd, path, sb, AT_SYMLINK_NOFOLLOW);
}
static long c_statx(int fd, const char *path, const char *rel) {
  struct statx sx;
  (void)rel;
  long r = syscall(SYS_statx, fd, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE, &sx);
  return r == 0 ? sx.stx_mode & S_IFMT : r;
}
static long c_unlinkat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_unlinkat, fd, path, 0); }
static long c_rmdirat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_unlinkat, fd, path, AT_REMOVEDIR); }
static long c_renameat_from(int fd, const char *path, const char *rel) {
  char to[160];
  snprintf(to, sizeof to, "%s.to", rel);
  long r = syscall(SYS_renameat, fd, path, AT_FDCWD, to);
  state("renamed to", to);
  return r;
}
static long c_renameat_to(int fd, const char *path, const char *rel) {
  char from[160];
  snprintf(from, sizeof from, "%s.from", rel);
  make_file(from);
  long r = syscall(SYS_renameat, AT_FDCWD, from, fd, path);
  unlink(from);
  return r;
}
static long c_renameat2_noreplace(int fd, const char *path, const char *rel) {
  char from[160];
  snprintf(from, sizeof from, "%s.from", rel);
  make_file(from);
  long r = syscall(SYS_renameat2, AT_FDCWD, from, fd, path, RENAME_NOREPLACE);
  unlink(from);
  return r;
}
static long c_linkat_from(int fd, const char *path, const char *rel) {
  char to[160];
  snprintf(to, sizeof to, "%s.to", rel);
  long r = syscall(SYS_linkat, fd, path, AT_FDCWD, to, 0);
  state("link", to);
  return r;
}
static long c_linkat_from_follow(int fd, const char *path, const char *rel) {
  char to[160];
  snprintf(to, sizeof to, "%s.to", rel);
  long r = syscall(SYS_linkat, fd, path, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
  state("link", to);
  return r;
}
static long c_linkat_to(int fd, const char *path, const char *rel) {
  char from[160];
  snprintf(from, sizeof from, "%s.from", rel);
  make_file(from);
  long r = syscall(SYS_linkat, AT_FDCWD, from, fd, path, 0);
  unlink(from);
  return r;
}
static long c_symlinkat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_symlinkat, "target", fd, path); }
static long c_readlinkat(int fd, const char *path, const char *rel) {
  char buf[64];
  (void)rel;
  return syscall(SYS_readlinkat, fd, path, buf, sizeof buf);
}
static long c_fchmodat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_fchmodat, fd, path, 0604); }
static long c_fchmodat2(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_fchmodat2, fd, path, 0604, AT_SYMLINK_NOFOLLOW); }
static long c_faccessat(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_faccessat, fd, path, R_OK); }
static long c_faccessat2(int fd, const char *path, const char *rel) { (void)rel; return syscall(SYS_faccessat2, fd, path, R_OK, AT_SYMLINK_NOFOLLOW); }
/* struct open_how (linux/openat2.h), with room for a larger version's fields. */
struct how { uint64_t flags, mode, resolve, later; };
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08

static long c_openat2(int fd, const char *path, const char *rel) {
  struct how h = { .flags = O_RDONLY | O_CLOEXEC };
  (void)rel;
  return closed_ok(syscall(SYS_openat2, fd, path, &h, 24));
}

/* struct file_handle with room for the largest handle (MAX_HANDLE_SZ). */
struct handle { uint32_t bytes; int type; unsigned char h[128]; };

static long c_name_to_handle_at(int fd, const char *path, const char *rel) {
  struct handle fh = { .bytes = sizeof fh.h };
  int mount_id = -1;
  (void)rel;
  long r = syscall(SYS_name_to_handle_at, fd, path, &fh, &mount_id, 0);
  if (r == 0) show("  opened by handle", closed_ok(syscall(SYS_open_by_handle_at, dfd, &fh, O_RDONLY)));
  return r;
}
#ifdef SYS_futimesat
static long c_futimesat(int fd, const char *path, const char *rel) {
  long tv[4] = { 1200000000, 5, 1300000000, 6 };
  (void)rel;
  return syscall(SYS_futimesat, fd, path, tv);
}
#endif

/* AT_EMPTY_PATH, the symlink flags, NULL paths and invalid flags, one call at a time. */
static void flag_cases(void) {
  unsigned char sb[256];
  struct statx sx;
  char buf[64];
  make_file("d/e");
  make_link("d/elink");
  int efd = open("d/e", O_RDWR);
  int epfd = open("d/e", O_PATH);
  int lfd = open("d/elink", O_PATH | O_NOFOLLOW);
  if (efd < 0 || epfd < 0 || lfd < 0) die("open d/e");

  show("fstatat empty path, file fd", syscall(SYS_FSTATAT, efd, "", sb, AT_EMPTY_PATH));
  show("fstatat empty path, O_PATH fd", syscall(SYS_FSTATAT, epfd, "", sb, AT_EMPTY_PATH));
  show("fstatat empty path, AT_FDCWD", syscall(SYS_FSTATAT, AT_FDCWD, "", sb, AT_EMPTY_PATH));
  show("fstatat empty path, closed fd", syscall(SYS_FSTATAT, bad, "", sb, AT_EMPTY_PATH));
  show("fstatat empty path without the flag", syscall(SYS_FSTATAT, efd, "", sb, 0));
  show("fstatat bad flags", syscall(SYS_FSTATAT, dfd, "e", sb, 0x1));
  show("fstatat NULL path", syscall(SYS_FSTATAT, dfd, NULL, sb, 0));
  show("fstat AT_FDCWD", syscall(SYS_FSTAT, AT_FDCWD, sb));
  show("fstat O_PATH fd", syscall(SYS_FSTAT, epfd, sb));
  /* Linux 6.11 takes a NULL path with AT_EMPTY_PATH as the empty one (qemu-user 7.2: EFAULT). */
  show_linux("fstatat NULL path, AT_EMPTY_PATH", syscall(SYS_FSTATAT, efd, NULL, sb, AT_EMPTY_PATH));
  show_linux("fstatat NULL path, AT_EMPTY_PATH, AT_FDCWD", syscall(SYS_FSTATAT, AT_FDCWD, NULL, sb, AT_EMPTY_PATH));
  show("statx empty path, file fd", syscall(SYS_statx, efd, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
  show("statx empty path, O_PATH link fd", syscall(SYS_statx, lfd, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
  printf("  is a link %d\n", S_ISLNK(sx.stx_mode));
  show("statx empty path, AT_FDCWD", syscall(SYS_statx, AT_FDCWD, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
  show("statx empty path, closed fd", syscall(SYS_statx, bad, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
  show("statx bad flags", syscall(SYS_statx, dfd, "e", 0x1, STATX_TYPE, &sx));
  show("statx both sync flags", syscall(SYS_statx, dfd, "e", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_TYPE, &sx));
  show("statx reserved mask bit", syscall(SYS_statx, dfd, "e", 0, 0x80000000u, &sx));

  show("fchownat empty path, file fd", syscall(SYS_fchownat, efd, "", -1, -1, AT_EMPTY_PATH));
  show("fchownat empty path, O_PATH link fd", syscall(SYS_fchownat, lfd, "", -1, -1, AT_EMPTY_PATH));
  show("fchownat empty path, AT_FDCWD", syscall(SYS_fchownat, AT_FDCWD, "", -1, -1, AT_EMPTY_PATH));
  show("fchownat empty path, closed fd", syscall(SYS_fchownat, bad, "", -1, -1, AT_EMPTY_PATH));
  show("fchownat empty path without the flag", syscall(SYS_fchownat, efd, "", -1, -1, 0));
  show("fchownat bad flags", syscall(SYS_fchownat, dfd, "e", -1, -1, 0x1));

  show("readlinkat empty path, O_PATH link fd", syscall(SYS_readlinkat, lfd, "", buf, sizeof buf));
  show("readlinkat empty path, file fd", syscall(SYS_readlinkat, efd, "", buf, sizeof buf));
  show("readlinkat empty path, AT_FDCWD", syscall(SYS_readlinkat, AT_FDCWD, "", buf, sizeof buf));
  show("readlinkat NULL path", syscall(SYS_readlinkat, dfd, NULL, buf, sizeof buf));

  show("faccessat2 empty path, O_PATH fd", syscall(SYS_faccessat2, epfd, "", W_OK, AT_EMPTY_PATH));
  show("faccessat2 empty path, closed fd", syscall(SYS_faccessat2, bad, "", F_OK, AT_EMPTY_PATH));
  show("faccessat2 empty path without the flag", syscall(SYS_faccessat2, efd, "", F_OK, 0));
  show("faccessat2 AT_EACCESS", syscall(SYS_faccessat2, dfd, "e", R_OK, AT_EACCESS));
  show("faccessat2 bad flags", syscall(SYS_faccessat2, dfd, "e", F_OK, 0x1));
  show("faccessat2 bad mode", syscall(SYS_faccessat2, dfd, "e", 8, 0));
  show("faccessat bad mode", syscall(SYS_faccessat, dfd, "e", 8));
  show("faccessat NULL path", syscall(SYS_faccessat, dfd, NULL, F_OK));

  /* utimensat: NULL path is futimens (any descriptor but AT_FDCWD, no flags). */
  static const struct ts64 T2[2] = { { 1400000000, 1 }, { 1500000000, 2 } };
  static const struct ts64 OMIT[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
  show("utimensat NULL path, file fd", syscall(SYS_UTIMENSAT64, efd, NULL, T2, 0));
  state("e", "d/e");
  show("utimensat NULL path, dir fd", syscall(SYS_UTIMENSAT64, dfd, NULL, T2, 0));
  state("d", "d");
  show("utimensat NULL path, UTIME_OMIT", syscall(SYS_UTIMENSAT64, efd, NULL, OMIT, 0));
  show("utimensat NULL path, AT_FDCWD", syscall(SYS_UTIMENSAT64, AT_FDCWD, NULL, T2, 0));
  show("utimensat NULL path, closed fd", syscall(SYS_UTIMENSAT64, bad, NULL, T2, 0));
  show("utimensat NULL path, O_PATH fd", syscall(SYS_UTIMENSAT64, epfd, NULL, T2, 0));
  show("utimensat NULL path, nofollow", syscall(SYS_UTIMENSAT64, efd, NULL, T2, AT_SYMLINK_NOFOLLOW));
  show("utimensat NULL path, bad flags", syscall(SYS_UTIMENSAT64, efd, NULL, T2, 0x1));
  show("utimensat NULL path, bad times", syscall(SYS_UTIMENSAT64, efd, NULL, BAD_PTR, 0));
  show("utimensat empty path, file fd", syscall(SYS_UTIMENSAT64, efd, "", T1, AT_EMPTY_PATH));
  state("e", "d/e");
  show("utimensat empty path, O_PATH fd", syscall(SYS_UTIMENSAT64, epfd, "", T2, AT_EMPTY_PATH));
  state("e", "d/e");
  show("utimensat empty path, O_PATH link fd, nofollow", syscall(SYS_UTIMENSAT64, lfd, "", T2, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
  show("utimensat empty path without the flag", syscall(SYS_UTIMENSAT64, efd, "", T2, 0));
  show("utimensat bad flags", syscall(SYS_UTIMENSAT64, dfd, "e", T2, 0x1));
  show("utimensat through a link, nofollow", syscall(SYS_UTIMENSAT64, dfd, "elink", T1, AT_SYMLINK_NOFOLLOW));
  state("e", "d/e");
#ifdef SYS_futimesat
  long tv[4] = { 1600000000, 7, 1700000000, 8 };
  /* qemu-user 7.2 takes the NULL path for a bad pointer. */
  show_linux("futimesat NULL path, file fd", syscall(SYS_futimesat, efd, NULL, tv));
  struct stat st;
  show_linux("futimesat NULL path set mtime", fstat(efd, &st) == 0 && st.st_mtim.tv_sec == 1700000000);
  show("futimesat NULL path, AT_FDCWD", syscall(SYS_futimesat, AT_FDCWD, NULL, tv));
  show("futimesat NULL times", syscall(SYS_futimesat, dfd, "e", NULL) == 0);
  show("futimesat bad usec", syscall(SYS_futimesat, dfd, "e", (long[4]) { 1, 1000000, 2, 0 }));
#endif
#ifdef SYS_utime
  long ub[2] = { 1660000000, 1770000000 - 20000000 };
  show("utime", syscall(SYS_utime, "d/e", ub));
  state("e", "d/e");
#endif
#ifdef SYS_utimes
  long tv2[4] = { 1650000000, 9, 1750000000, 10 };
  show("utimes", syscall(SYS_utimes, "d/e", tv2));
  state("e", "d/e");
#endif
  syscall(SYS_UTIMENSAT64, efd, NULL, T2, 0); /* the same times on every target from here on */

  show("linkat empty path, file fd", syscall(SYS_linkat, efd, "", dfd, "ehard", AT_EMPTY_PATH));
  state("ehard", "d/ehard");
  show("linkat empty path, O_PATH fd", syscall(SYS_linkat, epfd, "", dfd, "ehard2", AT_EMPTY_PATH));
  state("ehard2", "d/ehard2");
  show("linkat empty path, dir fd", syscall(SYS_linkat, dfd, "", dfd, "dhard", AT_EMPTY_PATH));
  show("linkat empty path without the flag", syscall(SYS_linkat, efd, "", dfd, "ehard3", 0));
  char via[64];
  snprintf(via, sizeof via, "/proc/self/fd/%d", efd);
  show("linkat /proc/self/fd/N follow", syscall(SYS_linkat, AT_FDCWD, via, dfd, "ehard4", AT_SYMLINK_FOLLOW));
  state("ehard4", "d/ehard4");
  show("linkat a link, follow", syscall(SYS_linkat, dfd, "elink", dfd, "ehard5", AT_SYMLINK_FOLLOW));
  show("linkat bad flags", syscall(SYS_linkat, dfd, "e", dfd, "ehard6", 0x1));
  show("linkat NULL path", syscall(SYS_linkat, dfd, NULL, dfd, "ehard7", 0));

  /* fchmodat2 (Linux 6.6; qemu-user 7.2 has not got it). */
  show_linux("fchmodat2 nofollow, a file", syscall(SYS_fchmodat2, dfd, "e", 0600, AT_SYMLINK_NOFOLLOW));
  show_linux("fchmodat2 nofollow, a link", syscall(SYS_fchmodat2, dfd, "elink", 0600, AT_SYMLINK_NOFOLLOW));
  show_linux("fchmodat2 empty path, file fd", syscall(SYS_fchmodat2, efd, "", 0640, AT_EMPTY_PATH));
  show_linux("fchmodat2 empty path, O_PATH fd", syscall(SYS_fchmodat2, epfd, "", 0644, AT_EMPTY_PATH));
  show_linux("fchmodat2 bad flags", syscall(SYS_fchmodat2, dfd, "e", 0600, 0x1));
  state("e", "d/e");

  /* openat2 (Linux 5.6; qemu-user 7.2 has not got it). */
  struct how h = { .flags = O_RDONLY };
  show_linux("openat2", closed_ok(syscall(SYS_openat2, dfd, "e", &h, 24)));
  show_linux("openat2 larger struct, zero tail", closed_ok(syscall(SYS_openat2, dfd, "e", &h, sizeof h)));
  h.later = 1;
  show_linux("openat2 larger struct, nonzero tail", syscall(SYS_openat2, dfd, "e", &h, sizeof h));
  h.later = 0;
  show_linux("openat2 small struct", syscall(SYS_openat2, dfd, "e", &h, 16));
  show_linux("openat2 bad struct", syscall(SYS_openat2, dfd, "e", BAD_PTR, 24));
  h.resolve = RESOLVE_BENEATH;
  show_linux("openat2 beneath, ..", syscall(SYS_openat2, dfd, "../d/e", &h, 24));
  show_linux("openat2 beneath, absolute", syscall(SYS_openat2, dfd, absdir, &h, 24));
  h.resolve = RESOLVE_NO_SYMLINKS;
  show_linux("openat2 no symlinks, a link", syscall(SYS_openat2, dfd, "elink", &h, 24));
  h.resolve = 0x10000;
  show_linux("openat2 unknown resolve flag", syscall(SYS_openat2, dfd, "e", &h, 24));
  h.resolve = 0;
  h.mode = 0644;
  show_linux("openat2 mode without O_CREAT", syscall(SYS_openat2, dfd, "e", &h, 24));
  h.flags = O_RDONLY | O_CREAT;
  show_linux("openat2 O_CREAT", closed_ok(syscall(SYS_openat2, dfd, "e-created", &h, 24)));
  printf("linux: ");
  state("e-created", "d/e-created");
  h.flags = O_RDONLY;
  h.mode = 0;
  show_linux("openat2 /proc/self/cmdline, dir fd", closed_ok(syscall(SYS_openat2, dfd, "/proc/self/cmdline", &h, 24)));

  /* File handles: too small a buffer reports the size needed. */
  struct handle fh = { .bytes = 0 };
  int mount_id = -1;
  show("name_to_handle_at no room", syscall(SYS_name_to_handle_at, dfd, "e", &fh, &mount_id, 0));
  printf("  needs bytes: %d\n", fh.bytes > 0 && fh.bytes <= 128);
  fh.bytes = 129;
  show("name_to_handle_at too big", syscall(SYS_name_to_handle_at, dfd, "e", &fh, &mount_id, 0));
  fh.bytes = 128;
  show("name_to_handle_at empty path, file fd", syscall(SYS_name_to_handle_at, efd, "", &fh, &mount_id, AT_EMPTY_PATH));
  show("open_by_handle_at", closed_ok(syscall(SYS_open_by_handle_at, dfd, &fh, O_RDONLY)));
  show("name_to_handle_at a link, nofollow", syscall(SYS_name_to_handle_at, dfd, "elink", &fh, &mount_id, 0));
  show("name_to_handle_at a link, follow", syscall(SYS_name_to_handle_at, dfd, "elink", &fh, &mount_id, AT_SYMLINK_FOLLOW));
  show("name_to_handle_at bad flags", syscall(SYS_name_to_handle_at, dfd, "e", &fh, &mount_id, 0x8000));
  show("name_to_handle_at bad handle", syscall(SYS_name_to_handle_at, dfd, "e", BAD_PTR, &mount_id, 0));
  fh.bytes = 0;
  show("open_by_handle_at empty handle", syscall(SYS_open_by_handle_at, dfd, &fh, O_RDONLY));

  make_dir("d/rd");
  show("unlinkat a directory without AT_REMOVEDIR", syscall(SYS_unlinkat, dfd, "rd", 0));
  show("unlinkat a file with AT_REMOVEDIR", syscall(SYS_unlinkat, dfd, "e", AT_REMOVEDIR));
  show("unlinkat empty path", syscall(SYS_unlinkat, dfd, "", 0));
  show("unlinkat bad flags", syscall(SYS_unlinkat, dfd, "rd", 0x1));
  show("unlinkat dot, AT_REMOVEDIR", syscall(SYS_unlinkat, dfd, ".", AT_REMOVEDIR));
  show("unlinkat NULL path", syscall(SYS_unlinkat, dfd, NULL, 0));

  show("renameat2 bad flags", syscall(SYS_renameat2, dfd, "e", dfd, "e2", 0x100));
  show("renameat2 exchange and noreplace", syscall(SYS_renameat2, dfd, "e", dfd, "rd", RENAME_EXCHANGE | RENAME_NOREPLACE));
  show("renameat NULL path", syscall(SYS_renameat, dfd, NULL, dfd, "e2"));
  show("mkdirat NULL path", syscall(SYS_mkdirat, dfd, NULL, 0755));
  show("mkdirat empty path", syscall(SYS_mkdirat, dfd, "", 0755));
  show("symlinkat empty target", syscall(SYS_symlinkat, "", dfd, "elink2"));
  show("symlinkat NULL target", syscall(SYS_symlinkat, NULL, dfd, "elink2"));
  show("openat NULL path", syscall(SYS_openat, dfd, NULL, O_RDONLY));
  show("openat empty path", syscall(SYS_openat, dfd, "", O_RDONLY));
  show("openat O_DIRECTORY on a file", closed_ok(syscall(SYS_openat, dfd, "e", O_RDONLY | O_DIRECTORY)));
  show("openat O_NOFOLLOW on a link", closed_ok(syscall(SYS_openat, dfd, "elink", O_RDONLY | O_NOFOLLOW)));
  show("openat O_PATH | O_NOFOLLOW on a link", closed_ok(syscall(SYS_openat, dfd, "elink", O_PATH | O_NOFOLLOW)));
  show("fchmodat NULL path", syscall(SYS_fchmodat, dfd, NULL, 0600));
  show("fchownat NULL path", syscall(SYS_fchownat, dfd, NULL, -1, -1, 0));
  show("mknodat NULL path", syscall(SYS_mknodat, dfd, NULL, S_IFIFO | 0600, 0));
  show("statx NULL path, not AT_EMPTY_PATH", syscall(SYS_statx, dfd, NULL, 0, STATX_TYPE, &sx));
  show_linux("statx NULL path, AT_EMPTY_PATH", syscall(SYS_statx, efd, NULL, AT_EMPTY_PATH, STATX_TYPE, &sx));
  show_linux("statx NULL path, AT_EMPTY_PATH, AT_FDCWD", syscall(SYS_statx, AT_FDCWD, NULL, AT_EMPTY_PATH, STATX_TYPE, &sx));
  close(efd);
  close(epfd);
  close(lfd);
}

/* execveat of this program (argv[1] "exec-child" makes it say so and exit 3) in a child. qemu-user
   7.2 has no execveat (ENOSYS): every execveat line is a "linux: " one. */
static void exec_child(int fd, const char *path, int flags, const char *self) {
  char *argv[] = { (char *)self, "exec-child", NULL };
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    syscall(SYS_execveat, fd, path, argv, environ, flags);
    printf("linux: execveat in the child: %s\n", strerrorname_np(errno));
    fflush(stdout);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  printf("linux: execveat child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void execveat_cases(const char *self) {
  char dir[4096], base[4096];
  char *argv[] = { (char *)self, "exec-child", NULL };
  snprintf(dir, sizeof dir, "%s", self);
  snprintf(base, sizeof base, "%s", self);
  int progdir = open(dirname(dir), O_PATH | O_DIRECTORY);
  const char *name = basename(base);
  make_link("d/xlink");
  make_file("d/x");
  int xfd = open("d/x", O_RDONLY);
  show_linux("execveat bad flags", syscall(SYS_execveat, progdir, name, argv, environ, 0x1));
  show_linux("execveat closed fd", syscall(SYS_execveat, bad, name, argv, environ, 0));
  show_linux("execveat file fd", syscall(SYS_execveat, ffd, name, argv, environ, 0));
  show_linux("execveat missing", syscall(SYS_execveat, progdir, "missing-program", argv, environ, 0));
  show_linux("execveat a link, nofollow", syscall(SYS_execveat, dfd, "xlink", argv, environ, AT_SYMLINK_NOFOLLOW));
  show_linux("execveat empty path without the flag", syscall(SYS_execveat, progdir, "", argv, environ, 0));
  show_linux("execveat empty path, dir fd", syscall(SYS_execveat, progdir, "", argv, environ, AT_EMPTY_PATH));
  show_linux("execveat empty path, not executable", syscall(SYS_execveat, xfd, "", argv, environ, AT_EMPTY_PATH));
  show_linux("execveat empty path, closed fd", syscall(SYS_execveat, bad, "", argv, environ, AT_EMPTY_PATH));
  show_linux("execveat NULL path", syscall(SYS_execveat, progdir, NULL, argv, environ, 0));
  exec_child(progdir, name, 0, self);
  exec_child(AT_FDCWD, self, 0, self);
  /* fexecve: the program's own descriptor, close-on-exec. */
  int pfd = open(self, O_RDONLY | O_CLOEXEC);
  exec_child(pfd, "", AT_EMPTY_PATH, self);
  close(pfd);
  close(xfd);
  close(progdir);
}

/* -L: an absolute path names the file under the prefix whatever the descriptor; /proc/self/exe
   and /proc/self/fd/N are the guest's own. */
static void sysroot_cases(const char *only, const char *self) {
  char path[512], buf[512];
  unsigned char sb[256];
  snprintf(path, sizeof path, "%s/file", only);
  show("sysroot: openat absolute, closed fd", closed_ok(syscall(SYS_openat, bad, path, O_RDONLY)));
  show("sysroot: openat absolute, dir fd", closed_ok(syscall(SYS_openat, dfd, path, O_RDONLY)));
  show("sysroot: fstatat absolute, file fd", syscall(SYS_FSTATAT, ffd, path, sb, 0));
  show("sysroot: readlinkat absolute, dir fd", syscall(SYS_readlinkat, dfd, path, buf, sizeof buf));
  /* qemu-user 7.2 looks these paths up on the host only. */
  show_linux("sysroot: faccessat absolute, dir fd", syscall(SYS_faccessat, dfd, path, R_OK));
  show_linux("sysroot: linkat absolute to dir fd", syscall(SYS_linkat, bad, path, dfd, "fromroot", 0));
  memset(buf, 0, sizeof buf);
  long n = syscall(SYS_readlinkat, dfd, "/proc/self/exe", buf, sizeof buf);
  printf("sysroot: readlinkat /proc/self/exe, dir fd, is argv[0]: %d\n", n > 0 && strcmp(buf, self) == 0);
  int proc = open("/proc", O_PATH | O_DIRECTORY);
  memset(buf, 0, sizeof buf);
  n = syscall(SYS_readlinkat, proc, "self/exe", buf, sizeof buf);
  printf("linux: sysroot: readlinkat self/exe, /proc fd, is argv[0]: %d\n", n > 0 && strcmp(buf, self) == 0);
  memset(buf, 0, sizeof buf);
  n = syscall(SYS_readlinkat, proc, "self/cwd", buf, sizeof buf);
  printf("sysroot: readlinkat self/cwd, /proc fd, is the working directory: %d\n", n > 0 && strcmp(buf, absdir) == 0);
  close(proc);
  snprintf(path, sizeof path, "/proc/self/fd/%d", dfd);
  show("sysroot: openat /proc/self/fd/N/f, closed fd", closed_ok(syscall(SYS_openat, bad, strcat(path, "/f"), O_RDONLY)));
  show("sysroot: fstatat /proc/self/exe, file fd", syscall(SYS_FSTATAT, ffd, "/proc/self/exe", sb, 0));
  int mfd = syscall(SYS_openat, dfd, "/proc/self/cmdline", O_RDONLY);
  memset(buf, 0, sizeof buf);
  n = read(mfd, buf, sizeof buf);
  printf("sysroot: /proc/self/cmdline through a dir fd starts with argv[0]: %d\n", n > 0 && strcmp(buf, self) == 0);
  close(mfd);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "exec-child") == 0) {
    printf("linux: exec'd child running\n");
    return 3;
  }
  if (argc < 2 || chdir(argv[1]) != 0) die("chdir");
  umask(022);
  if (!getcwd(absdir, sizeof absdir)) die("getcwd");
  make_dir("d");
  make_file("d/f");
  dfd = open("d", O_DIRECTORY | O_RDONLY);
  pdfd = open("d", O_DIRECTORY | O_PATH);
  ffd = open("d/f", O_RDWR);
  pffd = open("d/f", O_PATH);
  /* Closed, and high enough that no descriptor this program opens later takes its number. */
  bad = fcntl(2, F_DUPFD, 900);
  close(bad);
  if (dfd < 0 || pdfd < 0 || ffd < 0 || pffd < 0) die("open d");

  matrix("openat", c_openat, make_file);
  matrix("openat O_CREAT", c_openat_creat, make_nothing);
  matrix("mkdirat", c_mkdirat, make_nothing);
  matrix("mknodat", c_mknodat, make_nothing);
  matrix("fchownat", c_fchownat, make_file);
  matrix("fchownat nofollow", c_fchownat_nofollow, make_link);
  matrix("utimensat", c_utimensat, make_file);
  matrix("utimensat nofollow", c_utimensat_nofollow, make_link);
  matrix("fstatat", c_fstatat, make_file);
  matrix("fstatat nofollow", c_fstatat_nofollow, make_link);
  matrix("statx", c_statx, make_link);
  matrix("unlinkat", c_unlinkat, make_file);
  matrix("unlinkat AT_REMOVEDIR", c_rmdirat, make_dir);
  matrix("renameat from", c_renameat_from, make_file);
  matrix("renameat to", c_renameat_to, make_nothing);
  matrix("renameat2 noreplace", c_renameat2_noreplace, make_file);
  matrix("linkat from", c_linkat_from, make_link);
  matrix("linkat from, follow", c_linkat_from_follow, make_link);
  matrix("linkat to", c_linkat_to, make_nothing);
  matrix("symlinkat", c_symlinkat, make_nothing);
  matrix("readlinkat", c_readlinkat, make_link);
  matrix("fchmodat", c_fchmodat, make_file);
  linux_only = 1;
  matrix("fchmodat2", c_fchmodat2, make_file);
  matrix("openat2", c_openat2, make_file);
  linux_only = 0;
  matrix("faccessat", c_faccessat, make_file);
  matrix("faccessat2", c_faccessat2, make_link);
  matrix("name_to_handle_at", c_name_to_handle_at, make_file);
#ifdef SYS_futimesat
  matrix("futimesat", c_futimesat, make_file);
#endif
  flag_cases();
  execveat_cases(argv[0]);
  if (argc > 2) sysroot_cases(argv[2], argv[0]);
  return 0;
}
