# CMake toolchain for x86_64 guests: Debian's x86_64-linux-gnu cross compiler (sysroot /usr/x86_64-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(QEMU_TS_TRIPLE x86_64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
