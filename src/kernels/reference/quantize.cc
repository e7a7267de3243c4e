// QUANTIZE: float32 -> int8 / uint8 / int16 (per-tensor or per-channel), and
// requantization between integer types, as TensorFlow Lite's quantize.cc
// (its default, "generic optimized" kernel):
//  * per-tensor float: q = round(x / (double)scale) + zero_point, clamped;
//    the division is in double (the reference kernel would divide in float).
//  * per-channel float: q = round(x / scale[c]) + zero_point[c], in float.
//  * requantize: (q - zp_in) * M + zp_out with M = scale_in / scale_out
//    computed in double, applied with TensorFlow Lite's fixed-point multiply;
//    between 8-bit types tabulated per input byte at prepare.
// Per-tensor float input runs the vector loop of an optimized kernel path
// (kernels/optimized/unary.h): the same double arithmetic, the same bytes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/internal/per_channel_quant.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/unary.h"
#include "kernels/reference/registrations.h"

namespace minnow::kernels {
namespace {

struct QuantizeData {
  int64_t size = 0;
  // float -> int, per tensor
  double scale = 0.0;
  int32_t zero_point = 0;
  // float -> int, per channel
  bool per_channel = false;
  PerChannelQuant channel;
  // requantize
  int32_t input_zero_point = 0;
  int32_t output_multiplier = 0;
  int output_shift = 0;
  uint8_t* byte_table = nullptr;  // 8-bit to 8-bit: the output byte of each input byte
  // The table adds one constant to every byte (same scale, zero points apart
  // without clamping, e.g. uint8 input to int8): eval adds it, vectorized.
  bool byte_shift_only = false;
  uint8_t byte_shift = 0;
  // Per-tensor float32 input on an optimized path: its vector loop.
  const optimized::IsaKernels* fast = nullptr;
  optimized::AffineQuant fast_quant;
};

bool IsEightBit(DataType t) { return t == DataType::kInt8 || t == DataType::kUInt8; }

bool IsOutputTypeFor(DataType in, DataType out) {
  switch (in) {
    case DataType::kFloat32:
      return out == DataType::kUInt8 || out == DataType::kInt8 || out == DataType::kInt16;
    case DataType::kInt16:
      return out == DataType::kInt8 || out == DataType::kInt16 || out == DataType::kInt32;
    case DataType::kInt32:
      return out == DataType::kInt8 || out == DataType::kInt16;
    case DataType::kInt8:
    case DataType::kUInt8:
      return out == DataType::kInt8 || out == DataType::kUInt8;
    default:
      return false;
  }
}

Status CheckScale(const char* what, const Tensor* t, float scale) {
  if (!(scale > 0.0f) || !std::isfinite(scale)) {
    return InvalidArgument("QUANTIZE: ", what, " '", t->name, "' has invalid scale ", scale);
  }
  return Status::Ok();
}

Status CheckZeroPoint(const char* what, const Tensor* t, int64_t zp) {
  return CheckZeroPointInRange("QUANTIZE", what, t, zp);
}

Status TabulateBytes(KernelContext& ctx, DataType in, DataType out, QuantizeData* data);

Status PrepareQuantize(KernelContext& ctx) {
  if (ctx.num_inputs() != 1) {
    return InvalidArgument("QUANTIZE: expected 1 input, got ", ctx.num_inputs());
  }
  if (ctx.num_outputs() != 1) {
    return InvalidArgument("QUANTIZE: expected 1 output, got ", ctx.num_outputs());
  }
  const Tensor* in = ctx.input(0);
  const Tensor* out = ctx.output(0);
  if (in == nullptr) return InvalidArgument("QUANTIZE: missing input");
  if (out == nullptr) return InvalidArgument("QUANTIZE: missing output");
  if (out->quant == nullptr || out->quant->empty()) {
    return InvalidArgument("QUANTIZE: output '", out->name, "' has no quantization parameters");
  }
  if (!IsOutputTypeFor(in->type, out->type)) {
    return Unimplemented("QUANTIZE: ", DataTypeName(in->type), " input with ",
                         DataTypeName(out->type), " output is not supported");
  }
  QuantizeData* data = ctx.NewOpData<QuantizeData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "QUANTIZE: out of memory");
  data->size = in->num_elements();

