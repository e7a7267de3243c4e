// Activation fusion: a float RELU / RELU6 / RELU_N1_TO_1 after an op that
// can apply it becomes that op's fused activation, only where nothing else
// sees the intermediate tensor; the results are the unfused graph's.
#include "runtime/activation_fusion.h"

#include <gtest/gtest.h>

#include <vector>

#include "graph_test_util.h"

namespace minnow {
namespace {

using testing::AddOperator;
using testing::BytesOf;
using testing::FloatTensor;

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
  const int x = b.AddTensor(0, FloatTensor("x", {1, 6}));
  TensorSpec c = FloatTensor("c", {6});
  c.data = BytesOf(std::vector<float>{-3.0f, -0.5f, 0.25f, 2.0f, 5.5f, 9.0f});
  const int cc = b.AddTensor(0, std::move(c));
  const int m = AddOperator(b, BuiltinOp::kADD, {x, cc}, b.AddTensor(0, FloatTensor("m", {1, 6})),
                            AddSubOptions{v.add_activation, true});
  const int y = AddOperator(b, v.activation, {m}, b.AddTensor(0, FloatTensor("y", {1, 6})));
  std::vector<int32_t> outputs = {y};
  if (v.second_reader) {
    outputs.push_back(AddOperator(b, BuiltinOp::kMUL, {m, m}, b.AddTensor(0, FloatTensor("z", {1, 6}))));
  }
  if (v.intermediate_is_output) outputs.push_back(m);
  b.SetInputs(0, {x});
  b.SetOutputs(0, outputs);
  return testing::FinishModel(b);
}

struct Outcome {
  bool fused = false;
  std::vector<float> y;  // the activation's output for x = 1
};

Outcome RunVariation(const Variation& v) {
  Outcome o;
  testing::LoadedModel loaded = testing::LoadModel(AddThenActivation(v));
  if (!loaded.interpreter) return o;
  const SubgraphDesc& desc = loaded.model->subgraphs()[0];
  std::vector<OperatorDesc> ops = desc.operators;
  o.fused = FuseActivations(desc, &ops)[1];
  if (o.fused) {
    EXPECT_EQ(ops[0].outputs, desc.operators[1].outputs);
    EXPECT_TRUE(ops[1].inputs.empty() && ops[1].outputs.empty());
  }
  if (!testing::SetInputsAndInvoke(*loaded.interpreter, {BytesOf(std::vector<float>(6, 1.0f))})) return o;
  const float* y = loaded.interpreter->typed_output<float>(0);
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
