// Shared prepare / eval of LOGISTIC and TANH, which TensorFlow Lite builds the
// same way: float32 per element, int8/uint8 through a 256-entry table of the
// float function, int16 either through gemmlowp fixed point (power-of-two
// input scales) or the interpolated sigmoid table (any other input scale).
// The kernels differ only in the function, the output scale they require and
// which power-of-two input scales take the fixed-point path.
#pragma once

#include <cstdint>

#include "kernels/internal/activation_util.h"
#include "kernels/internal/lut.h"
#include "kernels/optimized/unary.h"
#include "minnow/kernel.h"

namespace minnow::kernels {

struct SigmoidFamilyData {
  uint8_t* table = nullptr;  // 8-bit inputs, indexed by the input byte
  // int16: 0 selects the fixed-point path; input_left_shift then says how far
  // the input is from Q3.12 (see PrepareSigmoidFamilyInt16).
  int32_t input_multiplier = 0;
  int input_left_shift = 0;
  // float32: the optimized loop of the active kernel path, if any.
  const optimized::IsaKernels* fast = nullptr;
  optimized::FloatMap fast_op = optimized::FloatMap::kLogistic;
};

// Input/output validation common to both kernels, then allocation of the op
// data (`fast_op` is the kernel's optimized float loop). Messages keep the
// kernel name `op` in front, as before the merge.
inline Status PrepareSigmoidFamilyCommon(KernelContext& ctx, const char* op, optimized::FloatMap fast_op,
                                         const Tensor** in, const Tensor** out,
                                         SigmoidFamilyData** data) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 1, op, ": expected 1 input, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, op, ": expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, op, ": input 0 is missing");
  MINNOW_CHECK_ARG(output != nullptr, op, ": output 0 is missing");
  MINNOW_CHECK_ARG(input->type == output->type, op, ": input type ", DataTypeName(input->type),
                   " differs from output type ", DataTypeName(output->type));
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16) {
    return Unimplemented(op, ": dtype ", DataTypeName(type), " is not supported");
  }
  *data = ctx.NewOpData<SigmoidFamilyData>();
  if (*data == nullptr) return Internal(op, ": out of persistent memory");
  if (type == DataType::kFloat32) {
    (*data)->fast = optimized::ActiveKernels();
    (*data)->fast_op = fast_op;
  }
  if (type != DataType::kFloat32) {
    // Unlike CheckPerTensorQuantized, only presence and the input scale are
    // checked here; each kernel checks the output scale it needs.
    auto has_quant = [](const Tensor* t) {
      return t->quant != nullptr && !t->quant->scales.empty() && !t->quant->zero_points.empty();
    };
    MINNOW_CHECK_ARG(has_quant(input), op, ": quantized input has no quantization parameters");
    MINNOW_CHECK_ARG(has_quant(output), op, ": quantized output has no quantization parameters");
    MINNOW_CHECK_ARG(input->scale() > 0.0f, op, ": input scale must be positive, got ",
                     input->scale());
  }
  *in = input;
  *out = output;
  return Status::Ok();
}

// int8/uint8: allocates and fills the 256-entry table of `fn`.
inline Status PrepareSigmoidFamilyTable8(KernelContext& ctx, const char* op, const Tensor& in,
                                         const Tensor& out, float (*fn)(float),
                                         SigmoidFamilyData* data) {
  data->table = ctx.AllocatePersistentArray<uint8_t>(256);
  if (data->table == nullptr) return Internal(op, ": out of persistent memory");
  if (in.type == DataType::kInt8) {
    lut::Populate8<int8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), fn,
                           data->table);
  } else {
    lut::Populate8<uint8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), fn,
                            data->table);
  }
  return Status::Ok();
}

// int16: an input scale of 2^-(12 - k) with 0 <= k <= max_fixed_point_shift
// takes the fixed-point path with input_left_shift = k (the input must be
// shifted left by k to become Q3.12); any other scale gets the multiplier
// that rescales inputs to the sigmoid table's 1/(3*4096) steps, with as much
// precision as fits.
inline void PrepareSigmoidFamilyInt16(const Tensor& in, int max_fixed_point_shift,
                                      SigmoidFamilyData* data) {
  int input_log2 = 0;
  bool pot = lut::CheckedLog2(in.scale(), &input_log2);
  data->input_left_shift = (15 - 3) + input_log2;
  pot = pot && data->input_left_shift >= 0 && data->input_left_shift <= max_fixed_point_shift;
  if (!pot) {
    double multiplier = static_cast<double>(in.scale()) * 4096.0 * 3.0;
    data->input_left_shift = 0;
    while (multiplier <= 32767.0 / 2.0 && data->input_left_shift <= 30) {
      data->input_left_shift++;
      multiplier = multiplier * 2.0;
    }
    data->input_multiplier = static_cast<int32_t>(multiplier);
  }
}

// float_fn(x), table_fn(x, multiplier, shift) for the sigmoid-table int16
// path and fixed_fn(x, data) for the fixed-point int16 path, per element.
template <typename FloatFn, typename Int16TableFn, typename Int16FixedFn>
Status EvalSigmoidFamily(KernelContext& ctx, const char* op, FloatFn float_fn,
                         Int16TableFn table_fn, Int16FixedFn fixed_fn) {
  const auto& data = *ctx.user_data_as<SigmoidFamilyData>();
  const Tensor& input = *ctx.input(0);
  Tensor& output = *ctx.output(0);
  const int64_t n = input.num_elements();
  switch (input.type) {
    case DataType::kFloat32: {
      const float* in = input.data_as<float>();
      float* out = output.data_as<float>();
      if (data.fast != nullptr) {
        optimized::RunFloatMap(ctx, *data.fast, data.fast_op, in, out, n);
        break;
      }
      for (int64_t i = 0; i < n; ++i) out[i] = float_fn(in[i]);
      break;
    }
    case DataType::kInt8:
    case DataType::kUInt8:
      LookupTable8(data.table, input, &output, n);
      break;
    case DataType::kInt16: {
      const int16_t* in = input.data_as<int16_t>();
      int16_t* out = output.data_as<int16_t>();
      if (data.input_multiplier > 0) {
        for (int64_t i = 0; i < n; ++i) {
          out[i] = table_fn(in[i], data.input_multiplier, data.input_left_shift);
        }
      } else {
        for (int64_t i = 0; i < n; ++i) out[i] = fixed_fn(in[i], data);
      }
      break;
    }
    default:
      return Internal(op, ": unexpected dtype ", DataTypeName(input.type));
  }
  return Status::Ok();
}

}  // namespace minnow::kernels
