// SOFTMAX over the last axis, reproducing TensorFlow Lite's builtin kernel
// (kGenericOptimized, x86 build):
//  - float32: exp((x - max) * beta) normalized by the row sum.
//  - int8/uint8 input (int8/uint8 or int16 output): a 256-entry float table of
//    exp(-input_scale * beta * d) indexed by the distance d from the row
//    maximum, a float row sum, then float rescaling to the output
//    (optimized_ops::Softmax with PopulateSoftmaxLookupTable). This is not the
//    gemmlowp fixed-point path of the reference / TFLite Micro kernels, whose
//    results can differ by a step.
//  - int16 -> int16: exp and 1/(1+x) interpolated 513-entry tables
//    (reference_ops::SoftmaxInt16), ranks 1 to 4.
// On an optimized kernel path float32 runs the vector loop
// (kernels/optimized/unary.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <variant>

#include "kernels/internal/lut.h"
#include "kernels/internal/quantization.h"
#include "kernels/optimized/unary.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

enum class SoftmaxKind : uint8_t { kFloat, kQuantized8, kInt16 };

struct SoftmaxData {
  SoftmaxKind kind = SoftmaxKind::kFloat;
  float beta = 1.0f;
  // kQuantized8: exp_table[255 - d] = exp(-input_scale * beta * d).
  float* exp_table = nullptr;
  float output_scale = 0.0f;
  int32_t output_zero_point = 0;
  // kInt16.
  int16_t* exp_lut = nullptr;
  int16_t* one_over_one_plus_x_lut = nullptr;
  int32_t input_multiplier = 0;
  int input_shift = 0;
  const optimized::IsaKernels* fast = nullptr;  // kFloat on an optimized path
};

double ExpDouble(double x) { return std::exp(x); }
double OneOverOnePlusX(double x) { return 1.0 / (1.0 + x); }

bool HasQuant(const Tensor* t) {
  return t->quant != nullptr && !t->quant->scales.empty() && !t->quant->zero_points.empty();
}

