// CONCATENATION: joins any number of same-typed inputs along one axis. Only
// uint8 inputs whose quantization differs from the output's are requantized
// (TensorFlow Lite's ConcatenationWithScaling, tabulated per input byte at
// prepare); every other case is a copy.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <variant>

#include "kernels/internal/string_util.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

struct ConcatData {
  int32_t axis = 0;          // resolved, non-negative
  int64_t inner_size = 1;    // elements after the axis
  int64_t outer_size = 1;    // slices before the axis
  // uint8 only: for an input that needs requantizing, the output byte of each
  // input byte (256 entries per input), else null.
  uint8_t** rescale = nullptr;
  StringBufferView* views = nullptr;  // STRING only: one per input, filled in eval
};

bool SupportedType(DataType t) {
  switch (t) {
    case DataType::kFloat32:
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kBool:
      return true;
    default:
      return false;
  }
}

Status Prepare(KernelContext& ctx) {
  const int n = ctx.num_inputs();
  MINNOW_CHECK_ARG(n >= 1, "CONCATENATION: needs at least 1 input");
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, "CONCATENATION: expected 1 output, got ",
                   ctx.num_outputs());
  Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(output != nullptr, "CONCATENATION: output 0 is missing");
  for (int i = 0; i < n; ++i) {
    MINNOW_CHECK_ARG(ctx.input(i) != nullptr, "CONCATENATION: input ", i, " is missing");
  }

  ConcatenationOptions options;
  if (const auto* opts = std::get_if<ConcatenationOptions>(&ctx.options())) {
    options = *opts;
  } else if (!std::holds_alternative<std::monostate>(ctx.options())) {
    return InvalidArgument("CONCATENATION: options are not ConcatenationOptions");
  }
  if (options.activation != Activation::kNone) {
    return Unimplemented("CONCATENATION: fused activations are not supported (as in TensorFlow Lite)");
  }

  const Tensor* t0 = ctx.input(0);
  const DataType type = t0->type;
  if (!SupportedType(type) && type != DataType::kString) {
    return Unimplemented("CONCATENATION: dtype ", DataTypeName(type), " is not supported");
  }
  MINNOW_CHECK_ARG(output->type == type, "CONCATENATION: output type ", DataTypeName(output->type),
                   " differs from input type ", DataTypeName(type));
  const int rank = t0->shape.rank();
  int32_t axis = options.axis;
  if (axis < 0) axis += rank;
  MINNOW_CHECK_ARG(axis >= 0 && (axis < rank || (rank == 0 && axis == 0)),
                   "CONCATENATION: axis ", options.axis, " is out of range for rank ", rank);

  // Scalars concatenate into a vector, one element each.
  int64_t sum_axis = 0;
  for (int i = 0; i < n; ++i) {
    const Tensor* t = ctx.input(i);
    MINNOW_CHECK_ARG(t->type == type, "CONCATENATION: input ", i, " has type ",
                     DataTypeName(t->type), ", input 0 has ", DataTypeName(type));
    MINNOW_CHECK_ARG(t->shape.rank() == rank, "CONCATENATION: input ", i, " has rank ",
                     t->shape.rank(), ", input 0 has rank ", rank);
    for (int d = 0; d < rank; ++d) {
      if (d == axis) continue;
      MINNOW_CHECK_ARG(t->shape.dim(d) == t0->shape.dim(d), "CONCATENATION: input ", i,
                       " dimension ", d, " is ", t->shape.dim(d), ", input 0 has ",
                       t0->shape.dim(d));
    }
    sum_axis += rank == 0 ? 1 : t->shape.dim(axis);
  }
  MINNOW_CHECK_ARG(sum_axis <= INT32_MAX, "CONCATENATION: output dimension overflows");

  ConcatData* data = ctx.NewOpData<ConcatData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "CONCATENATION: out of memory");
  data->axis = axis;
  for (int d = 0; d < axis && d < rank; ++d) data->outer_size *= t0->shape.dim(d);
  for (int d = axis + 1; d < rank; ++d) data->inner_size *= t0->shape.dim(d);

  if (type == DataType::kString) {
    // The output's byte size depends on the strings: sized in eval.
    data->views = ctx.AllocatePersistentArray<StringBufferView>(n);
    if (data->views == nullptr) {
      return Status(StatusCode::kResourceExhausted, "CONCATENATION: out of memory");
    }
    MINNOW_RETURN_IF_ERROR(ctx.SetOutputDynamic(0));
  } else if (type == DataType::kInt8) {
    // TensorFlow Lite's int8 kernel never rescales: parameters must match.
    for (int i = 0; i < n; ++i) {
      const Tensor* t = ctx.input(i);
      MINNOW_CHECK_ARG(t->scale() == output->scale() && t->zero_point() == output->zero_point(),
                       "CONCATENATION: int8 input ", i, " quantization (scale ", t->scale(),
                       ", zero point ", t->zero_point(), ") differs from the output's (",
                       output->scale(), ", ", output->zero_point(), ")");
    }
  } else if (type == DataType::kInt16) {
    for (int i = 0; i < n; ++i) {
      MINNOW_CHECK_ARG(ctx.input(i)->zero_point() == 0, "CONCATENATION: int16 input ", i,
                       " must have zero point 0");
    }
    MINNOW_CHECK_ARG(output->zero_point() == 0, "CONCATENATION: int16 output must have zero point 0");
  } else if (type == DataType::kUInt8) {
    data->rescale = ctx.AllocatePersistentArray<uint8_t*>(n);
    if (data->rescale == nullptr) {
      return Status(StatusCode::kResourceExhausted, "CONCATENATION: out of memory");
    }
    const float out_scale = output->scale();
    const int32_t out_zp = output->zero_point();
    for (int i = 0; i < n; ++i) {
      const Tensor* t = ctx.input(i);
      if (t->zero_point() == out_zp && t->scale() == out_scale) continue;
      MINNOW_CHECK_ARG(out_scale > 0.0f, "CONCATENATION: uint8 input ", i,
                       " needs requantizing but the output scale is ", out_scale);
      uint8_t* table = ctx.AllocatePersistentArray<uint8_t>(256);
      if (table == nullptr) {
        return Status(StatusCode::kResourceExhausted, "CONCATENATION: out of memory");
      }
      // Same float arithmetic as TensorFlow Lite's ConcatenationWithScaling.
      const float inverse_output_scale = 1.f / out_scale;
      const float scale = t->scale() * inverse_output_scale;
      const float bias = -t->zero_point() * scale;
      for (int32_t q = 0; q < 256; ++q) {
        const int32_t v = static_cast<int32_t>(std::round(q * scale + bias)) + out_zp;
        table[q] = static_cast<uint8_t>(std::max<int32_t>(std::min<int32_t>(255, v), 0));
      }
      data->rescale[i] = table;
    }
  }

  Shape out_shape = t0->shape;
  if (rank == 0) {
    out_shape = Shape{static_cast<int32_t>(sum_axis)};
  } else {
    out_shape.dim(axis) = static_cast<int32_t>(sum_axis);
  }
  return ctx.ResizeOutput(0, out_shape);
}

