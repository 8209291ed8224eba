export const AT_FDCWD = -100;
