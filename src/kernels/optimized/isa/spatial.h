// Pooling and resize loops of one instruction set (isa/pooling.cc,
// isa/resize.cc); included only by isa/*.cc, which are compiled once per
// instruction set.
#pragma once

#include <cstdint>

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void MaxPool(const PoolArgs& a, const void* input, void* output);
void AveragePool(const PoolArgs& a, const void* input, void* output);

void ResizeBilinearF32(const BilinearArgs& a, const float* input, float* output);
void ResizeBilinearU8(const BilinearArgs& a, const uint8_t* input, uint8_t* output);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
