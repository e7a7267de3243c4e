// In-place element-wise ops: the interpreter lets an element-wise node write
// its output over an input buffer that nothing reads afterwards (not a
// subgraph input or output) of the output's shape and size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "minnow/interpreter.h"
#include "minnow/model_builder.h"

namespace minnow {
namespace {

TensorSpec Float(const char* name, std::vector<int32_t> shape) {
  TensorSpec spec;
  spec.name = name;
  spec.type = DataType::kFloat32;
  spec.shape = std::move(shape);
  return spec;
}

int AddOp(ModelBuilder& b, BuiltinOp code, std::vector<int32_t> inputs, int output) {
  OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(code);
  op.inputs = std::move(inputs);
  op.outputs = {output};
  if (code == BuiltinOp::kADD) op.options = AddSubOptions{Activation::kNone, true};
  if (code == BuiltinOp::kMUL) op.options = MulOptions{Activation::kNone};
  b.AddOperator(0, op);
  return output;
}

struct Loaded {
  std::vector<uint8_t> bytes;  // the model reads them in place
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
  const void* data(int tensor) { return interpreter->tensor(tensor)->data; }
};

Loaded Load(ModelBuilder& b, const std::vector<std::vector<float>>& inputs) {
  Loaded r;
  Result<std::vector<uint8_t>> bytes = b.Finish();
  EXPECT_TRUE(bytes.ok());
  if (!bytes.ok()) return r;
  r.bytes = std::move(bytes).value();
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(r.bytes.data(), r.bytes.size());
  EXPECT_TRUE(model.ok());
  if (!model.ok()) return r;
  r.model = std::move(model).value();
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*r.model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(in.ok());
  if (!in.ok()) return r;
  r.interpreter = std::move(in).value();
  EXPECT_TRUE(r.interpreter->AllocateTensors().ok());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_TRUE(r.interpreter->SetInput(i, inputs[i].data(), inputs[i].size() * sizeof(float)).ok());
  }
  EXPECT_TRUE(r.interpreter->Invoke().ok());
  return r;
}

// x -> RELU -> a -> LOGISTIC -> l -> TANH -> y: l is written over a; y is a
// subgraph output and may take l's bytes too.
TEST(InPlace, UnaryChainSharesOneBuffer) {
  ModelBuilder b;
  const int x = b.AddTensor(0, Float("x", {1, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, Float("a", {1, 4})));
  const int l = AddOp(b, BuiltinOp::kLOGISTIC, {a}, b.AddTensor(0, Float("l", {1, 4})));
  const int y = AddOp(b, BuiltinOp::kTANH, {l}, b.AddTensor(0, Float("y", {1, 4})));
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  const std::vector<float> xs = {-1.0f, 0.0f, 0.5f, 3.0f};
  Loaded r = Load(b, {xs});
  ASSERT_TRUE(r.interpreter);
  EXPECT_EQ(r.data(a), r.data(l));
  EXPECT_EQ(r.data(l), r.data(y));
  EXPECT_NE(r.data(x), r.data(a));  // a subgraph input is the caller's
  const float* out = r.interpreter->typed_output<float>(0);
  ASSERT_NE(out, nullptr);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(out[i], std::tanh(1.0f / (1.0f + std::exp(-std::max(xs[i], 0.0f)))), 1e-6f) << i;
  }
}

// a = RELU(x); l = LOGISTIC(a); y = ADD(a, l): a is read after the LOGISTIC,
// so l gets its own bytes; the ADD, a's last reader, may write over a.
TEST(InPlace, InputReadLaterIsNotShared) {
  ModelBuilder b;
  const int x = b.AddTensor(0, Float("x", {1, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, Float("a", {1, 4})));
  const int l = AddOp(b, BuiltinOp::kLOGISTIC, {a}, b.AddTensor(0, Float("l", {1, 4})));
  const int y = AddOp(b, BuiltinOp::kADD, {a, l}, b.AddTensor(0, Float("y", {1, 4})));
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  Loaded r = Load(b, {{-1.0f, 0.0f, 0.5f, 3.0f}});
  ASSERT_TRUE(r.interpreter);
  EXPECT_NE(r.data(a), r.data(l));
  EXPECT_EQ(r.data(y), r.data(a));
  const float* out = r.interpreter->typed_output<float>(0);
  ASSERT_NE(out, nullptr);
  EXPECT_NEAR(out[3], 3.0f + 1.0f / (1.0f + std::exp(-3.0f)), 1e-6f);
}

// A subgraph output read by an element-wise op keeps its bytes; of a
// broadcast MUL's inputs only the one of the output's shape is shared.
TEST(InPlace, OutputsAndBroadcastInputsAreNotShared) {
  ModelBuilder b;
  const int x = b.AddTensor(0, Float("x", {1, 4}));
  const int w = b.AddTensor(0, Float("w", {2, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, Float("a", {1, 4})));
  const int c = AddOp(b, BuiltinOp::kRELU, {w}, b.AddTensor(0, Float("c", {2, 4})));
  const int y = AddOp(b, BuiltinOp::kMUL, {a, c}, b.AddTensor(0, Float("y", {2, 4})));
  const int z = AddOp(b, BuiltinOp::kTANH, {y}, b.AddTensor(0, Float("z", {2, 4})));
  b.SetInputs(0, {x, w});
  b.SetOutputs(0, {z, y});
  Loaded r = Load(b, {{1.0f, 2.0f, 3.0f, 4.0f}, {1.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f}});
  ASSERT_TRUE(r.interpreter);
  EXPECT_NE(r.data(y), r.data(a));  // a is broadcast (and smaller)
  EXPECT_EQ(r.data(y), r.data(c));
  EXPECT_NE(r.data(z), r.data(y));  // y is a subgraph output
  const float* out = r.interpreter->typed_output<float>(1);
  ASSERT_NE(out, nullptr);
  EXPECT_FLOAT_EQ(out[7], 8.0f);
}

}  // namespace
}  // namespace minnow
