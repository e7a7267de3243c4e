// BATCH_MATMUL: out[..., i, j] = sum_k lhs[..., i, k] * rhs[..., k, j], with
// adj_x / adj_y transposing the last two dimensions of lhs / rhs and the
// leading (batch) dimensions broadcast; ranks 2 to 5.
//
// Types as TensorFlow Lite's builtin kernel (its reference BatchMatMul, which
// LiteRT registers as the builtin): float32; int8 x int8 -> int8 (offsets,
// one int32 accumulator, MultiplyByQuantizedMultiplier) or -> int32 (raw
// products, zero points ignored); int16 x int16 and int16 x int8 -> int16
// (int64 accumulator, the int64 MultiplyByQuantizedMultiplier). Sums run over
// k in ascending order, so float results match bit for bit.
//
// The multiplier uses each tensor's *per-tensor* ("legacy") scale and zero
// point as TensorFlow Lite does: a per-axis quantized operand contributes
// scale 0 (and zero point 0), which makes the multiplier 0. Models converted
// with per-channel RHS weights therefore produce all-zero outputs in
// TensorFlow Lite, and here.
//
// On an optimized kernel path, float32, int8 -> int8 and 16x8 (int16 x int8)
// run on the packed GEMM (see PrepareOptimized); the rest on the loop below.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <variant>
#include <vector>

#include "kernels/internal/quantization.h"
#include "kernels/optimized/gemm.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

constexpr const char* kOp = "BATCH_MATMUL";
constexpr int kMaxRank = 5;

struct OpData {
  BatchMatMulOptions options;
  // Extended (rank 5) shapes: three batch dimensions, then the matrix.
  int32_t out_batch[3] = {1, 1, 1};
  int64_t lhs_batch_stride[3] = {0, 0, 0};  // 0 on broadcast dimensions
  int64_t rhs_batch_stride[3] = {0, 0, 0};
  int32_t lhs_stored_cols = 0;  // last dimension of lhs as stored
  int32_t rhs_stored_cols = 0;
  int32_t rows = 0, cols = 0, depth = 0;
  // Quantized.
  int32_t lhs_offset = 0, rhs_offset = 0, output_offset = 0;
  int32_t multiplier = 0;
  int shift = 0;
  int32_t act_min = 0, act_max = 0;
  // The packed GEMM's plan when the active kernel path has one for this node.
  optimized::F32Gemm* f32_gemm = nullptr;
  optimized::Q8Gemm* q8_gemm = nullptr;
  optimized::Q16Gemm* q16_gemm = nullptr;
};

// TensorFlow Lite's TfLiteTensor::params: set only for exactly one scale and
// one zero point, zero otherwise.
float LegacyScale(const Tensor* t) {
  if (t->quant == nullptr || t->quant->scales.size() != 1 || t->quant->zero_points.size() != 1) {
    return 0.0f;
  }
  return t->quant->scales[0];
}
int32_t LegacyZeroPoint(const Tensor* t) {
  if (t->quant == nullptr || t->quant->scales.size() != 1 || t->quant->zero_points.size() != 1) {
    return 0;
  }
  return static_cast<int32_t>(t->quant->zero_points[0]);
}

// Dims of `s` extended to rank 5 with leading ones.
void Extend(const Shape& s, int32_t* dims) {
  const int pad = kMaxRank - s.rank();
  for (int i = 0; i < kMaxRank; ++i) dims[i] = i < pad ? 1 : s.dim(i - pad);
}

