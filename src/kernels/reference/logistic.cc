// LOGISTIC (sigmoid), reproducing TensorFlow Lite's builtin kernel
// (kGenericOptimized):
//  - float32: 1 / (1 + exp(-x)).
//  - int8/uint8: a 256-entry table of the float sigmoid of every input value
//    (output scale must be 1/256).
//  - int16 (zero points 0, output scale 1/32768): with input scale 2^-12 the
//    gemmlowp fixed-point logistic on Q3.12 inputs; any other input scale goes
//    through the interpolated sigmoid table.
#include <cmath>
#include <cstdint>

#include "kernels/internal/fixed_point.h"
#include "kernels/internal/lut.h"
#include "kernels/internal/sigmoid_family.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "LOGISTIC";

float SigmoidFloat(float x) { return 1.0f / (1.0f + std::exp(-x)); }

Status Prepare(KernelContext& ctx) {
  const Tensor* input = nullptr;
  const Tensor* output = nullptr;
  SigmoidFamilyData* data = nullptr;
  MINNOW_RETURN_IF_ERROR(PrepareSigmoidFamilyCommon(ctx, kOp, optimized::FloatMap::kLogistic, &input,
                                                    &output, &data));
  const DataType type = input->type;
  if (type == DataType::kInt8 || type == DataType::kUInt8) {
    MINNOW_CHECK_ARG(output->scale() == 1.0 / 256, "LOGISTIC: ", DataTypeName(type),
                     " output scale must be 1/256, got ", output->scale());
    MINNOW_RETURN_IF_ERROR(
        PrepareSigmoidFamilyTable8(ctx, kOp, *input, *output, SigmoidFloat, data));
  } else if (type == DataType::kInt16) {
    MINNOW_CHECK_ARG(output->scale() == 1.0 / 32768,
                     "LOGISTIC: int16 output scale must be 1/32768, got ", output->scale());
    MINNOW_CHECK_ARG(input->zero_point() == 0, "LOGISTIC: int16 input zero point must be 0, got ",
                     input->zero_point());
    MINNOW_CHECK_ARG(output->zero_point() == 0,
                     "LOGISTIC: int16 output zero point must be 0, got ", output->zero_point());
    // Fixed-point path only for exactly Q3.12 inputs (no shift).
    PrepareSigmoidFamilyInt16(*input, /*max_fixed_point_shift=*/0, data);
  }
  return ctx.ResizeOutput(0, input->shape);
}

Status Eval(KernelContext& ctx) {
  using F3 = fixed_point::FixedPoint<int16_t, 3>;
  return EvalSigmoidFamily(ctx, kOp, SigmoidFloat, lut::SigmoidTableLogistic,
                           [](int16_t x, const SigmoidFamilyData&) {
                             return fixed_point::Logistic(F3::FromRaw(x)).raw;
                           });
}

}  // namespace

const KernelRegistration* RegisterLogistic() {
  static const KernelRegistration r{"LOGISTIC", Prepare, Eval, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
