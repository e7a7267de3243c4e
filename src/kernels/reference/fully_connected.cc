// FULLY_CONNECTED: float32; int8 with per-tensor (any weight zero point) or
// per-channel int8 weights (requantized with ruy's rounding, as TensorFlow
// Lite's optimized x86 kernel does); uint8 with uint8 weights (uint8 or int16 output);
// int16 activations with int8 weights (16x8; int64 bias with an int64
// accumulator, int32 bias with an int32 one, as TensorFlow Lite's templated
// reference kernel does). The input, of any rank, is read as
// [batch, input_size] with input_size = weights dim 1; keep_num_dims keeps the
// input's leading dimensions in the output.
//
// Hybrid (dynamic-range) path: float32 input and output with int8 weights
// (per-tensor or per-channel scales) or constant int4 weights (unpacked to
// int8 at prepare); see PrepareHybrid / EvalHybrid. Int4 weights with
// blockwise quantization take TensorFlow Lite's EvalBlockwise4Bit path
// (EvalBlockwise).
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <variant>

#include "kernels/internal/conv_common.h"
#include "kernels/internal/hybrid.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/gemm.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "FULLY_CONNECTED";

struct OpData {
  int32_t batches = 0;
  int32_t accum_depth = 0;  // input_size: weights dim 1
  int32_t num_units = 0;    // weights dim 0
  int32_t* multipliers = nullptr;  // per unit (a per-tensor scale is broadcast)
  int32_t* shifts = nullptr;
  int32_t input_offset = 0;   // -input zero point
  int32_t filter_offset = 0;  // -weights zero point (per-tensor only)
  int32_t output_offset = 0;
  int32_t act_min = 0;
  int32_t act_max = 0;
  float float_act_min = 0.0f;
  float float_act_max = 0.0f;
  // Hybrid path (float input, int8 weights).
  bool hybrid = false;
  bool asymmetric_inputs = false;  // options.asymmetric_quantize_inputs
  Activation activation = Activation::kNone;
  float filter_scale = 1.0f;           // per-tensor weights
  float* channel_scales = nullptr;     // per-channel weights (num_units), else null
  int8_t* unpacked_weights = nullptr;  // int4 weights unpacked at prepare, else null
  // Blockwise int4 weights: one scale per block of block_size inputs.
  int32_t block_size = 0;              // 0: not blockwise
  float* block_scales = nullptr;       // [num_units][accum_depth / block_size]
  int scratch_index = -1;
  // The optimized kernel's plan when the active kernel path has one for this
  // node (float32, int8, and uint8 to uint8, with constant weights).
  optimized::F32Gemm* f32_gemm = nullptr;
  optimized::Q8Gemm* q8_gemm = nullptr;
};

// out[b][u] = finish(sum_d (w[u][d] + filter_offset) * (x[b][d] + input_offset) + bias[u], u)
template <typename In, typename Filter, typename Acc, typename Bias, typename Out, typename Finish>
void FullyConnectedLoop(const OpData& d, const In* input, const Filter* filter, const Bias* bias,
                        Out* output, Finish finish) {
  for (int b = 0; b < d.batches; ++b) {
    const In* x = input + static_cast<int64_t>(b) * d.accum_depth;
    Out* out = output + static_cast<int64_t>(b) * d.num_units;
    for (int u = 0; u < d.num_units; ++u) {
      const Filter* w = filter + static_cast<int64_t>(u) * d.accum_depth;
      Acc acc = 0;
      for (int i = 0; i < d.accum_depth; ++i) {
        if constexpr (std::is_floating_point<Acc>::value) {
          acc += x[i] * w[i];
        } else {
          acc = quant::WrappingAdd<Acc>(acc, static_cast<int32_t>(w[i] + d.filter_offset) *
                                                 static_cast<int32_t>(x[i] + d.input_offset));
        }
      }
      if (bias != nullptr) {
            if constexpr (std::is_integral<Acc>::value) {
              acc = quant::WrappingAdd<Acc>(acc, static_cast<Acc>(bias[u]));
            } else {
              acc += bias[u];
            }
          }
      out[u] = finish(acc, u);
    }
  }
}

// ---------------------------------------------------------------------------
// Hybrid path, as TensorFlow Lite's EvalHybridDense computes it: each batch
// row of the input is quantized to int8 (symmetric, or asymmetric with a zero
// point when asymmetric_quantize_inputs), then
//   out[b][u] = bias[u] + float(sum_i w[u][i] * q[b][i] - zp[b] * rowsum[u]) * scale
// with scale = (input_scale[b] * filter_scale) for per-tensor weights and
// (input_scale[b] * channel_scale[u]) for per-channel weights (both products
// in float), followed by the fused activation.

