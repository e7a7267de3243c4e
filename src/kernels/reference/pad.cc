// PAD and PADV2: constant padding of any rank up to Shape::kMaxRank. PAD fills
// with zero (the output zero point for quantized tensors); PADV2 with its
// scalar constant-value input.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

struct PadData {
  bool dynamic = false;
  int rank = 0;
  int unpadded_from = 0;  // dimensions from here on have no padding
  size_t elem = 0;  // bytes per element
  int32_t in_dims[Shape::kMaxRank] = {};
  int32_t before[Shape::kMaxRank] = {};
  int32_t after[Shape::kMaxRank] = {};
  int64_t in_stride[Shape::kMaxRank] = {};   // elements per step of each input dim
  int64_t out_stride[Shape::kMaxRank] = {};  // elements per step of each output dim
  uint8_t pad_value[8] = {};                 // used when there is no constant-value input
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

bool HasQuant(const Tensor* t) { return t->quant != nullptr && !t->quant->empty(); }

// As TensorFlow Lite: uint8 is always treated as quantized, int8 and int16
// only when the input carries quantization parameters.
bool PadsWithZeroPoint(const Tensor* input) {
  return input->type == DataType::kUInt8 ||
         ((input->type == DataType::kInt8 || input->type == DataType::kInt16) && HasQuant(input));
}

template <typename T>
Status ReadPaddings(const char* name, const Tensor* paddings, int rank, PadData* data) {
  const T* p = paddings->data_as<T>();
  for (int d = 0; d < rank; ++d) {
    const int64_t before = p[2 * d];
    const int64_t after = p[2 * d + 1];
    MINNOW_CHECK_ARG(before >= 0 && after >= 0, name, ": paddings of dimension ", d,
                     " must be non-negative, got [", before, ", ", after, "]");
    MINNOW_CHECK_ARG(before <= INT32_MAX && after <= INT32_MAX, name, ": paddings of dimension ", d,
                     " exceed int32");
    data->before[d] = static_cast<int32_t>(before);
    data->after[d] = static_cast<int32_t>(after);
  }
  return Status::Ok();
}

Status ComputePadding(const char* name, KernelContext& ctx, PadData* data, Shape* out_shape);

template <bool kV2>
Status Prepare(KernelContext& ctx) {
  const char* name = kV2 ? "PADV2" : "PAD";
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2 || ctx.num_inputs() == 3, name,
                   ": expected 2 or 3 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, name, ": expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* paddings = ctx.input(1);
  const Tensor* value = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  const Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, name, ": input 0 is missing");
  MINNOW_CHECK_ARG(paddings != nullptr, name, ": paddings input is missing");
  MINNOW_CHECK_ARG(output != nullptr, name, ": output 0 is missing");
  if (!SupportedType(input->type)) {
    return Unimplemented(name, ": dtype ", DataTypeName(input->type), " is not supported");
  }
  MINNOW_CHECK_ARG(output->type == input->type, name, ": output type ", DataTypeName(output->type),
                   " differs from input type ", DataTypeName(input->type));

  const int rank = input->shape.rank();
  MINNOW_CHECK_ARG(paddings->shape.rank() == 2 && paddings->shape.dim(1) == 2 &&
                       paddings->shape.dim(0) == rank,
                   name, ": paddings must have shape [", rank, ", 2], got ",
                   paddings->shape.ToString());
  MINNOW_CHECK_ARG(paddings->type == DataType::kInt32 || paddings->type == DataType::kInt64,
                   name, ": paddings must be int32 or int64, got ", DataTypeName(paddings->type));

  PadData* data = ctx.NewOpData<PadData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, StrCat(name, ": out of memory"));
  data->rank = rank;
  data->elem = DataTypeSize(input->type);

  if (value != nullptr) {
    MINNOW_CHECK_ARG(value->type == input->type, name, ": constant value type ",
                     DataTypeName(value->type), " differs from input type ",
                     DataTypeName(input->type));
    MINNOW_CHECK_ARG(value->num_elements() == 1, name, ": constant value must hold 1 element, got ",
                     value->num_elements());
    if (PadsWithZeroPoint(input)) {
      // The constant must already be in the output's quantized domain.
      MINNOW_CHECK_ARG(value->zero_point() == output->zero_point() &&
                           value->scale() == output->scale(),
                       name, ": constant value quantization (scale ", value->scale(),
                       ", zero point ", value->zero_point(), ") differs from the output's (",
                       output->scale(), ", ", output->zero_point(), ")");
    }
  } else if (PadsWithZeroPoint(input)) {
    const int32_t zp = output->zero_point();
    if (input->type == DataType::kUInt8) {
      MINNOW_CHECK_ARG(zp >= 0 && zp <= 255, name, ": output zero point ", zp,
                       " is outside uint8");
      data->pad_value[0] = static_cast<uint8_t>(zp);
    } else if (input->type == DataType::kInt8) {
      MINNOW_CHECK_ARG(zp >= -128 && zp <= 127, name, ": output zero point ", zp,
                       " is outside int8");
      const int8_t v = static_cast<int8_t>(zp);
      std::memcpy(data->pad_value, &v, sizeof(v));
    } else {
      MINNOW_CHECK_ARG(zp >= std::numeric_limits<int16_t>::min() &&
                           zp <= std::numeric_limits<int16_t>::max(),
                       name, ": output zero point ", zp, " is outside int16");
      const int16_t v = static_cast<int16_t>(zp);
      std::memcpy(data->pad_value, &v, sizeof(v));
    }
  }
  // Otherwise pad_value stays all-zero bytes: 0, 0.0f or false.

  // Computed paddings: the output shape is known at eval.
  if (!paddings->is_constant()) {
    data->dynamic = true;
    return ctx.SetOutputDynamic(0);
  }
  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(ComputePadding(name, ctx, data, &out_shape));
  return ctx.ResizeOutput(0, out_shape);
}