Status CheckTypes(const Tensor* lhs, const Tensor* rhs, const Tensor* out) {
  const DataType l = lhs->type, r = rhs->type, o = out->type;
  if (l == DataType::kFloat32 && r == DataType::kFloat32) {
    if (o != DataType::kFloat32) {
      return InvalidArgument(kOp, ": FLOAT32 inputs need a FLOAT32 output, got ", DataTypeName(o));
    }
    return Status::Ok();
  }
  if (l == DataType::kFloat32 && r == DataType::kInt8) {
    return Unimplemented(kOp, ": hybrid FLOAT32 x INT8 is not supported");
  }
  if (l == DataType::kInt8 && r == DataType::kInt8) {
    if (o != DataType::kInt8 && o != DataType::kInt32) {
      return InvalidArgument(kOp, ": INT8 inputs need an INT8 or INT32 output, got ",
                             DataTypeName(o));
    }
    return Status::Ok();
  }
  if (l == DataType::kInt16 && (r == DataType::kInt16 || r == DataType::kInt8)) {
    if (o != DataType::kInt16) {
      return InvalidArgument(kOp, ": INT16 inputs need an INT16 output, got ", DataTypeName(o));
    }
    return Status::Ok();
  }
  const bool known = [](DataType t) {
    return t == DataType::kFloat32 || t == DataType::kInt8 || t == DataType::kInt16;
  }(l) && (r == DataType::kFloat32 || r == DataType::kInt8 || r == DataType::kInt16);
  if (!known) {
    return Unimplemented(kOp, ": dtypes ", DataTypeName(l), " x ", DataTypeName(r),
                         " are not supported");
  }
  return InvalidArgument(kOp, ": input types ", DataTypeName(l), " and ", DataTypeName(r),
                         " do not match");
}

Status RequirePerTensorQuantized(const Tensor* t, const char* role) {
  if (t->quant == nullptr || t->quant->scales.empty()) {
    return InvalidArgument(kOp, ": ", DataTypeName(t->type), " ", role,
                           " has no quantization parameters");
  }
  return Status::Ok();
}

// Plans the packed GEMM of the active kernel path: the GEMM's rows are the
// lhs rows (i) and its channels the rhs columns (j), so its weights w[j][k]
// are the rhs read across (down its columns unless adj_y), packed per rhs
// matrix: once here for a constant rhs, else at each eval. Leaves the plans
// null, and the reference loop in charge, for the other types (int8 ->
// int32, int16 x int16) and for shapes the GEMM does not take.
void PrepareOptimized(KernelContext& ctx, const Tensor* lhs, const Tensor* rhs, const Tensor* out,
                      const int32_t* ld, const int32_t* rd, OpData* d) {
  const optimized::IsaKernels* isa = optimized::ActiveKernels();
  const bool is_f32 = lhs->type == DataType::kFloat32;
  const bool is_q8 = lhs->type == DataType::kInt8 && out->type == DataType::kInt8;
  const bool is_q16 = lhs->type == DataType::kInt16 && rhs->type == DataType::kInt8;
  if (isa == nullptr || !(is_f32 || is_q8 || is_q16)) return;
  const bool adj_x = d->options.adj_x, adj_y = d->options.adj_y;
  const int64_t batches = int64_t{d->out_batch[0]} * d->out_batch[1] * d->out_batch[2];
  const int64_t lhs_matrix = int64_t{ld[3]} * ld[4], rhs_matrix = int64_t{rd[3]} * rd[4];
  if (batches == 0 || lhs_matrix == 0 || rhs_matrix == 0 || batches * d->rows > INT32_MAX) return;
  optimized::GemmInput input;
  input.rows = d->rows;
  input.depth = d->depth;
  input.row_stride = adj_x ? 1 : d->lhs_stored_cols;
  input.depth_stride = adj_x ? d->lhs_stored_cols : 1;
  optimized::GemmWeights weights;
  weights.sets = static_cast<int>(rhs->num_elements() / rhs_matrix);
  weights.set_stride = rhs_matrix;
  weights.channel_stride = adj_y ? d->rhs_stored_cols : 1;
  weights.depth_stride = adj_y ? 1 : d->rhs_stored_cols;
  weights.packed_at_run = !rhs->is_constant();
  if (weights.sets == 1 && !adj_x && lhs->num_elements() / lhs_matrix == batches) {
    // One rhs and the lhs matrices one after another: one product of all
    // their rows, as FULLY_CONNECTED's.
    input.rows = static_cast<int>(batches * d->rows);
  } else if (batches > 1) {
    input.batches = static_cast<int>(batches);
    int64_t* offsets = ctx.AllocatePersistentArray<int64_t>(batches);
    int32_t* sets = ctx.AllocatePersistentArray<int32_t>(batches);
    if (offsets == nullptr || sets == nullptr) return;
    int b = 0;
    for (int32_t b0 = 0; b0 < d->out_batch[0]; ++b0) {
      for (int32_t b1 = 0; b1 < d->out_batch[1]; ++b1) {
        for (int32_t b2 = 0; b2 < d->out_batch[2]; ++b2, ++b) {
          offsets[b] = b0 * d->lhs_batch_stride[0] + b1 * d->lhs_batch_stride[1] + b2 * d->lhs_batch_stride[2];
          sets[b] = static_cast<int32_t>(
              (b0 * d->rhs_batch_stride[0] + b1 * d->rhs_batch_stride[1] + b2 * d->rhs_batch_stride[2]) / rhs_matrix);
        }
      }
    }
    input.batch_offsets = offsets;
    input.weight_sets = sets;
  }
  const bool constant = rhs->is_constant();
  if (is_f32) {
    optimized::F32GemmSpec spec;
    spec.weights = constant ? rhs->data_as<float>() : nullptr;
    spec.layout = weights;
    spec.channels = d->cols;
    spec.act_min = -std::numeric_limits<float>::infinity();
    spec.act_max = std::numeric_limits<float>::infinity();
    d->f32_gemm = optimized::PrepareF32Gemm(ctx, isa, spec, input);
    return;
  }
  // One per-tensor multiplier, given per channel.
  const std::vector<int32_t> multipliers(d->cols, d->multiplier), shifts(d->cols, d->shift);
  if (is_q8) {
    optimized::Q8GemmSpec spec;
    spec.weights = constant ? static_cast<const uint8_t*>(rhs->data) : nullptr;
    spec.layout = weights;
    spec.weight_zero = -d->rhs_offset;
    spec.channels = d->cols;
    spec.input_zero = -d->lhs_offset;
    spec.multipliers = multipliers.data();
    spec.shifts = shifts.data();
    spec.output_zero = d->output_offset;
    spec.act_min = d->act_min;
    spec.act_max = d->act_max;
    d->q8_gemm = optimized::PrepareQ8Gemm(ctx, isa, spec, input);
    return;
  }
  optimized::Q16GemmSpec spec;  // zero points 0, as Prepare checked
  spec.weights = constant ? rhs->data_as<int8_t>() : nullptr;
  spec.layout = weights;
  spec.channels = d->cols;
  spec.multipliers = multipliers.data();
  spec.shifts = shifts.data();
  spec.act_min = d->act_min;
  spec.act_max = d->act_max;
  d->q16_gemm = optimized::PrepareQ16Gemm(ctx, isa, spec, input);
}

