// Float convolutions with few output channels (dot_conv.cc) of one
// instruction set; included only by isa/*.cc, which are compiled once per
// instruction set.
#pragma once

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void DotConvF32(const DotConvArgs& a, const float* input, float* output);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