// Blockwise int4 weights, as TensorFlow Lite's EvalBlockwise4Bit: the input is
// quantized asymmetrically per batch (scale s, zero point zp); for every
// block, acc = sum q * w and ksum = sum w, and in float
//   out = sum_blocks acc * scale_blk;  kfsum = sum_blocks scale_blk * ksum;
//   out = (out - zp * kfsum) * s + bias
// (in that order; no fused activation is applied, as in TensorFlow Lite).
Status PrepareBlockwise(KernelContext& ctx, const Tensor* filter, OpData* data) {
  const BlockwiseQuant& bw = *filter->blockwise;
  if (filter->type != DataType::kInt4) {
    return Unimplemented(kOp, ": blockwise quantization of ", DataTypeName(filter->type),
                         " weights is not supported (INT4 only)");
  }
  if (bw.block_size <= 0 || data->accum_depth % bw.block_size != 0 || data->accum_depth % 2 != 0) {
    return InvalidArgument(kOp, ": blockwise weights of input size ", data->accum_depth,
                           " need an even input size that is a multiple of the block size ", bw.block_size);
  }
  const int64_t blocks = static_cast<int64_t>(data->num_units) * (data->accum_depth / bw.block_size);
  if (bw.num_scales != blocks || bw.scales == nullptr) {
    return InvalidArgument(kOp, ": blockwise weights need ", blocks, " scales, got ", bw.num_scales);
  }
  data->block_size = bw.block_size;
  data->block_scales = ctx.AllocatePersistentArray<float>(blocks > 0 ? blocks : 1);
  if (data->block_scales == nullptr) {
    return Status(StatusCode::kResourceExhausted, "FULLY_CONNECTED: out of memory");
  }
  for (int64_t i = 0; i < blocks; ++i) {
    data->block_scales[i] = bw.scales_type == DataType::kFloat16
                                ? hybrid::HalfToFloat(static_cast<const uint16_t*>(bw.scales)[i])
                                : static_cast<const float*>(bw.scales)[i];
  }
  return Status::Ok();
}

Status EvalBlockwise(KernelContext& ctx, const OpData& d, const hybrid::InputScratch& s) {
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  const float* bias_data = bias ? bias->data_as<float>() : nullptr;
  const uint8_t* packed = ctx.input(1)->data_as<uint8_t>();
  float* out = ctx.output(0)->data_as<float>();
  const int32_t blocks = d.accum_depth / d.block_size;
  for (int b = 0; b < d.batches; ++b) {
    const int8_t* x = s.values + static_cast<int64_t>(b) * d.accum_depth;
    for (int u = 0; u < d.num_units; ++u) {
      const uint8_t* row = packed + static_cast<int64_t>(u) * (d.accum_depth / 2);
      float acc_sum = 0.0f;
      float kfsum = 0.0f;
      for (int32_t blk = 0; blk < blocks; ++blk) {
        int32_t ksum = 0;
        int32_t acc = 0;
        for (int32_t k = blk * d.block_size; k < (blk + 1) * d.block_size; ++k) {
          const int nibble = (k % 2 == 0) ? (row[k / 2] & 0x0F) : (row[k / 2] >> 4);
          const int32_t w = (nibble ^ 0x8) - 8;
          ksum += w;
          acc += static_cast<int32_t>(x[k]) * w;
        }
        const float scale = d.block_scales[static_cast<int64_t>(u) * blocks + blk];
        acc_sum += static_cast<float>(acc) * scale;
        kfsum += scale * static_cast<float>(ksum);
      }
      float v = acc_sum - static_cast<float>(s.offsets[b]) * kfsum;
      v *= s.scales[b];
      if (bias_data != nullptr) v += bias_data[u];
      out[static_cast<int64_t>(b) * d.num_units + u] = v;
    }
  }
  return Status::Ok();
}