// Reads the paddings into *data (before/after, strides) and the output shape.
Status ComputePadding(const char* name, KernelContext& ctx, PadData* data, Shape* out_shape) {
  const Tensor* input = ctx.input(0);
  const Tensor* paddings = ctx.input(1);
  const int rank = input->shape.rank();
  if (paddings->type == DataType::kInt32) {
    MINNOW_CHECK_ARG(paddings->bytes >= static_cast<size_t>(rank) * 2 * sizeof(int32_t), name,
                     ": paddings tensor holds too few bytes");
    MINNOW_RETURN_IF_ERROR(ReadPaddings<int32_t>(name, paddings, rank, data));
  } else {
    MINNOW_CHECK_ARG(paddings->bytes >= static_cast<size_t>(rank) * 2 * sizeof(int64_t), name,
                     ": paddings tensor holds too few bytes");
    MINNOW_RETURN_IF_ERROR(ReadPaddings<int64_t>(name, paddings, rank, data));
  }
  int32_t out_dims[Shape::kMaxRank] = {};
  for (int d = 0; d < rank; ++d) {
    data->in_dims[d] = input->shape.dim(d);
    const int64_t out = int64_t{input->shape.dim(d)} + data->before[d] + data->after[d];
    MINNOW_CHECK_ARG(out <= INT32_MAX, name, ": output dimension ", d, " overflows int32");
    out_dims[d] = static_cast<int32_t>(out);
  }
  data->unpadded_from = rank;
  while (data->unpadded_from > 0 && data->before[data->unpadded_from - 1] == 0 &&
         data->after[data->unpadded_from - 1] == 0) {
    --data->unpadded_from;
  }
  int64_t in_stride = 1, out_stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    data->in_stride[d] = in_stride;
    data->out_stride[d] = out_stride;
    in_stride *= data->in_dims[d];
    out_stride *= out_dims[d];
  }
  out_shape->Assign(out_dims, rank);
  return Status::Ok();
}

template <size_t kElem>
void FillElements(uint8_t* out, int64_t count, const uint8_t* value) {
  for (int64_t i = 0; i < count; ++i) std::memcpy(out + i * kElem, value, kElem);
}

// `count` copies of the element `value` (1, 2, 4 or 8 bytes).
void Fill(uint8_t* out, int64_t count, const uint8_t* value, size_t elem) {
  if (count <= 0) return;
  if (std::all_of(value, value + elem, [&](uint8_t byte) { return byte == value[0]; })) {
    std::memset(out, value[0], static_cast<size_t>(count) * elem);
    return;
  }
  switch (elem) {
    case 2: return FillElements<2>(out, count, value);
    case 4: return FillElements<4>(out, count, value);
    default: return FillElements<8>(out, count, value);
  }
}

// Writes output dimension `d` (and everything inside it) for one input block;
// where no inner dimension is padded, the input block is one run.
void PadDim(const PadData& p, const uint8_t* value, int d, const uint8_t* in, uint8_t* out) {
  const size_t elem = p.elem;
  const int64_t out_block = p.out_stride[d];
  Fill(out, p.before[d] * out_block, value, elem);
  out += p.before[d] * out_block * elem;
  if (d + 1 >= p.unpadded_from) {
    const int64_t bytes = p.in_dims[d] * p.in_stride[d] * static_cast<int64_t>(elem);
    if (bytes > 0) std::memcpy(out, in, static_cast<size_t>(bytes));
  } else {
    for (int32_t i = 0; i < p.in_dims[d]; ++i) {
      PadDim(p, value, d + 1, in + i * p.in_stride[d] * elem, out + i * out_block * elem);
    }
  }
  out += p.in_dims[d] * out_block * elem;
  Fill(out, p.after[d] * out_block, value, elem);
}

Status Eval(KernelContext& ctx) {
  PadData* data = ctx.user_data_as<PadData>();
  if (data->dynamic) {
    Shape out_shape;
    MINNOW_RETURN_IF_ERROR(
        ComputePadding(ctx.num_inputs() == 3 ? "PADV2" : "PAD", ctx, data, &out_shape));
    MINNOW_RETURN_IF_ERROR(ctx.ResizeOutput(0, out_shape));
  }
  const PadData& p = *data;
  const Tensor& input = *ctx.input(0);
  Tensor& output = *ctx.output(0);
  const Tensor* value_tensor = ctx.num_inputs() == 3 ? ctx.input(2) : nullptr;
  const uint8_t* value = value_tensor != nullptr ? static_cast<const uint8_t*>(value_tensor->data)
                                                 : p.pad_value;
  const uint8_t* in = static_cast<const uint8_t*>(input.data);
  uint8_t* out = static_cast<uint8_t*>(output.data);
  if (p.rank == 0) {
    std::memcpy(out, in, p.elem);
    return Status::Ok();
  }
  PadDim(p, value, 0, in, out);
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterPad() {
  static const KernelRegistration r{"PAD", Prepare<false>, Eval, 1, 5};
  return &r;
}

const KernelRegistration* RegisterPadV2() {
  static const KernelRegistration r{"PADV2", Prepare<true>, Eval, 1, 5};
  return &r;
}

}  // namespace minnow::kernels
