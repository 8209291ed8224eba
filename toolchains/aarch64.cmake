# CMake toolchain for aarch64 guests: Debian's aarch64-linux-gnu cross compiler (sysroot /usr/aarch64-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(QEMU_TS_TRIPLE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
