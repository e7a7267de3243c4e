#include "kernels/optimized/resize.h"

#include <cstdint>

#include "kernels/optimized/parallel_rows.h"

namespace minnow::kernels::optimized {

struct BilinearPlan {
  const IsaKernels* isa = nullptr;
  DataType type = DataType::kFloat32;
  BilinearArgs args;
  int rows = 0;  // batches * output height
  int workers = 1;
};

BilinearPlan* PrepareResizeBilinear(KernelContext& ctx, const IsaKernels* isa, DataType type,
                                    int batches, const BilinearArgs& geometry) {
  if (isa == nullptr) return nullptr;
  const bool has_loop = (type == DataType::kFloat32 && isa->resize_bilinear_f32 != nullptr) ||
                        (type == DataType::kUInt8 && isa->resize_bilinear_u8 != nullptr);
  if (!has_loop) return nullptr;
  BilinearPlan* plan = ctx.NewPersistent<BilinearPlan>();
  if (plan == nullptr) return nullptr;
  plan->isa = isa;
  plan->type = type;
  plan->args = geometry;
  plan->rows = batches * geometry.output_height;
  // About four operations per output element.
  plan->workers =
      WorkersFor(ctx, 4 * int64_t{plan->rows} * geometry.output_width * geometry.channels);
  return plan;
}

void RunResizeBilinear(KernelContext& ctx, const BilinearPlan& plan, const void* input, void* output) {
  ForRowChunks(ctx, plan.rows, plan.workers, [&](int begin, int end) {
    BilinearArgs a = plan.args;
    a.row_begin = begin;
    a.row_end = end;
    if (plan.type == DataType::kFloat32) {
      plan.isa->resize_bilinear_f32(a, static_cast<const float*>(input), static_cast<float*>(output));
    } else {
      plan.isa->resize_bilinear_u8(a, static_cast<const uint8_t*>(input),
                                   static_cast<uint8_t*>(output));
    }
  });
}

}  // namespace minnow::kernels::optimized
