// MUL: element-wise product with broadcasting.
//
// Quantized (int8, uint8, int16 with zero points 0) follows TensorFlow Lite's
// mul.cc: (q1 - zp1) * (q2 - zp2) rescaled by one multiplier
// scale1 * scale2 / scale_out, which TensorFlow Lite computes in float before
// widening to double.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/internal/broadcast.h"
#include "kernels/internal/elementwise_util.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/elementwise.h"
#include "kernels/reference/registrations.h"

namespace minnow::kernels {
namespace {

struct MulData {
  BroadcastPlan plan;
  bool quantized = false;
  int32_t input1_offset = 0;
  int32_t input2_offset = 0;
  int32_t output_offset = 0;
  int32_t output_multiplier = 0;
  int output_shift = 0;
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

Status PrepareQuantized(KernelContext& ctx, Activation activation, MulData* data) {
  const Tensor* in1 = ctx.input(0);
  const Tensor* in2 = ctx.input(1);
  const Tensor* out = ctx.output(0);
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized("MUL", "input 0", in1));
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized("MUL", "input 1", in2));
  MINNOW_RETURN_IF_ERROR(CheckPerTensorQuantized("MUL", "output", out));
  if (out->type == DataType::kInt16 &&
      (in1->zero_point() != 0 || in2->zero_point() != 0 || out->zero_point() != 0)) {
    // The int16 product of offset values could overflow int32.
    return InvalidArgument("MUL: int16 tensors must have zero point 0, got ", in1->zero_point(),
                           ", ", in2->zero_point(), " and ", out->zero_point());
  }
  data->quantized = true;
  data->input1_offset = -in1->zero_point();
  data->input2_offset = -in2->zero_point();
  data->output_offset = out->zero_point();
  // Float arithmetic on purpose: TensorFlow Lite computes this product and
  // quotient of float scales in float.
  const float real_multiplier = in1->scale() * in2->scale() / out->scale();
  quant::QuantizeMultiplier(static_cast<double>(real_multiplier), &data->output_multiplier,
                            &data->output_shift);
  return quant::ActivationRangeQuantized(activation, out->type, out->scale(), out->zero_point(),
                                         &data->act_min, &data->act_max)
      .WithPrefix("MUL");
}

Status PrepareMul(KernelContext& ctx) {
  const Tensor* in1 = nullptr;
  const Tensor* in2 = nullptr;
  Tensor* out = nullptr;
  MINNOW_RETURN_IF_ERROR(CheckBinaryInputs(ctx, "MUL", &in1, &in2, &out));
  if (out->type != in1->type) {
    if (in1->type == DataType::kInt16 &&
        (out->type == DataType::kInt8 || out->type == DataType::kUInt8)) {
      return Unimplemented("MUL: int16 inputs with ", DataTypeName(out->type),
                           " output are not supported");
    }
    return InvalidArgument("MUL: output type ", DataTypeName(out->type),
                           " does not match input type ", DataTypeName(in1->type));
  }

  MulOptions options;
  if (const auto* o = std::get_if<MulOptions>(&ctx.options())) options = *o;

  MulData* data = ctx.NewOpData<MulData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "MUL: out of memory");

  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(MakeBroadcastPlan(in1->shape, in2->shape, "MUL", &out_shape, &data->plan));

  switch (out->type) {
    case DataType::kFloat32:
    case DataType::kInt32:
    case DataType::kInt64:
      SetUnquantizedActivationRange(options.activation, out->type, data);
      break;
    case DataType::kInt8:
    case DataType::kUInt8:
      MINNOW_RETURN_IF_ERROR(PrepareQuantized(ctx, options.activation, data));
      break;
    case DataType::kInt16:
      if (IsQuantized(out)) {
        MINNOW_RETURN_IF_ERROR(PrepareQuantized(ctx, options.activation, data));
      } else {
        SetUnquantizedActivationRange(options.activation, out->type, data);
      }
      break;
    default:
      return Unimplemented("MUL: unsupported type ", DataTypeName(out->type));
  }
  data->fast = optimized::PrepareBinary(ctx, optimized::BinaryOp::kMul, out->type, *data);
  return ctx.ResizeOutput(0, out_shape);
}

// Two's-complement wrap-around product, as TensorFlow Lite's integer MUL.
template <typename T>
inline T WrappingMul(T a, T b) {
  using U = typename std::make_unsigned<T>::type;
  // Widen to at least unsigned int so uint16 operands do not promote to int.
  using W = typename std::conditional<(sizeof(U) < sizeof(unsigned)), unsigned, U>::type;
  return static_cast<T>(static_cast<U>(static_cast<W>(static_cast<U>(a)) *
                                       static_cast<W>(static_cast<U>(b))));
}

template <typename T>
void EvalQuantized(const MulData& d, const T* in1, const T* in2, T* out) {
  BroadcastBinary(d.plan, in1, in2, out, [&d](T a, T b) {
    const int32_t v1 = d.input1_offset + static_cast<int32_t>(a);
    const int32_t v2 = d.input2_offset + static_cast<int32_t>(b);
    const int32_t result =
        d.output_offset +
        quant::MultiplyByQuantizedMultiplier(v1 * v2, d.output_multiplier, d.output_shift);
    return static_cast<T>(std::min(d.act_max, std::max(d.act_min, result)));
  });
}

Status EvalMul(KernelContext& ctx) {
  const MulData& d = *ctx.user_data_as<MulData>();
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
                        return quant::ActivationClampFloat(a * b, d.f_min, d.f_max);
                      });
      return Status::Ok();
    case DataType::kInt32:
      BroadcastBinary(d.plan, in1->data_as<int32_t>(), in2->data_as<int32_t>(),
                      out->data_as<int32_t>(), [&d](int32_t a, int32_t b) {
                        return std::min(d.act_max, std::max(d.act_min, WrappingMul(a, b)));
                      });
      return Status::Ok();
    case DataType::kInt64:
      BroadcastBinary(d.plan, in1->data_as<int64_t>(), in2->data_as<int64_t>(),
                      out->data_as<int64_t>(), [&d](int64_t a, int64_t b) {
                        return std::min(d.act_max64, std::max(d.act_min64, WrappingMul(a, b)));
                      });
      return Status::Ok();
    case DataType::kInt8:
      EvalQuantized(d, in1->data_as<int8_t>(), in2->data_as<int8_t>(), out->data_as<int8_t>());
      return Status::Ok();
    case DataType::kUInt8:
      EvalQuantized(d, in1->data_as<uint8_t>(), in2->data_as<uint8_t>(), out->data_as<uint8_t>());
      return Status::Ok();
    case DataType::kInt16:
      if (d.quantized) {
        EvalQuantized(d, in1->data_as<int16_t>(), in2->data_as<int16_t>(),
                      out->data_as<int16_t>());
      } else {
        // Plain int16: the product wraps to int16, then the clamp.
        BroadcastBinary(d.plan, in1->data_as<int16_t>(), in2->data_as<int16_t>(),
                        out->data_as<int16_t>(), [&d](int16_t a, int16_t b) {
                          const int32_t r = WrappingMul(a, b);
                          return static_cast<int16_t>(std::min(d.act_max, std::max(d.act_min, r)));
                        });
      }
      return Status::Ok();
    default:
      return Unimplemented("MUL: unsupported type ", DataTypeName(out->type));
  }
}

}  // namespace

const KernelRegistration* RegisterMul() {
  static const KernelRegistration r{"MUL", PrepareMul, EvalMul, 1, 7};
  return &r;
}

}  // namespace minnow::kernels
