#!/usr/bin/env bash
# Installs dependencies, builds and runs the whole test suite three times: a
# Release build, an aarch64 cross build under qemu (scripts/test-aarch64.sh),
# then a build under AddressSanitizer + UndefinedBehaviorSanitizer.
# Tests that need ../shared/models skip with the reason when it is absent
# (and fail under CI=true, where it must be present).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
JOBS=$(nproc)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$JOBS"
(cd build && ctest --output-on-failure -j "$JOBS")

scripts/test-aarch64.sh

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMINNOW_SANITIZE=ON -DMINNOW_TEST_SHARDS=4
cmake --build build-asan -j "$JOBS"
export ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j "$JOBS")
