// sendmsg/recvmsg with iovecs and control messages, and socket options, in every ABI's layout:
// descriptors passed with SCM_RIGHTS and used, SCM_CREDENTIALS, truncated control data
// (argument `truncation`, that part alone: MSG_CTRUNC, and the descriptors that did not fit are
// closed; qemu-user 7.2 passes them all and hangs there), truncated datagrams (MSG_TRUNC),
// the sender's address in msg_name, SCM_TIMESTAMP, sendmmsg/recvmmsg, and SOL_SOCKET options of
// every value shape.
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static void result(const char *what, long r) {
  printf("%s = %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(errno) : "");
}

static int sendfds(int sock, const int *fds, int n, int with_creds) {
  char a[] = "two ", b[] = "parts";
  struct iovec out[2] = {{a, 4}, {b, 5}};
  union {
    char space[CMSG_SPACE(4 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
    struct cmsghdr align;
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr m = {.msg_iov = out, .msg_iovlen = 2, .msg_control = ctl.space};
  m.msg_controllen = CMSG_SPACE(n * sizeof(int)) + (with_creds ? CMSG_SPACE(sizeof(struct ucred)) : 0);
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(n * sizeof(int));
  memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
  if (with_creds) {
    cm = CMSG_NXTHDR(&m, cm);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_CREDENTIALS;
    cm->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred me = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(cm), &me, sizeof me);
  }
  return sendmsg(sock, &m, 0);
}

int main(int argc, char **argv) {
  int truncation = argc > 1 && strcmp(argv[1], "truncation") == 0;
  setvbuf(stdout, NULL, _IONBF, 0);
  int d[2], s[2], p[2];
  result("socketpair(SOCK_DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
  result("socketpair(SOCK_STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
  if (pipe(p) != 0) return 1;
  int type = -1;
  socklen_t len = sizeof type;
  getsockopt(d[0], SOL_SOCKET, SO_TYPE, &type, &len);
  printf("SO_TYPE dgram: %d stream: ", type == SOCK_DGRAM);
  getsockopt(s[0], SOL_SOCKET, SO_TYPE, &type, &len);
  printf("%d len %d\n", type == SOCK_STREAM, (int)len);

  // Two descriptors and the sender's credentials; the receiver asked for credentials.
  int one = 1;
  result("setsockopt(SO_PASSCRED)", setsockopt(d[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
  int two[2] = {s[0], p[1]};
  result("sendmsg(2 fds + creds)", sendfds(d[0], two, 2, 1));
  char x[4] = {0}, y[3] = {0}, z[16] = {0};
  struct iovec in[3] = {{x, 3}, {y, 2}, {z, 15}};
  union {
    char space[256];
    struct cmsghdr align;
  } rctl;
  struct msghdr rm = {.msg_iov = in, .msg_iovlen = 3, .msg_control = rctl.space, .msg_controllen = sizeof rctl.space};
  result("recvmsg", recvmsg(d[1], &rm, 0));
  printf("data [%s|%s|%s] flags %d\n", x, y, z, rm.msg_flags);
  int got[4] = {-1, -1, -1, -1}, nfds = 0, creds_ok = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&rm); c; c = CMSG_NXTHDR(&rm, c)) {
    printf("cmsg level SOL_SOCKET %d type %d data %d\n", c->cmsg_level == SOL_SOCKET, c->cmsg_type, (int)(c->cmsg_len - CMSG_LEN(0)));
    if (c->cmsg_type == SCM_RIGHTS) {
      nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      memcpy(got, CMSG_DATA(c), nfds * sizeof(int));
    }
    if (c->cmsg_type == SCM_CREDENTIALS) {
      struct ucred u;
      memcpy(&u, CMSG_DATA(c), sizeof u);
      creds_ok = u.pid == getpid() && u.uid == getuid() && u.gid == getgid();
    }
  }
  printf("fds %d new %d creds match %d\n", nfds, got[0] > 2 && got[1] > 2 && got[0] != s[0] && got[1] != p[1], creds_ok);
  char buf[32] = {0};
  if (write(got[0], "via fd 1", 8) != 8 || read(s[1], buf, sizeof buf) != 8) return 1;
  printf("stream end passed: %s\n", buf);
  memset(buf, 0, sizeof buf);
  if (write(got[1], "via fd 2", 8) != 8 || read(p[0], buf, sizeof buf) != 8) return 1;
  printf("pipe end passed: %s\n", buf);
  close(got[0]);
  close(got[1]);

  if (truncation) {
    // Three copies of the pipe's write end, room for one: the other two are closed on receipt, so
    // the pipe reads end-of-file once the sender's and the received copy are closed too.
    int three[3] = {p[1], p[1], p[1]};
    int zero = 0;
    setsockopt(d[1], SOL_SOCKET, SO_PASSCRED, &zero, sizeof zero);
    result("sendmsg(3 fds)", sendfds(d[0], three, 3, 0));
    union {
      char space[CMSG_SPACE(sizeof(int))];
      struct cmsghdr align;
    } small;
    // CMSG_LEN, not CMSG_SPACE: the padding of CMSG_SPACE would hold a second descriptor on LP64.
    struct msghdr tm = {.msg_iov = in, .msg_iovlen = 3, .msg_control = small.space, .msg_controllen = CMSG_LEN(sizeof(int))};
    result("recvmsg(room for 1 fd)", recvmsg(d[1], &tm, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&tm);
    int fd1 = -1;
    if (c) memcpy(&fd1, CMSG_DATA(c), sizeof fd1);
    printf("MSG_CTRUNC %d cmsg len is CMSG_LEN(4) %d controllen is CMSG_LEN(4) %d\n", (tm.msg_flags & MSG_CTRUNC) != 0, c && c->cmsg_len == CMSG_LEN(sizeof(int)),
           tm.msg_controllen == CMSG_LEN(sizeof(int)));
    close(fd1);
    close(p[1]);
    result("read after every write end closed", read(p[0], buf, sizeof buf));
    return 0;
  }
  close(p[1]);

  // A datagram longer than the buffer, from a bound sender: MSG_TRUNC and its address.
  struct sockaddr_un me = {.sun_family = AF_UNIX};
  int n = snprintf(me.sun_path + 1, sizeof me.sun_path - 1, "qemu-ts-msg-%d", getpid());
  socklen_t melen = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int a = socket(AF_UNIX, SOCK_DGRAM, 0), b = socket(AF_UNIX, SOCK_DGRAM, 0);
  result("bind", bind(a, (struct sockaddr *)&me, melen));
  struct sockaddr_un bname = {.sun_family = AF_UNIX};
  snprintf(bname.sun_path + 1, sizeof bname.sun_path - 1, "qemu-ts-msg-b-%d", getpid());
  socklen_t blen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(bname.sun_path + 1);
  bind(b, (struct sockaddr *)&bname, blen);
  result("setsockopt(SO_TIMESTAMP)", setsockopt(b, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one));
  struct iovec lone = {(char *)"0123456789", 10};
  struct msghdr to = {.msg_name = &bname, .msg_namelen = blen, .msg_iov = &lone, .msg_iovlen = 1};
  result("sendmsg(to b)", sendmsg(a, &to, 0));
  char four[5] = {0};
  struct iovec fourv = {four, 4};
  struct sockaddr_un from;
  memset(&from, 0, sizeof from);
  union {
    char space[CMSG_SPACE(sizeof(struct timeval))];
    struct cmsghdr align;
  } tctl;
  struct msghdr fm = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &fourv, .msg_iovlen = 1,
                      .msg_control = tctl.space, .msg_controllen = sizeof tctl.space};
  result("recvmsg(4 of 10)", recvmsg(b, &fm, 0));
  printf("%s MSG_TRUNC %d from family %d len ok %d name ok %d\n", four, (fm.msg_flags & MSG_TRUNC) != 0, from.sun_family,
         fm.msg_namelen == melen, memcmp(from.sun_path, me.sun_path, melen - offsetof(struct sockaddr_un, sun_path)) == 0);
  struct cmsghdr *tc = CMSG_FIRSTHDR(&fm);
  struct timeval tv = {0, -1}, now;
  if (tc && tc->cmsg_type == SCM_TIMESTAMP) memcpy(&tv, CMSG_DATA(tc), sizeof tv);
  gettimeofday(&now, NULL);
  printf("SCM_TIMESTAMP %d len is CMSG_LEN(timeval) %d within 100 s of now %d\n", tc && tc->cmsg_type == SCM_TIMESTAMP, tc && tc->cmsg_len == CMSG_LEN(sizeof(struct timeval)),
         tv.tv_sec > now.tv_sec - 100 && tv.tv_sec <= now.tv_sec && tv.tv_usec >= 0 && tv.tv_usec < 1000000);

  // Batches: three datagrams out in one call, then in with room for four (MSG_WAITFORONE).
  char m0[] = "first", m1[] = "second!", m2[] = "3";
  struct iovec ov[3] = {{m0, 5}, {m1, 7}, {m2, 1}};
  struct mmsghdr outv[3];
  memset(outv, 0, sizeof outv);
  for (int i = 0; i < 3; i++) {
    outv[i].msg_hdr.msg_iov = &ov[i];
    outv[i].msg_hdr.msg_iovlen = 1;
  }
  result("sendmmsg(3)", sendmmsg(d[0], outv, 3, 0));
  printf("sent lengths %u %u %u\n", outv[0].msg_len, outv[1].msg_len, outv[2].msg_len);
  char r0[8] = {0}, r1[8] = {0}, r2[8] = {0}, r3[8] = {0};
  struct iovec iv[4] = {{r0, 7}, {r1, 7}, {r2, 7}, {r3, 7}};
  struct mmsghdr inv[4];
  memset(inv, 0, sizeof inv);
  for (int i = 0; i < 4; i++) {
    inv[i].msg_hdr.msg_iov = &iv[i];
    inv[i].msg_hdr.msg_iovlen = 1;
  }
  result("recvmmsg(4, MSG_WAITFORONE)", recvmmsg(d[1], inv, 4, MSG_WAITFORONE, NULL));
  printf("received %s/%u %s/%u %s/%u\n", r0, inv[0].msg_len, r1, inv[1].msg_len, r2, inv[2].msg_len);

  // Errors the kernel reports.
  static struct iovec many[1100];
  for (int i = 0; i < 1100; i++) many[i] = (struct iovec){x, 1};
  struct msghdr big = {.msg_iov = many, .msg_iovlen = 1100};
  result("sendmsg(1100 iovecs)", sendmsg(d[0], &big, 0));
  union {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } bad;
  struct msghdr bm = {.msg_iov = in, .msg_iovlen = 1, .msg_control = bad.space, .msg_controllen = sizeof bad.space};
  struct cmsghdr *bc = CMSG_FIRSTHDR(&bm);
  bc->cmsg_level = SOL_SOCKET;
  bc->cmsg_type = SCM_RIGHTS;
  bc->cmsg_len = sizeof bad.space + 8;
  result("sendmsg(cmsg_len past the buffer)", sendmsg(d[0], &bm, 0));

  // Socket options of every shape.
  struct ucred peer;
  len = sizeof peer;
  result("getsockopt(SO_PEERCRED)", getsockopt(s[0], SOL_SOCKET, SO_PEERCRED, &peer, &len));
  printf("peer pid ok %d uid ok %d len %d\n", peer.pid == getpid(), peer.uid == getuid(), (int)len);
  struct linger lg = {1, 5};
  result("setsockopt(SO_LINGER)", setsockopt(s[0], SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
  memset(&lg, 0, sizeof lg);
  len = sizeof lg;
  getsockopt(s[0], SOL_SOCKET, SO_LINGER, &lg, &len);
  printf("linger %d %d len %d\n", lg.l_onoff, lg.l_linger, (int)len);
  struct timeval rt = {2, 500000};
  result("setsockopt(SO_RCVTIMEO)", setsockopt(s[0], SOL_SOCKET, SO_RCVTIMEO, &rt, sizeof rt));
  memset(&rt, 0, sizeof rt);
  len = sizeof rt;
  getsockopt(s[0], SOL_SOCKET, SO_RCVTIMEO, &rt, &len);
  printf("rcvtimeo %ld.%06ld len ok %d\n", (long)rt.tv_sec, (long)rt.tv_usec, len == sizeof rt);
  int size = 4096;
  result("setsockopt(SO_SNDBUF)", setsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size));
  len = sizeof size;
  getsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &size, &len);
  printf("sndbuf %d\n", size);
  int err = -1;
  len = sizeof err;
  result("getsockopt(SO_ERROR)", getsockopt(s[0], SOL_SOCKET, SO_ERROR, &err, &len));
  printf("so_error %d\n", err);
  result("getsockopt(level 0xfffe)", getsockopt(s[0], 0xfffe, 1, &err, &len));
  return 0;
}
