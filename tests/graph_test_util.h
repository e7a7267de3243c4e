// Multi-operator models for runtime tests: built with ModelBuilder, loaded
// through the real loader and run by the real Interpreter with every builtin.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "minnow/interpreter.h"
#include "minnow/model.h"
#include "minnow/model_builder.h"

namespace minnow::testing {

// A float32 tensor of `shape` (no data).
TensorSpec FloatTensor(std::string name, std::vector<int32_t> shape);

// The bytes of `values`, as a tensor's data or an input.
template <typename T>
std::vector<uint8_t> BytesOf(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// One operator `code` from `inputs` to `output` in subgraph 0, with `options`;
// returns `output`.
int AddOperator(ModelBuilder& b, BuiltinOp code, std::vector<int32_t> inputs, int output,
                BuiltinOptions options = {});

// b.Finish(); an error fails the test and gives no bytes.
std::vector<uint8_t> FinishModel(ModelBuilder& b);

// An interpreter over `model` with every builtin, tensors allocated; null
// (the test has failed) on an error.
std::unique_ptr<Interpreter> AllocatedInterpreter(const Model& model);

// A model loaded from its bytes into an interpreter, tensors allocated.
// interpreter is null when any step failed (the test has failed then).
struct LoadedModel {
  std::vector<uint8_t> bytes;  // the model reads them in place
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
  const void* data(int tensor) const { return interpreter->tensor(tensor)->data; }
};
LoadedModel LoadModel(std::vector<uint8_t> bytes);

// Sets input i to inputs[i] and invokes once; an error fails the test.
bool SetInputsAndInvoke(Interpreter& interpreter, const std::vector<std::vector<uint8_t>>& inputs);

}  // namespace minnow::testing
