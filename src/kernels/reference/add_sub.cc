// ADD and SUB: element-wise with broadcasting, sharing prepare and loops.
//
// Quantized arithmetic follows TensorFlow Lite's add.cc / sub.cc:
//  * int8 / uint8 (and int16 when not on the power-of-two path): both inputs
//    are shifted left by `left_shift` (20, or 15 for int16), rescaled to a
//    common scale of 2 * max(input scales) with multipliers computed in
//    double, added / subtracted, and rescaled to the output scale.
//  * int16 with pot_scale_int16 (the default) and power-of-two scales with
//    zero points 0: the input with the smaller scale is rounding-shifted
//    right, then a saturating add / subtract.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/internal/broadcast.h"
#include "kernels/internal/elementwise_util.h"
#include "kernels/internal/lut.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/elementwise.h"
#include "kernels/reference/registrations.h"

namespace minnow::kernels {
namespace {

struct AddSubData {
  BroadcastPlan plan;
  bool pot_int16 = false;    // int16 power-of-two-scale path
  bool plain_int16 = false;  // unquantized int16 ADD
  // General quantized path.
  int32_t input1_offset = 0;
  int32_t input2_offset = 0;
  int32_t output_offset = 0;
  int left_shift = 0;
  int32_t input1_multiplier = 0;
  int input1_shift = 0;
  int32_t input2_multiplier = 0;
  int input2_shift = 0;
  int32_t output_multiplier = 0;
  int output_shift = 0;
  // Activation clamp: quantized / int32 / int16 in act_min..act_max, int64
  // in act_min64..act_max64, float in f_min..f_max.
  int32_t act_min = 0;
  int32_t act_max = 0;
  int64_t act_min64 = 0;
  int64_t act_max64 = 0;
  float f_min = 0.0f;
  float f_max = 0.0f;
  // The optimized kernel's plan when the active kernel path has one for this
  // type and broadcast; null runs the loops below.
  optimized::BinaryElementwise* fast = nullptr;
};

Status PrepareQuantized(KernelContext& ctx, bool is_sub, const AddSubOptions& options,
                        AddSubData* data) {
  const char* op = is_sub ? "SUB" : "ADD";
  const Tensor* in1 = ctx.input(0);
  const Tensor* in2 = ctx.input(1);
  const Tensor* out = ctx.output(0);
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized(op, "input 0", in1));
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized(op, "input 1", in2));
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized(op, "output", out));
  const float s1 = in1->scale();
  const float s2 = in2->scale();
  const float so = out->scale();

  bool general = true;
  int log2_1 = 0, log2_2 = 0, log2_o = 0;
  if (out->type == DataType::kInt16) {
    if (!is_sub && (in1->zero_point() != 0 || in2->zero_point() != 0 || out->zero_point() != 0)) {
      return InvalidArgument(op, ": int16 tensors must have zero point 0, got ",
                             in1->zero_point(), ", ", in2->zero_point(), " and ",
                             out->zero_point());
    }
    if (options.pot_scale_int16) {
      const bool pot1 = lut::CheckedLog2(s1, &log2_1);
      const bool pot2 = lut::CheckedLog2(s2, &log2_2);
      const bool poto = lut::CheckedLog2(so, &log2_o);
      general = !(pot1 && pot2 && poto);
    }
  }
  data->pot_int16 = !general;

  if (general) {
    data->input1_offset = -in1->zero_point();
    data->input2_offset = -in2->zero_point();
    data->output_offset = out->zero_point();
    data->left_shift = out->type == DataType::kInt16 ? 15 : 20;
    // Computed in double exactly as TensorFlow Lite's Prepare does.
    const double twice_max_input_scale = 2.0 * static_cast<double>(std::max(s1, s2));
    const double real_input1_multiplier = static_cast<double>(s1) / twice_max_input_scale;
    const double real_input2_multiplier = static_cast<double>(s2) / twice_max_input_scale;
    const double real_output_multiplier =
        twice_max_input_scale /
        (static_cast<double>(1 << data->left_shift) * static_cast<double>(so));
    quant::QuantizeMultiplier(real_input1_multiplier, &data->input1_multiplier,
                              &data->input1_shift);
    quant::QuantizeMultiplier(real_input2_multiplier, &data->input2_multiplier,
                              &data->input2_shift);
    // TensorFlow Lite's ADD only accepts an output multiplier below 1 (its
    // SUB also larger ones); applying a larger one with a left shift is the
    // natural extension and equal wherever TensorFlow Lite produces output.
    quant::QuantizeMultiplier(real_output_multiplier, &data->output_multiplier,
                              &data->output_shift);
  } else {
    if (in1->zero_point() != 0 || in2->zero_point() != 0 || out->zero_point() != 0) {
      return InvalidArgument(op, ": int16 power-of-two-scale path needs zero points 0, got ",
                             in1->zero_point(), ", ", in2->zero_point(), " and ",
                             out->zero_point());
    }
    data->input1_shift = log2_1 - log2_o;
    data->input2_shift = log2_2 - log2_o;
    // Only one input may be rescaled, and only downwards (TensorFlow Lite's
    // restriction on this path).
    if (!(data->input1_shift == 0 || data->input2_shift == 0) || data->input1_shift > 0 ||
        data->input2_shift > 0) {
      return InvalidArgument(op, ": int16 power-of-two scales ", s1, " and ", s2,
                             " cannot be rescaled to output scale ", so,
                             " (one input must match the output, the other be smaller)");
    }
  }
  return quant::ActivationRangeQuantized(options.activation, out->type, so, out->zero_point(),
                                         &data->act_min, &data->act_max)
      .WithPrefix(op);
}

