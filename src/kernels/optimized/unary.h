// The optimized one-input ops: LOGISTIC, TANH, HARD_SWISH and SOFTMAX on
// float32, QUANTIZE from float32 and DEQUANTIZE to float32 (per tensor), and
// the column sums of int8 / uint8 MEAN. The loops (isa/activations.cc) are
// compiled once per instruction set and sit in IsaKernels with the rest of
// the active kernel path; this file splits large tensors over the
// interpreter's threads.
//
// HARD_SWISH, QUANTIZE, DEQUANTIZE and MEAN give the reference kernels'
// results bit for bit (the same operations in the same order, lane by lane).
// LOGISTIC, TANH and SOFTMAX use their own vector exp (a range reduction and
// a Taylor polynomial), within a few ulp of the reference's std::exp /
// std::tanh; SOFTMAX also sums its row in a different order.
#pragma once

#include <cstdint>

#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

// The ops over n elements, spread over the interpreter's threads when large.
void RunFloatMap(KernelContext& ctx, const IsaKernels& k, FloatMap op, const float* in, float* out,
                 int64_t n);
void RunSoftmax(KernelContext& ctx, const IsaKernels& k, const float* in, float* out, int64_t rows,
                int64_t depth, float beta);
void RunQuantize(KernelContext& ctx, const IsaKernels& k, const AffineQuant& q, const float* in, void* out,
                 int64_t n);
void RunDequantize(KernelContext& ctx, const IsaKernels& k, const AffineQuant& q, const void* in, float* out,
                   int64_t n);

}  // namespace minnow::kernels::optimized
