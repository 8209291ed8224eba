# CMake toolchain for i386 guests: Debian's i686-linux-gnu cross compiler (sysroot /usr/i686-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR i686)
set(QEMU_TS_TRIPLE i686-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
