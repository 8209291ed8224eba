# CMake toolchain for mips64el guests: Debian's mips64el-linux-gnuabi64 cross compiler (sysroot /usr/mips64el-linux-gnuabi64).
set(CMAKE_SYSTEM_PROCESSOR mips64el)
set(QEMU_TS_TRIPLE mips64el-linux-gnuabi64)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
