// DEPTHWISE_CONV_2D: float32; int8 with per-channel int8 weights (quantized
// dimension 3); uint8 with per-tensor uint8 weights (any filter zero point);
// int16 activations with int8 weights and int64 bias (16x8). The filter is
// [1, H, W, input_depth * depth_multiplier]; like TensorFlow Lite, the depth
// multiplier is derived from the shapes, not from the options.
//
// Hybrid (dynamic-range) path: float32 input and output with int8 weights;
// see PrepareHybrid / EvalHybrid.
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

#include "kernels/internal/conv_common.h"
#include "kernels/internal/hybrid.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/depthwise.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "DEPTHWISE_CONV_2D";

struct OpData {
  conv::ConvGeometry geo;
  int32_t depth_multiplier = 1;
  conv::QuantizedParams q;  // quantized paths
  float float_act_min = 0.0f;
  float float_act_max = 0.0f;
  // Hybrid path (float input, int8 weights).
  bool hybrid = false;
  float* channel_scales = nullptr;  // per output channel
  int scratch_index = -1;
  // The optimized kernel's plan when the active kernel path has one for this
  // node (float32, int8, uint8 or 16x8 with constant weights).
  optimized::F32Depthwise* f32_fast = nullptr;
  optimized::Q8Depthwise* q8_fast = nullptr;
  optimized::Q16Depthwise* q16_fast = nullptr;
};

// For every output element (output channel oc = in_channel * multiplier + m),
// accumulate input channel in_channel against filter column oc over the
// window, add the bias, and let `finish(acc, oc)` produce the output value.
template <typename In, typename Filter, typename Acc, typename Bias, typename Out, typename Finish>
void DepthwiseLoop(const OpData& d, const In* input, const Filter* filter, const Bias* bias,
                   Out* output, int32_t input_offset, int32_t filter_offset, Finish finish) {
  const conv::ConvGeometry& g = d.geo;
  const int64_t in_row = static_cast<int64_t>(g.input_width) * g.input_depth;
  const int64_t in_batch = static_cast<int64_t>(g.input_height) * in_row;
  const int64_t filter_row = static_cast<int64_t>(g.filter_width) * g.output_depth;
  int64_t out_index = 0;
  for (int b = 0; b < g.batches; ++b) {
    const In* input_batch = input + b * in_batch;
    for (int out_y = 0; out_y < g.output_height; ++out_y) {
      const int in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int out_x = 0; out_x < g.output_width; ++out_x) {
        const int in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int ic = 0; ic < g.input_depth; ++ic) {
          for (int m = 0; m < d.depth_multiplier; ++m) {
            const int oc = ic * d.depth_multiplier + m;
            Acc acc = 0;
            for (int fy = 0; fy < g.filter_height; ++fy) {
              const int in_y = in_y_origin + g.dilation_height * fy;
              if (in_y < 0 || in_y >= g.input_height) continue;
              for (int fx = 0; fx < g.filter_width; ++fx) {
                const int in_x = in_x_origin + g.dilation_width * fx;
                if (in_x < 0 || in_x >= g.input_width) continue;
                const In x = input_batch[in_y * in_row + static_cast<int64_t>(in_x) * g.input_depth + ic];
                const Filter f = filter[fy * filter_row + static_cast<int64_t>(fx) * g.output_depth + oc];
                if constexpr (std::is_floating_point<Acc>::value) {
                  acc += x * f;
                } else {
                  acc = quant::WrappingAdd<Acc>(
                      acc, static_cast<int32_t>(f + filter_offset) * static_cast<int32_t>(x + input_offset));
                }
              }
            }
            if (bias != nullptr) {
            if constexpr (std::is_integral<Acc>::value) {
              acc = quant::WrappingAdd<Acc>(acc, static_cast<Acc>(bias[oc]));
            } else {
              acc += bias[oc];
            }
          }
            output[out_index + oc] = finish(acc, oc);
          }
        }
        out_index += g.output_depth;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Hybrid path, as TensorFlow Lite's EvalHybridPerChannel computes it on x86
// (optimized DepthwiseConvHybridGeneral): every batch of the input is quantized
// asymmetrically (scale s[b], zero point zp[b]), acc = sum f * (q - zp[b]) over
// the window (padding contributes nothing), and
//   out = (float(acc) * s[b]) * w_scale[oc] + bias[oc]
// (multiplied in that order), then the fused clamp.

Status PrepareHybrid(KernelContext& ctx, const Tensor* input, const Tensor* filter, OpData* data) {
  MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, filter, "filter"));
  const conv::ConvGeometry& g = data->geo;
  MINNOW_RETURN_IF_ERROR(conv::CheckFilterScales(kOp, filter, g.output_depth, 3));
  data->hybrid = true;
  data->channel_scales = ctx.AllocatePersistentArray<float>(g.output_depth);
  if (data->channel_scales == nullptr) {
    return Status(StatusCode::kResourceExhausted, "DEPTHWISE_CONV_2D: out of memory");
  }
  // A single scale is broadcast to every channel.
  const std::vector<float>& scales = filter->quant->scales;
  for (int32_t c = 0; c < g.output_depth; ++c) {
    data->channel_scales[c] = scales.size() == 1 ? scales[0] : scales[c];
  }
  return ctx.RequestScratch(hybrid::InputScratchBytes(g.batches, input->num_elements()),
                            &data->scratch_index);
}

