// AVERAGE_POOL_2D and MAX_POOL_2D: one window walk shared by both, with
// TensorFlow Lite's rounding for quantized averages; the optimized loops
// (kernels/optimized/pooling.h) when the active kernel path has them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <variant>

#include "kernels/internal/padding.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/pooling.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

using optimized::PoolKind;

struct PoolData {
  int32_t stride_h = 1;
  int32_t stride_w = 1;
  int32_t filter_h = 1;
  int32_t filter_w = 1;
  int32_t pad_h = 0;
  int32_t pad_w = 0;
  float float_min = 0.0f;
  float float_max = 0.0f;
  int32_t quant_min = 0;
  int32_t quant_max = 0;
  optimized::PoolPlan* fast = nullptr;  // the optimized loop's plan, if any
};

const char* PoolName(PoolKind kind) {
  return kind == PoolKind::kAverage ? "AVERAGE_POOL_2D" : "MAX_POOL_2D";
}

bool IsQuantizedType(DataType type) {
  return type == DataType::kInt8 || type == DataType::kUInt8 || type == DataType::kInt16;
}

// Plans the optimized loop for the active kernel path; leaves it null, and the
// reference loop in charge, where it does not apply.
template <PoolKind kKind>
void PrepareOptimized(KernelContext& ctx, const Tensor& input, int32_t out_h, int32_t out_w,
                      PoolData* data) {
  optimized::PoolArgs a;
  a.type = input.type;
  a.input_height = input.shape.dim(1);
  a.input_width = input.shape.dim(2);
  a.channels = input.shape.dim(3);
  a.filter_height = data->filter_h;
  a.filter_width = data->filter_w;
  a.output_height = out_h;
  a.output_width = out_w;
  a.stride_height = data->stride_h;
  a.stride_width = data->stride_w;
  a.pad_height = data->pad_h;
  a.pad_width = data->pad_w;
  a.float_min = data->float_min;
  a.float_max = data->float_max;
  a.quant_min = data->quant_min;
  a.quant_max = data->quant_max;
  data->fast =
      optimized::PreparePool(ctx, optimized::ActiveKernels(), kKind, input.shape.dim(0), a);
}

template <PoolKind kKind>
Status PreparePool(KernelContext& ctx) {
  const char* name = PoolName(kKind);
  MINNOW_CHECK_ARG(ctx.num_inputs() == 1, name, ": expected 1 input, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, name, ": expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, name, ": input 0 is missing");
  MINNOW_CHECK_ARG(output != nullptr, name, ": output 0 is missing");
  MINNOW_CHECK_ARG(input->shape.rank() == 4, name, ": input must be 4-D (NHWC), got rank ",
                   input->shape.rank());
  MINNOW_CHECK_ARG(input->type == output->type, name, ": input type ", DataTypeName(input->type),
                   " differs from output type ", DataTypeName(output->type));
  if (input->type != DataType::kFloat32 && !IsQuantizedType(input->type)) {
    return Unimplemented(name, ": dtype ", DataTypeName(input->type), " is not supported");
  }

  Pool2DOptions options;
  if (const auto* opts = std::get_if<Pool2DOptions>(&ctx.options())) {
    options = *opts;
  } else if (!std::holds_alternative<std::monostate>(ctx.options())) {
    return InvalidArgument(name, ": options are not Pool2DOptions");
  }
  MINNOW_CHECK_ARG(options.stride_h > 0 && options.stride_w > 0, name,
                   ": strides must be positive, got ", options.stride_h, "x", options.stride_w);
  MINNOW_CHECK_ARG(options.filter_height > 0 && options.filter_width > 0, name,
                   ": filter size must be positive, got ", options.filter_height, "x",
                   options.filter_width);

  PoolData* data = ctx.NewOpData<PoolData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, StrCat(name, ": out of memory"));

  const int32_t batches = input->shape.dim(0);
  const int32_t height = input->shape.dim(1);
  const int32_t width = input->shape.dim(2);
  const int32_t channels = input->shape.dim(3);
  const int32_t out_h =
      ComputeOutSize(options.padding, height, options.filter_height, options.stride_h);
  const int32_t out_w = ComputeOutSize(options.padding, width, options.filter_width, options.stride_w);
  const WindowPadding padding =
      ComputeWindowPadding(options.stride_h, options.stride_w, 1, 1, height, width,
                           options.filter_height, options.filter_width, out_h, out_w);

  data->stride_h = options.stride_h;
  data->stride_w = options.stride_w;
  data->filter_h = options.filter_height;
  data->filter_w = options.filter_width;
  data->pad_h = padding.height;
  data->pad_w = padding.width;

  if (input->type == DataType::kFloat32) {
    quant::ActivationRangeFloat(options.activation, &data->float_min, &data->float_max);
  } else {
    // Pooling never rescales: TensorFlow Lite assumes the input's parameters
    // equal the output's.
    const bool in_q = input->quant != nullptr && !input->quant->empty();
    const bool out_q = output->quant != nullptr && !output->quant->empty();
    MINNOW_CHECK_ARG(in_q == out_q, name,
                     ": input and output must both be quantized or both not quantized");
    if (in_q) {
      MINNOW_CHECK_ARG(!input->quant->per_axis() && !output->quant->per_axis(), name,
                       ": per-axis quantization is not supported");
      MINNOW_CHECK_ARG(std::fabs(input->scale() - output->scale()) <= 1.0e-6f, name,
                       ": input scale ", input->scale(), " differs from output scale ",
                       output->scale());
      MINNOW_CHECK_ARG(input->zero_point() == output->zero_point(), name,
                       ": input zero point ", input->zero_point(),
                       " differs from output zero point ", output->zero_point());
    }
    if (options.activation != Activation::kNone) {
      MINNOW_CHECK_ARG(out_q && output->scale() > 0.0f, name,
                       ": a fused activation needs a quantized output with a positive scale");
    }
    MINNOW_RETURN_IF_ERROR(quant::ActivationRangeQuantized(options.activation, output->type,
                                                           output->scale(), output->zero_point(),
                                                           &data->quant_min, &data->quant_max)
                               .WithPrefix(name));
  }

  PrepareOptimized<kKind>(ctx, *input, out_h, out_w, data);
  return ctx.ResizeOutput(0, Shape{batches, out_h, out_w, channels});
}

