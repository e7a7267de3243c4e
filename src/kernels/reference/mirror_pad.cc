// MIRROR_PAD: pads each dimension with a mirror image of the input, REFLECT
// (edge not repeated) or SYMMETRIC (edge repeated). Any fixed-size dtype;
// quantized values are copied as stored. Non-constant paddings make the output
// dynamic.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <variant>

#include "kernels/internal/index_util.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

struct MirrorPadData {
  bool dynamic = false;
  int offset = 0;  // 1 for REFLECT, 0 for SYMMETRIC
};

Status ComputePads(const Tensor& input, const Tensor& paddings, int offset, int64_t* before,
                   int64_t* after, Shape* out_shape) {
  MINNOW_RETURN_IF_ERROR(CheckIndexData("MIRROR_PAD", "paddings", paddings));
  const int rank = input.shape.rank();
  int64_t dims[Shape::kMaxRank] = {};
  for (int d = 0; d < rank; ++d) {
    before[d] = IndexAt(paddings, 2 * d);
    after[d] = IndexAt(paddings, 2 * d + 1);
    const int64_t n = input.shape.dim(d);
    const int64_t limit = std::max<int64_t>(n - offset, 0);
    MINNOW_CHECK_ARG(before[d] >= 0 && after[d] >= 0 && before[d] <= limit && after[d] <= limit,
                     "MIRROR_PAD: paddings [", before[d], ", ", after[d], "] of dimension ", d,
                     " must be in [0, ", limit, "]");
    dims[d] = n + before[d] + after[d];
  }
  return MakeShape("MIRROR_PAD", dims, rank, out_shape);
}

Status Prepare(KernelContext& ctx) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2, "MIRROR_PAD: expected 2 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, "MIRROR_PAD: expected 1 output, got ",
                   ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* paddings = ctx.input(1);
  MINNOW_RETURN_IF_ERROR(CheckSameFixedType("MIRROR_PAD", input, ctx.output(0)));
  MINNOW_RETURN_IF_ERROR(CheckIndexTensor("MIRROR_PAD", "paddings", paddings));
  const int rank = input->shape.rank();
  MINNOW_CHECK_ARG(paddings->shape.rank() == 2 && paddings->shape.dim(0) == rank &&
                       paddings->shape.dim(1) == 2,
                   "MIRROR_PAD: paddings must have shape [", rank, ", 2], got ",
                   paddings->shape.ToString());
  const auto* options = std::get_if<MirrorPadOptions>(&ctx.options());
  if (options == nullptr && !std::holds_alternative<std::monostate>(ctx.options())) {
    return InvalidArgument("MIRROR_PAD: options are not MirrorPadOptions");
  }
  const MirrorPadMode mode = options != nullptr ? options->mode : MirrorPadMode::kReflect;
  MINNOW_CHECK_ARG(mode == MirrorPadMode::kReflect || mode == MirrorPadMode::kSymmetric,
                   "MIRROR_PAD: unknown mode ", static_cast<int>(mode));
  MirrorPadData* data = ctx.NewOpData<MirrorPadData>();
  if (data == nullptr) return OutOfMemory("MIRROR_PAD");
  data->offset = mode == MirrorPadMode::kReflect ? 1 : 0;
  if (!paddings->is_constant()) {
    data->dynamic = true;
    return ctx.SetOutputDynamic(0);
  }
  int64_t before[Shape::kMaxRank] = {}, after[Shape::kMaxRank] = {};
  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(
      ComputePads(*input, *paddings, data->offset, before, after, &out_shape));
  return ctx.ResizeOutput(0, out_shape);
}

// The input index an output index along one dimension reads, as TensorFlow
// Lite's mirror-pad index mapping.
int64_t SourceIndex(int64_t out, int64_t before, int64_t n, int offset) {
  if (out < before) {
    const int64_t origin = before + offset - 1;
    return origin - std::min(out, origin - offset);
  }
  out -= before;
  if (out >= n) {
    out -= n;
    const int64_t origin = n - (1 + offset);
    return origin - std::min(out, origin);
  }
  return out;
}

// The output as block copies: each dimension's input rows are written first
// (recursively, or as one run where no inner dimension is padded), then its
// mirrored rows copy output rows already complete.
struct MirrorCopy {
  int offset = 0;
  int unpadded_from = 0;  // dimensions from here on have no padding
  const int64_t* before = nullptr;
  const int64_t* after = nullptr;
  int64_t in_dims[Shape::kMaxRank] = {};
  int64_t in_stride[Shape::kMaxRank] = {};   // bytes per step of each input dim
  int64_t out_stride[Shape::kMaxRank] = {};  // bytes per step of each output dim
};

void CopyDim(const MirrorCopy& m, int d, const uint8_t* in, uint8_t* out) {
  const int64_t n = m.in_dims[d];
  const int64_t row = m.out_stride[d];
  uint8_t* interior = out + m.before[d] * row;
  if (d + 1 >= m.unpadded_from) {
    std::memcpy(interior, in, static_cast<size_t>(n * row));
  } else {
    for (int64_t i = 0; i < n; ++i) CopyDim(m, d + 1, in + i * m.in_stride[d], interior + i * row);
  }
  auto mirror = [&](int64_t first, int64_t count) {
    for (int64_t j = first; j < first + count; ++j) {
      const int64_t source = SourceIndex(j, m.before[d], n, m.offset);
      std::memcpy(out + j * row, interior + source * row, static_cast<size_t>(row));
    }
  };
  mirror(0, m.before[d]);
  mirror(m.before[d] + n, m.after[d]);
}

Status Eval(KernelContext& ctx) {
  const MirrorPadData& p = *ctx.user_data_as<MirrorPadData>();
  const Tensor& input = *ctx.input(0);
  int64_t before[Shape::kMaxRank] = {}, after[Shape::kMaxRank] = {};
  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(ComputePads(input, *ctx.input(1), p.offset, before, after, &out_shape));
  if (p.dynamic) MINNOW_RETURN_IF_ERROR(ctx.ResizeOutput(0, out_shape));
  Tensor& output = *ctx.output(0);
  const size_t elem = DataTypeSize(input.type);
  const int rank = input.shape.rank();
  if (out_shape.NumElements() == 0) return Status::Ok();
  const uint8_t* in = static_cast<const uint8_t*>(input.data);
  uint8_t* out = static_cast<uint8_t*>(output.data);
  if (rank == 0) {
    std::memcpy(out, in, elem);
    return Status::Ok();
  }
  MirrorCopy m;
  m.offset = p.offset;
  m.before = before;
  m.after = after;
  m.unpadded_from = rank;
  while (m.unpadded_from > 0 && before[m.unpadded_from - 1] == 0 && after[m.unpadded_from - 1] == 0) {
    --m.unpadded_from;
  }
  int64_t in_bytes = static_cast<int64_t>(elem), out_bytes = static_cast<int64_t>(elem);
  for (int d = rank - 1; d >= 0; --d) {
    m.in_dims[d] = input.shape.dim(d);
    m.in_stride[d] = in_bytes;
    m.out_stride[d] = out_bytes;
    in_bytes *= m.in_dims[d];
    out_bytes *= out_shape.dim(d);
  }
  CopyDim(m, 0, in, out);
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterMirrorPad() {
  static const KernelRegistration r{"MIRROR_PAD", Prepare, Eval, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