Status EvalHybrid(KernelContext& ctx, const OpData& d) {
  const Tensor* input = ctx.input(0);
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  const float* bias_data = bias ? bias->data_as<float>() : nullptr;
  const int8_t* filter = ctx.input(1)->data_as<int8_t>();
  float* output = ctx.output(0)->data_as<float>();
  const conv::ConvGeometry& g = d.geo;
  const int64_t in_row = static_cast<int64_t>(g.input_width) * g.input_depth;
  const int64_t in_batch = static_cast<int64_t>(g.input_height) * in_row;
  const int64_t filter_row = static_cast<int64_t>(g.filter_width) * g.output_depth;

  const hybrid::InputScratch s = hybrid::CarveInputScratch(ctx.scratch(d.scratch_index), g.batches);
  if (g.batches > 0) {
    hybrid::QuantizeRows(input->data_as<float>(), g.batches, input->num_elements() / g.batches,
                         /*asymmetric=*/true, s);
  }
  int64_t out_index = 0;
  for (int b = 0; b < g.batches; ++b) {
    const int8_t* input_batch = s.values + b * in_batch;
    const int32_t zero_point = s.offsets[b];
    const float input_scale = s.scales[b];
    for (int out_y = 0; out_y < g.output_height; ++out_y) {
      const int in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int out_x = 0; out_x < g.output_width; ++out_x) {
        const int in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int ic = 0; ic < g.input_depth; ++ic) {
          for (int m = 0; m < d.depth_multiplier; ++m) {
            const int oc = ic * d.depth_multiplier + m;
            int32_t acc = 0;
            for (int fy = 0; fy < g.filter_height; ++fy) {
              const int in_y = in_y_origin + g.dilation_height * fy;
              if (in_y < 0 || in_y >= g.input_height) continue;
              for (int fx = 0; fx < g.filter_width; ++fx) {
                const int in_x = in_x_origin + g.dilation_width * fx;
                if (in_x < 0 || in_x >= g.input_width) continue;
                const int32_t x = input_batch[in_y * in_row + static_cast<int64_t>(in_x) * g.input_depth + ic];
                const int32_t f = filter[fy * filter_row + static_cast<int64_t>(fx) * g.output_depth + oc];
                acc += f * (x - zero_point);
              }
            }
            float v = static_cast<float>(acc) * input_scale * d.channel_scales[oc];
            if (bias_data != nullptr) v += bias_data[oc];
            output[out_index + oc] = quant::ActivationClampFloat(v, d.float_act_min, d.float_act_max);
          }
        }
        out_index += g.output_depth;
      }
    }
  }
  return Status::Ok();
}