Status Prepare(KernelContext& ctx) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 1, "SOFTMAX: expected 1 input, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, "SOFTMAX: expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, "SOFTMAX: input 0 is missing");
  MINNOW_CHECK_ARG(output != nullptr, "SOFTMAX: output 0 is missing");
  MINNOW_CHECK_ARG(input->shape.rank() >= 1, "SOFTMAX: input must have rank >= 1, got ",
                   input->shape.rank());

  float beta = 1.0f;
  if (const auto* options = std::get_if<SoftmaxOptions>(&ctx.options())) {
    beta = options->beta;
  } else if (!std::holds_alternative<std::monostate>(ctx.options())) {
    return InvalidArgument("SOFTMAX: options are not SoftmaxOptions");
  }

  const DataType in_type = input->type;
  const DataType out_type = output->type;
  SoftmaxKind kind;
  switch (in_type) {
    case DataType::kFloat32:
      MINNOW_CHECK_ARG(out_type == DataType::kFloat32,
                       "SOFTMAX: float32 input needs a float32 output, got ",
                       DataTypeName(out_type));
      kind = SoftmaxKind::kFloat;
      break;
    case DataType::kInt8:
    case DataType::kUInt8:
      MINNOW_CHECK_ARG(out_type == in_type || out_type == DataType::kInt16, "SOFTMAX: ",
                       DataTypeName(in_type), " input needs a ", DataTypeName(in_type),
                       " or INT16 output, got ", DataTypeName(out_type));
      kind = SoftmaxKind::kQuantized8;
      break;
    case DataType::kInt16:
      MINNOW_CHECK_ARG(out_type == DataType::kInt16,
                       "SOFTMAX: int16 input needs an int16 output, got ", DataTypeName(out_type));
      kind = SoftmaxKind::kInt16;
      break;
    default:
      return Unimplemented("SOFTMAX: dtype ", DataTypeName(in_type), " is not supported");
  }

  if (kind != SoftmaxKind::kFloat) {
    MINNOW_CHECK_ARG(HasQuant(input), "SOFTMAX: quantized input has no quantization parameters");
    MINNOW_CHECK_ARG(HasQuant(output), "SOFTMAX: quantized output has no quantization parameters");
    MINNOW_CHECK_ARG(input->scale() > 0.0f, "SOFTMAX: input scale must be positive, got ",
                     input->scale());
    MINNOW_CHECK_ARG(output->scale() > 0.0f, "SOFTMAX: output scale must be positive, got ",
                     output->scale());
  }
  // The output parameters TensorFlow Lite insists on.
  if (in_type == DataType::kInt8 && out_type == DataType::kInt8) {
    MINNOW_CHECK_ARG(output->zero_point() == -128,
                     "SOFTMAX: int8 output zero point must be -128, got ", output->zero_point());
    MINNOW_CHECK_ARG(std::fabs(output->scale() - 1.f / 256) <= 0.001f * 1.f / 256,
                     "SOFTMAX: int8 output scale must be 1/256, got ", output->scale());
  } else if (kind == SoftmaxKind::kInt16) {
    MINNOW_CHECK_ARG(input->zero_point() == 0, "SOFTMAX: int16 input zero point must be 0, got ",
                     input->zero_point());
    MINNOW_CHECK_ARG(output->zero_point() == 0,
                     "SOFTMAX: int16 output zero point must be 0, got ", output->zero_point());
    MINNOW_CHECK_ARG(std::fabs(output->scale() - 1.f / 32768) <= 0.001f * 1.f / 32768,
                     "SOFTMAX: int16 output scale must be 1/32768, got ", output->scale());
    if (input->shape.rank() > 4) {
      return Unimplemented("SOFTMAX: int16 supports ranks 1 to 4, got ", input->shape.rank());
    }
  }

  auto* data = ctx.NewOpData<SoftmaxData>();
  if (data == nullptr) return Internal("SOFTMAX: out of persistent memory");
  data->kind = kind;
  data->beta = beta;
  if (kind == SoftmaxKind::kFloat) data->fast = optimized::ActiveKernels();

  if (kind == SoftmaxKind::kQuantized8) {
    data->exp_table = ctx.AllocatePersistentArray<float>(256);
    if (data->exp_table == nullptr) return Internal("SOFTMAX: out of persistent memory");
    // Float product, then expf, as PopulateSoftmaxLookupTable.
    const float scale = -input->scale() * beta;
    for (int32_t d = 0; d <= 255; ++d) {
      data->exp_table[255 - d] = std::exp(scale * static_cast<float>(d));
    }
    data->output_scale = output->scale();
    data->output_zero_point = output->zero_point();
  } else if (kind == SoftmaxKind::kInt16) {
    data->exp_lut = ctx.AllocatePersistentArray<int16_t>(lut::kInt16LutSize);
    data->one_over_one_plus_x_lut = ctx.AllocatePersistentArray<int16_t>(lut::kInt16LutSize);
    if (data->exp_lut == nullptr || data->one_over_one_plus_x_lut == nullptr) {
      return Internal("SOFTMAX: out of persistent memory");
    }
    const int32_t range = 65535;
    // exp on [-10, 0] and 1/(1+x) on [0, 1], both onto [-1, 1] outputs.
    lut::PopulateInt16(10.0 / range, 32767, 2.0 / range, 0, ExpDouble, data->exp_lut);
    lut::PopulateInt16(1.0 / range, -32768, 2.0 / range, 0, OneOverOnePlusX,
                       data->one_over_one_plus_x_lut);
    // Maps input differences so that [-65535, 0] covers [-10, 0]; the
    // scale * beta product is taken in float first, as TensorFlow Lite does.
    const float scale_beta = input->scale() * beta;
    const double rescale = static_cast<double>(scale_beta) / (10.0 / 65535.0);
    quant::QuantizeMultiplier(rescale, &data->input_multiplier, &data->input_shift);
  }
  return ctx.ResizeOutput(0, input->shape);
}

// Splits the tensor into rows along the last axis.
void RowGeometry(const Tensor& t, int64_t* outer, int64_t* depth) {
  *depth = t.shape.dim(t.shape.rank() - 1);
  *outer = *depth == 0 ? 0 : t.num_elements() / *depth;
}

void SoftmaxFloat(const SoftmaxData& data, const float* in, float* out, int64_t outer,
                  int64_t depth) {
  for (int64_t i = 0; i < outer; ++i, in += depth, out += depth) {
    float max_val = in[0];
    for (int64_t c = 1; c < depth; ++c) max_val = std::max(max_val, in[c]);
    float sum = 0.0f;
    for (int64_t c = 0; c < depth; ++c) {
      out[c] = std::exp((in[c] - max_val) * data.beta);
      sum += out[c];
    }
    const float inv_sum = 1.0f / sum;
    for (int64_t c = 0; c < depth; ++c) out[c] *= inv_sum;
  }
}

template <typename Out>
int32_t QuantizeProbability(float prob_rescaled, int32_t zero_point) {
  if constexpr (std::is_same_v<Out, uint8_t>) {
    // TensorFlow Lite's x86 path for uint8 outputs adds 0.5 and truncates,
    // ignoring the output zero point (which is 0 for softmax outputs).
    (void)zero_point;
    return static_cast<int32_t>(prob_rescaled + 0.5f);
  } else {
    return static_cast<int32_t>(std::round(prob_rescaled)) + zero_point;
  }
}