Status PrepareAddSub(KernelContext& ctx, bool is_sub) {
  const char* op = is_sub ? "SUB" : "ADD";
  const Tensor* in1 = nullptr;
  const Tensor* in2 = nullptr;
  Tensor* out = nullptr;
  MINNOW_RETURN_IF_ERROR(CheckBinaryInputs(ctx, op, &in1, &in2, &out));
  if (out->type != in1->type) {
    // TensorFlow Lite's ADD / SUB give the output the inputs' type whatever
    // the model declares (converters have written FLOAT32 for quantized
    // intermediates); only a tensor with fixed storage cannot change.
    if (out->is_constant() || out->is_variable) {
      return InvalidArgument(op, ": output type ", DataTypeName(out->type),
                             " does not match input type ", DataTypeName(in1->type));
    }
    out->type = in1->type;
  }

  AddSubOptions options;
  if (const auto* o = std::get_if<AddSubOptions>(&ctx.options())) options = *o;

  AddSubData* data = ctx.NewOpData<AddSubData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, StrCat(op, ": out of memory"));

  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(MakeBroadcastPlan(in1->shape, in2->shape, op, &out_shape, &data->plan));

  switch (out->type) {
    case DataType::kFloat32:
    case DataType::kInt32:
    case DataType::kInt64:
      SetUnquantizedActivationRange(options.activation, out->type, data);
      break;
    case DataType::kInt8:
    case DataType::kUInt8:
      MINNOW_RETURN_IF_ERROR(PrepareQuantized(ctx, is_sub, options, data));
      break;
    case DataType::kInt16:
      if (!is_sub && !IsQuantized(in1)) {
        // ADD of plain (unquantized) int16 values.
        SetUnquantizedActivationRange(options.activation, out->type, data);
        data->plain_int16 = true;
      } else {
        MINNOW_RETURN_IF_ERROR(PrepareQuantized(ctx, is_sub, options, data));
      }
      break;
    default:
      return Unimplemented(op, ": unsupported type ", DataTypeName(out->type));
  }
  optimized::BinaryQ8Params rescale;
  rescale.input_left_shift = data->left_shift;
  rescale.input_multiplier[0] = data->input1_multiplier;
  rescale.input_shift[0] = data->input1_shift;
  rescale.input_multiplier[1] = data->input2_multiplier;
  rescale.input_shift[1] = data->input2_shift;
  const optimized::BinaryOp kind = is_sub ? optimized::BinaryOp::kSub : optimized::BinaryOp::kAdd;
  data->fast = optimized::PrepareBinary(ctx, kind, out->type, *data, rescale);
  return ctx.ResizeOutput(0, out_shape);
}

