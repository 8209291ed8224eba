// Host libc through koffi, for the calls Node's fs cannot make on raw descriptors and guest
// memory (ioctl, fcntl locks, poll, pipes, fork/execve). Guest memory is passed as host
// addresses (`hostAddr`) to parameters declared uintptr_t: koffi's fastest path for Numbers.
import koffi from 'koffi';

const lib = koffi.load('libc.so.6');

const P = 'uintptr_t';

export const libc = {
  read: lib.func(`long read(int, ${P}, size_t)`),
  write: lib.func(`long write(int, ${P}, size_t)`),
  pread: lib.func(`long pread(int, ${P}, size_t, int64_t)`),
  pwrite: lib.func(`long pwrite(int, ${P}, size_t, int64_t)`),
  openat: lib.func('int openat(int, const char *, int, ...)'),
  close: lib.func('int close(int)'),
  lseek: lib.func('int64_t lseek(int, int64_t, int)'),
  statx: lib.func(`int statx(int, const char *, int, unsigned int, ${P})`),
  statfs: lib.func(`int statfs(const char *, ${P})`),
  fstatfs: lib.func(`int fstatfs(int, ${P})`),
  getdents64: lib.func(`long getdents64(int, ${P}, size_t)`),
  readlinkat: lib.func(`long readlinkat(int, const char *, ${P}, size_t)`),
  faccessat: lib.func('int faccessat(int, const char *, int, int)'),
  mkdirat: lib.func('int mkdirat(int, const char *, uint32_t)'),
  mknodat: lib.func('int mknodat(int, const char *, uint32_t, uint64_t)'),
  unlinkat: lib.func('int unlinkat(int, const char *, int)'),
  renameat2: lib.func('int renameat2(int, const char *, int, const char *, unsigned int)'),
  symlinkat: lib.func('int symlinkat(const char *, int, const char *)'),
  linkat: lib.func('int linkat(int, const char *, int, const char *, int)'),
  fchmod: lib.func('int fchmod(int, uint32_t)'),
  fchmodat: lib.func('int fchmodat(int, const char *, uint32_t, int)'),
  fchown: lib.func('int fchown(int, uint32_t, uint32_t)'),
  fchownat: lib.func('int fchownat(int, const char *, uint32_t, uint32_t, int)'),
  utimensat: lib.func(`int utimensat(int, const char *, ${P}, int)`),
  futimens: lib.func(`int futimens(int, ${P})`),
  truncate: lib.func('int truncate(const char *, int64_t)'),
  ftruncate: lib.func('int ftruncate(int, int64_t)'),
  fallocate: lib.func('int fallocate(int, int, int64_t, int64_t)'),
  fsync: lib.func('int fsync(int)'),
  fdatasync: lib.func('int fdatasync(int)'),
  sync: lib.func('void sync()'),
  syncfs: lib.func('int syncfs(int)'),
  flock: lib.func('int flock(int, int)'),
  pipe2: lib.func(`int pipe2(${P}, int)`),
  dup: lib.func('int dup(int)'),
  dup3: lib.func('int dup3(int, int, int)'),
  fcntlInt: lib.func('int fcntl(int, int, ...)'),
  ioctl: lib.func('int ioctl(int, unsigned long, ...)'),
  poll: lib.func(`int poll(${P}, uint64_t, int)`),
  epollCreate1: lib.func('int epoll_create1(int)'),
  epollCtl: lib.func(`int epoll_ctl(int, int, int, ${P})`),
  epollWait: lib.func(`int epoll_wait(int, ${P}, int, int)`),
  eventfd: lib.func('int eventfd(unsigned int, int)'),
  timerfdCreate: lib.func('int timerfd_create(int, int)'),
  timerfdSettime: lib.func(`int timerfd_settime(int, int, ${P}, ${P})`),
  timerfdGettime: lib.func(`int timerfd_gettime(int, ${P})`),
  inotifyInit1: lib.func('int inotify_init1(int)'),
  inotifyAddWatch: lib.func('int inotify_add_watch(int, const char *, uint32_t)'),
  inotifyRmWatch: lib.func('int inotify_rm_watch(int, int)'),
  chdir: lib.func('int chdir(const char *)'),
  getcwd: lib.func(`${P} getcwd(${P}, size_t)`),
  fchdir: lib.func('int fchdir(int)'),
  umask: lib.func('uint32_t umask(uint32_t)'),
  memfdCreate: lib.func('int memfd_create(const char *, unsigned int)'),
  kill: lib.func('int kill(int, int)'),
  getpid: lib.func('int getpid()'),
  gettid: lib.func('int gettid()'),
  getppid: lib.func('int getppid()'),
  getpgid: lib.func('int getpgid(int)'),
  setpgid: lib.func('int setpgid(int, int)'),
  getsid: lib.func('int getsid(int)'),
  setsid: lib.func('int setsid()'),
  getuid: lib.func('uint32_t getuid()'),
  geteuid: lib.func('uint32_t geteuid()'),
  getgid: lib.func('uint32_t getgid()'),
  getegid: lib.func('uint32_t getegid()'),
  getgroups: lib.func(`int getgroups(int, ${P})`),
  // glibc's set*id and setgroups apply the change to every thread of the host process (its
  // SIGSETXID broadcast); setfsuid/setfsgid change only the calling thread, as the kernel's do.
  setuid: lib.func('int setuid(uint32_t)'),
  setgid: lib.func('int setgid(uint32_t)'),
  setreuid: lib.func('int setreuid(uint32_t, uint32_t)'),
  setregid: lib.func('int setregid(uint32_t, uint32_t)'),
  setresuid: lib.func('int setresuid(uint32_t, uint32_t, uint32_t)'),
  setresgid: lib.func('int setresgid(uint32_t, uint32_t, uint32_t)'),
  setfsuid: lib.func('int setfsuid(uint32_t)'),
  setfsgid: lib.func('int setfsgid(uint32_t)'),
  setgroups: lib.func(`int setgroups(size_t, ${P})`),
  getresuid: lib.func(`int getresuid(${P}, ${P}, ${P})`),
  capget: lib.func(`int capget(${P}, ${P})`),
  capset: lib.func(`int capset(${P}, ${P})`),
  getresgid: lib.func(`int getresgid(${P}, ${P}, ${P})`),
  getpriority: lib.func('int getpriority(int, uint32_t)'),
  setpriority: lib.func('int setpriority(int, uint32_t, int)'),
  schedSetscheduler: lib.func(`int sched_setscheduler(int, int, ${P})`),
  schedGetscheduler: lib.func('int sched_getscheduler(int)'),
  schedSetparam: lib.func(`int sched_setparam(int, ${P})`),
  schedGetparam: lib.func(`int sched_getparam(int, ${P})`),
  schedGetPriorityMax: lib.func('int sched_get_priority_max(int)'),
  schedGetPriorityMin: lib.func('int sched_get_priority_min(int)'),
  schedRrGetInterval: lib.func(`int sched_rr_get_interval(int, ${P})`),
  schedSetaffinity: lib.func(`int sched_setaffinity(int, size_t, ${P})`),
  schedYield: lib.func('int sched_yield()'),
  getcpu: lib.func(`int getcpu(${P}, ${P})`),
  personality: lib.func('int personality(unsigned long)'),
  prctl: lib.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)'),
  times: lib.func(`long times(${P})`),
  /** The raw system call, for the few whose glibc wrapper hides the kernel's result. */
  syscall: lib.func('long syscall(long, ...)'),
  prlimit: lib.func(`int prlimit(int, int, ${P}, ${P})`),
  getrusage: lib.func(`int getrusage(int, ${P})`),
  sysinfo: lib.func(`int sysinfo(${P})`),
  fork: lib.func('int fork()'),
  execve: lib.func('int execve(const char *, const char **, const char **)'),
  wait4: lib.func(`int wait4(int, ${P}, int, ${P})`),
  waitStatus: lib.func('int wait4(int, _Out_ int *, int, void *)'),
  madvise: lib.func(`int madvise(${P}, size_t, int)`),
  mlock2: lib.func(`int mlock2(${P}, size_t, unsigned int)`),
  munlock: lib.func(`int munlock(${P}, size_t)`),
  munlockall: lib.func('int munlockall()'),
  exit: lib.func('void _exit(int)'),
  signal: lib.func('uintptr_t signal(int, uintptr_t)'),
  raise: lib.func('int raise(int)'),
  sigprocmaskAll: lib.func(`int sigprocmask(int, ${P}, ${P})`),
  isatty: lib.func('int isatty(int)'),
  clockGettime: lib.func(`int clock_gettime(int, ${P})`),
  clockGetres: lib.func(`int clock_getres(int, ${P})`),
  nanosleep: lib.func(`int nanosleep(${P}, ${P})`),
  clockNanosleep: lib.func(`int clock_nanosleep(int, int, ${P}, ${P})`),
  alarm: lib.func('unsigned int alarm(unsigned int)'),
  pause: lib.func('int pause()'),
  socket: lib.func('int socket(int, int, int)'),
  socketpair: lib.func(`int socketpair(int, int, int, ${P})`),
  bind: lib.func(`int bind(int, ${P}, uint32_t)`),
  connect: lib.func(`int connect(int, ${P}, uint32_t)`),
  listen: lib.func('int listen(int, int)'),
  shutdown: lib.func('int shutdown(int, int)'),
  accept4: lib.func(`int accept4(int, ${P}, ${P}, int)`),
  getsockname: lib.func(`int getsockname(int, ${P}, ${P})`),
  getpeername: lib.func(`int getpeername(int, ${P}, ${P})`),
  sendto: lib.func(`long sendto(int, ${P}, size_t, int, ${P}, uint32_t)`),
  recvfrom: lib.func(`long recvfrom(int, ${P}, size_t, int, ${P}, ${P})`),
  setsockopt: lib.func(`int setsockopt(int, int, int, ${P}, uint32_t)`),
  getsockopt: lib.func(`int getsockopt(int, int, int, ${P}, ${P})`),
  sendmsg: lib.func(`long sendmsg(int, ${P}, int)`),
  recvmsg: lib.func(`long recvmsg(int, ${P}, int)`),
  sigaction: lib.func(`int sigaction(int, ${P}, ${P})`),
  mmap: lib.func(`${P} mmap(${P}, size_t, int, int, int, int64_t)`),
  mprotect: lib.func(`int mprotect(${P}, size_t, int)`),
  memcpy: lib.func(`${P} memcpy(${P}, const void *, size_t)`),
  memcpyFrom: lib.func(`void *memcpy(void *, ${P}, size_t)`),
  memset: lib.func(`${P} memset(${P}, int, size_t)`),
  posixFadvise: lib.func('int posix_fadvise(int, int64_t, int64_t, int)'),
  sigtimedwait: lib.func(`int sigtimedwait(${P}, ${P}, ${P})`),
  setitimer: lib.func(`int setitimer(int, ${P}, ${P})`),
  getitimer: lib.func(`int getitimer(int, ${P})`),
  timerCreate: lib.func(`int timer_create(int, ${P}, ${P})`),
  timerSettime: lib.func(`int timer_settime(intptr_t, int, ${P}, ${P})`),
  timerGettime: lib.func(`int timer_gettime(intptr_t, ${P})`),
  timerGetoverrun: lib.func('int timer_getoverrun(intptr_t)'),
  timerDelete: lib.func('int timer_delete(intptr_t)'),
  waitid: lib.func(`int waitid(int, uint32_t, ${P}, int)`),
  getxattr: lib.func(`long getxattr(const char *, const char *, ${P}, size_t)`),
  lgetxattr: lib.func(`long lgetxattr(const char *, const char *, ${P}, size_t)`),
  fgetxattr: lib.func(`long fgetxattr(int, const char *, ${P}, size_t)`),
  listxattr: lib.func(`long listxattr(const char *, ${P}, size_t)`),
  llistxattr: lib.func(`long llistxattr(const char *, ${P}, size_t)`),
  flistxattr: lib.func(`long flistxattr(int, ${P}, size_t)`),
  setxattr: lib.func(`int setxattr(const char *, const char *, ${P}, size_t, int)`),
  lsetxattr: lib.func(`int lsetxattr(const char *, const char *, ${P}, size_t, int)`),
  fsetxattr: lib.func(`int fsetxattr(int, const char *, ${P}, size_t, int)`),
  removexattr: lib.func('int removexattr(const char *, const char *)'),
  lremovexattr: lib.func('int lremovexattr(const char *, const char *)'),
  fremovexattr: lib.func('int fremovexattr(int, const char *)'),
};

/** Host errno of the last failing libc call. */
export function hostErrno(): number {
  return koffi.errno();
}

/** Clear errno, for the calls whose -1 can be a success (getpriority). */
export function clearHostErrno(): void {
  koffi.errno(0);
}

/** libc's -1/errno convention to the kernel's -errno convention. */
export function sys(r: number): number {
  return r < 0 ? -koffi.errno() : r;
}

/** Host address of an ArrayBuffer's first byte (guest address 0 for guest memory). */
export function bufferAddress(buf: ArrayBufferLike): number {
  // koffi takes typed arrays over SharedArrayBuffers (shared wasm memory), not the buffers themselves.
  return Number(koffi.address(new Uint8Array(buf)));
}

/** NUL-terminated host C string from a guest byte string (latin1: one char per byte). */
export function cstr(s: string): Buffer {
  return Buffer.from(s + '\0', 'latin1');
}
