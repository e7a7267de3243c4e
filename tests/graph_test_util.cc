#include "graph_test_util.h"

#include <gtest/gtest.h>

namespace minnow::testing {

TensorSpec FloatTensor(std::string name, std::vector<int32_t> shape) {
  TensorSpec spec;
  spec.name = std::move(name);
  spec.type = DataType::kFloat32;
  spec.shape = std::move(shape);
  return spec;
}

int AddOperator(ModelBuilder& b, BuiltinOp code, std::vector<int32_t> inputs, int output,
                BuiltinOptions options) {
  OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(code);
  op.inputs = std::move(inputs);
  op.outputs = {output};
  op.options = std::move(options);
  b.AddOperator(0, op);
  return output;
}

std::vector<uint8_t> FinishModel(ModelBuilder& b) {
  Result<std::vector<uint8_t>> bytes = b.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>{};
}

std::unique_ptr<Interpreter> AllocatedInterpreter(const Model& model) {
  Result<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().message();
  if (!interpreter.ok()) return nullptr;
  const Status allocated = interpreter.value()->AllocateTensors();
  EXPECT_TRUE(allocated.ok()) << allocated.message();
  return allocated.ok() ? std::move(interpreter).value() : nullptr;
}

LoadedModel LoadModel(std::vector<uint8_t> bytes) {
  LoadedModel r;
  r.bytes = std::move(bytes);
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(r.bytes.data(), r.bytes.size());
  EXPECT_TRUE(model.ok()) << model.status().message();
  if (!model.ok()) return r;
  r.model = std::move(model).value();
  r.interpreter = AllocatedInterpreter(*r.model);
  return r;
}

bool SetInputsAndInvoke(Interpreter& interpreter, const std::vector<std::vector<uint8_t>>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Status set = interpreter.SetInput(i, inputs[i].data(), inputs[i].size());
    EXPECT_TRUE(set.ok()) << "input " << i << ": " << set.message();
    if (!set.ok()) return false;
  }
  const Status invoked = interpreter.Invoke();
  EXPECT_TRUE(invoked.ok()) << invoked.message();
  return invoked.ok();
}

}  // namespace minnow::testing
