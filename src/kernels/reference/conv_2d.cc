// CONV_2D: float32; int8 with per-channel int8 weights; uint8 with per-tensor
// uint8 weights (any filter zero point); int16 activations with int8 weights
// (16x8, int64 accumulator). Grouped convolution when the input depth is a
// multiple of the filter's input depth. Integer arithmetic reproduces what
// TensorFlow Lite's builtin kernel computes on x86: uint8 and 16x8 as its
// reference kernels (reference_ops::Conv, reference_integer_ops::ConvPerChannel),
// int8 with the same accumulation but ruy's requantization rounding (see
// RuyMultiplyByQuantizedMultiplier), except grouped int8 convolutions, which
// TensorFlow Lite runs on its reference kernel.
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
#include "kernels/optimized/dot_conv.h"
#include "kernels/optimized/gemm.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "CONV_2D";

struct OpData {
  conv::ConvGeometry geo;
  int32_t filter_input_depth = 0;  // filter dim 3; input_depth / groups
  int32_t filters_per_group = 0;
  // Quantized paths (uint8's single multiplier is broadcast to every channel,
  // the same value TensorFlow Lite uses).
  conv::QuantizedParams q;
  bool ruy_rounding = false;  // requantize with RuyMultiplyByQuantizedMultiplier
  float float_act_min = 0.0f;
  float float_act_max = 0.0f;
  // Hybrid path (float input, int8 weights).
  bool hybrid = false;
  bool hybrid_per_channel = false;   // asymmetric inputs, per-channel weight scales
  float filter_scale = 1.0f;         // per-tensor weights
  float* channel_scales = nullptr;   // per-channel weights (output_depth)
  int scratch_index = -1;
  // The optimized kernel's plan when the active kernel path has one for this
  // node (non-grouped float32, int8, uint8 and 16x8 with constant weights).
  optimized::F32Gemm* f32_gemm = nullptr;
  optimized::DotConv* f32_dot_conv = nullptr;  // few output channels
  optimized::Q8Gemm* q8_gemm = nullptr;
  optimized::Q16Gemm* q16_gemm = nullptr;
};

