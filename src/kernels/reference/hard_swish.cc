// HARD_SWISH: y = x * relu6(x + 3) / 6.
//
// int8 and uint8 reproduce TensorFlow Lite's fixed-point HardSwish: the input
// is moved to a "high-resolution" scale (x 2^7), multiplied by a 16-bit
// "relu-ish" factor in [0, 1] derived from x / 3 with saturation, and rescaled
// to the output. Both 16-bit multipliers come from float multipliers quantized
// to 32 bits and rounded down to 16 (DownScaleInt32ToInt16Multiplier).
//
// On an optimized kernel path float32 runs the vector loop
// (kernels/optimized/unary.h) and 8-bit inputs a 256-entry table of this
// file's own integer arithmetic, filled at prepare: the same bytes.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/internal/activation_util.h"
#include "kernels/internal/fixed_point.h"
#include "kernels/optimized/unary.h"
#include "kernels/reference/registrations.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "HARD_SWISH";

struct HardSwishData {
  int64_t size = 0;
  int16_t input_zero_point = 0;
  int16_t output_zero_point = 0;
  int16_t reluish_multiplier_fixedpoint = 0;
  int reluish_multiplier_exponent = 0;
  int16_t output_multiplier_fixedpoint = 0;
  int output_multiplier_exponent = 0;
  const optimized::IsaKernels* fast = nullptr;  // float32 on an optimized path
  uint8_t* table = nullptr;  // 8-bit on an optimized path: the output byte of each input byte
};

// Rounds a non-negative Q31 multiplier to Q15, saturating near the top.
int16_t DownScaleToInt16(int32_t multiplier) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRoundingOffset) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((multiplier + kRoundingOffset) >> 16);
}

int16_t SaturatingLeftShift(int16_t value, int amount) {
  int64_t result = static_cast<int64_t>(value) * (int64_t{1} << amount);
  result = std::min<int64_t>(result, std::numeric_limits<int16_t>::max());
  result = std::max<int64_t>(result, std::numeric_limits<int16_t>::min());
  return static_cast<int16_t>(result);
}

// Like SaturatingRoundingDoublingHighMul but truncating toward zero (ARM SQDMULH).
int16_t SaturatingDoublingHighMul(int16_t a, int16_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int16_t>::min();
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int16_t high = static_cast<int16_t>(ab / (1 << 15));
  return overflow ? std::numeric_limits<int16_t>::max() : high;
}

template <typename T>
void EvalQuantized(const HardSwishData& d, const T* in, T* out, int64_t size);

// The output byte of every input byte, by EvalQuantized itself.
template <typename T>
Status Tabulate(KernelContext& ctx, HardSwishData* d) {
  d->table = ctx.AllocatePersistentArray<uint8_t>(256);
  if (d->table == nullptr) return Internal(kOp, ": out of persistent memory");
  T inputs[256];
  for (int i = 0; i < 256; ++i) inputs[i] = static_cast<T>(i);
  EvalQuantized(*d, inputs, reinterpret_cast<T*>(d->table), 256);
  return Status::Ok();
}

Status Prepare(KernelContext& ctx) {
  const Tensor* in = nullptr;
  Tensor* out = nullptr;
  MINNOW_RETURN_IF_ERROR(CheckUnaryInputOutput(ctx, kOp, &in, &out));
  auto* data = ctx.NewOpData<HardSwishData>();
  if (data == nullptr) return Internal(kOp, ": out of persistent memory");
  data->size = in->num_elements();
  switch (in->type) {
    case DataType::kFloat32:
      data->fast = optimized::ActiveKernels();
      break;
    case DataType::kInt8:
    case DataType::kUInt8: {
      MINNOW_RETURN_IF_ERROR(CheckQuantizedPair(kOp, in, out));
      data->input_zero_point = static_cast<int16_t>(in->zero_point());
      data->output_zero_point = static_cast<int16_t>(out->zero_point());
      // All in float, as HardSwishPrepare.
      const float hires_input_scale = (1.0f / 128.0f) * in->scale();
      const float reluish_scale = 3.0f / 32768.0f;
      const float output_multiplier = hires_input_scale / out->scale();
      const float reluish_multiplier = hires_input_scale / reluish_scale;
      int32_t multiplier32 = 0;
      quant::QuantizeMultiplier(static_cast<double>(output_multiplier), &multiplier32,
                                &data->output_multiplier_exponent);
      data->output_multiplier_fixedpoint = DownScaleToInt16(multiplier32);
      if (data->output_multiplier_exponent > 0) {
        return InvalidArgument(kOp, ": input scale ", in->scale(), " / 128 over output scale ",
                               out->scale(), " must be below 1 (output multiplier exponent ",
                               data->output_multiplier_exponent, ")");
      }
      quant::QuantizeMultiplier(static_cast<double>(reluish_multiplier), &multiplier32,
                                &data->reluish_multiplier_exponent);
      data->reluish_multiplier_fixedpoint = DownScaleToInt16(multiplier32);
      if (optimized::ActiveKernels() != nullptr) {
        MINNOW_RETURN_IF_ERROR(in->type == DataType::kInt8 ? Tabulate<int8_t>(ctx, data)
                                                           : Tabulate<uint8_t>(ctx, data));
      }
      break;
    }
    default:
      return Unimplemented(kOp, ": unsupported type ", DataTypeName(in->type),
                           " (float32, int8 and uint8 are supported)");
  }
  return ctx.ResizeOutput(0, in->shape);
}

