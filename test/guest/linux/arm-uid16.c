/* ARM-only: the 16-bit uid calls EABI kept (kernel/uid16.c), which syscall(SYS_getuid) & co. reach
   on armhf (glibc's own wrappers use the *32 calls). Each agrees with its 32-bit successor; an id
   argument of 0xffff means "unchanged"; an id above 0xffff reads as the overflow id 65534. Run as
   root, it ends by moving its gids above 0xffff to see the overflow (as another user it says so). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEEP 0xffff

static void show(const char *what, long r) { printf("%s = %ld\n", what, r); }

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  printf("getuid16 matches: %d\n", syscall(SYS_getuid) == (long)getuid());
  printf("geteuid16 matches: %d\n", syscall(SYS_geteuid) == (long)geteuid());
  printf("getgid16 matches: %d\n", syscall(SYS_getgid) == (long)getgid());
  printf("getegid16 matches: %d\n", syscall(SYS_getegid) == (long)getegid());
  uint16_t r16[3] = {1, 1, 1};
  uid_t r32[3];
  getresuid(&r32[0], &r32[1], &r32[2]);
  show("getresuid16", syscall(SYS_getresuid, &r16[0], &r16[1], &r16[2]));
  printf("getresuid16 matches: %d\n", r16[0] == r32[0] && r16[1] == r32[1] && r16[2] == r32[2]);
  getresgid(&r32[0], &r32[1], &r32[2]);
  show("getresgid16", syscall(SYS_getresgid, &r16[0], &r16[1], &r16[2]));
  printf("getresgid16 matches: %d\n", r16[0] == r32[0] && r16[1] == r32[1] && r16[2] == r32[2]);

  gid_t g32[64];
  uint16_t g16[64];
  int n = getgroups(64, g32);
  printf("getgroups16(0) matches: %d\n", syscall(SYS_getgroups, 0, NULL) == n);
  int same = syscall(SYS_getgroups, 64, g16) == n;
  for (int i = 0; i < n; i++) same &= g16[i] == g32[i];
  printf("getgroups16 list matches: %d\n", same);
  show("setgroups16(same list)", syscall(SYS_setgroups, n, g16));

  show("setuid16(uid)", syscall(SYS_setuid, getuid()));
  show("setgid16(gid)", syscall(SYS_setgid, getgid()));
  show("setreuid16(0xffff, 0xffff)", syscall(SYS_setreuid, KEEP, KEEP));
  show("setregid16(0xffff, 0xffff)", syscall(SYS_setregid, KEEP, KEEP));
  show("setresuid16(0xffff x3)", syscall(SYS_setresuid, KEEP, KEEP, KEEP));
  show("setresgid16(0xffff x3)", syscall(SYS_setresgid, KEEP, KEEP, KEEP));

  char file[256], link[256];
  snprintf(file, sizeof file, "%s/uid16-file", dir);
  snprintf(link, sizeof link, "%s/uid16-link", dir);
  int fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  unlink(link);
  symlink(file, link);
  show("chown16(file, 0xffff, 0xffff)", syscall(SYS_chown, file, KEEP, KEEP));
  show("chown16(file, uid, gid)", syscall(SYS_chown, file, getuid(), getgid()));
  show("lchown16(link, 0xffff, 0xffff)", syscall(SYS_lchown, link, KEEP, KEEP));
  show("fchown16(fd, 0xffff, 0xffff)", syscall(SYS_fchown, fd, KEEP, KEEP));
  long missing = syscall(SYS_chown, "/nonexistent/uid16", KEEP, KEEP);
  printf("chown16(missing) = %ld %s\n", missing, missing == -1 && errno == ENOENT ? "ENOENT" : "?");
  close(fd);
  unlink(link);
  unlink(file);

  printf("setfsuid16(0xffff) is the euid: %d\n", syscall(SYS_setfsuid, KEEP) == (long)geteuid());
  printf("setfsgid16(0xffff) is the egid: %d\n", syscall(SYS_setfsgid, KEEP) == (long)getegid());
  printf("fsuid kept: %d\n", syscall(SYS_setfsuid32, -1) == (long)geteuid());
  printf("fsgid kept: %d\n", syscall(SYS_setfsgid32, -1) == (long)getegid());

  if (getuid() == 0 && setresgid(100000, 100000, 100000) == 0) {
    printf("getgid16 above 0xffff: %ld\n", syscall(SYS_getgid));
    printf("getegid16 above 0xffff: %ld\n", syscall(SYS_getegid));
    show("getresgid16 above 0xffff", syscall(SYS_getresgid, &r16[0], &r16[1], &r16[2]));
    printf("  %u %u %u\n", r16[0], r16[1], r16[2]);
  } else {
    printf("not root: no ids above 0xffff\n");
  }
  return 0;
}
