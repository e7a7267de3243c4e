# Cross-compiles Minnow for 64-bit Arm Linux with Debian's g++-aarch64-linux-gnu
# and runs the binaries (ctest, gtest discovery) under qemu-user:
#   cmake -S . -B build-aarch64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(MINNOW_AARCH64_SYSROOT /usr/aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Libraries and CMake packages come from the target's sysroot only; programs
# (flatc) from the host.
set(CMAKE_FIND_ROOT_PATH ${MINNOW_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# -L: qemu finds the aarch64 dynamic loader and libraries in the sysroot.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;${MINNOW_AARCH64_SYSROOT})
