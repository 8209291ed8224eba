/* 64-bit file offsets and timestamps through the calls 32-bit ABIs split into register pairs
   (pread64, pwrite64, ftruncate64, truncate64, _llseek) and the *_time64 calls. */
#define _FILE_OFFSET_BITS 64
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#define GiB (1024LL * 1024 * 1024)

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/sparse", argv[1]);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  printf("pwrite: %zd\n", pwrite(fd, "far away", 8, 5 * GiB + 3));
  char buf[16] = {0};
  printf("pread: %zd %s\n", pread(fd, buf, 8, 5 * GiB + 3), buf);
  printf("seek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("ftruncate: %d\n", ftruncate(fd, 6 * GiB + 1));
  struct stat st;
  fstat(fd, &st);
  printf("size: %lld\n", (long long)st.st_size);
  printf("truncate: %d\n", truncate(path, 4 * GiB + 7));
  stat(path, &st);
  printf("size: %lld\n", (long long)st.st_size);
  struct timespec times[2] = { { 1000000000, 5 }, { 1234567890, 123456789 } };
  printf("utimensat: %d\n", utimensat(AT_FDCWD, path, times, 0));
  stat(path, &st);
  printf("mtime: %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  int p[2];
  if (pipe(p) != 0) return 1;
  struct pollfd pfd = { p[0], POLLIN, 0 };
  struct timespec ts = { 0, 1000000 };
  printf("ppoll empty: %d\n", ppoll(&pfd, 1, &ts, NULL));
  write(p[1], "x", 1);
  printf("ppoll ready: %d revents %d\n", ppoll(&pfd, 1, &ts, NULL), pfd.revents);
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  struct timeval tv = { 0, 1000 };
  printf("select: %d %d\n", select(p[0] + 1, &r, NULL, NULL, &tv), FD_ISSET(p[0], &r));
  close(fd);
  unlink(path);
  return 0;
}
