# Body shared by toolchains/<target>.cmake, which set QEMU_TS_TRIPLE and CMAKE_SYSTEM_PROCESSOR.
# Debian's cross compilers are named <triple>-gcc and their sysroot is /usr/<triple>.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${QEMU_TS_TRIPLE}-gcc)
set(CMAKE_ASM_COMPILER ${QEMU_TS_TRIPLE}-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/${QEMU_TS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Compiler checks only compile: a -nostdlib project must not depend on linking test programs.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
