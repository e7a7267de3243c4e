// The optimized one-input ops: LOGISTIC, TANH, HARD_SWISH and SOFTMAX on
// float32, QUANTIZE from float32 and DEQUANTIZE to float32 (per tensor), and
// the column sums of int8 / uint8 MEAN. The loops (isa/activations.cc) are
// compiled once per instruction set and picked with the rest of the active
// kernel path; this file splits large tensors over the interpreter's threads.
//
// HARD_SWISH, QUANTIZE, DEQUANTIZE and MEAN give the reference kernels'
// results bit for bit (the same operations in the same order, lane by lane).
// LOGISTIC, TANH and SOFTMAX use their own vector exp (a range reduction and
// a Taylor polynomial), within a few ulp of the reference's std::exp /
// std::tanh; SOFTMAX also sums its row in a different order.
#pragma once

#include <cstdint>

#include "minnow/kernel.h"
#include "minnow/kernel_path.h"
#include "minnow/types.h"

namespace minnow::kernels::optimized {

enum class FloatMap : uint8_t { kLogistic, kTanh, kHardSwish };

// Affine quantization of one tensor: real = scale * (q - zero_point), q of
// `type` (int8, uint8 or int16).
struct AffineQuant {
  DataType type = DataType::kInt8;
  double scale = 1.0;
  int32_t zero_point = 0;
};

// One instruction set's loops (filled in isa/activations.cc).
struct UnaryKernels {
  void (*map_f32)(FloatMap op, const float* in, float* out, int64_t n) = nullptr;
  // Softmax over rows of `depth` elements: exp((x - max) * beta) / sum.
  void (*softmax_f32)(const float* in, float* out, int64_t rows, int64_t depth, float beta) = nullptr;
  // out = clamp(round-half-away(in / scale) + zero_point), as quantize.cc.
  void (*quantize_f32)(const AffineQuant& q, const float* in, void* out, int64_t n) = nullptr;
  // out = float(scale * (in - zero_point)), as dequantize.cc.
  void (*dequantize)(const AffineQuant& q, const void* in, float* out, int64_t n) = nullptr;
  // sums[c] = in[c] + in[stride + c] + ... + in[(rows - 1) * stride + c] for
  // c < columns, rows >= 1, in wrapping int32: in int8 or uint8 (`type`).
  // (Float MEAN keeps the reference's column loop, which the compiler
  // already vectorizes as well as this one.)
  void (*column_sums)(DataType type, const void* in, int64_t rows, int64_t stride, int64_t columns,
                      int32_t* sums) = nullptr;
};

// The loops of `path` (not kReference / kAuto); nullptr if not built.
const UnaryKernels* UnaryKernelsFor(KernelPath path);
// The loops of the active path; nullptr when the reference kernels are chosen.
const UnaryKernels* ActiveUnaryKernels();

// The ops over n elements, spread over the interpreter's threads when large.
void RunFloatMap(KernelContext& ctx, const UnaryKernels& k, FloatMap op, const float* in, float* out,
                 int64_t n);
void RunSoftmax(KernelContext& ctx, const UnaryKernels& k, const float* in, float* out, int64_t rows,
                int64_t depth, float beta);
void RunQuantize(KernelContext& ctx, const UnaryKernels& k, const AffineQuant& q, const float* in, void* out,
                 int64_t n);
void RunDequantize(KernelContext& ctx, const UnaryKernels& k, const AffineQuant& q, const void* in, float* out,
                   int64_t n);

}  // namespace minnow::kernels::optimized
