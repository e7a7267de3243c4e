// The packed GEMM behind the optimized CONV_2D, FULLY_CONNECTED and
// BATCH_MATMUL: out[m][n] = act(sum_k a[m][k] * w[n][k] + bias[n]), with the
// weights packed into panels once at prepare (or at each run when they
// change between runs) and the rows of `a` read in place (dense matrices, 1x1
// convolutions without padding) or gathered from convolution windows (im2col)
// or transposed matrices block by block into per-worker scratch. Batches, row
// blocks and channel ranges are spread over the interpreter's threads; each
// output is computed by the same instructions whatever the split, so results
// do not depend on the thread count.
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
  // null for a dense matrix: element k of row r at r * row_stride +
  // k * depth_stride (a depth_stride other than 1: a transposed matrix).
  const conv::ConvGeometry* conv = nullptr;
  int64_t row_stride = 0;
  int64_t depth_stride = 1;
  // BATCH_MATMUL (dense rows only): `batches` products of this shape;
  // product b reads its rows at input + batch_offsets[b] elements and weight
  // set weight_sets[b], and writes output rows [b * rows, (b + 1) * rows).
  // The arrays must live as long as the plan (persistent memory).
  int batches = 1;
  const int64_t* batch_offsets = nullptr;
  const int32_t* weight_sets = nullptr;
};

// Where the weights lie: w[n][k] of set s at element s * set_stride +
// n * channel_stride + k * depth_stride (by default one set of
// [channels][depth] rows).
struct GemmWeights {
  int sets = 1;
  int64_t set_stride = 0;
  int64_t channel_stride = 0;  // 0: the depth
  int64_t depth_stride = 1;
  // Weights that change between runs (BATCH_MATMUL's non-constant RHS):
  // packed at each run, into scratch, from the weights passed to it; the
  // spec's weights are not read.
  bool packed_at_run = false;
};

// An 8-bit GEMM: (a - input_zero) * (w - weight_zero), requantized per channel.
struct Q8GemmSpec {
  const uint8_t* weights = nullptr;  // bytes, laid out as `layout` says
  GemmWeights layout;
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
  const float* weights = nullptr;  // laid out as `layout` says
  GemmWeights layout;
  const float* bias = nullptr;     // [channels] or null
  int channels = 0;
  float act_min = 0.0f;
  float act_max = 0.0f;
};

// A 16x8 GEMM (int16 activations, zero points 0): int64 sums requantized as
// TensorFlow Lite's int64 MultiplyByQuantizedMultiplier.
struct Q16GemmSpec {
  const int8_t* weights = nullptr;  // laid out as `layout` says
  GemmWeights layout;
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
// scratch `input` (and weights packed at run) need. nullptr when `isa` is
// null (reference kernels chosen), the shape is empty or not one the plan
// takes, or memory runs out: the caller then runs its reference kernel.
Q8Gemm* PrepareQ8Gemm(KernelContext& ctx, const IsaKernels* isa, const Q8GemmSpec& spec,
                      const GemmInput& input);
F32Gemm* PrepareF32Gemm(KernelContext& ctx, const IsaKernels* isa, const F32GemmSpec& spec,
                        const GemmInput& input);
Q16Gemm* PrepareQ16Gemm(KernelContext& ctx, const IsaKernels* isa, const Q16GemmSpec& spec,
                        const GemmInput& input);

// Eval: `input` and `output` are the tensors' data (output rows of
// `channels` elements); `weights`, read only when they are packed at run,
// the weight tensor's.
void RunQ8Gemm(KernelContext& ctx, const Q8Gemm& gemm, const void* input, void* output,
               const void* weights = nullptr);
void RunF32Gemm(KernelContext& ctx, const F32Gemm& gemm, const float* input, float* output,
                const float* weights = nullptr);
void RunQ16Gemm(KernelContext& ctx, const Q16Gemm& gemm, const int16_t* input, int16_t* output,
                const int8_t* weights = nullptr);

}  // namespace minnow::kernels::optimized