// STRING: the same walk over strings, once to size the output, once to fill it.
Status EvalString(KernelContext& ctx, const ConcatData& data) {
  const int n = ctx.num_inputs();
  int64_t out_count = 0;
  for (int i = 0; i < n; ++i) {
    MINNOW_RETURN_IF_ERROR(ViewStringTensor("CONCATENATION", *ctx.input(i), &data.views[i]));
    out_count += data.views[i].count();
  }
  MINNOW_CHECK_ARG(out_count <= INT32_MAX, "CONCATENATION: too many output strings");
  for (int pass = 0; pass < 2; ++pass) {
    Tensor* output = ctx.output(0);
    StringBufferWriter writer(output->data, output->bytes, static_cast<int32_t>(out_count));
    size_t total_chars = 0;
    for (int64_t k = 0; k < data.outer_size; ++k) {
      for (int i = 0; i < n; ++i) {
        const Tensor& t = *ctx.input(i);
        const int64_t axis_dim = t.shape.rank() == 0 ? 1 : t.shape.dim(data.axis);
        const int64_t copy = axis_dim * data.inner_size;
        for (int64_t j = 0; j < copy; ++j) {
          const StringPiece s = data.views[i].Get(k * copy + j);
          if (pass == 0) {
            total_chars += s.size;
          } else {
            MINNOW_RETURN_IF_ERROR(writer.Append(s));
          }
        }
      }
    }
    if (pass == 0) {
      MINNOW_RETURN_IF_ERROR(
          ctx.ResizeOutputBytes(0, output->shape, StringBufferBytes(out_count, total_chars)));
    } else {
      MINNOW_RETURN_IF_ERROR(writer.Finish());
    }
  }
  return Status::Ok();
}

Status Eval(KernelContext& ctx) {
  const ConcatData& data = *ctx.user_data_as<ConcatData>();
  if (data.views != nullptr) return EvalString(ctx, data);
  Tensor& output = *ctx.output(0);
  const size_t elem = DataTypeSize(output.type);
  const int n = ctx.num_inputs();
  uint8_t* out = static_cast<uint8_t*>(output.data);
  for (int64_t k = 0; k < data.outer_size; ++k) {
    for (int i = 0; i < n; ++i) {
      const Tensor& t = *ctx.input(i);
      const int64_t axis_dim = t.shape.rank() == 0 ? 1 : t.shape.dim(data.axis);
      const int64_t copy = axis_dim * data.inner_size;
      const uint8_t* in = static_cast<const uint8_t*>(t.data) + k * copy * elem;
      if (data.rescale != nullptr && data.rescale[i] != nullptr) {
        const uint8_t* table = data.rescale[i];
        for (int64_t j = 0; j < copy; ++j) out[j] = table[in[j]];
      } else if (copy > 0) {
        std::memcpy(out, in, static_cast<size_t>(copy) * elem);
      }
      out += copy * elem;
    }
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterConcatenation() {
  static const KernelRegistration r{"CONCATENATION", Prepare, Eval, 1, 4};
  return &r;
}

}  // namespace minnow::kernels