template <typename T>
void EvalQuantized(const HardSwishData& d, const T* in, T* out, int64_t size) {
  using fixed_point::RoundingDivideByPOT;
  using fixed_point::SaturatingRoundingDoublingHighMul;
  for (int64_t i = 0; i < size; ++i) {
    const int16_t input_value = static_cast<int16_t>(in[i] - d.input_zero_point);
    const int16_t hires_input = static_cast<int16_t>(input_value * (1 << 7));
    const int16_t preshift_output_scale_input =
        SaturatingRoundingDoublingHighMul<int16_t>(hires_input, d.output_multiplier_fixedpoint);
    // x rescaled so that 3.0 maps to 32768 (saturating), i.e. [-3, 3] -> [-1, 1].
    int16_t reluish = hires_input;
    if (d.reluish_multiplier_exponent > 0) {
      // All but the last bit of the left shift before the multiply, so
      // saturation here cannot affect the result.
      reluish = SaturatingLeftShift(reluish, d.reluish_multiplier_exponent - 1);
    }
    reluish = SaturatingRoundingDoublingHighMul<int16_t>(reluish, d.reluish_multiplier_fixedpoint);
    if (d.reluish_multiplier_exponent > 0) reluish = SaturatingLeftShift(reluish, 1);
    if (d.reluish_multiplier_exponent < 0) {
      reluish = RoundingDivideByPOT<int16_t>(reluish, -d.reluish_multiplier_exponent);
    }
    // [-1, 1] -> [0, 1].
    reluish = static_cast<int16_t>((static_cast<int32_t>(reluish) + (1 << 15)) >> 1);
    const int16_t preshift_output = SaturatingDoublingHighMul(reluish, preshift_output_scale_input);
    int16_t output_value = RoundingDivideByPOT<int16_t>(preshift_output, -d.output_multiplier_exponent);
    // 16-bit addition, wrapping like TensorFlow Lite's int16_t +=.
    output_value = static_cast<int16_t>(output_value + d.output_zero_point);
    output_value = std::min<int16_t>(output_value, std::numeric_limits<T>::max());
    output_value = std::max<int16_t>(output_value, std::numeric_limits<T>::min());
    out[i] = static_cast<T>(output_value);
  }
}

Status Eval(KernelContext& ctx) {
  const auto& d = *ctx.user_data_as<HardSwishData>();
  const Tensor* in = ctx.input(0);
  Tensor* out = ctx.output(0);
  if (d.table != nullptr) {
    LookupTable8(d.table, *in, out, d.size);
    return Status::Ok();
  }
  switch (in->type) {
    case DataType::kFloat32: {
      const float* x = in->data_as<float>();
      float* y = out->data_as<float>();
      if (d.fast != nullptr) {
        optimized::RunFloatMap(ctx, *d.fast, optimized::FloatMap::kHardSwish, x, y, d.size);
        return Status::Ok();
      }
      for (int64_t i = 0; i < d.size; ++i) {
        const float v = x[i];
        y[i] = v * std::min(6.0f, std::max(0.0f, v + 3.0f)) / 6.0f;
      }
      return Status::Ok();
    }
    case DataType::kInt8:
      EvalQuantized(d, in->data_as<int8_t>(), out->data_as<int8_t>(), d.size);
      return Status::Ok();
    case DataType::kUInt8:
      EvalQuantized(d, in->data_as<uint8_t>(), out->data_as<uint8_t>(), d.size);
      return Status::Ok();
    default:
      return Unimplemented(kOp, ": unsupported type ", DataTypeName(in->type));
  }
}

}  // namespace

const KernelRegistration* RegisterHardSwish() {
  static const KernelRegistration r{"HARD_SWISH", Prepare, Eval, 1, 1};
  return &r;
}

}  // namespace minnow::kernels
