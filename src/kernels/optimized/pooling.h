// The optimized MAX_POOL_2D and AVERAGE_POOL_2D: the per-ISA window loops
// over output rows, spread over the interpreter's threads when the work is
// large enough.
#pragma once

#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

enum class PoolKind { kAverage, kMax };

struct PoolPlan;

// `geometry` describes the whole op (its row range is ignored). nullptr when
// `isa` is null, the element type has no loop, the activation range does not
// fit the type, an average window holds no input cell (the reference kernel
// reports that) or memory runs out: the caller then runs its reference kernel.
PoolPlan* PreparePool(KernelContext& ctx, const IsaKernels* isa, PoolKind kind, int batches,
                      const PoolArgs& geometry);

void RunPool(KernelContext& ctx, const PoolPlan& plan, const void* input, void* output);

}  // namespace minnow::kernels::optimized