Status PrepareHybrid(KernelContext& ctx, const FullyConnectedOptions& options,
                     const Tensor* filter, OpData* data) {
  const int64_t scratch_bytes = static_cast<int64_t>(hybrid::InputScratchBytes(
      data->batches, static_cast<int64_t>(data->batches) * data->accum_depth));
  if (filter->blockwise != nullptr) {
    data->hybrid = true;
    MINNOW_RETURN_IF_ERROR(PrepareBlockwise(ctx, filter, data));
    return ctx.RequestScratch(static_cast<size_t>(scratch_bytes), &data->scratch_index);
  }
  MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, filter, "weights"));
  if (filter->type == DataType::kInt4) {
    // Unpacked once, as TensorFlow Lite unpacks int4 weights before its
    // int8 hybrid product.
    if (!filter->is_constant()) {
      return Unimplemented(kOp, ": INT4 weights must be constant");
    }
    const int64_t count = filter->num_elements();
    if (static_cast<uint64_t>((count + 1) / 2) > filter->bytes) {
      return InvalidArgument(kOp, ": INT4 weights hold ", filter->bytes, " bytes for ", count, " values");
    }
    data->unpacked_weights = ctx.AllocatePersistentArray<int8_t>(count > 0 ? count : 1);
    if (data->unpacked_weights == nullptr) {
      return Status(StatusCode::kResourceExhausted, "FULLY_CONNECTED: out of memory");
    }
    hybrid::UnpackInt4(filter->data_as<uint8_t>(), count, data->unpacked_weights);
  }
  const QuantParams& q = *filter->quant;
  data->hybrid = true;
  data->asymmetric_inputs = options.asymmetric_quantize_inputs;
  data->activation = options.activation;
  const int32_t units = data->num_units;
  if (q.scales.size() > 1) {
    // TensorFlow Lite takes more than one scale as per-channel along dim 0.
    if (q.quantized_dimension != 0 || static_cast<int64_t>(q.scales.size()) != units) {
      return InvalidArgument(kOp, ": per-channel weights need ", units,
                             " scales along dimension 0, got ", q.scales.size(),
                             " along dimension ", q.quantized_dimension);
    }
    data->channel_scales = ctx.AllocatePersistentArray<float>(units);
    if (data->channel_scales == nullptr) {
      return Status(StatusCode::kResourceExhausted, "FULLY_CONNECTED: out of memory");
    }
    for (int32_t u = 0; u < units; ++u) data->channel_scales[u] = q.scales[u];
  } else {
    data->filter_scale = q.scales[0];
  }
  return ctx.RequestScratch(
      hybrid::InputScratchBytes(data->batches,
                                static_cast<int64_t>(data->batches) * data->accum_depth),
      &data->scratch_index);
}

Status EvalHybrid(KernelContext& ctx, const OpData& d) {
  const Tensor* input = ctx.input(0);
  const Tensor* filter = ctx.input(1);
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  const float* bias_data = bias ? bias->data_as<float>() : nullptr;
  float* out = ctx.output(0)->data_as<float>();
  const int8_t* weights = d.unpacked_weights ? d.unpacked_weights : filter->data_as<int8_t>();
  const hybrid::InputScratch s = hybrid::CarveInputScratch(ctx.scratch(d.scratch_index), d.batches);
  if (d.block_size > 0) {
    hybrid::QuantizeRows(input->data_as<float>(), d.batches, d.accum_depth, /*asymmetric=*/true, s);
    return EvalBlockwise(ctx, d, s);
  }
  hybrid::QuantizeRows(input->data_as<float>(), d.batches, d.accum_depth, d.asymmetric_inputs, s);
  for (int b = 0; b < d.batches; ++b) {
    const int8_t* x = s.values + static_cast<int64_t>(b) * d.accum_depth;
    const float batch_scale = d.channel_scales ? s.scales[b] : s.scales[b] * d.filter_scale;
    for (int u = 0; u < d.num_units; ++u) {
      const int8_t* w = weights + static_cast<int64_t>(u) * d.accum_depth;
      int32_t dot = 0;
      int32_t row_sum = 0;
      for (int i = 0; i < d.accum_depth; ++i) {
        dot += static_cast<int32_t>(w[i]) * static_cast<int32_t>(x[i]);
        row_sum += w[i];
      }
      dot -= row_sum * s.offsets[b];
      const float scale = d.channel_scales ? batch_scale * d.channel_scales[u] : batch_scale;
      const float init = bias_data ? bias_data[u] : 0.0f;
      out[static_cast<int64_t>(b) * d.num_units + u] =
          hybrid::ApplyActivation(d.activation, init + static_cast<float>(dot) * scale);
    }
  }
  return Status::Ok();
}

