// Activation fusion: a float RELU / RELU6 / RELU_N1_TO_1 after an op that
// can apply it becomes that op's fused activation, only where nothing else
// sees the intermediate tensor; the results are the unfused graph's.
#include "runtime/activation_fusion.h"

#include <gtest/gtest.h>

#include <cstring>
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

// x + c -> m -> activation -> y, with options for the variations: the ADD's
// own activation, m also squared into a second output, m also an output.
struct Variation {
  BuiltinOp activation = BuiltinOp::kRELU6;
  Activation add_activation = Activation::kNone;
  bool second_reader = false;
  bool intermediate_is_output = false;
};

std::vector<uint8_t> AddThenActivation(const Variation& v) {
  ModelBuilder b;
  const int x = b.AddTensor(0, Float("x", {1, 6}));
  TensorSpec c = Float("c", {6});
  const std::vector<float> values = {-3.0f, -0.5f, 0.25f, 2.0f, 5.5f, 9.0f};
  c.data.resize(values.size() * sizeof(float));
  std::memcpy(c.data.data(), values.data(), c.data.size());
  const int cc = b.AddTensor(0, std::move(c));
  const int m = b.AddTensor(0, Float("m", {1, 6}));
  const int y = b.AddTensor(0, Float("y", {1, 6}));
  OperatorSpec add;
  add.builtin_code = static_cast<int32_t>(BuiltinOp::kADD);
  add.inputs = {x, cc};
  add.outputs = {m};
  add.options = AddSubOptions{v.add_activation, true};
  b.AddOperator(0, add);
  OperatorSpec act;
  act.builtin_code = static_cast<int32_t>(v.activation);
  act.inputs = {m};
  act.outputs = {y};
  b.AddOperator(0, act);
  std::vector<int32_t> outputs = {y};
  if (v.second_reader) {
    const int z = b.AddTensor(0, Float("z", {1, 6}));
    OperatorSpec mul;
    mul.builtin_code = static_cast<int32_t>(BuiltinOp::kMUL);
    mul.inputs = {m, m};
    mul.outputs = {z};
    b.AddOperator(0, mul);
    outputs.push_back(z);
  }
  if (v.intermediate_is_output) outputs.push_back(m);
  b.SetInputs(0, {x});
  b.SetOutputs(0, outputs);
  Result<std::vector<uint8_t>> bytes = b.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}

struct Outcome {
  bool fused = false;
  std::vector<float> y;  // the activation's output for x = 1
};

Outcome RunVariation(const Variation& v) {
  Outcome o;
  const std::vector<uint8_t> bytes = AddThenActivation(v);
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(model.ok());
  if (!model.ok()) return o;
  const SubgraphDesc& desc = model.value()->subgraphs()[0];
  std::vector<OperatorDesc> ops = desc.operators;
  o.fused = FuseActivations(desc, &ops)[1];
  if (o.fused) {
    EXPECT_EQ(ops[0].outputs, desc.operators[1].outputs);
    EXPECT_TRUE(ops[1].inputs.empty() && ops[1].outputs.empty());
  }
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*model.value(), OpResolver::WithAllBuiltins());
  EXPECT_TRUE(in.ok());
  if (!in.ok()) return o;
  Interpreter& interpreter = *in.value();
  EXPECT_TRUE(interpreter.AllocateTensors().ok());
  const std::vector<float> x(6, 1.0f);
  EXPECT_TRUE(interpreter.SetInput(0, x.data(), x.size() * sizeof(float)).ok());
  EXPECT_TRUE(interpreter.Invoke().ok());
  const float* y = interpreter.typed_output<float>(0);
  if (y != nullptr) o.y.assign(y, y + 6);
  return o;
}

// x + c = {-2, 0.5, 1.25, 3, 6.5, 10}.
TEST(ActivationFusion, Relu6AfterAddIsFused) {
  const Outcome o = RunVariation(Variation{});
  EXPECT_TRUE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{0.0f, 0.5f, 1.25f, 3.0f, 6.0f, 6.0f}));
}

TEST(ActivationFusion, ReluAndReluN1To1AreFused) {
  Variation relu;
  relu.activation = BuiltinOp::kRELU;
  Outcome o = RunVariation(relu);
  EXPECT_TRUE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{0.0f, 0.5f, 1.25f, 3.0f, 6.5f, 10.0f}));
  Variation n1;
  n1.activation = BuiltinOp::kRELU_N1_TO_1;
  o = RunVariation(n1);
  EXPECT_TRUE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{-1.0f, 0.5f, 1.0f, 1.0f, 1.0f, 1.0f}));
}

TEST(ActivationFusion, IntermediateReadElsewhereIsNotFused) {
  Variation two_readers;
  two_readers.second_reader = true;
  Outcome o = RunVariation(two_readers);
  EXPECT_FALSE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{0.0f, 0.5f, 1.25f, 3.0f, 6.0f, 6.0f}));
  Variation output;
  output.intermediate_is_output = true;
  o = RunVariation(output);
  EXPECT_FALSE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{0.0f, 0.5f, 1.25f, 3.0f, 6.0f, 6.0f}));
}

TEST(ActivationFusion, ProducerWithItsOwnActivationIsNotFused) {
  Variation v;
  v.activation = BuiltinOp::kRELU;
  v.add_activation = Activation::kReluN1To1;
  const Outcome o = RunVariation(v);
  EXPECT_FALSE(o.fused);
  EXPECT_EQ(o.y, (std::vector<float>{0.0f, 0.5f, 1.0f, 1.0f, 1.0f, 1.0f}));
}

}  // namespace
}  // namespace minnow
