#include "kernels/optimized/pooling.h"

#include <cstdint>
#include <limits>

#include "kernels/optimized/parallel_rows.h"

namespace minnow::kernels::optimized {

namespace {

template <typename T>
bool RangeFits(int32_t lo, int32_t hi) {
  return std::numeric_limits<T>::lowest() <= lo && lo <= hi && hi <= std::numeric_limits<T>::max();
}

bool ActivationRangeFits(const PoolArgs& a) {
  switch (a.type) {
    case DataType::kFloat32: return true;
    case DataType::kInt8: return RangeFits<int8_t>(a.quant_min, a.quant_max);
    case DataType::kUInt8: return RangeFits<uint8_t>(a.quant_min, a.quant_max);
    case DataType::kInt16: return RangeFits<int16_t>(a.quant_min, a.quant_max);
    default: return false;
  }
}

// Whether every window along one axis overlaps the input; windows move
// monotonically, so the first and last decide.
bool WindowsOverlapInput(int input_size, int filter, int stride, int pad, int output_size) {
  if (output_size <= 0) return true;
  const int first = -pad;
  const int last = (output_size - 1) * stride - pad;
  return input_size > 0 && first + filter > 0 && last < input_size;
}

}  // namespace

struct PoolPlan {
  void (*loop)(const PoolArgs& a, const void* input, void* output) = nullptr;
  PoolArgs args;
  int rows = 0;  // batches * output height
  int workers = 1;
};

PoolPlan* PreparePool(KernelContext& ctx, const IsaKernels* isa, PoolKind kind, int batches,
                      const PoolArgs& geometry) {
  if (isa == nullptr || !ActivationRangeFits(geometry)) return nullptr;
  const PoolArgs& g = geometry;
  if (kind == PoolKind::kAverage &&
      !(WindowsOverlapInput(g.input_height, g.filter_height, g.stride_height, g.pad_height,
                            g.output_height) &&
        WindowsOverlapInput(g.input_width, g.filter_width, g.stride_width, g.pad_width,
                            g.output_width))) {
    return nullptr;
  }
  PoolPlan* plan = ctx.NewPersistent<PoolPlan>();
  if (plan == nullptr) return nullptr;
  plan->loop = kind == PoolKind::kMax ? isa->max_pool : isa->average_pool;
  if (plan->loop == nullptr) return nullptr;
  plan->args = geometry;
  plan->rows = batches * g.output_height;
  const int64_t work = int64_t{plan->rows} * g.output_width * g.channels * g.filter_height *
                       g.filter_width;
  plan->workers = WorkersFor(ctx, work);
  return plan;
}

void RunPool(KernelContext& ctx, const PoolPlan& plan, const void* input, void* output) {
  ForRowChunks(ctx, plan.rows, plan.workers, [&](int begin, int end) {
    PoolArgs a = plan.args;
    a.row_begin = begin;
    a.row_end = end;
    plan.loop(a, input, output);
  });
}

}  // namespace minnow::kernels::optimized