// Plans the packed GEMM for the active kernel path; leaves the plans null,
// and the reference loop in charge, where it does not apply.
void PrepareOptimized(KernelContext& ctx, const Tensor* input, const Tensor* filter, const Tensor* bias,
                      const Tensor* output, OpData* data) {
  const optimized::IsaKernels* isa = optimized::ActiveKernels();
  const bool constant_operands = filter->is_constant() && (bias == nullptr || bias->is_constant());
  if (isa == nullptr || !constant_operands) return;
  optimized::GemmInput rows;
  rows.rows = data->batches;
  rows.depth = data->accum_depth;
  rows.row_stride = data->accum_depth;
  if (input->type == DataType::kFloat32 && filter->type == DataType::kFloat32) {
    optimized::F32GemmSpec spec;
    spec.weights = filter->data_as<float>();
    spec.bias = bias ? bias->data_as<float>() : nullptr;
    spec.channels = data->num_units;
    spec.act_min = data->float_act_min;
    spec.act_max = data->float_act_max;
    data->f32_gemm = optimized::PrepareF32Gemm(ctx, isa, spec, rows);
  } else if ((input->type == DataType::kInt8 && filter->type == DataType::kInt8) ||
             (input->type == DataType::kUInt8 && output->type == DataType::kUInt8)) {
    optimized::Q8GemmSpec spec;
    spec.weights = static_cast<const uint8_t*>(filter->data);
    spec.weights_unsigned = spec.input_unsigned = input->type == DataType::kUInt8;
    spec.weight_zero = -data->filter_offset;
    spec.bias = bias ? bias->data_as<int32_t>() : nullptr;
    spec.channels = data->num_units;
    spec.input_zero = -data->input_offset;
    spec.multipliers = data->multipliers;
    spec.shifts = data->shifts;
    spec.output_zero = data->output_offset;
    spec.act_min = data->act_min;
    spec.act_max = data->act_max;
    spec.ruy_rounding = input->type == DataType::kInt8;  // as Eval's int8 case
    data->q8_gemm = optimized::PrepareQ8Gemm(ctx, isa, spec, rows);
  }
}

