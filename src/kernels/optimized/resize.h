// The optimized RESIZE_BILINEAR for the per-corner float weight path
// (float32, and uint8 other than TensorFlow Lite's exact 8x upsample): the
// per-ISA loops over output rows, spread over the interpreter's threads when
// the output is large enough.
#pragma once

#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

struct BilinearPlan;

// `geometry` describes the whole op (its row range is ignored); its axis
// arrays must outlive the plan. nullptr when `isa` is null, `type` is neither
// float32 nor uint8 or memory runs out: the caller then runs its reference
// kernel.
BilinearPlan* PrepareResizeBilinear(KernelContext& ctx, const IsaKernels* isa, DataType type,
                                    int batches, const BilinearArgs& geometry);

void RunResizeBilinear(KernelContext& ctx, const BilinearPlan& plan, const void* input, void* output);

}  // namespace minnow::kernels::optimized
