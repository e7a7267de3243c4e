// Splits output rows over the interpreter's threads for the optimized
// kernels whose work is a loop over independent output rows.
#pragma once

#include <algorithm>
#include <cstdint>

#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

// Below this many element operations a kernel runs on the calling thread:
// waking workers would cost more than it saves.
constexpr int64_t kMinParallelWork = int64_t{1} << 16;

// Worker threads worth using for `work` element operations.
inline int WorkersFor(const KernelContext& ctx, int64_t work) {
  return work < kMinParallelWork ? 1 : std::max(1, ctx.num_threads());
}

// The same for convolutions and matrix products, counted in multiply-adds
// (much cheaper each than an elementwise operation).
constexpr int64_t kMinParallelMacs = int64_t{1} << 19;
inline int WorkersForMacs(const KernelContext& ctx, int64_t macs) {
  return macs < kMinParallelMacs ? 1 : std::max(1, ctx.num_threads());
}

// Calls rows(begin, end) over [0, num_rows) in a few chunks per worker; the
// chunks depend only on num_rows and workers, never on scheduling.
template <typename Rows>
void ForRowChunks(KernelContext& ctx, int num_rows, int workers, Rows rows) {
  const int tasks = std::min(num_rows, workers == 1 ? 1 : 4 * workers);
  auto task = [&](int i, int) {
    rows(static_cast<int>(int64_t{num_rows} * i / tasks),
         static_cast<int>(int64_t{num_rows} * (i + 1) / tasks));
  };
  ctx.ParallelFor(tasks, workers, task);
}

}  // namespace minnow::kernels::optimized