Status Prepare(KernelContext& ctx) {
  if (ctx.num_inputs() < 2 || ctx.num_inputs() > 3) {
    return InvalidArgument(kOp, ": expected 2 or 3 inputs, got ", ctx.num_inputs());
  }
  if (ctx.num_outputs() < 1) {
    return InvalidArgument(kOp, ": expected 1 output, got ", ctx.num_outputs());
  }
  const Tensor* input = ctx.input(0);
  const Tensor* filter = ctx.input(1);
  const Tensor* bias = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  Tensor* output = ctx.output(0);
  MINNOW_RETURN_IF_ERROR(conv::RequireTensor(kOp, input, "input"));
  MINNOW_RETURN_IF_ERROR(conv::RequireRank(kOp, filter, "weights", 2));
  MINNOW_RETURN_IF_ERROR(conv::RequireTensor(kOp, output, "output"));

  FullyConnectedOptions options;
  if (const auto* o = std::get_if<FullyConnectedOptions>(&ctx.options())) options = *o;
  if (options.weights_format != FullyConnectedWeightsFormat::kDefault) {
    return Unimplemented(kOp, ": shuffled weights format (", static_cast<int>(options.weights_format),
                         ") is not supported");
  }
  // Types.
  const DataType in_type = input->type;
  const DataType out_type = output->type;
  const DataType w_type = filter->type;
  const bool hybrid = in_type == DataType::kFloat32 && w_type != DataType::kFloat32;
  // The hybrid kernel applies any fused activation to its float output; the
  // others only fuse clamps.
  const bool clamp_activation =
      options.activation == Activation::kNone || options.activation == Activation::kRelu ||
      options.activation == Activation::kRelu6 || options.activation == Activation::kReluN1To1;
  if (!clamp_activation && !(hybrid && (options.activation == Activation::kTanh ||
                                        options.activation == Activation::kSignBit))) {
    return Unimplemented(kOp, ": fused activation ", static_cast<int>(options.activation),
                         " is not supported");
  }
  if (hybrid && w_type != DataType::kInt8 && w_type != DataType::kInt4) {
    return Unimplemented(kOp, ": hybrid (FLOAT32 input) with ", DataTypeName(w_type),
                         " weights is not supported (INT8 or INT4 weights only)");
  }
  bool supported = false;
  switch (in_type) {
    case DataType::kFloat32:
      supported = (w_type == DataType::kFloat32 || hybrid) && out_type == DataType::kFloat32;
      break;
    case DataType::kInt8:
      supported = w_type == DataType::kInt8 && out_type == DataType::kInt8;
      break;
    case DataType::kUInt8:
      supported = w_type == DataType::kUInt8 &&
                  (out_type == DataType::kUInt8 || out_type == DataType::kInt16);
      break;
    case DataType::kInt16:
      supported = w_type == DataType::kInt8 && out_type == DataType::kInt16;
      break;
    default:
      break;
  }
  if (!supported) {
    return Unimplemented(kOp, ": input ", DataTypeName(in_type), " with weights ",
                         DataTypeName(w_type), " and output ", DataTypeName(out_type),
                         " is not supported");
  }

  // Shapes: weights [num_units, input_size]; the input is flattened to
  // [batches, input_size].
  const int32_t num_units = filter->shape.dim(0);
  const int32_t accum_depth = filter->shape.dim(1);
  if (num_units < 0 || accum_depth < 0) {
    return InvalidArgument(kOp, ": invalid weights shape ", filter->shape.ToString());
  }
  const int in_rank = input->shape.rank();
  if (options.keep_num_dims && in_rank == 0) {
    return InvalidArgument(kOp, ": keep_num_dims needs an input of rank >= 1");
  }
  int64_t batches = 0;
  if (accum_depth == 0) {
    batches = in_rank > 0 ? input->shape.FlatSize(0, in_rank - 1) : 1;
  } else {
    const int64_t input_size = input->num_elements();
    if (input_size % accum_depth != 0) {
      return InvalidArgument(kOp, ": input ", input->shape.ToString(), " (", input_size,
                             " elements) cannot be flattened into rows of ", accum_depth,
                             " (weights ", filter->shape.ToString(), ")");
    }
    batches = input_size / accum_depth;
  }
  if (batches > INT32_MAX) return InvalidArgument(kOp, ": input too large");
  Shape out_shape;
  if (options.keep_num_dims) {
    if (input->shape.dim(in_rank - 1) != accum_depth) {
      return InvalidArgument(kOp, ": keep_num_dims needs the input's last dimension (",
                             input->shape.dim(in_rank - 1), ") to equal the weights' input size (",
                             accum_depth, ")");
    }
    out_shape = input->shape;
    out_shape.dim(in_rank - 1) = num_units;
  } else {
    out_shape = Shape{static_cast<int32_t>(batches), num_units};
  }

  MINNOW_RETURN_IF_ERROR(conv::CheckBias(kOp, bias, in_type, num_units));

  OpData* data = ctx.NewOpData<OpData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "FULLY_CONNECTED: out of memory");
  data->batches = static_cast<int32_t>(batches);
  data->accum_depth = accum_depth;
  data->num_units = num_units;

  if (hybrid) {
    MINNOW_RETURN_IF_ERROR(PrepareHybrid(ctx, options, filter, data));
  } else if (in_type == DataType::kFloat32) {
    quant::ActivationRangeFloat(options.activation, &data->float_act_min, &data->float_act_max);
  } else {
    MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, input, "input"));
    MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, filter, "weights"));
    MINNOW_RETURN_IF_ERROR(conv::RequireQuantized(kOp, output, "output"));
    MINNOW_RETURN_IF_ERROR(conv::CheckFilterScales(kOp, filter, num_units, 0));
    const bool per_channel = filter->quant->per_axis();
    if (per_channel && in_type == DataType::kUInt8) {
      return Unimplemented(kOp, ": per-channel quantization requires INT8/INT16 input, got UINT8");
    }
    // TensorFlow Lite's per-channel kernels take the weights as symmetric and
    // ignore their zero points; per-tensor kernels apply it.
    data->filter_offset = per_channel ? 0 : -filter->zero_point();
    if (in_type == DataType::kInt16) {
      MINNOW_RETURN_IF_ERROR(conv::RequireZeroPoints(kOp, input, "input"));
      MINNOW_RETURN_IF_ERROR(conv::RequireZeroPoints(kOp, output, "output"));
    }
    if (in_type == DataType::kUInt8 && out_type == DataType::kInt16 && output->zero_point() != 0) {
      return InvalidArgument(kOp, ": INT16 output of UINT8 input must have zero point 0");
    }
    data->input_offset = -input->zero_point();
    data->output_offset = output->zero_point();
    const size_t n = num_units > 0 ? static_cast<size_t>(num_units) : 1;
    data->multipliers = ctx.AllocatePersistentArray<int32_t>(n);
    data->shifts = ctx.AllocatePersistentArray<int32_t>(n);
    if (data->multipliers == nullptr || data->shifts == nullptr) {
      return Status(StatusCode::kResourceExhausted, "FULLY_CONNECTED: out of memory");
    }
    conv::ComputePerChannelMultipliers(
        input, filter, output, num_units,
        filter->quant->scales.size() == 1 ? conv::ScaleProduct::kFloat : conv::ScaleProduct::kDouble,
        data->multipliers, data->shifts);
    MINNOW_RETURN_IF_ERROR(conv::QuantizedActivationRange(kOp, options.activation, output,
                                                          &data->act_min, &data->act_max));
  }
  if (!hybrid) PrepareOptimized(ctx, input, filter, bias, output, data);
  return ctx.ResizeOutput(0, out_shape);
}

