// The packed GEMM behind the optimized CONV_2D and FULLY_CONNECTED:
// out[m][n] = act(sum_k a[m][k] * w[n][k] + bias[n]), with the weights packed
// into panels once at prepare and the rows of `a` read in place (dense
// matrices, 1x1 convolutions without padding) or gathered from convolution
// windows (im2col) block by block into per-worker scratch. Row blocks and
// channel ranges are spread over the interpreter's threads; each output is
// computed by the same instructions whatever the split, so results do not
// depend on the thread count.
#pragma once

#include <cstdint>

#include "kernels/internal/conv_common.h"
#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

// The activation side of a GEMM: `rows` rows of `depth` elements.
struct GemmInput {
  int rows = 0;
  int depth = 0;
  // Convolution windows (non-grouped; depth = filter h * w * input depth), or
  // null for a dense matrix whose rows are `row_stride` elements apart.
  const conv::ConvGeometry* conv = nullptr;
  int64_t row_stride = 0;
};

// An 8-bit GEMM: (a - input_zero) * (w - weight_zero), requantized per channel.
struct Q8GemmSpec {
  const uint8_t* weights = nullptr;  // [channels][depth] bytes
  bool weights_unsigned = false;
  int32_t weight_zero = 0;
  const int32_t* bias = nullptr;  // [channels] or null
  int channels = 0;
  bool input_unsigned = false;
  int32_t input_zero = 0;
  const int32_t* multipliers = nullptr;  // [channels]
  const int32_t* shifts = nullptr;
  int32_t output_zero = 0;
  int32_t act_min = 0;
  int32_t act_max = 0;
  bool ruy_rounding = false;
};

struct F32GemmSpec {
  const float* weights = nullptr;  // [channels][depth]
  const float* bias = nullptr;     // [channels] or null
  int channels = 0;
  float act_min = 0.0f;
  float act_max = 0.0f;
};

// A 16x8 GEMM (int16 activations, zero points 0): int64 sums requantized as
// TensorFlow Lite's int64 MultiplyByQuantizedMultiplier.
struct Q16GemmSpec {
  const int8_t* weights = nullptr;  // [channels][depth]
  const int64_t* bias = nullptr;    // [channels] or null
  int channels = 0;
  const int32_t* multipliers = nullptr;  // Q31, [channels]
  const int32_t* shifts = nullptr;
  int32_t act_min = 0;
  int32_t act_max = 0;
};

// The 16-bit reduced multipliers and total shifts of the int64
// requantization (quant::MultiplyByQuantizedMultiplier for int64) for
// `count` channels.
void ReduceQ16Multipliers(const int32_t* multipliers, const int32_t* shifts, int count, int32_t* reduced,
                          int32_t* total_shift);

struct Q8Gemm;
struct F32Gemm;
struct Q16Gemm;

// Prepare: packs the weights, precomputes the corrections and requests the
// scratch `input` needs. nullptr when `isa` is null (reference kernels
// chosen) or memory runs out: the caller then runs its reference kernel.
Q8Gemm* PrepareQ8Gemm(KernelContext& ctx, const IsaKernels* isa, const Q8GemmSpec& spec,
                      const GemmInput& input);
F32Gemm* PrepareF32Gemm(KernelContext& ctx, const IsaKernels* isa, const F32GemmSpec& spec,
                        const GemmInput& input);
Q16Gemm* PrepareQ16Gemm(KernelContext& ctx, const IsaKernels* isa, const Q16GemmSpec& spec,
                        const GemmInput& input);

// Eval: `input` and `output` are the tensors' data (output rows of
// `channels` elements).
void RunQ8Gemm(KernelContext& ctx, const Q8Gemm& gemm, const void* input, void* output);
void RunF32Gemm(KernelContext& ctx, const F32Gemm& gemm, const float* input, float* output);
void RunQ16Gemm(KernelContext& ctx, const Q16Gemm& gemm, const int16_t* input, int16_t* output);

}  // namespace minnow::kernels::optimized
