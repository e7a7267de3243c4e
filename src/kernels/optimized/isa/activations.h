// The one-input op loops of one instruction set (isa/activations.cc), as
// IsaKernels declares them; included only by isa/*.cc.
#pragma once

#include <cstdint>

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void MapF32Op(FloatMap op, const float* in, float* out, int64_t n);
void SoftmaxF32(const float* in, float* out, int64_t rows, int64_t depth, float beta);
void QuantizeF32(const AffineQuant& q, const float* in, void* out, int64_t n);
void Dequantize(const AffineQuant& q, const void* in, float* out, int64_t n);
void ColumnSums(DataType type, const void* in, int64_t rows, int64_t stride, int64_t columns, int32_t* sums);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