Status Prepare(KernelContext& ctx) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2, kOp, ": expected 2 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, kOp, ": expected 1 output, got ", ctx.num_outputs());
  const Tensor* lhs = ctx.input(0);
  const Tensor* rhs = ctx.input(1);
  const Tensor* out = ctx.output(0);
  MINNOW_CHECK_ARG(lhs != nullptr && rhs != nullptr, kOp, ": missing input");
  MINNOW_CHECK_ARG(out != nullptr, kOp, ": missing output");
  const int lr = lhs->shape.rank(), rr = rhs->shape.rank();
  MINNOW_CHECK_ARG(lr >= 2 && lr <= kMaxRank, kOp, ": lhs rank must be 2..5, got ", lr);
  MINNOW_CHECK_ARG(rr >= 2 && rr <= kMaxRank, kOp, ": rhs rank must be 2..5, got ", rr);
  MINNOW_RETURN_IF_ERROR(CheckTypes(lhs, rhs, out));

  OpData* d = ctx.NewOpData<OpData>();
  if (d == nullptr) return Status(StatusCode::kResourceExhausted, StrCat(kOp, ": out of memory"));
  if (const auto* o = std::get_if<BatchMatMulOptions>(&ctx.options())) d->options = *o;
  const bool adj_x = d->options.adj_x, adj_y = d->options.adj_y;

  int32_t ld[kMaxRank], rd[kMaxRank];
  Extend(lhs->shape, ld);
  Extend(rhs->shape, rd);
  const int out_rank = std::max(lr, rr);
  Shape out_shape;
  out_shape.set_rank(out_rank);
  int64_t lhs_stride = static_cast<int64_t>(ld[3]) * ld[4];
  int64_t rhs_stride = static_cast<int64_t>(rd[3]) * rd[4];
  for (int i = 2; i >= 0; --i) {
    if (ld[i] != rd[i] && ld[i] != 1 && rd[i] != 1) {
      return InvalidArgument(kOp, ": batch dimensions of ", lhs->shape.ToString(), " and ",
                             rhs->shape.ToString(), " do not broadcast");
    }
    d->out_batch[i] = ld[i] == 1 ? rd[i] : ld[i];
    d->lhs_batch_stride[i] = ld[i] == 1 ? 0 : lhs_stride;
    d->rhs_batch_stride[i] = rd[i] == 1 ? 0 : rhs_stride;
    lhs_stride *= ld[i];
    rhs_stride *= rd[i];
  }
  d->lhs_stored_cols = ld[4];
  d->rhs_stored_cols = rd[4];
  d->rows = adj_x ? ld[4] : ld[3];
  d->depth = adj_x ? ld[3] : ld[4];
  const int32_t rhs_depth = adj_y ? rd[4] : rd[3];
  d->cols = adj_y ? rd[3] : rd[4];
  if (d->depth != rhs_depth) {
    return InvalidArgument(kOp, ": inner dimensions differ: lhs ", lhs->shape.ToString(),
                           (adj_x ? " (adjoint)" : ""), " and rhs ", rhs->shape.ToString(),
                           (adj_y ? " (adjoint)" : ""));
  }
  for (int i = 0; i < out_rank - 2; ++i) {
    out_shape.dim(i) = d->out_batch[3 - (out_rank - 2) + i];
  }
  out_shape.dim(out_rank - 2) = d->rows;
  out_shape.dim(out_rank - 1) = d->cols;

  if (lhs->type != DataType::kFloat32 && out->type != DataType::kInt32) {
    MINNOW_RETURN_IF_ERROR(RequirePerTensorQuantized(lhs, "lhs"));
    MINNOW_RETURN_IF_ERROR(RequirePerTensorQuantized(rhs, "rhs"));
    MINNOW_RETURN_IF_ERROR(RequirePerTensorQuantized(out, "output"));
    if (out->quant->per_axis() || !(LegacyScale(out) > 0.0f)) {
      return InvalidArgument(kOp, ": output must have one positive scale");
    }
    if (lhs->type == DataType::kInt16 &&
        (LegacyZeroPoint(lhs) != 0 || LegacyZeroPoint(rhs) != 0 || LegacyZeroPoint(out) != 0)) {
      return InvalidArgument(kOp, ": int16 tensors must have zero point 0");
    }
    // GetQuantizedConvolutionMultipler: float product, double quotient.
    const double product = static_cast<double>(LegacyScale(lhs) * LegacyScale(rhs));
    const double real_multiplier = product / static_cast<double>(LegacyScale(out));
    quant::QuantizeMultiplier(real_multiplier, &d->multiplier, &d->shift);
    d->lhs_offset = -LegacyZeroPoint(lhs);
    d->rhs_offset = -LegacyZeroPoint(rhs);
    d->output_offset = LegacyZeroPoint(out);
    d->act_min = quant::QuantizedMin(out->type);
    d->act_max = quant::QuantizedMax(out->type);
  }
  PrepareOptimized(ctx, lhs, rhs, out, ld, rd, d);
  return ctx.ResizeOutput(0, out_shape);
}

