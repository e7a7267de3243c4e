#include "kernels/optimized/unary.h"

#include <algorithm>

#include "kernels/optimized/parallel_rows.h"

namespace minnow::kernels::optimized {

namespace {

// Threads split element ranges at multiples of this (whole vectors).
constexpr int64_t kBlock = 256;

// Calls run(begin, end) over [0, n) in whole blocks, spread over the threads
// when `cost` operations per element make n worth it.
template <typename Run>
void ForElementRanges(KernelContext& ctx, int64_t n, int64_t cost, Run run) {
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  const int workers = WorkersFor(ctx, n * cost);
  if (workers == 1 || blocks < 2) return run(int64_t{0}, n);
  ForRowChunks(ctx, static_cast<int>(blocks), workers,
               [&](int begin, int end) { run(begin * kBlock, std::min(n, end * kBlock)); });
}

int ElementBytes(DataType type) { return type == DataType::kInt16 ? 2 : 1; }

}  // namespace

void RunFloatMap(KernelContext& ctx, const IsaKernels& k, FloatMap op, const float* in, float* out,
                 int64_t n) {
  // In element operations (kMinParallelWork's unit): some 20 vector
  // instructions per exp and division, or a handful for HARD_SWISH, over
  // 4 to 16 lanes.
  const int64_t cost = op == FloatMap::kHardSwish ? 1 : 4;
  ForElementRanges(ctx, n, cost, [&](int64_t begin, int64_t end) {
    k.map_f32(op, in + begin, out + begin, end - begin);
  });
}

void RunSoftmax(KernelContext& ctx, const IsaKernels& k, const float* in, float* out, int64_t rows,
                int64_t depth, float beta) {
  const int workers = rows < 2 || rows > INT32_MAX ? 1 : WorkersFor(ctx, rows * depth * 4);
  if (workers == 1) return k.softmax_f32(in, out, rows, depth, beta);
  ForRowChunks(ctx, static_cast<int>(rows), workers, [&](int begin, int end) {
    k.softmax_f32(in + begin * depth, out + begin * depth, end - begin, depth, beta);
  });
}

void RunQuantize(KernelContext& ctx, const IsaKernels& k, const AffineQuant& q, const float* in, void* out,
                 int64_t n) {
  const int bytes = ElementBytes(q.type);
  ForElementRanges(ctx, n, 4, [&](int64_t begin, int64_t end) {
    k.quantize_f32(q, in + begin, static_cast<uint8_t*>(out) + begin * bytes, end - begin);
  });
}

void RunDequantize(KernelContext& ctx, const IsaKernels& k, const AffineQuant& q, const void* in, float* out,
                   int64_t n) {
  const int bytes = ElementBytes(q.type);
  ForElementRanges(ctx, n, 1, [&](int64_t begin, int64_t end) {
    k.dequantize(q, static_cast<const uint8_t*>(in) + begin * bytes, out + begin, end - begin);
  });
}

}  // namespace minnow::kernels::optimized