  if (in->type == DataType::kFloat32) {
    if (out->quant->per_axis()) {
      MINNOW_RETURN_IF_ERROR(PreparePerChannelQuant(ctx, "QUANTIZE", "output", in->shape, out,
                                                    /*check_scales=*/true, &data->channel));
      data->per_channel = true;
    } else {
      MINNOW_RETURN_IF_ERROR(CheckScale("output", out, out->scale()));
      MINNOW_RETURN_IF_ERROR(CheckZeroPoint("output", out, out->zero_point()));
      data->scale = static_cast<double>(out->scale());
      data->zero_point = out->zero_point();
      data->fast = optimized::ActiveKernels();
      data->fast_quant = {out->type, data->scale, data->zero_point};
    }
  } else {
    if (in->quant == nullptr || in->quant->empty()) {
      return InvalidArgument("QUANTIZE: input '", in->name, "' has no quantization parameters");
    }
    if (in->quant->per_axis() || out->quant->per_axis()) {
      return Unimplemented("QUANTIZE: per-channel requantization is not supported");
    }
    MINNOW_RETURN_IF_ERROR(CheckScale("input", in, in->scale()));
    MINNOW_RETURN_IF_ERROR(CheckScale("output", out, out->scale()));
    if (in->type != DataType::kInt32) {
      MINNOW_RETURN_IF_ERROR(CheckZeroPoint("input", in, in->zero_point()));
    }
    if (out->type != DataType::kInt32) {
      MINNOW_RETURN_IF_ERROR(CheckZeroPoint("output", out, out->zero_point()));
    }
    if (in->type == DataType::kInt16 && out->type == DataType::kInt16 &&
        (in->zero_point() != 0 || out->zero_point() != 0)) {
      return InvalidArgument("QUANTIZE: int16 to int16 needs zero points 0, got ",
                             in->zero_point(), " and ", out->zero_point());
    }
    const double effective_scale =
        static_cast<double>(in->scale()) / static_cast<double>(out->scale());
    quant::QuantizeMultiplier(effective_scale, &data->output_multiplier, &data->output_shift);
    data->input_zero_point = in->zero_point();
    data->zero_point = out->zero_point();
    if (IsEightBit(in->type) && IsEightBit(out->type)) {
      MINNOW_RETURN_IF_ERROR(TabulateBytes(ctx, in->type, out->type, data));
    }
  }
  return ctx.ResizeOutput(0, in->shape);
}

// q + zero_point with two's-complement wrap, then clamp to T.
template <typename T>
inline T AddZeroPointAndClamp(int32_t q, int32_t zero_point) {
  const int32_t v =
      static_cast<int32_t>(static_cast<uint32_t>(q) + static_cast<uint32_t>(zero_point));
  const int32_t lo = std::numeric_limits<T>::min();
  const int32_t hi = std::numeric_limits<T>::max();
  return static_cast<T>(std::min(std::max(v, lo), hi));
}

// static_cast<int32_t>(std::round(q)) the way x86 converts it (what
// TensorFlow Lite's reference outputs were produced with): NaN and values
// outside int32 become INT32_MIN instead of undefined behaviour. Without the
// library call to round (baseline x86-64 has no rounding instruction; the
// call was most of QUANTIZE's time): q truncated through int64, then moved a
// step away from zero when its fraction, exact in q's own precision, is at
// least a half; |q| >= 2^62 rounds out of int32 range anyway.
template <typename F>
inline int32_t RoundToInt32LikeX86(F q) {
  constexpr F kLimit = static_cast<F>(int64_t{1} << 62);
  if (!(q > -kLimit && q < kLimit)) return std::numeric_limits<int32_t>::min();
  int64_t t = static_cast<int64_t>(q);
  const F fraction = q - static_cast<F>(t);
  if (fraction >= static_cast<F>(0.5)) {
    ++t;
  } else if (fraction <= static_cast<F>(-0.5)) {
    --t;
  }
  return t >= std::numeric_limits<int32_t>::min() && t <= std::numeric_limits<int32_t>::max()
             ? static_cast<int32_t>(t)
             : std::numeric_limits<int32_t>::min();
}

template <typename T>
void QuantizeFloat(const QuantizeData& d, const float* in, T* out) {
  if (!d.per_channel) {
    for (int64_t i = 0; i < d.size; ++i) {
      out[i] = AddZeroPointAndClamp<T>(RoundToInt32LikeX86(static_cast<double>(in[i]) / d.scale), d.zero_point);
    }
    return;
  }
  d.channel.ForEach([&](int64_t i, float scale, int32_t zp) {
    out[i] = AddZeroPointAndClamp<T>(RoundToInt32LikeX86(in[i] / scale), zp);
  });
}

template <typename In, typename Out>
void Requantize(const QuantizeData& d, const In* in, Out* out) {
  const int32_t lo = std::numeric_limits<Out>::min();
  const int32_t hi = std::numeric_limits<Out>::max();
  for (int64_t i = 0; i < d.size; ++i) {
    const int32_t centered = static_cast<int32_t>(static_cast<uint32_t>(in[i]) -
                                                  static_cast<uint32_t>(d.input_zero_point));
    const int32_t scaled =
        quant::MultiplyByQuantizedMultiplier(centered, d.output_multiplier, d.output_shift);
    const int32_t v =
        static_cast<int32_t>(static_cast<uint32_t>(scaled) + static_cast<uint32_t>(d.zero_point));
    out[i] = static_cast<Out>(std::max(std::min(v, hi), lo));
  }
}

// Requantizes all 256 input bytes once; eval then looks each element up.
Status TabulateBytes(KernelContext& ctx, DataType in, DataType out, QuantizeData* data) {
  data->byte_table = ctx.AllocatePersistentArray<uint8_t>(256);
  if (data->byte_table == nullptr) {
    return Status(StatusCode::kResourceExhausted, "QUANTIZE: out of memory");
  }
  QuantizeData all_bytes = *data;
  all_bytes.size = 256;
  uint8_t inputs[256];
  for (int i = 0; i < 256; ++i) inputs[i] = static_cast<uint8_t>(i);
  auto tabulate = [&](auto in_element, auto out_element) {
    Requantize(all_bytes, reinterpret_cast<const decltype(in_element)*>(inputs),
               reinterpret_cast<decltype(out_element)*>(data->byte_table));
  };
  const bool signed_in = in == DataType::kInt8, signed_out = out == DataType::kInt8;
  if (signed_in && signed_out) tabulate(int8_t{}, int8_t{});
  if (signed_in && !signed_out) tabulate(int8_t{}, uint8_t{});
  if (!signed_in && signed_out) tabulate(uint8_t{}, int8_t{});
  if (!signed_in && !signed_out) tabulate(uint8_t{}, uint8_t{});
  data->byte_shift = data->byte_table[0];
  data->byte_shift_only = true;
  for (int i = 0; i < 256; ++i) {
    if (data->byte_table[i] != static_cast<uint8_t>(i + data->byte_shift)) data->byte_shift_only = false;
  }
  return Status::Ok();
}

template <typename In>
Status RequantizeTo(const QuantizeData& d, const In* in, Tensor* out) {
  switch (out->type) {
    case DataType::kInt8:
      Requantize(d, in, out->data_as<int8_t>());
      return Status::Ok();
    case DataType::kUInt8:
      Requantize(d, in, out->data_as<uint8_t>());
      return Status::Ok();
    case DataType::kInt16:
      Requantize(d, in, out->data_as<int16_t>());
      return Status::Ok();
    case DataType::kInt32:
      Requantize(d, in, out->data_as<int32_t>());
      return Status::Ok();
    default:
      return Unimplemented("QUANTIZE: unsupported output type ", DataTypeName(out->type));
  }
}

Status EvalQuantize(KernelContext& ctx) {
  const QuantizeData& d = *ctx.user_data_as<QuantizeData>();
  const Tensor* in = ctx.input(0);
  Tensor* out = ctx.output(0);
  if (d.byte_table != nullptr) {
    const uint8_t* from = static_cast<const uint8_t*>(in->data);
    uint8_t* to = static_cast<uint8_t*>(out->data);
    if (d.byte_shift_only) {
      const uint8_t shift = d.byte_shift;
      for (int64_t i = 0; i < d.size; ++i) to[i] = static_cast<uint8_t>(from[i] + shift);
    } else {
      for (int64_t i = 0; i < d.size; ++i) to[i] = d.byte_table[from[i]];
    }
    return Status::Ok();
  }
  if (d.fast != nullptr) {
    optimized::RunQuantize(ctx, *d.fast, d.fast_quant, in->data_as<float>(), out->data, d.size);
    return Status::Ok();
  }
  switch (in->type) {
    case DataType::kFloat32:
      switch (out->type) {
        case DataType::kInt8:
          QuantizeFloat(d, in->data_as<float>(), out->data_as<int8_t>());
          return Status::Ok();
        case DataType::kUInt8:
          QuantizeFloat(d, in->data_as<float>(), out->data_as<uint8_t>());
          return Status::Ok();
        case DataType::kInt16:
          QuantizeFloat(d, in->data_as<float>(), out->data_as<int16_t>());
          return Status::Ok();
        default:
          break;
      }
      break;
    case DataType::kInt8:
      return RequantizeTo(d, in->data_as<int8_t>(), out);
    case DataType::kUInt8:
      return RequantizeTo(d, in->data_as<uint8_t>(), out);
    case DataType::kInt16:
      return RequantizeTo(d, in->data_as<int16_t>(), out);
    case DataType::kInt32:
      return RequantizeTo(d, in->data_as<int32_t>(), out);
    default:
      break;
  }
  return Unimplemented("QUANTIZE: ", DataTypeName(in->type), " input with ",
                       DataTypeName(out->type), " output is not supported");
}

}  // namespace

const KernelRegistration* RegisterQuantize() {
  static const KernelRegistration r{"QUANTIZE", PrepareQuantize, EvalQuantize, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
