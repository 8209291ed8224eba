/* The ARM EABI structs the Linux layer lays out itself (runtime/linux/arch/arm-structs.ts and
   arm-signal.ts), as the compiler sees them: one "name value" line each. The kernel's structs
   come from its uapi headers (<asm/...>, <linux/...>); ucontext_t, stack_t and siginfo_t from
   glibc, whose layout is the kernel's for these. */
#include <asm/fcntl.h>
#include <asm/sigcontext.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/unistd.h>
#include <linux/eventpoll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <ucontext.h>

/* glibc's <bits/stat.h> names these st_atim.tv_sec; the kernel's struct has plain fields. */
#undef st_atime
#undef st_mtime
#undef st_ctime

#define SIZE(t) printf(#t " %u\n", (unsigned)sizeof(t))
#define OFF(t, f) printf(#t "." #f " %u\n", (unsigned)offsetof(t, f))
#define NUM(n) printf(#n " %u\n", (unsigned)(n))

/* rt_sigaction's struct (include/linux/signal_types.h, not uapi; glibc's kernel_sigaction.h too). */
struct kernel_sigaction { void *handler; unsigned long flags; void *restorer; unsigned long mask[2]; };

int main(void) {
  SIZE(struct stat64);
  OFF(struct stat64, st_dev); OFF(struct stat64, __st_ino); OFF(struct stat64, st_mode); OFF(struct stat64, st_nlink);
  OFF(struct stat64, st_uid); OFF(struct stat64, st_gid); OFF(struct stat64, st_rdev); OFF(struct stat64, st_size);
  OFF(struct stat64, st_blksize); OFF(struct stat64, st_blocks); OFF(struct stat64, st_atime); OFF(struct stat64, st_atime_nsec);
  OFF(struct stat64, st_mtime); OFF(struct stat64, st_mtime_nsec); OFF(struct stat64, st_ctime); OFF(struct stat64, st_ctime_nsec);
  OFF(struct stat64, st_ino);
  SIZE(struct statfs64);
  OFF(struct statfs64, f_type); OFF(struct statfs64, f_bsize); OFF(struct statfs64, f_blocks); OFF(struct statfs64, f_bfree);
  OFF(struct statfs64, f_bavail); OFF(struct statfs64, f_files); OFF(struct statfs64, f_ffree); OFF(struct statfs64, f_fsid);
  OFF(struct statfs64, f_namelen); OFF(struct statfs64, f_frsize); OFF(struct statfs64, f_flags);
  SIZE(struct kernel_sigaction);
  OFF(struct kernel_sigaction, handler); OFF(struct kernel_sigaction, flags); OFF(struct kernel_sigaction, restorer);
  OFF(struct kernel_sigaction, mask);
  SIZE(struct flock);
  OFF(struct flock, l_type); OFF(struct flock, l_whence); OFF(struct flock, l_start); OFF(struct flock, l_len); OFF(struct flock, l_pid);
  SIZE(struct flock64);
  OFF(struct flock64, l_type); OFF(struct flock64, l_whence); OFF(struct flock64, l_start); OFF(struct flock64, l_len); OFF(struct flock64, l_pid);
  SIZE(stack_t);
  OFF(stack_t, ss_sp); OFF(stack_t, ss_flags); OFF(stack_t, ss_size);
  SIZE(struct epoll_event);
  OFF(struct epoll_event, events); OFF(struct epoll_event, data);
  SIZE(ucontext_t);
  OFF(ucontext_t, uc_flags); OFF(ucontext_t, uc_link); OFF(ucontext_t, uc_stack); OFF(ucontext_t, uc_mcontext);
  OFF(ucontext_t, uc_sigmask); OFF(ucontext_t, uc_regspace);
  SIZE(struct sigcontext);
  OFF(struct sigcontext, trap_no); OFF(struct sigcontext, error_code); OFF(struct sigcontext, oldmask); OFF(struct sigcontext, arm_r0);
  OFF(struct sigcontext, arm_r10); OFF(struct sigcontext, arm_fp); OFF(struct sigcontext, arm_ip); OFF(struct sigcontext, arm_sp);
  OFF(struct sigcontext, arm_lr); OFF(struct sigcontext, arm_pc); OFF(struct sigcontext, arm_cpsr); OFF(struct sigcontext, fault_address);
  SIZE(siginfo_t);
  NUM(F_GETLK); NUM(F_SETLK); NUM(F_SETLKW); NUM(F_GETLK64); NUM(F_SETLK64); NUM(F_SETLKW64);
  NUM(SA_SIGINFO); NUM(SA_ONSTACK); NUM(SA_RESTART); NUM(SA_NODEFER); NUM(SA_RESETHAND);
  NUM(MINSIGSTKSZ);
  NUM(__ARM_NR_breakpoint); NUM(__ARM_NR_cacheflush); NUM(__ARM_NR_usr26); NUM(__ARM_NR_usr32); NUM(__ARM_NR_set_tls); NUM(__ARM_NR_get_tls);
  NUM(__NR_sigreturn); NUM(__NR_rt_sigreturn);
  return 0;
}
