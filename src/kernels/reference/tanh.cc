// TANH, reproducing TensorFlow Lite's builtin kernel (kGenericOptimized):
//  - float32: tanh(x).
//  - int8/uint8: a 256-entry table of the float tanh of every input value (any
//    output quantization; converters use 1/128 with zero point 0 / 128).
//  - int16 (zero points 0, output scale 2^-15): with input scale 2^-12 or
//    2^-11 the gemmlowp fixed-point tanh on Q3.12 inputs (2^-11 inputs doubled
//    first, saturating); any other input scale goes through the interpolated
//    sigmoid table (tanh(x) = 2 sigmoid(2x) - 1).
#include <cmath>
#include <cstdint>

#include "kernels/internal/fixed_point.h"
#include "kernels/internal/lut.h"
#include "kernels/internal/sigmoid_family.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "TANH";

float TanhFloat(float x) { return std::tanh(x); }

Status Prepare(KernelContext& ctx) {
  const Tensor* input = nullptr;
  const Tensor* output = nullptr;
  SigmoidFamilyData* data = nullptr;
  MINNOW_RETURN_IF_ERROR(PrepareSigmoidFamilyCommon(ctx, kOp, optimized::FloatMap::kTanh, &input,
                                                    &output, &data));
  const DataType type = input->type;
  if (type == DataType::kInt8 || type == DataType::kUInt8) {
    MINNOW_CHECK_ARG(output->scale() > 0.0f, "TANH: output scale must be positive, got ",
                     output->scale());
    MINNOW_RETURN_IF_ERROR(PrepareSigmoidFamilyTable8(ctx, kOp, *input, *output, TanhFloat, data));
  } else if (type == DataType::kInt16) {
    MINNOW_CHECK_ARG(input->zero_point() == 0, "TANH: int16 input zero point must be 0, got ",
                     input->zero_point());
    MINNOW_CHECK_ARG(output->zero_point() == 0,
                     "TANH: int16 output zero point must be 0, got ", output->zero_point());
    // Fixed-point path for Q3.12 inputs, or Q4.11 ones doubled into Q3.12.
    PrepareSigmoidFamilyInt16(*input, /*max_fixed_point_shift=*/1, data);
    int output_log2 = 0;
    MINNOW_CHECK_ARG(lut::CheckedLog2(output->scale(), &output_log2) && output_log2 == -15,
                     "TANH: int16 output scale must be 2^-15, got ", output->scale());
  }
  return ctx.ResizeOutput(0, input->shape);
}

Status Eval(KernelContext& ctx) {
  using F3 = fixed_point::FixedPoint<int16_t, 3>;
  return EvalSigmoidFamily(ctx, kOp, TanhFloat, lut::SigmoidTableTanh,
                           [](int16_t x, const SigmoidFamilyData& data) {
                             // Q4.11 inputs are doubled (saturating) into Q3.12.
                             if (data.input_left_shift == 1) {
                               x = fixed_point::SaturatingRoundingMultiplyByPOT<1>(x);
                             }
                             return fixed_point::Tanh(F3::FromRaw(x)).raw;
                           });
}

}  // namespace

const KernelRegistration* RegisterTanh() {
  static const KernelRegistration r{"TANH", Prepare, Eval, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
