#!/usr/bin/env bash
# Cross-compiles Minnow for aarch64 with Debian's g++-aarch64-linux-gnu and runs
# its test suite under qemu-aarch64 (ctest goes through the toolchain file's
# emulator): everything on the NEON kernels (the default there), including the
# optimized-kernel consistency suite and the model conformance test, then the
# kernel tests once more on the reference kernels.
# Needs: g++-aarch64-linux-gnu qemu-user googletest (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
BUILD_DIR=${BUILD_DIR:-build-aarch64}

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMINNOW_TEST_SHARDS=4 \
  -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
cmake --build "$BUILD_DIR" -j "$JOBS"
cd "$BUILD_DIR"
(unset MINNOW_KERNELS; ctest --output-on-failure -j "$JOBS")
MINNOW_KERNELS=reference ctest --output-on-failure -j "$JOBS" -L kernels
