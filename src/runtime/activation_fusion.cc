#include "runtime/activation_fusion.h"

#include <algorithm>
#include <variant>

#include "minnow/builtin_ops.h"

namespace minnow {
namespace {

// The fused activation an activation op amounts to, if it is one.
bool ActivationOf(int32_t builtin_code, Activation* activation) {
  switch (static_cast<BuiltinOp>(builtin_code)) {
    case BuiltinOp::kRELU: *activation = Activation::kRelu; return true;
    case BuiltinOp::kRELU6: *activation = Activation::kRelu6; return true;
    case BuiltinOp::kRELU_N1_TO_1: *activation = Activation::kReluN1To1; return true;
    default: return false;
  }
}

// The fused activation field of the producer's options, when the producer
// is an op whose float kernel applies one (and `options` is its struct).
Activation* FusedActivationField(const OperatorDesc& op, BuiltinOptions& options) {
  switch (static_cast<BuiltinOp>(op.builtin_code)) {
    case BuiltinOp::kCONV_2D:
      if (auto* o = std::get_if<Conv2DOptions>(&options)) return &o->activation;
      return nullptr;
    case BuiltinOp::kDEPTHWISE_CONV_2D:
      if (auto* o = std::get_if<DepthwiseConv2DOptions>(&options)) return &o->activation;
      return nullptr;
    case BuiltinOp::kFULLY_CONNECTED:
      if (auto* o = std::get_if<FullyConnectedOptions>(&options)) return &o->activation;
      return nullptr;
    case BuiltinOp::kADD:
    case BuiltinOp::kSUB:
      if (auto* o = std::get_if<AddSubOptions>(&options)) return &o->activation;
      return nullptr;
    case BuiltinOp::kMUL:
      if (auto* o = std::get_if<MulOptions>(&options)) return &o->activation;
      return nullptr;
    default: return nullptr;
  }
}

bool Contains(const std::vector<int32_t>& list, int32_t v) { return std::find(list.begin(), list.end(), v) != list.end(); }

}  // namespace

std::vector<bool> FuseActivations(const SubgraphDesc& desc, std::vector<OperatorDesc>* ops) {
  const size_t num_tensors = desc.tensors.size();
  std::vector<int> producer(num_tensors, -1), consumers(num_tensors, 0);
  for (size_t n = 0; n < ops->size(); ++n) {
    for (int32_t in : (*ops)[n].inputs) {
      if (in >= 0 && static_cast<size_t>(in) < num_tensors) ++consumers[in];
    }
    for (int32_t out : (*ops)[n].outputs) {
      if (out >= 0 && static_cast<size_t>(out) < num_tensors) producer[out] = static_cast<int>(n);
    }
  }
  auto is_float = [&](int32_t t) {
    return t >= 0 && static_cast<size_t>(t) < num_tensors && desc.tensors[t].type == DataType::kFloat32;
  };
  std::vector<bool> fused(ops->size(), false);
  for (size_t n = 0; n < ops->size(); ++n) {
    OperatorDesc& act = (*ops)[n];
    Activation activation;
    if (!ActivationOf(act.builtin_code, &activation) || act.inputs.size() != 1 || act.outputs.size() != 1) continue;
    const int32_t middle = act.inputs[0];
    const int32_t result = act.outputs[0];
    // The intermediate must be an ordinary float tensor that nothing else
    // (and no caller) reads.
    if (!is_float(middle) || !is_float(result) || consumers[middle] != 1 || producer[middle] < 0 ||
        Contains(desc.inputs, middle) || Contains(desc.outputs, middle) || desc.tensors[middle].is_variable ||
        desc.tensors[middle].data != nullptr || desc.tensors[middle].shape != desc.tensors[result].shape) {
      continue;
    }
    OperatorDesc& source = (*ops)[producer[middle]];
    if (source.outputs.size() != 1 || !is_float(source.inputs.empty() ? -1 : source.inputs[0])) continue;
    Activation* field = FusedActivationField(source, source.options);
    if (field == nullptr || *field != Activation::kNone) continue;
    *field = activation;
    source.outputs[0] = result;
    producer[result] = producer[middle];
    act.inputs.clear();
    act.outputs.clear();
    fused[n] = true;
  }
  return fused;
}

}  // namespace minnow
