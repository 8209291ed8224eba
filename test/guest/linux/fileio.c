/* A file round trip in the directory given as argv[1]: create, write, seek, stat, list,
   rename, link, unlink, and fcntl locks. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what) {
  if (!ok) { perror(what); exit(1); }
}

int main(int argc, char **argv) {
  check(argc == 2 && chdir(argv[1]) == 0, "chdir");
  int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  check(fd >= 0, "open");
  const char *text = "first line\nsecond line\n";
  check(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
  check(lseek(fd, 6, SEEK_SET) == 6, "lseek");
  char buf[64] = {0};
  check(read(fd, buf, 4) == 4, "read");
  printf("read: %s\n", buf);
  struct stat st;
  check(fstat(fd, &st) == 0, "fstat");
  printf("size: %lld regular: %d mode: %o\n", (long long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
  check(fcntl(fd, F_SETLK, &fl) == 0, "F_SETLK");
  fl.l_type = F_WRLCK;
  check(fcntl(fd, F_GETLK, &fl) == 0, "F_GETLK");
  printf("getlk: %s\n", fl.l_type == F_UNLCK ? "unlocked" : "locked");
  printf("cloexec: %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
  printf("append flag: %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  close(fd);
  FILE *f = fopen("data.txt", "a+");
  check(f != NULL, "fopen");
  fputs("third line\n", f);
  fclose(f);
  check(mkdir("sub", 0755) == 0, "mkdir");
  check(rename("data.txt", "sub/moved.txt") == 0, "rename");
  check(symlink("sub/moved.txt", "link") == 0, "symlink");
  char target[64] = {0};
  check(readlink("link", target, sizeof target - 1) > 0, "readlink");
  printf("link -> %s\n", target);
  f = fopen("link", "r");
  check(f != NULL, "fopen link");
  int lines = 0;
  while (fgets(buf, sizeof buf, f)) lines++;
  fclose(f);
  printf("lines: %d\n", lines);
  check(stat("sub/moved.txt", &st) == 0, "stat");
  printf("size after append: %lld\n", (long long)st.st_size);
  DIR *d = opendir("sub");
  check(d != NULL, "opendir");
  struct dirent *e;
  while ((e = readdir(d))) if (e->d_name[0] != '.') printf("entry: %s\n", e->d_name);
  closedir(d);
  printf("access missing: %d\n", access("nope", F_OK));
  check(unlink("link") == 0 && unlink("sub/moved.txt") == 0 && rmdir("sub") == 0, "cleanup");
  printf("done\n");
  return 0;
}