// Plans the optimized kernel for the active kernel path; leaves the plans
// null, and the reference loop in charge, where it does not apply.
void PrepareOptimized(KernelContext& ctx, const conv::ConvOperands& ops, OpData* data) {
  const optimized::IsaKernels* isa = optimized::ActiveKernels();
  const bool constant_operands =
      ops.filter->is_constant() && (ops.bias == nullptr || ops.bias->is_constant());
  if (isa == nullptr || !constant_operands) return;
  const conv::ConvGeometry& g = data->geo;
  if (ops.type == DataType::kFloat32) {
    data->f32_fast = optimized::PrepareF32Depthwise(
        ctx, isa, g, ops.filter->data_as<float>(), ops.bias ? ops.bias->data_as<float>() : nullptr,
        data->float_act_min, data->float_act_max);
  } else if (ops.type == DataType::kInt8 || ops.type == DataType::kUInt8) {
    optimized::Q8DepthwiseSpec spec;
    spec.weights = static_cast<const uint8_t*>(ops.filter->data);
    spec.unsigned_types = ops.type == DataType::kUInt8;
    spec.filter_offset = data->q.filter_offset;
    spec.input_offset = data->q.input_offset;
    spec.bias = ops.bias ? ops.bias->data_as<int32_t>() : nullptr;
    spec.multipliers = data->q.multipliers;
    spec.shifts = data->q.shifts;
    spec.output_zero = data->q.output_offset;
    spec.act_min = data->q.act_min;
    spec.act_max = data->q.act_max;
    data->q8_fast = optimized::PrepareQ8Depthwise(ctx, isa, g, spec);
  } else if (ops.type == DataType::kInt16) {
    optimized::Q16DepthwiseSpec spec;
    spec.weights = ops.filter->data_as<int8_t>();
    spec.bias = ops.bias ? ops.bias->data_as<int64_t>() : nullptr;
    spec.multipliers = data->q.multipliers;
    spec.shifts = data->q.shifts;
    spec.act_min = data->q.act_min;
    spec.act_max = data->q.act_max;
    data->q16_fast = optimized::PrepareQ16Depthwise(ctx, isa, g, spec);
  }
}

Status Prepare(KernelContext& ctx) {
  Result<conv::ConvOperands> operands = conv::ReadConvOperands(kOp, ctx);
  if (!operands.ok()) return operands.status();
  const conv::ConvOperands& ops = operands.value();
  const Tensor* input = ops.input;
  const Tensor* filter = ops.filter;
  const Tensor* bias = ops.bias;
  const DataType type = ops.type;
  const bool hybrid = ops.hybrid;
  DepthwiseConv2DOptions options;
  if (const auto* o = std::get_if<DepthwiseConv2DOptions>(&ctx.options())) options = *o;

  conv::ConvGeometry g;
  g.batches = input->shape.dim(0);
  g.input_height = input->shape.dim(1);
  g.input_width = input->shape.dim(2);
  g.input_depth = input->shape.dim(3);
  g.filter_height = filter->shape.dim(1);
  g.filter_width = filter->shape.dim(2);
  g.output_depth = filter->shape.dim(3);
  if (filter->shape.dim(0) != 1) {
    return InvalidArgument(kOp, ": filter must have shape [1, H, W, C], got ",
                           filter->shape.ToString());
  }
  if (g.filter_height <= 0 || g.filter_width <= 0 || g.output_depth <= 0) {
    return InvalidArgument(kOp, ": filter dimensions must be positive, got ",
                           filter->shape.ToString());
  }
  if (g.input_depth <= 0 || g.output_depth % g.input_depth != 0) {
    return InvalidArgument(kOp, ": filter channels ", g.output_depth,
                           " are not a multiple of input channels ", g.input_depth);
  }
  MINNOW_RETURN_IF_ERROR(conv::PlaceWindow(kOp, options.padding, options.stride_h, options.stride_w,
                                           options.dilation_h, options.dilation_w, options.fused_padding, &g));

  MINNOW_RETURN_IF_ERROR(conv::CheckBias(kOp, bias, type, g.output_depth));
  if (type == DataType::kInt16 && bias != nullptr && bias->type != DataType::kInt64) {
    return InvalidArgument(kOp, ": bias must be INT64 for INT16 input, got ",
                           DataTypeName(bias->type));
  }

  OpData* data = ctx.NewOpData<OpData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "DEPTHWISE_CONV_2D: out of memory");
  data->geo = g;
  data->depth_multiplier = g.output_depth / g.input_depth;

  if (type == DataType::kFloat32) {
    MINNOW_RETURN_IF_ERROR(
        conv::FloatActivationRange(kOp, options.activation, &data->float_act_min, &data->float_act_max));
    if (hybrid) MINNOW_RETURN_IF_ERROR(PrepareHybrid(ctx, input, filter, data));
  } else {
    MINNOW_RETURN_IF_ERROR(
        conv::PrepareQuantized(kOp, ctx, ops, g.output_depth, /*channel_dim=*/3, options.activation, &data->q));
  }
  if (!hybrid) PrepareOptimized(ctx, ops, data);
  return ctx.ResizeOutput(0, Shape{g.batches, g.output_height, g.output_width, g.output_depth});
}

