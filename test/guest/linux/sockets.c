// Sockets: socketpair, a Unix stream server and client in two processes (bind, listen, accept4, accept,
// connect, getsockname, getpeername, shutdown), datagrams with sendto/recvfrom, sendmsg/recvmsg with two
// iovecs and a descriptor passed with SCM_RIGHTS, socket options.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  int sv[2];
  char buf[64] = {0};
  int r = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
  write(sv[0], "ping", 4);
  printf("socketpair: %d read: %zd %s\n", r, read(sv[1], buf, sizeof buf), buf);

  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s/sock", dir);
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("bind: %d listen: %d\n", bind(srv, (struct sockaddr *)&addr, sizeof addr), listen(srv, 4));
  pid_t pid = fork();
  if (pid == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&addr, sizeof addr) != 0) _exit(1);
    struct sockaddr_un server;
    socklen_t slen = sizeof server;
    if (getpeername(c, (struct sockaddr *)&server, &slen) != 0 || strcmp(server.sun_path, addr.sun_path) != 0) _exit(2);
    write(c, "hello server", 12);
    _exit(shutdown(c, SHUT_WR) == 0 ? 0 : 3);
  }
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  int conn = accept4(srv, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
  memset(buf, 0, sizeof buf);
  ssize_t n = read(conn, buf, sizeof buf);
  char rest;
  ssize_t eof = read(conn, &rest, 1); /* 0: the client shut its side down */
  int status;
  waitpid(pid, &status, 0);
  struct sockaddr_un self;
  socklen_t slen = sizeof self;
  getsockname(srv, (struct sockaddr *)&self, &slen);
  printf("accepted: %d family: %d read: %zd %s child: %d name ok: %d cloexec: %d eof: %zd\n", conn >= 0, peer.sun_family, n, buf,
         WEXITSTATUS(status), strcmp(self.sun_path, addr.sun_path) == 0 && self.sun_family == AF_UNIX,
         fcntl(conn, F_GETFD) == FD_CLOEXEC, eof);
  fcntl(srv, F_SETFL, O_NONBLOCK);
  int idle = accept(srv, NULL, NULL);
  printf("accept without a client: %d EAGAIN: %d\n", idle, idle < 0 && errno == EAGAIN);
  unlink(addr.sun_path);

  int d[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  sendto(d[0], "datagram", 8, 0, NULL, 0);
  memset(buf, 0, sizeof buf);
  printf("recvfrom: %zd %s\n", recvfrom(d[1], buf, sizeof buf, 0, NULL, NULL), buf);

  char a[] = "two ", b[] = "parts";
  struct iovec out[2] = {{a, 4}, {b, 5}};
  union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
  struct msghdr m = {.msg_iov = out, .msg_iovlen = 2, .msg_control = ctl.space, .msg_controllen = sizeof ctl.space};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  int passed = sv[0];
  memcpy(CMSG_DATA(cm), &passed, sizeof passed);
  ssize_t sent = sendmsg(d[0], &m, 0);
  char x[4] = {0}, y[16] = {0};
  struct iovec in[2] = {{x, 3}, {y, 15}};
  union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } rctl;
  struct msghdr rm = {.msg_iov = in, .msg_iovlen = 2, .msg_control = rctl.space, .msg_controllen = sizeof rctl.space};
  ssize_t got = recvmsg(d[1], &rm, 0);
  int fd = -1;
  struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
  if (rc && rc->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(rc), sizeof fd);
  write(fd, "via passed fd", 13);
  memset(buf, 0, sizeof buf);
  read(sv[1], buf, sizeof buf);
  printf("sendmsg: %zd recvmsg: %zd [%s|%s] fd passed: %d %s\n", sent, got, x, y, fd >= 0 && fd != passed, buf);

  int rcv = 0;
  socklen_t olen = sizeof rcv;
  int one = 1;
  printf("setsockopt: %d getsockopt: %d len: %d\n", setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
         getsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &rcv, &olen), (int)olen);
  printf("reuseaddr: %d\n", rcv != 0);
  return 0;
}
