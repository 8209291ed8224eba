# CMake toolchain for arm guests: Debian's arm-linux-gnueabihf cross compiler (sysroot /usr/arm-linux-gnueabihf).
set(CMAKE_SYSTEM_PROCESSOR arm)
set(QEMU_TS_TRIPLE arm-linux-gnueabihf)
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu-cross.cmake)
