/* Extended attributes in the directory argv[1]: set/get/list/remove by path, through a symbolic
   link (l* calls act on the link itself) and by descriptor, with the errno cases. */
#include "sysprobe.h"
#include <fcntl.h>
#include <sys/xattr.h>

/* A name list as the kernel returns it: NUL-separated, in an order that is the file system's
   (the same in every run); printed as hex so the exact bytes are compared. */
static void show_list(const char *label, long r, const char *buf) {
  show(label, r);
  if (r > 0) hex(label, buf, r);
}

int main(int argc, char **argv) {
  if (argc != 2 || chdir(argv[1]) != 0) die("chdir");
  int fd = open("file", O_CREAT | O_RDWR, 0644);
  if (fd < 0 || symlink("file", "link") != 0) die("setup");
  char buf[256];
  show("setxattr", setxattr("file", "user.colour", "blue", 4, 0));
  show("setxattr create existing", setxattr("file", "user.colour", "red", 3, XATTR_CREATE));
  show("setxattr replace missing", setxattr("file", "user.size", "big", 3, XATTR_REPLACE));
  show("setxattr through link", setxattr("link", "user.shape", "round", 5, 0));
  show("fsetxattr", fsetxattr(fd, "user.empty", "", 0, 0));
  show("fsetxattr closed fd", fsetxattr(closed_fd(), "user.x", "1", 1, 0));
  /* Symbolic links cannot carry user.* attributes. */
  show("lsetxattr on a link", lsetxattr("link", "user.own", "x", 1, 0));
  show("lsetxattr on a file", lsetxattr("file", "user.own", "mine", 4, 0));
  show("setxattr bad value", setxattr("file", "user.bad", BAD_PTR, 4, 0));
  show("setxattr bad namespace", setxattr("file", "nonsense.x", "1", 1, 0));

  memset(buf, 0, sizeof buf);
  show("getxattr", getxattr("file", "user.colour", buf, sizeof buf));
  printf("getxattr value: %s\n", buf);
  show("getxattr size only", getxattr("file", "user.colour", NULL, 0));
  show("getxattr small buffer", getxattr("file", "user.colour", buf, 2));
  show("getxattr missing", getxattr("file", "user.none", buf, sizeof buf));
  show("getxattr missing file", getxattr("nofile", "user.colour", buf, sizeof buf));
  show("getxattr bad buffer", getxattr("file", "user.colour", BAD_PTR, 16));
  memset(buf, 0, sizeof buf);
  show("lgetxattr", lgetxattr("file", "user.shape", buf, sizeof buf));
  printf("lgetxattr value: %s\n", buf);
  show("lgetxattr on a link", lgetxattr("link", "user.shape", buf, sizeof buf));
  memset(buf, 0, sizeof buf);
  show("fgetxattr", fgetxattr(fd, "user.own", buf, sizeof buf));
  printf("fgetxattr value: %s\n", buf);
  show("fgetxattr empty value", fgetxattr(fd, "user.empty", buf, sizeof buf));

  show("listxattr size only", listxattr("file", NULL, 0));
  show_list("listxattr", listxattr("file", buf, sizeof buf), buf);
  show_list("llistxattr on a link", llistxattr("link", buf, sizeof buf), buf);
  show_list("flistxattr", flistxattr(fd, buf, sizeof buf), buf);
  show("listxattr small buffer", listxattr("file", buf, 3));
  show("flistxattr bad buffer", flistxattr(fd, BAD_PTR, sizeof buf));
  show("llistxattr missing", llistxattr("nofile", buf, sizeof buf));

  show("removexattr", removexattr("link", "user.shape"));
  show("removexattr again", removexattr("file", "user.shape"));
  show("lremovexattr", lremovexattr("file", "user.own"));
  show("lremovexattr on a link", lremovexattr("link", "user.own"));
  show("fremovexattr", fremovexattr(fd, "user.empty"));
  show("fremovexattr closed fd", fremovexattr(closed_fd(), "user.empty"));
  show_list("flistxattr after removal", flistxattr(fd, buf, sizeof buf), buf);
  close(fd);
  unlink("link");
  unlink("file");
  printf("done\n");
  return 0;
}