template <typename In, typename Out>
void SoftmaxQuantized8(const SoftmaxData& data, const In* in, Out* out, int64_t outer,
                       int64_t depth) {
  const int32_t clamp_min = std::numeric_limits<Out>::min();
  const int32_t clamp_max = std::numeric_limits<Out>::max();
  for (int64_t i = 0; i < outer; ++i, in += depth, out += depth) {
    int32_t max_val = std::numeric_limits<In>::min();
    for (int64_t c = 0; c < depth; ++c) max_val = std::max(max_val, static_cast<int32_t>(in[c]));
    // exp of (x - max) sits at index 255 + x - max, in [0, 255].
    const float* table = data.exp_table + (255 - max_val);
    float sum_exp = 0.0f;
    for (int64_t c = 0; c < depth; ++c) sum_exp += table[in[c]];
    const float inv_sum_exp = 1.0f / (sum_exp * data.output_scale);
    for (int64_t c = 0; c < depth; ++c) {
      const float prob_rescaled = table[in[c]] * inv_sum_exp;
      const int32_t q = QuantizeProbability<Out>(prob_rescaled, data.output_zero_point);
      out[c] = static_cast<Out>(std::max(std::min(clamp_max, q), clamp_min));
    }
  }
}

void SoftmaxInt16(const SoftmaxData& data, const int16_t* in, int16_t* out, int64_t outer,
                  int64_t depth) {
  for (int64_t i = 0; i < outer; ++i, in += depth, out += depth) {
    int16_t max_in_row = std::numeric_limits<int16_t>::min();
    for (int64_t c = 0; c < depth; ++c) max_in_row = std::max(max_in_row, in[c]);

    // exp(x - max) in Q0.15, cached in the output row; their sum in Q16.15.
    int32_t sum_of_exps = 0;
    for (int64_t c = 0; c < depth; ++c) {
      const int32_t input_diff = in[c] - max_in_row;
      const int32_t scaled_diff =
          quant::MultiplyByQuantizedMultiplier(input_diff, data.input_multiplier, data.input_shift);
      // Recentre [-65535, 0] onto the table's [-32768, 32767].
      const int32_t sym_scaled_diff = std::min(std::max(scaled_diff + 32767, -32768), 32767);
      out[c] = lut::LookupInt16(static_cast<int16_t>(sym_scaled_diff), data.exp_lut);
      sum_of_exps += out[c];
    }

    // 1 / sum via the 1/(1+x) table on the sum normalized to [1, 2).
    const int headroom_plus_one =
        sum_of_exps == 0 ? 32 : __builtin_clz(static_cast<uint32_t>(sum_of_exps));
    const int32_t shifted_sum = static_cast<int32_t>(
        ((static_cast<int64_t>(sum_of_exps) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    // x = sum - 1, recentred from [0, 65535] to [-32768, 32767].
    const int32_t sym_shifted_sum =
        std::min(std::max(shifted_sum - ((1 << 15) + (1 << 16)), -32768), 32767);
    const int16_t reciprocal_scale_q015 =
        lut::LookupInt16(static_cast<int16_t>(sym_shifted_sum), data.one_over_one_plus_x_lut);

    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int64_t c = 0; c < depth; ++c) {
      const int32_t result = static_cast<int32_t>(
          (static_cast<int64_t>(out[c]) * static_cast<int64_t>(reciprocal_scale_q015) + round) >>
          right_shift);
      out[c] = static_cast<int16_t>(std::min(std::max(result, 0), 32767));
    }
  }
}

Status Eval(KernelContext& ctx) {
  const auto& data = *ctx.user_data_as<SoftmaxData>();
  const Tensor& input = *ctx.input(0);
  Tensor& output = *ctx.output(0);
  int64_t outer = 0, depth = 0;
  RowGeometry(input, &outer, &depth);
  switch (data.kind) {
    case SoftmaxKind::kFloat:
      if (data.fast != nullptr) {
        optimized::RunSoftmax(ctx, *data.fast, input.data_as<float>(), output.data_as<float>(), outer,
                              depth, data.beta);
        return Status::Ok();
      }
      SoftmaxFloat(data, input.data_as<float>(), output.data_as<float>(), outer, depth);
      return Status::Ok();
    case SoftmaxKind::kInt16:
      SoftmaxInt16(data, input.data_as<int16_t>(), output.data_as<int16_t>(), outer, depth);
      return Status::Ok();
    case SoftmaxKind::kQuantized8:
      break;
  }
  if (input.type == DataType::kInt8) {
    if (output.type == DataType::kInt8) {
      SoftmaxQuantized8(data, input.data_as<int8_t>(), output.data_as<int8_t>(), outer, depth);
    } else {
      SoftmaxQuantized8(data, input.data_as<int8_t>(), output.data_as<int16_t>(), outer, depth);
    }
  } else {
    if (output.type == DataType::kUInt8) {
      SoftmaxQuantized8(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), outer, depth);
    } else {
      SoftmaxQuantized8(data, input.data_as<uint8_t>(), output.data_as<int16_t>(), outer, depth);
    }
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterSoftmax() {
  static const KernelRegistration r{"SOFTMAX", Prepare, Eval, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
