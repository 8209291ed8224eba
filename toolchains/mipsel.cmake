# CMake toolchain for mipsel guests: Debian's mipsel-linux-gnu cross compiler (sysroot /usr/mipsel-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR mipsel)
set(QEMU_TS_TRIPLE mipsel-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
