// Pooling loops of one instruction set; included only by
// isa/*.cc, which are compiled once per instruction set.
#pragma once

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void MaxPool(const PoolArgs& a, const void* input, void* output);
void AveragePool(const PoolArgs& a, const void* input, void* output);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