// Walks every output element; `finish(acc)` converts the accumulator.
template <typename L, typename R, typename Acc, typename Out, typename Finish>
void MatMulLoop(const OpData& d, const L* lhs, const R* rhs, Out* out, Acc lhs_offset,
                Acc rhs_offset, Finish finish) {
  const bool adj_x = d.options.adj_x, adj_y = d.options.adj_y;
  // Element (i, k) of lhs at i * li + k * lk; (k, j) of rhs at k * rk + j * rj.
  const int64_t li = adj_x ? 1 : d.lhs_stored_cols;
  const int64_t lk = adj_x ? d.lhs_stored_cols : 1;
  const int64_t rk = adj_y ? 1 : d.rhs_stored_cols;
  const int64_t rj = adj_y ? d.rhs_stored_cols : 1;
  for (int32_t b0 = 0; b0 < d.out_batch[0]; ++b0) {
    for (int32_t b1 = 0; b1 < d.out_batch[1]; ++b1) {
      for (int32_t b2 = 0; b2 < d.out_batch[2]; ++b2) {
        const L* lm = lhs + b0 * d.lhs_batch_stride[0] + b1 * d.lhs_batch_stride[1] +
                      b2 * d.lhs_batch_stride[2];
        const R* rm = rhs + b0 * d.rhs_batch_stride[0] + b1 * d.rhs_batch_stride[1] +
                      b2 * d.rhs_batch_stride[2];
        for (int32_t i = 0; i < d.rows; ++i) {
          for (int32_t j = 0; j < d.cols; ++j) {
            Acc total = 0;
            for (int32_t k = 0; k < d.depth; ++k) {
              total += (static_cast<Acc>(lm[i * li + k * lk]) + lhs_offset) *
                       (static_cast<Acc>(rm[k * rk + j * rj]) + rhs_offset);
            }
            *out++ = finish(total);
          }
        }
      }
    }
  }
}

