// The optimized DEPTHWISE_CONV_2D: output rows walked by the per-ISA kernels
// (isa/depthwise.cc), a vector of channels at a time; output
// rows spread over the interpreter's threads.
#pragma once

#include <cstdint>

#include "kernels/internal/conv_common.h"
#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

struct Q8DepthwiseSpec {
  const uint8_t* weights = nullptr;  // [filter h * w][channels] bytes
  bool unsigned_types = false;       // uint8 input, weights and output (else int8)
  int32_t filter_offset = 0;         // -weight zero point
  int32_t input_offset = 0;          // -input zero point
  const int32_t* bias = nullptr;     // [channels] or null
  const int32_t* multipliers = nullptr;
  const int32_t* shifts = nullptr;
  int32_t output_zero = 0;
  int32_t act_min = 0;
  int32_t act_max = 0;
};

// 16x8: int16 input and output (zero points 0), int8 weights, int64 bias.
struct Q16DepthwiseSpec {
  const int8_t* weights = nullptr;  // [filter h * w][channels]
  const int64_t* bias = nullptr;    // [channels] or null
  const int32_t* multipliers = nullptr;
  const int32_t* shifts = nullptr;
  int32_t act_min = 0;
  int32_t act_max = 0;
};

struct Q8Depthwise;
struct F32Depthwise;
struct Q16Depthwise;

// nullptr when `isa` is null or memory runs
// out: the caller then runs its reference kernel.
Q8Depthwise* PrepareQ8Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                const Q8DepthwiseSpec& spec);
F32Depthwise* PrepareF32Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                  const float* weights, const float* bias, float act_min, float act_max);

Q16Depthwise* PrepareQ16Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                  const Q16DepthwiseSpec& spec);

void RunQ8Depthwise(KernelContext& ctx, const Q8Depthwise& d, const void* input, void* output);
void RunQ16Depthwise(KernelContext& ctx, const Q16Depthwise& d, const int16_t* input, int16_t* output);
void RunF32Depthwise(KernelContext& ctx, const F32Depthwise& d, const float* input, float* output);

}  // namespace minnow::kernels::optimized
