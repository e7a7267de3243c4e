#include "kernels/internal/conv_common.h"

#include <cmath>

#include "kernels/internal/padding.h"
#include "kernels/internal/quantization.h"

namespace minnow::kernels::conv {

Status RequireTensor(const char* op, const Tensor* t, const char* role) {
  if (t == nullptr) return InvalidArgument(op, ": missing ", role, " tensor");
  return Status::Ok();
}

Status RequireRank(const char* op, const Tensor* t, const char* role, int rank) {
  MINNOW_RETURN_IF_ERROR(RequireTensor(op, t, role));
  if (t->shape.rank() != rank) {
    return InvalidArgument(op, ": ", role, " must be ", rank, "-D, got rank ", t->shape.rank(),
                           " (shape ", t->shape.ToString(), ")");
  }
  return Status::Ok();
}

Status RequireQuantized(const char* op, const Tensor* t, const char* role) {
  MINNOW_RETURN_IF_ERROR(RequireTensor(op, t, role));
  if (t->quant == nullptr || t->quant->scales.empty()) {
    return InvalidArgument(op, ": ", DataTypeName(t->type), " ", role, " '", t->name,
                           "' has no quantization parameters");
  }
  for (float s : t->quant->scales) {
    if (!(s > 0.0f) || !std::isfinite(s)) {
      return InvalidArgument(op, ": ", role, " '", t->name, "' has invalid scale ", s);
    }
  }
  return Status::Ok();
}

Status RequireZeroPoints(const char* op, const Tensor* t, const char* role) {
  if (t->quant == nullptr) return Status::Ok();
  for (int64_t zp : t->quant->zero_points) {
    if (zp != 0) {
      return InvalidArgument(op, ": ", role, " '", t->name,
                             "' must be symmetrically quantized (zero point 0), got ", zp);
    }
  }
  return Status::Ok();
}

Status CheckFilterScales(const char* op, const Tensor* filter, int num_channels, int channel_dim) {
  const size_t count = filter->quant->scales.size();
  if (count == 1) return Status::Ok();
  if (count != static_cast<size_t>(num_channels)) {
    return InvalidArgument(op, ": filter '", filter->name, "' has ", count,
                           " per-channel scales, expected 1 or ", num_channels);
  }
  if (filter->quant->quantized_dimension != channel_dim) {
    return InvalidArgument(op, ": filter '", filter->name, "' is quantized along dimension ",
                           filter->quant->quantized_dimension, ", expected ", channel_dim);
  }
  const size_t zp_count = filter->quant->zero_points.size();
  if (zp_count != 0 && zp_count != 1 && zp_count != count) {
    return InvalidArgument(op, ": filter '", filter->name, "' has ", zp_count,
                           " zero points for ", count, " scales");
  }
  return Status::Ok();
}

void ComputePerChannelMultipliers(const Tensor* input, const Tensor* filter, const Tensor* output,
                                  int num_channels, ScaleProduct product, int32_t* multipliers,
                                  int32_t* shifts) {
  const std::vector<float>& scales = filter->quant->scales;
  const bool per_channel = scales.size() > 1;
  const double input_scale = static_cast<double>(input->scale());
  const double output_scale = static_cast<double>(output->scale());
  for (int c = 0; c < num_channels; ++c) {
    const float filter_scale = per_channel ? scales[c] : scales[0];
    const double input_product = product == ScaleProduct::kFloat
                                     ? static_cast<double>(input->scale() * filter_scale)
                                     : input_scale * static_cast<double>(filter_scale);
    const double effective_scale = input_product / output_scale;
    int shift = 0;
    quant::QuantizeMultiplier(effective_scale, &multipliers[c], &shift);
    shifts[c] = shift;
  }
}

Status CheckBias(const char* op, const Tensor* bias, DataType input_type, int num_channels) {
  if (bias == nullptr) return Status::Ok();
  switch (input_type) {
    case DataType::kFloat32:
      if (bias->type != DataType::kFloat32) {
        return InvalidArgument(op, ": bias must be FLOAT32 for FLOAT32 input, got ",
                               DataTypeName(bias->type));
      }
      break;
    case DataType::kInt8:
    case DataType::kUInt8:
      if (bias->type != DataType::kInt32) {
        return InvalidArgument(op, ": bias must be INT32 for ", DataTypeName(input_type),
                               " input, got ", DataTypeName(bias->type));
      }
      break;
    case DataType::kInt16:
      if (bias->type != DataType::kInt64 && bias->type != DataType::kInt32) {
        return InvalidArgument(op, ": bias must be INT64 or INT32 for INT16 input, got ",
                               DataTypeName(bias->type));
      }
      break;
    default:
      return Unimplemented(op, ": unsupported input type ", DataTypeName(input_type));
  }
  if (bias->num_elements() != num_channels) {
    return InvalidArgument(op, ": bias has ", bias->num_elements(), " elements (shape ",
                           bias->shape.ToString(), "), expected ", num_channels);
  }
  if (input_type != DataType::kFloat32 && bias->zero_point() != 0) {
    return InvalidArgument(op, ": bias zero point must be 0, got ", bias->zero_point());
  }
  return Status::Ok();
}

Status QuantizedActivationRange(const char* op, Activation activation, const Tensor* output,
                                int32_t* act_min, int32_t* act_max) {
  switch (activation) {
    case Activation::kNone:
    case Activation::kRelu:
    case Activation::kRelu6:
    case Activation::kReluN1To1:
      break;
    default:
      return Unimplemented(op, ": fused activation ", static_cast<int>(activation),
                           " is not supported");
  }
  Status s = quant::ActivationRangeQuantized(activation, output->type, output->scale(),
                                             output->zero_point(), act_min, act_max);
  if (!s.ok()) return s.WithPrefix(op);
  return Status::Ok();
}

Result<ConvOperands> ReadConvOperands(const char* op, KernelContext& ctx) {
  if (ctx.num_inputs() < 2 || ctx.num_inputs() > 3) {
    return InvalidArgument(op, ": expected 2 or 3 inputs, got ", ctx.num_inputs());
  }
  if (ctx.num_outputs() != 1) return InvalidArgument(op, ": expected 1 output, got ", ctx.num_outputs());
  ConvOperands ops;
  ops.input = ctx.input(0);
  ops.filter = ctx.input(1);
  ops.bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  ops.output = ctx.output(0);
  MINNOW_RETURN_IF_ERROR(RequireRank(op, ops.input, "input", 4));
  MINNOW_RETURN_IF_ERROR(RequireRank(op, ops.filter, "filter", 4));
  MINNOW_RETURN_IF_ERROR(RequireTensor(op, ops.output, "output"));

  // Types: input and output share a type; the filter matches it, except 16x8
  // and hybrid, which take int8 weights.
  ops.type = ops.input->type;
  if (ops.type != DataType::kFloat32 && ops.type != DataType::kInt8 && ops.type != DataType::kUInt8 &&
      ops.type != DataType::kInt16) {
    return Unimplemented(op, ": input type ", DataTypeName(ops.type), " is not supported");
  }
  if (ops.output->type != ops.type) {
    return InvalidArgument(op, ": output type ", DataTypeName(ops.output->type), " does not match input type ",
                           DataTypeName(ops.type));
  }
  ops.hybrid = ops.type == DataType::kFloat32 && ops.filter->type != DataType::kFloat32;
  if (ops.hybrid && ops.filter->type != DataType::kInt8) {
    return Unimplemented(op, ": hybrid (FLOAT32 input) with ", DataTypeName(ops.filter->type),
                         " filter is not supported (INT8 filters only)");
  }
  const DataType expected_filter = ops.type == DataType::kInt16 || ops.hybrid ? DataType::kInt8 : ops.type;
  if (ops.filter->type != expected_filter) {
    return Unimplemented(op, ": filter type ", DataTypeName(ops.filter->type), " with ", DataTypeName(ops.type),
                         " input is not supported (expected ", DataTypeName(expected_filter), ")");
  }
  return ops;
}

Status PlaceWindow(const char* op, Padding padding, int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                   int32_t dilation_w, const FusedPadding& fused, ConvGeometry* g) {
  if (stride_h <= 0 || stride_w <= 0) {
    return InvalidArgument(op, ": strides must be positive, got ", stride_h, "x", stride_w);
  }
  if (dilation_h <= 0 || dilation_w <= 0) {
    return InvalidArgument(op, ": dilation factors must be positive, got ", dilation_h, "x", dilation_w);
  }
  if (padding != Padding::kSame && padding != Padding::kValid) {
    return InvalidArgument(op, ": unknown padding ", static_cast<int>(padding));
  }
  if (fused.top < 0 || fused.bottom < 0 || fused.left < 0 || fused.right < 0) {
    return InvalidArgument(op, ": fused padding must be non-negative");
  }
  const int64_t padded_height = int64_t{g->input_height} + fused.top + fused.bottom;
  const int64_t padded_width = int64_t{g->input_width} + fused.left + fused.right;
  if (padded_height > INT32_MAX / 2 || padded_width > INT32_MAX / 2) {
    return InvalidArgument(op, ": padded input ", padded_height, "x", padded_width, " is too large");
  }
  const int32_t in_h = static_cast<int32_t>(padded_height), in_w = static_cast<int32_t>(padded_width);
  g->stride_height = stride_h;
  g->stride_width = stride_w;
  g->dilation_height = dilation_h;
  g->dilation_width = dilation_w;
  g->output_height = ComputeOutSize(padding, in_h, g->filter_height, stride_h, dilation_h);
  g->output_width = ComputeOutSize(padding, in_w, g->filter_width, stride_w, dilation_w);
  const WindowPadding pad = ComputeWindowPadding(stride_h, stride_w, dilation_h, dilation_w, in_h, in_w,
                                                 g->filter_height, g->filter_width, g->output_height,
                                                 g->output_width);
  g->pad_height = pad.height + fused.top;
  g->pad_width = pad.width + fused.left;
  return Status::Ok();
}

Status FloatActivationRange(const char* op, Activation activation, float* act_min, float* act_max) {
  if (activation != Activation::kNone && activation != Activation::kRelu && activation != Activation::kRelu6 &&
      activation != Activation::kReluN1To1) {
    return Unimplemented(op, ": fused activation ", static_cast<int>(activation), " is not supported");
  }
  quant::ActivationRangeFloat(activation, act_min, act_max);
  return Status::Ok();
}

Status PrepareQuantized(const char* op, KernelContext& ctx, const ConvOperands& ops, int num_channels,
                        int channel_dim, Activation activation, QuantizedParams* q) {
  MINNOW_RETURN_IF_ERROR(RequireQuantized(op, ops.input, "input"));
  MINNOW_RETURN_IF_ERROR(RequireQuantized(op, ops.filter, "filter"));
  MINNOW_RETURN_IF_ERROR(RequireQuantized(op, ops.output, "output"));
  MINNOW_RETURN_IF_ERROR(CheckFilterScales(op, ops.filter, num_channels, channel_dim));
  if (ops.type == DataType::kUInt8) {
    if (ops.filter->quant->per_axis()) {
      return Unimplemented(op, ": per-channel quantization requires INT8/INT16 input, got UINT8");
    }
    q->filter_offset = -ops.filter->zero_point();
  } else {
    MINNOW_RETURN_IF_ERROR(RequireZeroPoints(op, ops.filter, "filter"));
  }
  if (ops.type == DataType::kInt16) {
    // TensorFlow Lite's 16x8 kernels apply no input/output offsets.
    MINNOW_RETURN_IF_ERROR(RequireZeroPoints(op, ops.input, "input"));
    MINNOW_RETURN_IF_ERROR(RequireZeroPoints(op, ops.output, "output"));
  }
  q->input_offset = -ops.input->zero_point();
  q->output_offset = ops.output->zero_point();
  q->multipliers = ctx.AllocatePersistentArray<int32_t>(static_cast<size_t>(num_channels));
  q->shifts = ctx.AllocatePersistentArray<int32_t>(static_cast<size_t>(num_channels));
  if (q->multipliers == nullptr || q->shifts == nullptr) {
    return Status(StatusCode::kResourceExhausted, StrCat(op, ": out of memory"));
  }
  ComputePerChannelMultipliers(ops.input, ops.filter, ops.output, num_channels,
                               ops.type == DataType::kUInt8 ? ScaleProduct::kFloat : ScaleProduct::kDouble,
                               q->multipliers, q->shifts);
  return QuantizedActivationRange(op, activation, ops.output, &q->act_min, &q->act_max);
}

}  // namespace minnow::kernels::conv
