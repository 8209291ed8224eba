// The *at() calls' special directory descriptor and flags (Linux include/uapi/linux/fcntl.h;
// the same on every architecture).
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_EMPTY_PATH = 0x1000;