// Walks every output cell's window, clipped to the input (padding cells never
// count). Returns false when a window holds no input cell, as TensorFlow Lite's
// average pool does.
template <PoolKind kKind, typename T>
bool PoolLoop(const PoolData& p, const Tensor& input, Tensor& output) {
  const int32_t batches = input.shape.dim(0);
  const int32_t in_h = input.shape.dim(1);
  const int32_t in_w = input.shape.dim(2);
  const int32_t depth = input.shape.dim(3);
  const int32_t out_h = output.shape.dim(1);
  const int32_t out_w = output.shape.dim(2);
  const T* in = input.data_as<T>();
  T* out = output.data_as<T>();

  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const int32_t y0 = oy * p.stride_h - p.pad_h;
        const int32_t x0 = ox * p.stride_w - p.pad_w;
        const int32_t fy_start = std::max(0, -y0);
        const int32_t fy_end = std::min(p.filter_h, in_h - y0);
        const int32_t fx_start = std::max(0, -x0);
        const int32_t fx_end = std::min(p.filter_w, in_w - x0);
        for (int32_t c = 0; c < depth; ++c) {
          int32_t count = 0;
          if constexpr (std::is_same_v<T, float>) {
            float acc = kKind == PoolKind::kMax ? std::numeric_limits<float>::lowest() : 0.0f;
            for (int32_t fy = fy_start; fy < fy_end; ++fy) {
              for (int32_t fx = fx_start; fx < fx_end; ++fx) {
                const float v = in[((static_cast<int64_t>(b) * in_h + y0 + fy) * in_w + x0 + fx) * depth + c];
                if constexpr (kKind == PoolKind::kMax) {
                  acc = std::max(acc, v);
                } else {
                  acc += v;
                }
                ++count;
              }
            }
            if constexpr (kKind == PoolKind::kAverage) {
              if (count == 0) return false;
              acc = acc / static_cast<float>(count);
            }
            out[((static_cast<int64_t>(b) * out_h + oy) * out_w + ox) * depth + c] =
                quant::ActivationClampFloat(acc, p.float_min, p.float_max);
          } else {
            int32_t acc = kKind == PoolKind::kMax ? std::numeric_limits<T>::lowest() : 0;
            for (int32_t fy = fy_start; fy < fy_end; ++fy) {
              for (int32_t fx = fx_start; fx < fx_end; ++fx) {
                const int32_t v =
                    in[((static_cast<int64_t>(b) * in_h + y0 + fy) * in_w + x0 + fx) * depth + c];
                if constexpr (kKind == PoolKind::kMax) {
                  acc = std::max(acc, v);
                } else {
                  acc += v;
                }
                ++count;
              }
            }
            if constexpr (kKind == PoolKind::kAverage) {
              if (count == 0) return false;
              // Round half away from zero, as TensorFlow Lite's integer average pool.
              acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
            }
            acc = std::min(std::max(acc, p.quant_min), p.quant_max);
            out[((static_cast<int64_t>(b) * out_h + oy) * out_w + ox) * depth + c] =
                static_cast<T>(acc);
          }
        }
      }
    }
  }
  return true;
}

template <PoolKind kKind>
Status EvalPool(KernelContext& ctx) {
  const PoolData& p = *ctx.user_data_as<PoolData>();
  const Tensor& input = *ctx.input(0);
  Tensor& output = *ctx.output(0);
  if (p.fast != nullptr) {
    optimized::RunPool(ctx, *p.fast, input.data, output.data);
    return Status::Ok();
  }
  bool ok = false;
  switch (input.type) {
    case DataType::kFloat32: ok = PoolLoop<kKind, float>(p, input, output); break;
    case DataType::kInt8: ok = PoolLoop<kKind, int8_t>(p, input, output); break;
    case DataType::kUInt8: ok = PoolLoop<kKind, uint8_t>(p, input, output); break;
    case DataType::kInt16: ok = PoolLoop<kKind, int16_t>(p, input, output); break;
    default:
      return Unimplemented(PoolName(kKind), ": dtype ", DataTypeName(input.type),
                           " is not supported");
  }
  if (!ok) {
    return InvalidArgument(PoolName(kKind), ": a pooling window covers no input cell");
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterAveragePool2D() {
  static const KernelRegistration r{"AVERAGE_POOL_2D", PreparePool<PoolKind::kAverage>,
                                    EvalPool<PoolKind::kAverage>, 1, 3};
  return &r;
}

const KernelRegistration* RegisterMaxPool2D() {
  static const KernelRegistration r{"MAX_POOL_2D", PreparePool<PoolKind::kMax>,
                                    EvalPool<PoolKind::kMax>, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