Status Eval(KernelContext& ctx) {
  const OpData& d = *ctx.user_data_as<OpData>();
  const Tensor* input = ctx.input(0);
  const Tensor* filter = ctx.input(1);
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  Tensor* output = ctx.output(0);
  if (d.f32_fast != nullptr) {
    optimized::RunF32Depthwise(ctx, *d.f32_fast, input->data_as<float>(), output->data_as<float>());
    return Status::Ok();
  }
  if (d.q8_fast != nullptr) {
    optimized::RunQ8Depthwise(ctx, *d.q8_fast, input->data, output->data);
    return Status::Ok();
  }
  if (d.q16_fast != nullptr) {
    optimized::RunQ16Depthwise(ctx, *d.q16_fast, input->data_as<int16_t>(), output->data_as<int16_t>());
    return Status::Ok();
  }

  switch (input->type) {
    case DataType::kFloat32: {
      if (d.hybrid) return EvalHybrid(ctx, d);
      const float lo = d.float_act_min, hi = d.float_act_max;
      DepthwiseLoop<float, float, float>(
          d, input->data_as<float>(), filter->data_as<float>(),
          bias ? bias->data_as<float>() : nullptr, output->data_as<float>(), 0, 0,
          [lo, hi](float acc, int) { return quant::ActivationClampFloat(acc, lo, hi); });
      return Status::Ok();
    }
    case DataType::kInt8:
    case DataType::kUInt8: {
      const auto finish = [&d](int32_t acc, int oc) {
        int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.q.multipliers[oc], d.q.shifts[oc]);
        v += d.q.output_offset;
        return std::min(std::max(v, d.q.act_min), d.q.act_max);
      };
      const int32_t* b = bias ? bias->data_as<int32_t>() : nullptr;
      if (input->type == DataType::kInt8) {
        DepthwiseLoop<int8_t, int8_t, int32_t>(
            d, input->data_as<int8_t>(), filter->data_as<int8_t>(), b, output->data_as<int8_t>(),
            d.q.input_offset, 0,
            [&](int32_t acc, int oc) { return static_cast<int8_t>(finish(acc, oc)); });
      } else {
        DepthwiseLoop<uint8_t, uint8_t, int32_t>(
            d, input->data_as<uint8_t>(), filter->data_as<uint8_t>(), b,
            output->data_as<uint8_t>(), d.q.input_offset, d.q.filter_offset,
            [&](int32_t acc, int oc) { return static_cast<uint8_t>(finish(acc, oc)); });
      }
      return Status::Ok();
    }
    case DataType::kInt16: {
      const auto finish = [&d](int64_t acc, int oc) {
        const int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.q.multipliers[oc], d.q.shifts[oc]);
        return static_cast<int16_t>(std::min(std::max(v, d.q.act_min), d.q.act_max));
      };
      DepthwiseLoop<int16_t, int8_t, int64_t>(d, input->data_as<int16_t>(),
                                              filter->data_as<int8_t>(),
                                              bias ? bias->data_as<int64_t>() : nullptr,
                                              output->data_as<int16_t>(), 0, 0, finish);
      return Status::Ok();
    }
    default:
      return Unimplemented(kOp, ": input type ", DataTypeName(input->type), " is not supported");
  }
}

}  // namespace

const KernelRegistration* RegisterDepthwiseConv2D() {
  static const KernelRegistration r{"DEPTHWISE_CONV_2D", Prepare, Eval, 1, 7};
  return &r;
}

}  // namespace minnow::kernels
