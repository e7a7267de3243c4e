// Helpers shared by CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: tensor
// checks with readable errors and TensorFlow Lite's per-channel requantization
// constants (PopulateConvolutionQuantizationParams).
#pragma once

#include <cstdint>

#include "minnow/kernel.h"
#include "minnow/status.h"
#include "minnow/tensor.h"
#include "minnow/types.h"

namespace minnow::kernels::conv {

// Spatial geometry of a 2-D window op over NHWC tensors, computed in prepare.
struct ConvGeometry {
  int32_t batches = 0;
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t input_depth = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t output_height = 0;
  int32_t output_width = 0;
  int32_t output_depth = 0;
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t dilation_height = 1;
  int32_t dilation_width = 1;
  int32_t pad_height = 0;  // rows of implicit zero padding before the input
  int32_t pad_width = 0;
};

// Requantization constants of a quantized conv-like op, per output channel.
struct QuantizedParams {
  int32_t* multipliers = nullptr;
  int32_t* shifts = nullptr;
  int32_t input_offset = 0;   // -input zero point
  int32_t filter_offset = 0;  // -filter zero point (uint8 only; 0 otherwise)
  int32_t output_offset = 0;  // output zero point
  int32_t act_min = 0;
  int32_t act_max = 0;
};

// The operands of CONV_2D / DEPTHWISE_CONV_2D after the checks both share:
// 2 or 3 inputs, 4-D input and filter, an output of the input's type, and a
// filter of the type that goes with it (int8 for 16x8 and hybrid).
struct ConvOperands {
  const Tensor* input = nullptr;
  const Tensor* filter = nullptr;
  const Tensor* bias = nullptr;  // optional
  Tensor* output = nullptr;
  DataType type = DataType::kFloat32;
  bool hybrid = false;  // float input with int8 weights
};
Result<ConvOperands> ReadConvOperands(const char* op, KernelContext& ctx);

// Validates a window's strides, dilations and padding, then fills the
// geometry's window fields, output size and implicit padding (the input and
// filter sizes must already be set). `fused` zero padding is placed around
// the input first, so the window sees the input as a PAD before the op would
// have made it: output size and SAME padding come from the padded size, and
// the implicit padding before the input grows by fused.top / fused.left (the
// rows and columns after it need nothing: windows past the input's end
// already read zeros).
Status PlaceWindow(const char* op, Padding padding, int32_t stride_h, int32_t stride_w,
                   int32_t dilation_h, int32_t dilation_w, const FusedPadding& fused, ConvGeometry* g);

// Float outputs: the clamp range of a fusable activation.
Status FloatActivationRange(const char* op, Activation activation, float* act_min, float* act_max);

// Quantized outputs: checks every quantization parameter (per-channel filter
// scales along `channel_dim`, symmetric int8 weights, zero-point-free 16x8)
// and computes offsets, per-channel multipliers and the activation range.
Status PrepareQuantized(const char* op, KernelContext& ctx, const ConvOperands& ops, int num_channels,
                        int channel_dim, Activation activation, QuantizedParams* q);

// Fails with InvalidArgument unless `t` exists (a required input/output).
Status RequireTensor(const char* op, const Tensor* t, const char* role);

// Fails unless `t` has exactly `rank` dimensions.
Status RequireRank(const char* op, const Tensor* t, const char* role, int rank);

// Fails unless `t` carries quantization parameters with at least one scale,
// every scale finite and positive.
Status RequireQuantized(const char* op, const Tensor* t, const char* role);

// Fails unless every zero point of `t` is 0 (symmetric quantization).
Status RequireZeroPoints(const char* op, const Tensor* t, const char* role);

// Checks a filter's scale count: 1 (per-tensor) or `num_channels` along
// `channel_dim` (per-axis), and that per-axis parameters name that dimension.
Status CheckFilterScales(const char* op, const Tensor* filter, int num_channels, int channel_dim);

// How TensorFlow Lite forms a conv-like op's effective scale. Its per-channel
// path (PopulateConvolutionQuantizationParams) multiplies in double; its legacy
// per-tensor path (GetQuantizedConvolutionMultipler, used by uint8 conv and
// depthwise and by per-tensor FULLY_CONNECTED) multiplies input and filter
// scales in float first. The last bits of the multiplier differ, so the
// outputs do too.
enum class ScaleProduct { kDouble, kFloat };

// For each output channel, effective scale = input_scale * filter_scale /
// output_scale split into a Q31 multiplier and a shift. A per-tensor filter
// scale is broadcast to every channel.
void ComputePerChannelMultipliers(const Tensor* input, const Tensor* filter, const Tensor* output,
                                  int num_channels, ScaleProduct product, int32_t* multipliers,
                                  int32_t* shifts);

// Requantization as TensorFlow Lite's x86 builds apply it where an 8-bit
// convolution or matrix product goes through ruy (its AVX2 kernels), which
// differs from MultiplyByQuantizedMultiplier in how ties round: the
// accumulator is shifted left by max(shift, 0), multiplied by the Q31
// multiplier with a rounding (half up) 31-bit right shift, then shifted right
// by max(-shift, 0) rounding half up again (saturating to 1 << (31 - shift) in
// the one case the nudge would overflow).
inline int32_t RuyMultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int64_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  const int32_t scaled =
      static_cast<int32_t>((shifted * multiplier + (int64_t{1} << 30)) >> 31);
  if (right_shift == 0) return scaled;
  const int32_t nudge = int32_t{1} << (right_shift - 1);
  if (scaled > INT32_MAX - nudge) return int32_t{1} << (31 - right_shift);
  return (scaled + nudge) >> right_shift;
}

// Validates the optional bias of a conv-like op: its type (float32 for float
// ops; int32 for 8-bit ops; int64 or int32 for 16x8 ops), its element count
// equals `num_channels`, and a quantized bias has zero point 0.
Status CheckBias(const char* op, const Tensor* bias, DataType input_type, int num_channels);

// Reads the fused activation's clamp range for a quantized output into
// [*act_min, *act_max]; rejects activations that cannot be fused.
Status QuantizedActivationRange(const char* op, Activation activation, const Tensor* output,
                                int32_t* act_min, int32_t* act_max);

}  // namespace minnow::kernels::conv
