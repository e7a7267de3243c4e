// The optimized float CONV_2D for few output channels (at most
// kMaxDotConvChannels): input channels in vector lanes, one dot product per
// output (isa/dot_conv.cc); output rows spread over the interpreter's threads.
#pragma once

#include "kernels/internal/conv_common.h"
#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

struct DotConv;

// nullptr when `isa` is null, the output has too many channels or memory
// runs out: the caller then runs another kernel. `weights` must outlive the
// plan (a constant tensor); `bias` may be null.
DotConv* PrepareF32DotConv(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                           const float* weights, const float* bias, float act_min, float act_max);

void RunF32DotConv(KernelContext& ctx, const DotConv& conv, const float* input, float* output);

}  // namespace minnow::kernels::optimized