// The generic convolution loop: for every output element, accumulate over the
// window (skipping padding) and the channels of its group, add the bias, then
// let `finish(acc, out_channel)` produce the output value.
template <typename In, typename Filter, typename Acc, typename Bias, typename Out, typename Finish>
void ConvLoop(const OpData& d, const In* input, const Filter* filter, const Bias* bias, Out* output,
              int32_t input_offset, int32_t filter_offset, Finish finish) {
  const conv::ConvGeometry& g = d.geo;
  const int64_t in_row = static_cast<int64_t>(g.input_width) * g.input_depth;
  const int64_t in_batch = static_cast<int64_t>(g.input_height) * in_row;
  const int64_t filter_size =
      static_cast<int64_t>(g.filter_height) * g.filter_width * d.filter_input_depth;
  int64_t out_index = 0;
  for (int b = 0; b < g.batches; ++b) {
    const In* input_batch = input + b * in_batch;
    for (int out_y = 0; out_y < g.output_height; ++out_y) {
      const int in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int out_x = 0; out_x < g.output_width; ++out_x) {
        const int in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int oc = 0; oc < g.output_depth; ++oc) {
          const int group = oc / d.filters_per_group;
          const In* input_group = input_batch + group * d.filter_input_depth;
          const Filter* filter_oc = filter + oc * filter_size;
          Acc acc = 0;
          for (int fy = 0; fy < g.filter_height; ++fy) {
            const int in_y = in_y_origin + g.dilation_height * fy;
            if (in_y < 0 || in_y >= g.input_height) continue;
            for (int fx = 0; fx < g.filter_width; ++fx) {
              const int in_x = in_x_origin + g.dilation_width * fx;
              if (in_x < 0 || in_x >= g.input_width) continue;
              const In* in_ptr = input_group + in_y * in_row + static_cast<int64_t>(in_x) * g.input_depth;
              const Filter* f_ptr = filter_oc + (fy * g.filter_width + fx) * d.filter_input_depth;
              for (int ic = 0; ic < d.filter_input_depth; ++ic) {
                if constexpr (std::is_floating_point<Acc>::value) {
                  acc += in_ptr[ic] * f_ptr[ic];
                } else {
                  acc = quant::WrappingAdd<Acc>(acc, static_cast<int32_t>(f_ptr[ic] + filter_offset) *
                                                         static_cast<int32_t>(in_ptr[ic] + input_offset));
                }
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
          output[out_index++] = finish(acc, oc);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Hybrid path, as TensorFlow Lite's conv EvalHybrid / EvalHybridPerChannel
// compute it on x86 (im2col + integer GEMM, whose padding contributes nothing):
// - weights with one scale (or all scales equal): every batch of the input is
//   quantized symmetrically, and out = float(acc) * (input_scale[b] * w_scale)
//   + bias;
// - per-channel weights: every batch is quantized asymmetrically with zero
//   point zp[b], acc = sum w * (q - zp[b]) over the window, and
//   out = float(acc) * (w_scale[oc] * input_scale[b]) + bias;
// then the fused clamp.

Status PrepareHybrid(KernelContext& ctx, const Tensor* input, const Tensor* filter, OpData* data) {
  MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, filter, "filter"));
  const conv::ConvGeometry& g = data->geo;
  MINNOW_RETURN_IF_ERROR(conv::CheckFilterScales(kOp, filter, g.output_depth, 0));
  const std::vector<float>& scales = filter->quant->scales;
  data->hybrid = true;
  data->filter_scale = scales[0];
  for (size_t i = 1; i < scales.size(); ++i) {
    if (scales[i] != scales[0]) data->hybrid_per_channel = true;
  }
  if (data->hybrid_per_channel) {
    data->channel_scales = ctx.AllocatePersistentArray<float>(g.output_depth);
    if (data->channel_scales == nullptr) {
      return Status(StatusCode::kResourceExhausted, "CONV_2D: out of memory");
    }
    for (int32_t c = 0; c < g.output_depth; ++c) data->channel_scales[c] = scales[c];
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
  const int64_t filter_size = static_cast<int64_t>(g.filter_height) * g.filter_width * g.input_depth;

  const hybrid::InputScratch s = hybrid::CarveInputScratch(ctx.scratch(d.scratch_index), g.batches);
  if (g.batches > 0) {
    hybrid::QuantizeRows(input->data_as<float>(), g.batches, input->num_elements() / g.batches,
                         /*asymmetric=*/d.hybrid_per_channel, s);
  }
  int64_t out_index = 0;
  for (int b = 0; b < g.batches; ++b) {
    const int8_t* input_batch = s.values + b * in_batch;
    const int32_t zero_point = s.offsets[b];
    const float batch_scale = d.hybrid_per_channel ? s.scales[b] : s.scales[b] * d.filter_scale;
    for (int out_y = 0; out_y < g.output_height; ++out_y) {
      const int in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int out_x = 0; out_x < g.output_width; ++out_x) {
        const int in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int oc = 0; oc < g.output_depth; ++oc) {
          const int8_t* filter_oc = filter + oc * filter_size;
          int32_t acc = 0;
          for (int fy = 0; fy < g.filter_height; ++fy) {
            const int in_y = in_y_origin + g.dilation_height * fy;
            if (in_y < 0 || in_y >= g.input_height) continue;
            for (int fx = 0; fx < g.filter_width; ++fx) {
              const int in_x = in_x_origin + g.dilation_width * fx;
              if (in_x < 0 || in_x >= g.input_width) continue;
              const int8_t* in_ptr = input_batch + in_y * in_row + static_cast<int64_t>(in_x) * g.input_depth;
              const int8_t* f_ptr = filter_oc + (fy * g.filter_width + fx) * g.input_depth;
              for (int ic = 0; ic < g.input_depth; ++ic) {
                acc += static_cast<int32_t>(f_ptr[ic]) * (static_cast<int32_t>(in_ptr[ic]) - zero_point);
              }
            }
          }
          const float scale = d.hybrid_per_channel ? d.channel_scales[oc] * batch_scale : batch_scale;
          float v = static_cast<float>(acc) * scale;
          if (bias_data != nullptr) v += bias_data[oc];
          output[out_index++] = quant::ActivationClampFloat(v, d.float_act_min, d.float_act_max);
        }
      }
    }
  }
  return Status::Ok();
}

// Plans the optimized kernel of the active kernel path: the packed GEMM
// (im2col rows of filter h * w * input depth), or for float with few output
// channels the dot-product convolution; leaves the plans null, and the
// reference loop in charge, where neither applies.
void PrepareOptimized(KernelContext& ctx, const conv::ConvOperands& ops, OpData* data) {
  const optimized::IsaKernels* isa = optimized::ActiveKernels();
  const bool constant_operands =
      ops.filter->is_constant() && (ops.bias == nullptr || ops.bias->is_constant());
  if (isa == nullptr || !constant_operands) return;
  const conv::ConvGeometry& g = data->geo;
  optimized::GemmInput input;
  input.rows = g.batches * g.output_height * g.output_width;
  input.depth = g.filter_height * g.filter_width * g.input_depth;
  input.conv = &g;
  if (ops.type == DataType::kFloat32) {
    // Few output channels would leave most of a GEMM tile's lanes empty.
    data->f32_dot_conv =
        optimized::PrepareF32DotConv(ctx, isa, g, ops.filter->data_as<float>(),
                                     ops.bias ? ops.bias->data_as<float>() : nullptr, data->float_act_min,
                                     data->float_act_max);
    if (data->f32_dot_conv != nullptr) return;
    optimized::F32GemmSpec spec;
    spec.weights = ops.filter->data_as<float>();
    spec.bias = ops.bias ? ops.bias->data_as<float>() : nullptr;
    spec.channels = g.output_depth;
    spec.act_min = data->float_act_min;
    spec.act_max = data->float_act_max;
    data->f32_gemm = optimized::PrepareF32Gemm(ctx, isa, spec, input);
  } else if (ops.type == DataType::kInt8 || ops.type == DataType::kUInt8) {
    optimized::Q8GemmSpec spec;
    spec.weights = static_cast<const uint8_t*>(ops.filter->data);
    spec.weights_unsigned = spec.input_unsigned = ops.type == DataType::kUInt8;
    spec.weight_zero = -data->q.filter_offset;
    spec.bias = ops.bias ? ops.bias->data_as<int32_t>() : nullptr;
    spec.channels = g.output_depth;
    spec.input_zero = -data->q.input_offset;
    spec.multipliers = data->q.multipliers;
    spec.shifts = data->q.shifts;
    spec.output_zero = data->q.output_offset;
    spec.act_min = data->q.act_min;
    spec.act_max = data->q.act_max;
    spec.ruy_rounding = data->ruy_rounding;
    data->q8_gemm = optimized::PrepareQ8Gemm(ctx, isa, spec, input);
  } else if (ops.type == DataType::kInt16 && data->q.input_offset == 0 && data->q.output_offset == 0 &&
             (ops.bias == nullptr || ops.bias->type == DataType::kInt64)) {
    optimized::Q16GemmSpec spec;
    spec.weights = ops.filter->data_as<int8_t>();
    spec.bias = ops.bias ? ops.bias->data_as<int64_t>() : nullptr;
    spec.channels = g.output_depth;
    spec.multipliers = data->q.multipliers;
    spec.shifts = data->q.shifts;
    spec.act_min = data->q.act_min;
    spec.act_max = data->q.act_max;
    data->q16_gemm = optimized::PrepareQ16Gemm(ctx, isa, spec, input);
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
  Conv2DOptions options;
  if (const auto* o = std::get_if<Conv2DOptions>(&ctx.options())) options = *o;

  // Shapes.
  conv::ConvGeometry g;
  g.batches = input->shape.dim(0);
  g.input_height = input->shape.dim(1);
  g.input_width = input->shape.dim(2);
  g.input_depth = input->shape.dim(3);
  g.output_depth = filter->shape.dim(0);
  g.filter_height = filter->shape.dim(1);
  g.filter_width = filter->shape.dim(2);
  const int32_t filter_input_depth = filter->shape.dim(3);
  if (g.output_depth <= 0 || g.filter_height <= 0 || g.filter_width <= 0 ||
      filter_input_depth <= 0) {
    return InvalidArgument(kOp, ": filter dimensions must be positive, got ",
                           filter->shape.ToString());
  }
  if (g.input_depth % filter_input_depth != 0) {
    return InvalidArgument(kOp, ": input depth ", g.input_depth,
                           " is not a multiple of the filter's input depth ", filter_input_depth);
  }
  const int32_t groups = g.input_depth / filter_input_depth;
  if (groups == 0 || g.output_depth % groups != 0) {
    return InvalidArgument(kOp, ": ", g.output_depth, " filters cannot be split into ", groups,
                           " groups (input depth ", g.input_depth, ")");
  }
  MINNOW_RETURN_IF_ERROR(conv::PlaceWindow(kOp, options.padding, options.stride_h, options.stride_w,
                                           options.dilation_h, options.dilation_w, options.fused_padding, &g));

  MINNOW_RETURN_IF_ERROR(conv::CheckBias(kOp, bias, type, g.output_depth));
  if (type == DataType::kInt16 && bias != nullptr && bias->type == DataType::kInt32) {
    // TensorFlow Lite only takes int32 bias for 16x8 through a model option
    // (quantized_bias_type) with its own optimized path; int64 is the norm.
    return Unimplemented(kOp, ": 16x8 convolution with INT32 bias is not supported (INT64 expected)");
  }

  OpData* data = ctx.NewOpData<OpData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "CONV_2D: out of memory");
  data->geo = g;
  data->filter_input_depth = filter_input_depth;
  data->filters_per_group = g.output_depth / groups;

  if (type == DataType::kFloat32) {
    MINNOW_RETURN_IF_ERROR(
        conv::FloatActivationRange(kOp, options.activation, &data->float_act_min, &data->float_act_max));
    if (hybrid) {
      if (groups != 1) {
        // TensorFlow Lite has no working grouped hybrid convolution either.
        return Unimplemented(kOp, ": grouped hybrid convolution (", groups,
                             " groups) is not supported");
      }
      MINNOW_RETURN_IF_ERROR(PrepareHybrid(ctx, input, filter, data));
    }
  } else {
    MINNOW_RETURN_IF_ERROR(
        conv::PrepareQuantized(kOp, ctx, ops, g.output_depth, /*channel_dim=*/0, options.activation, &data->q));
    // TensorFlow Lite runs int8 convolutions through its optimized kernel,
    // whose GEMM (ruy) rounds ties differently; grouped convolutions fall back
    // to its reference kernel. uint8 goes through gemmlowp, which rounds like
    // the reference kernel.
    data->ruy_rounding = type == DataType::kInt8 && groups == 1;
  }

  if (groups == 1 && !hybrid) PrepareOptimized(ctx, ops, data);
  return ctx.ResizeOutput(0, Shape{g.batches, g.output_height, g.output_width, g.output_depth});
}

Status Eval(KernelContext& ctx) {
  const OpData& d = *ctx.user_data_as<OpData>();
  const Tensor* input = ctx.input(0);
  const Tensor* filter = ctx.input(1);
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  Tensor* output = ctx.output(0);

  if (d.f32_gemm != nullptr) {
    optimized::RunF32Gemm(ctx, *d.f32_gemm, input->data_as<float>(), output->data_as<float>());
    return Status::Ok();
  }
  if (d.f32_dot_conv != nullptr) {
    optimized::RunF32DotConv(ctx, *d.f32_dot_conv, input->data_as<float>(), output->data_as<float>());
    return Status::Ok();
  }
  if (d.q8_gemm != nullptr) {
    optimized::RunQ8Gemm(ctx, *d.q8_gemm, input->data, output->data);
    return Status::Ok();
  }
  if (d.q16_gemm != nullptr) {
    optimized::RunQ16Gemm(ctx, *d.q16_gemm, input->data_as<int16_t>(), output->data_as<int16_t>());
    return Status::Ok();
  }
  switch (input->type) {
    case DataType::kFloat32: {
      if (d.hybrid) return EvalHybrid(ctx, d);
      const float lo = d.float_act_min, hi = d.float_act_max;
      ConvLoop<float, float, float>(
          d, input->data_as<float>(), filter->data_as<float>(),
          bias ? bias->data_as<float>() : nullptr, output->data_as<float>(), 0, 0,
          [lo, hi](float acc, int) { return quant::ActivationClampFloat(acc, lo, hi); });
      return Status::Ok();
    }
    case DataType::kInt8:
    case DataType::kUInt8: {
      const auto finish = [&d](int32_t acc, int oc) {
        int32_t v = d.ruy_rounding
                        ? conv::RuyMultiplyByQuantizedMultiplier(acc, d.q.multipliers[oc], d.q.shifts[oc])
                        : quant::MultiplyByQuantizedMultiplier(acc, d.q.multipliers[oc], d.q.shifts[oc]);
        v += d.q.output_offset;
        return std::min(std::max(v, d.q.act_min), d.q.act_max);
      };
      const int32_t* b = bias ? bias->data_as<int32_t>() : nullptr;
      if (input->type == DataType::kInt8) {
        ConvLoop<int8_t, int8_t, int32_t>(
            d, input->data_as<int8_t>(), filter->data_as<int8_t>(), b, output->data_as<int8_t>(),
            d.q.input_offset, 0, [&](int32_t acc, int oc) { return static_cast<int8_t>(finish(acc, oc)); });
      } else {
        ConvLoop<uint8_t, uint8_t, int32_t>(
            d, input->data_as<uint8_t>(), filter->data_as<uint8_t>(), b,
            output->data_as<uint8_t>(), d.q.input_offset, d.q.filter_offset,
            [&](int32_t acc, int oc) { return static_cast<uint8_t>(finish(acc, oc)); });
      }
      return Status::Ok();
    }
    case DataType::kInt16: {
      // 16x8: int64 accumulator and TensorFlow Lite's int64 requantization.
      const auto finish = [&d](int64_t acc, int oc) {
        int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.q.multipliers[oc], d.q.shifts[oc]);
        v += d.q.output_offset;
        return static_cast<int16_t>(std::min(std::max(v, d.q.act_min), d.q.act_max));
      };
      ConvLoop<int16_t, int8_t, int64_t>(d, input->data_as<int16_t>(), filter->data_as<int8_t>(),
                                         bias ? bias->data_as<int64_t>() : nullptr,
                                         output->data_as<int16_t>(), d.q.input_offset, 0, finish);
      return Status::Ok();
    }
    default:
      return Unimplemented(kOp, ": input type ", DataTypeName(input->type), " is not supported");
  }
}

}  // namespace

const KernelRegistration* RegisterConv2D() {
  static const KernelRegistration r{"CONV_2D", Prepare, Eval, 1, 8};
  return &r;
}

}  // namespace minnow::kernels
