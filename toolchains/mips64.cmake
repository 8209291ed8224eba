# CMake toolchain for mips64 guests: Debian's mips64-linux-gnuabi64 cross compiler (sysroot /usr/mips64-linux-gnuabi64).
set(CMAKE_SYSTEM_PROCESSOR mips64)
set(QEMU_TS_TRIPLE mips64-linux-gnuabi64)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
