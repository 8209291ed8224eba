# CMake toolchain for mips guests: Debian's mips-linux-gnu cross compiler (sysroot /usr/mips-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR mips)
set(QEMU_TS_TRIPLE mips-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