Status Eval(KernelContext& ctx) {
  const OpData& d = *ctx.user_data_as<OpData>();
  const Tensor* lhs = ctx.input(0);
  const Tensor* rhs = ctx.input(1);
  Tensor* out = ctx.output(0);
  if (out->num_elements() == 0) return Status::Ok();
  if (d.f32_gemm != nullptr) {
    optimized::RunF32Gemm(ctx, *d.f32_gemm, lhs->data_as<float>(), out->data_as<float>(), rhs->data_as<float>());
    return Status::Ok();
  }
  if (d.q8_gemm != nullptr) {
    optimized::RunQ8Gemm(ctx, *d.q8_gemm, lhs->data, out->data, rhs->data);
    return Status::Ok();
  }
  if (d.q16_gemm != nullptr) {
    optimized::RunQ16Gemm(ctx, *d.q16_gemm, lhs->data_as<int16_t>(), out->data_as<int16_t>(),
                          rhs->data_as<int8_t>());
    return Status::Ok();
  }

  if (lhs->type == DataType::kFloat32) {
    // No offsets: plain products (adding 0.0f would still be exact, but skip it).
    MatMulLoop<float, float, float>(d, lhs->data_as<float>(), rhs->data_as<float>(),
                                    out->data_as<float>(), 0.0f, 0.0f,
                                    [](float acc) { return acc; });
    return Status::Ok();
  }
  if (lhs->type == DataType::kInt8) {
    if (out->type == DataType::kInt32) {
      // TensorFlow Lite's int32-output path ignores zero points.
      MatMulLoop<int8_t, int8_t, int32_t>(d, lhs->data_as<int8_t>(), rhs->data_as<int8_t>(),
                                          out->data_as<int32_t>(), 0, 0,
                                          [](int32_t acc) { return acc; });
      return Status::Ok();
    }
    MatMulLoop<int8_t, int8_t, int32_t>(
        d, lhs->data_as<int8_t>(), rhs->data_as<int8_t>(), out->data_as<int8_t>(), d.lhs_offset,
        d.rhs_offset, [&d](int32_t acc) {
          int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.multiplier, d.shift);
          v += d.output_offset;
          return static_cast<int8_t>(std::min(std::max(v, d.act_min), d.act_max));
        });
    return Status::Ok();
  }
  // int16 activations: int64 accumulator and requantization.
  const auto finish16 = [&d](int64_t acc) {
    int32_t v = quant::MultiplyByQuantizedMultiplier(acc, d.multiplier, d.shift);
    v += d.output_offset;
    return static_cast<int16_t>(std::min(std::max(v, d.act_min), d.act_max));
  };
  if (rhs->type == DataType::kInt16) {
    MatMulLoop<int16_t, int16_t, int64_t>(d, lhs->data_as<int16_t>(), rhs->data_as<int16_t>(),
                                          out->data_as<int16_t>(), d.lhs_offset, d.rhs_offset,
                                          finish16);
  } else {
    MatMulLoop<int16_t, int8_t, int64_t>(d, lhs->data_as<int16_t>(), rhs->data_as<int8_t>(),
                                         out->data_as<int16_t>(), d.lhs_offset, d.rhs_offset,
                                         finish16);
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterBatchMatMul() {
  static const KernelRegistration r{"BATCH_MATMUL", Prepare, Eval, 1, 4};
  return &r;
}

}  // namespace minnow::kernels
