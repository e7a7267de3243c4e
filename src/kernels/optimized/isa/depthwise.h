// DEPTHWISE_CONV_2D rows of one instruction set; included only by isa/*.cc,
// which are compiled once per instruction set.
#pragma once

#include <cstdint>

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void DepthwiseQ8(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights, const Q8Output& o,
                 uint8_t* output);
void DepthwiseQ16(const DepthwiseArgs& a, const int16_t* input, const int32_t* weights, const Q16Output& o,
                  int16_t* output);
void DepthwiseF32(const DepthwiseArgs& a, const float* input, const float* weights, const float* bias,
                  float act_min, float act_max, float* output);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