// Two's-complement wrap-around, as TensorFlow Lite's integer add behaves.
template <typename T, bool kSub>
inline T WrappingAddSub(T a, T b) {
  using U = typename std::make_unsigned<T>::type;
  return static_cast<T>(kSub ? static_cast<U>(static_cast<U>(a) - static_cast<U>(b))
                             : static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}

// gemmlowp's RoundingDivideByPOT on int16 values, with its int16 mask
// arithmetic (which differs from the int32 version for exponents >= 16).
inline int16_t RoundingDivideByPOTInt16(int16_t x, int exponent) {
  const int16_t mask = static_cast<int16_t>((int64_t{1} << exponent) - 1);
  const int16_t remainder = static_cast<int16_t>(x & mask);
  const int16_t threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

template <typename T, bool kSub>
void EvalGeneralQuantized(const AddSubData& d, const T* in1, const T* in2, T* out) {
  BroadcastBinary(d.plan, in1, in2, out, [&d](T a, T b) {
    const int32_t shifted1 = (d.input1_offset + static_cast<int32_t>(a)) * (1 << d.left_shift);
    const int32_t shifted2 = (d.input2_offset + static_cast<int32_t>(b)) * (1 << d.left_shift);
    const int32_t scaled1 =
        quant::MultiplyByQuantizedMultiplier(shifted1, d.input1_multiplier, d.input1_shift);
    const int32_t scaled2 =
        quant::MultiplyByQuantizedMultiplier(shifted2, d.input2_multiplier, d.input2_shift);
    const int32_t raw = kSub ? scaled1 - scaled2 : scaled1 + scaled2;
    const int32_t result =
        quant::MultiplyByQuantizedMultiplier(raw, d.output_multiplier, d.output_shift) +
        d.output_offset;
    return static_cast<T>(std::min(d.act_max, std::max(d.act_min, result)));
  });
}

template <bool kSub>
void EvalPotInt16(const AddSubData& d, const int16_t* in1, const int16_t* in2, int16_t* out) {
  BroadcastBinary(d.plan, in1, in2, out, [&d](int16_t a, int16_t b) {
    const int32_t scaled1 = RoundingDivideByPOTInt16(a, -d.input1_shift);
    const int32_t scaled2 = RoundingDivideByPOTInt16(b, -d.input2_shift);
    const int32_t raw = kSub ? scaled1 - scaled2 : scaled1 + scaled2;
    // The activation range lies inside int16, so clamping also saturates.
    return static_cast<int16_t>(std::min(d.act_max, std::max(d.act_min, raw)));
  });
}

template <bool kSub>
Status EvalAddSub(KernelContext& ctx) {
  const AddSubData& d = *ctx.user_data_as<AddSubData>();
  const Tensor* in1 = ctx.input(0);
  const Tensor* in2 = ctx.input(1);
  Tensor* out = ctx.output(0);
  if (d.fast != nullptr) {
    optimized::RunBinary(ctx, *d.fast, in1->data, in2->data, out->data);
    return Status::Ok();
  }
  switch (out->type) {
    case DataType::kFloat32:
      BroadcastBinary(d.plan, in1->data_as<float>(), in2->data_as<float>(),
                      out->data_as<float>(), [&d](float a, float b) {
                        return quant::ActivationClampFloat(kSub ? a - b : a + b, d.f_min, d.f_max);
                      });
      return Status::Ok();
    case DataType::kInt32:
      BroadcastBinary(d.plan, in1->data_as<int32_t>(), in2->data_as<int32_t>(),
                      out->data_as<int32_t>(), [&d](int32_t a, int32_t b) {
                        const int32_t r = WrappingAddSub<int32_t, kSub>(a, b);
                        return std::min(d.act_max, std::max(d.act_min, r));
                      });
      return Status::Ok();
    case DataType::kInt64:
      BroadcastBinary(d.plan, in1->data_as<int64_t>(), in2->data_as<int64_t>(),
                      out->data_as<int64_t>(), [&d](int64_t a, int64_t b) {
                        const int64_t r = WrappingAddSub<int64_t, kSub>(a, b);
                        return std::min(d.act_max64, std::max(d.act_min64, r));
                      });
      return Status::Ok();
    case DataType::kInt8:
      EvalGeneralQuantized<int8_t, kSub>(d, in1->data_as<int8_t>(), in2->data_as<int8_t>(),
                                         out->data_as<int8_t>());
      return Status::Ok();
    case DataType::kUInt8:
      EvalGeneralQuantized<uint8_t, kSub>(d, in1->data_as<uint8_t>(), in2->data_as<uint8_t>(),
                                          out->data_as<uint8_t>());
      return Status::Ok();
    case DataType::kInt16:
      if (d.plain_int16) {
        // Unquantized int16 ADD: wrap to int16, then clamp.
        BroadcastBinary(d.plan, in1->data_as<int16_t>(), in2->data_as<int16_t>(),
                        out->data_as<int16_t>(), [&d](int16_t a, int16_t b) {
                          const int32_t r = WrappingAddSub<int16_t, kSub>(a, b);
                          return static_cast<int16_t>(std::min(d.act_max, std::max(d.act_min, r)));
                        });
      } else if (d.pot_int16) {
        EvalPotInt16<kSub>(d, in1->data_as<int16_t>(), in2->data_as<int16_t>(),
                           out->data_as<int16_t>());
      } else {
        EvalGeneralQuantized<int16_t, kSub>(d, in1->data_as<int16_t>(), in2->data_as<int16_t>(),
                                            out->data_as<int16_t>());
      }
      return Status::Ok();
    default:
      return Unimplemented(kSub ? "SUB" : "ADD", ": unsupported type ", DataTypeName(out->type));
  }
}

Status PrepareAdd(KernelContext& ctx) { return PrepareAddSub(ctx, /*is_sub=*/false); }
Status PrepareSub(KernelContext& ctx) { return PrepareAddSub(ctx, /*is_sub=*/true); }

}  // namespace

const KernelRegistration* RegisterAdd() {
  static const KernelRegistration r{"ADD", PrepareAdd, EvalAddSub<false>, 1, 5};
  return &r;
}

const KernelRegistration* RegisterSub() {
  static const KernelRegistration r{"SUB", PrepareSub, EvalAddSub<true>, 1, 5};
  return &r;
}

}  // namespace minnow::kernels
