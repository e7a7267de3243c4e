#include "runtime/pad_fusion.h"

#include <algorithm>
#include <cstring>
#include <variant>

#include "minnow/builtin_ops.h"

namespace minnow {
namespace {

bool Contains(const std::vector<int32_t>& list, int32_t v) { return std::find(list.begin(), list.end(), v) != list.end(); }

// A tensor whose bytes are in the model and stay there (a subgraph input's
// bytes are the caller's).
const TensorDesc* Constant(const SubgraphDesc& desc, int32_t t) {
  if (t < 0 || static_cast<size_t>(t) >= desc.tensors.size() || Contains(desc.inputs, t)) return nullptr;
  const TensorDesc& d = desc.tensors[t];
  if (d.data == nullptr || d.is_variable || d.has_sparsity) return nullptr;
  return &d;
}

// One scale and one zero point.
bool PerTensor(const QuantParams& q) { return q.scales.size() == 1 && q.zero_points.size() == 1; }

// The [4, 2] paddings of a PAD as {top, bottom, left, right}, when they are
// constant and pad nothing but height and width.
bool ReadSpatialPaddings(const SubgraphDesc& desc, int32_t tensor, FusedPadding* pad) {
  const TensorDesc* p = Constant(desc, tensor);
  if (p == nullptr || p->shape.rank() != 2 || p->shape.dim(0) != 4 || p->shape.dim(1) != 2) return false;
  int64_t v[8];
  if (p->type == DataType::kInt32 && p->data_size >= 8 * sizeof(int32_t)) {
    int32_t v32[8];
    std::memcpy(v32, p->data, sizeof(v32));  // constants need not be aligned
    std::copy(v32, v32 + 8, v);
  } else if (p->type == DataType::kInt64 && p->data_size >= sizeof(v)) {
    std::memcpy(v, p->data, sizeof(v));
  } else {
    return false;
  }
  // A bound far beyond any image keeps the convolution's padded size in int32.
  constexpr int64_t kMaxPad = 1 << 20;
  if (v[0] != 0 || v[1] != 0 || v[6] != 0 || v[7] != 0) return false;
  for (int i = 2; i < 6; ++i) {
    if (v[i] < 0 || v[i] > kMaxPad) return false;
  }
  *pad = FusedPadding{static_cast<int32_t>(v[2]), static_cast<int32_t>(v[3]), static_cast<int32_t>(v[4]),
                      static_cast<int32_t>(v[5])};
  return true;
}

// Whether PADV2's constant value is what PAD pads with: 0.0f, or the zero
// point (in the output's quantization, as PADV2 requires).
bool PadsWithZero(const SubgraphDesc& desc, int32_t value_tensor, const TensorDesc& output) {
  const TensorDesc* v = Constant(desc, value_tensor);
  if (v == nullptr || v->type != output.type || v->shape.NumElements() != 1) return false;
  if (v->type == DataType::kFloat32) {
    float f;
    if (v->data_size < sizeof(f)) return false;
    std::memcpy(&f, v->data, sizeof(f));
    return f == 0.0f;
  }
  if (!PerTensor(v->quant) || v->quant.scales != output.quant.scales ||
      v->quant.zero_points != output.quant.zero_points) {
    return false;
  }
  int64_t q;
  if (v->type == DataType::kInt8 && v->data_size >= 1) {
    q = static_cast<int8_t>(v->data[0]);
  } else if (v->type == DataType::kUInt8 && v->data_size >= 1) {
    q = v->data[0];
  } else {
    return false;
  }
  return q == output.quant.zero_points[0];
}

FusedPadding* FusedPaddingField(OperatorDesc& op) {
  switch (static_cast<BuiltinOp>(op.builtin_code)) {
    case BuiltinOp::kCONV_2D:
      if (auto* o = std::get_if<Conv2DOptions>(&op.options)) return &o->fused_padding;
      return nullptr;
    case BuiltinOp::kDEPTHWISE_CONV_2D:
      if (auto* o = std::get_if<DepthwiseConv2DOptions>(&op.options)) return &o->fused_padding;
      return nullptr;
    default: return nullptr;
  }
}

}  // namespace

std::vector<bool> FusePads(const SubgraphDesc& desc, std::vector<OperatorDesc>* ops) {
  const size_t num_tensors = desc.tensors.size();
  auto valid = [&](int32_t t) { return t >= 0 && static_cast<size_t>(t) < num_tensors; };
  std::vector<int> consumer(num_tensors, -1), consumers(num_tensors, 0);
  for (size_t n = 0; n < ops->size(); ++n) {
    for (int32_t in : (*ops)[n].inputs) {
      if (!valid(in)) continue;
      ++consumers[in];
      consumer[in] = static_cast<int>(n);
    }
  }
  std::vector<bool> fused(ops->size(), false);
  for (size_t n = 0; n < ops->size(); ++n) {
    OperatorDesc& pad = (*ops)[n];
    const auto code = static_cast<BuiltinOp>(pad.builtin_code);
    const bool v2 = code == BuiltinOp::kPADV2;
    if ((code != BuiltinOp::kPAD && !v2) || pad.inputs.size() != (v2 ? 3u : 2u) || pad.outputs.size() != 1) {
      continue;
    }
    const int32_t source = pad.inputs[0];
    const int32_t padded = pad.outputs[0];
    if (!valid(source) || !valid(padded) || consumers[padded] != 1 || Contains(desc.outputs, padded) ||
        Contains(desc.inputs, padded) || desc.tensors[padded].is_variable || desc.tensors[padded].data != nullptr) {
      continue;
    }
    OperatorDesc& conv = (*ops)[consumer[padded]];
    FusedPadding* field = FusedPaddingField(conv);
    if (field == nullptr || conv.inputs.size() < 2 || conv.inputs[0] != padded || !valid(conv.inputs[1])) continue;
    const TensorDesc& in = desc.tensors[source];
    const TensorDesc& out = desc.tensors[padded];
    const DataType filter_type = desc.tensors[conv.inputs[1]].type;
    // Float with float weights (hybrid kernels quantize their input by its
    // range, which padded zeros would change); 8-bit with the same per-tensor
    // quantization on both sides, so the pad value is the conv's zero point.
    bool types_fit = false;
    if (in.type == DataType::kFloat32) {
      types_fit = filter_type == DataType::kFloat32;
    } else if (in.type == DataType::kInt8 || in.type == DataType::kUInt8) {
      types_fit = PerTensor(in.quant) && PerTensor(out.quant) && in.quant.scales == out.quant.scales &&
                  in.quant.zero_points == out.quant.zero_points;
    }
    FusedPadding amounts;
    if (!types_fit || out.type != in.type || in.shape.rank() != 4 || out.shape.rank() != 4 ||
        !ReadSpatialPaddings(desc, pad.inputs[1], &amounts) || (v2 && !PadsWithZero(desc, pad.inputs[2], out))) {
      continue;
    }
    *field = amounts;
    conv.inputs[0] = source;
    pad.inputs.clear();
    pad.outputs.clear();
    fused[n] = true;
  }
  return fused;
}

}  // namespace minnow
