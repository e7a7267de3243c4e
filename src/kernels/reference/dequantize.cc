// DEQUANTIZE: uint8 / int8 / int16 (affine, per-tensor; uint8 / int8 also
// per-channel) and float16 to float32, as TensorFlow Lite's dequantize.cc:
// per-tensor x = (float)((double)scale * (q - zero_point)); per-channel
// x = scale[c] * (q - zero_point[c]) in float (the same value: the product
// is exact in double); float16 is widened exactly.
// Per-tensor inputs run the vector loop of an optimized kernel path
// (kernels/optimized/unary.h): the same double arithmetic, the same floats.
#include <cstdint>
#include <cstring>

#include "kernels/internal/per_channel_quant.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/unary.h"
#include "kernels/reference/registrations.h"

namespace minnow::kernels {
namespace {

struct DequantizeData {
  int64_t size = 0;
  double scale = 0.0;
  int32_t zero_point = 0;
  bool per_channel = false;
  PerChannelQuant channel;
  // Per-tensor on an optimized path: its vector loop.
  const optimized::IsaKernels* fast = nullptr;
  optimized::AffineQuant fast_quant;
};

// IEEE 754 binary16 -> binary32, exact for every input (subnormals are
// normalized, infinities kept, NaN payloads kept).
inline float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  uint32_t bits;
  if (exponent == 0x1Fu) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);  // rebias 15 -> 127
  } else if (mantissa == 0) {
    bits = sign;  // signed zero
  } else {
    // Subnormal: mantissa * 2^-24. Shift until the leading one reaches the
    // implicit-bit position (bit 10); each shift lowers the exponent by one.
    uint32_t e = 0;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      ++e;
    }
    bits = sign | ((113u - e) << 23) | ((mantissa & 0x3FFu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

Status PreparePerChannel(KernelContext& ctx, const Tensor* in, DequantizeData* data) {
  if (in->type != DataType::kInt8 && in->type != DataType::kUInt8) {
    return Unimplemented("DEQUANTIZE: per-channel ", DataTypeName(in->type),
                         " input is not supported");
  }
  // DEQUANTIZE has never validated scales; keep accepting what it accepted.
  MINNOW_RETURN_IF_ERROR(PreparePerChannelQuant(ctx, "DEQUANTIZE", "input", in->shape, in,
                                                /*check_scales=*/false, &data->channel));
  data->per_channel = true;
  return Status::Ok();
}

Status PrepareDequantize(KernelContext& ctx) {
  if (ctx.num_inputs() != 1) {
    return InvalidArgument("DEQUANTIZE: expected 1 input, got ", ctx.num_inputs());
  }
  if (ctx.num_outputs() != 1) {
    return InvalidArgument("DEQUANTIZE: expected 1 output, got ", ctx.num_outputs());
  }
  const Tensor* in = ctx.input(0);
  const Tensor* out = ctx.output(0);
  if (in == nullptr) return InvalidArgument("DEQUANTIZE: missing input");
  if (out == nullptr) return InvalidArgument("DEQUANTIZE: missing output");
  if (out->type != DataType::kFloat32) {
    return InvalidArgument("DEQUANTIZE: output must be FLOAT32, got ", DataTypeName(out->type));
  }
  DequantizeData* data = ctx.NewOpData<DequantizeData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "DEQUANTIZE: out of memory");
  data->size = in->num_elements();

  switch (in->type) {
    case DataType::kFloat16:
      break;
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kInt16:
      if (in->quant == nullptr || in->quant->empty()) {
        return InvalidArgument("DEQUANTIZE: input '", in->name,
                               "' has no quantization parameters");
      }
      if (in->quant->per_axis()) {
        MINNOW_RETURN_IF_ERROR(PreparePerChannel(ctx, in, data));
      } else {
        MINNOW_RETURN_IF_ERROR(CheckZeroPointInRange("DEQUANTIZE", "input", in, in->zero_point()));
        data->scale = static_cast<double>(in->scale());
        data->zero_point = in->zero_point();
        data->fast = optimized::ActiveKernels();
        data->fast_quant = {in->type, data->scale, data->zero_point};
      }
      break;
    default:
      return Unimplemented("DEQUANTIZE: unsupported input type ", DataTypeName(in->type));
  }
  return ctx.ResizeOutput(0, in->shape);
}

template <typename T>
void DequantizeAffine(const DequantizeData& d, const T* in, float* out) {
  if (!d.per_channel) {
    for (int64_t i = 0; i < d.size; ++i) {
      out[i] = static_cast<float>(d.scale * (static_cast<int32_t>(in[i]) - d.zero_point));
    }
    return;
  }
  d.channel.ForEach([&](int64_t i, float scale, int32_t zp) {
    out[i] = scale * static_cast<float>(static_cast<int32_t>(in[i]) - zp);
  });
}

Status EvalDequantize(KernelContext& ctx) {
  const DequantizeData& d = *ctx.user_data_as<DequantizeData>();
  const Tensor* in = ctx.input(0);
  float* out = ctx.output(0)->data_as<float>();
  if (d.fast != nullptr) {
    optimized::RunDequantize(ctx, *d.fast, d.fast_quant, in->data, out, d.size);
    return Status::Ok();
  }
  switch (in->type) {
    case DataType::kFloat16: {
      const uint16_t* h = in->data_as<uint16_t>();
      for (int64_t i = 0; i < d.size; ++i) out[i] = HalfToFloat(h[i]);
      return Status::Ok();
    }
    case DataType::kInt8:
      DequantizeAffine(d, in->data_as<int8_t>(), out);
      return Status::Ok();
    case DataType::kUInt8:
      DequantizeAffine(d, in->data_as<uint8_t>(), out);
      return Status::Ok();
    case DataType::kInt16:
      DequantizeAffine(d, in->data_as<int16_t>(), out);
      return Status::Ok();
    default:
      return Unimplemented("DEQUANTIZE: unsupported input type ", DataTypeName(in->type));
  }
}

}  // namespace

const KernelRegistration* RegisterDequantize() {
  static const KernelRegistration r{"DEQUANTIZE", PrepareDequantize, EvalDequantize, 1, 6};
  return &r;
}

}  // namespace minnow::kernels