// Requantizes one accumulator (int32 or int64 variant) and clamps it.
template <typename Out, typename Acc>
Out Requantize(const OpData& d, Acc acc, int u) {
  int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.multipliers[u], d.shifts[u]);
  v += d.output_offset;
  return static_cast<Out>(std::min(std::max(v, d.act_min), d.act_max));
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
  if (d.q8_gemm != nullptr) {
    optimized::RunQ8Gemm(ctx, *d.q8_gemm, input->data, output->data);
    return Status::Ok();
  }

  switch (input->type) {
    case DataType::kFloat32: {
      if (d.hybrid) return EvalHybrid(ctx, d);
      const float lo = d.float_act_min, hi = d.float_act_max;
      FullyConnectedLoop<float, float, float>(
          d, input->data_as<float>(), filter->data_as<float>(),
          bias ? bias->data_as<float>() : nullptr, output->data_as<float>(),
          [lo, hi](float acc, int) { return quant::ActivationClampFloat(acc, lo, hi); });
      return Status::Ok();
    }
    case DataType::kInt8: {
      FullyConnectedLoop<int8_t, int8_t, int32_t>(
          d, input->data_as<int8_t>(), filter->data_as<int8_t>(),
          bias ? bias->data_as<int32_t>() : nullptr, output->data_as<int8_t>(),
          [&d](int32_t acc, int u) {
            // TensorFlow Lite's int8 FULLY_CONNECTED goes through its GEMM
            // (ruy), which rounds ties its own way.
            int32_t v = conv::RuyMultiplyByQuantizedMultiplier(acc, d.multipliers[u], d.shifts[u]);
            v += d.output_offset;
            return static_cast<int8_t>(std::min(std::max(v, d.act_min), d.act_max));
          });
      return Status::Ok();
    }
    case DataType::kUInt8: {
      const int32_t* b = bias ? bias->data_as<int32_t>() : nullptr;
      if (output->type == DataType::kUInt8) {
        FullyConnectedLoop<uint8_t, uint8_t, int32_t>(
            d, input->data_as<uint8_t>(), filter->data_as<uint8_t>(), b,
            output->data_as<uint8_t>(),
            [&d](int32_t acc, int u) { return Requantize<uint8_t>(d, acc, u); });
      } else {
        FullyConnectedLoop<uint8_t, uint8_t, int32_t>(
            d, input->data_as<uint8_t>(), filter->data_as<uint8_t>(), b,
            output->data_as<int16_t>(),
            [&d](int32_t acc, int u) { return Requantize<int16_t>(d, acc, u); });
      }
      return Status::Ok();
    }
    case DataType::kInt16: {
      if (bias != nullptr && bias->type == DataType::kInt32) {
        FullyConnectedLoop<int16_t, int8_t, int32_t>(
            d, input->data_as<int16_t>(), filter->data_as<int8_t>(), bias->data_as<int32_t>(),
            output->data_as<int16_t>(),
            [&d](int32_t acc, int u) { return Requantize<int16_t>(d, acc, u); });
      } else {
        FullyConnectedLoop<int16_t, int8_t, int64_t>(
            d, input->data_as<int16_t>(), filter->data_as<int8_t>(),
            bias ? bias->data_as<int64_t>() : nullptr, output->data_as<int16_t>(),
            [&d](int64_t acc, int u) { return Requantize<int16_t>(d, acc, u); });
      }
      return Status::Ok();
    }
    default:
      return Unimplemented(kOp, ": input type ", DataTypeName(input->type), " is not supported");
  }
}

}  // namespace

const KernelRegistration* RegisterFullyConnected() {
  static const KernelRegistration r{"FULLY_CONNECTED", Prepare, Eval, 1, 12};
  return &r;
}

}  // namespace minnow::kernels
