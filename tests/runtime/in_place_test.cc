// In-place element-wise ops: the interpreter lets an element-wise node write
// its output over an input buffer that nothing reads afterwards (not a
// subgraph input or output) of the output's shape and size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "graph_test_util.h"

namespace minnow {
namespace {

using testing::AddOperator;
using testing::BytesOf;
using testing::FloatTensor;
using testing::LoadedModel;

int AddOp(ModelBuilder& b, BuiltinOp code, std::vector<int32_t> inputs, int output) {
  BuiltinOptions options;
  if (code == BuiltinOp::kADD) options = AddSubOptions{Activation::kNone, true};
  if (code == BuiltinOp::kMUL) options = MulOptions{Activation::kNone};
  return AddOperator(b, code, std::move(inputs), output, options);
}

// The model of `b`, loaded, with `inputs` set, invoked once.
LoadedModel Load(ModelBuilder& b, const std::vector<std::vector<float>>& inputs) {
  LoadedModel r = testing::LoadModel(testing::FinishModel(b));
  if (!r.interpreter) return r;
  std::vector<std::vector<uint8_t>> bytes;
  for (const std::vector<float>& input : inputs) bytes.push_back(BytesOf(input));
  testing::SetInputsAndInvoke(*r.interpreter, bytes);
  return r;
}

// x -> RELU -> a -> LOGISTIC -> l -> TANH -> y: l is written over a; y is a
// subgraph output and may take l's bytes too.
TEST(InPlace, UnaryChainSharesOneBuffer) {
  ModelBuilder b;
  const int x = b.AddTensor(0, FloatTensor("x", {1, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, FloatTensor("a", {1, 4})));
  const int l = AddOp(b, BuiltinOp::kLOGISTIC, {a}, b.AddTensor(0, FloatTensor("l", {1, 4})));
  const int y = AddOp(b, BuiltinOp::kTANH, {l}, b.AddTensor(0, FloatTensor("y", {1, 4})));
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  const std::vector<float> xs = {-1.0f, 0.0f, 0.5f, 3.0f};
  LoadedModel r = Load(b, {xs});
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
  const int x = b.AddTensor(0, FloatTensor("x", {1, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, FloatTensor("a", {1, 4})));
  const int l = AddOp(b, BuiltinOp::kLOGISTIC, {a}, b.AddTensor(0, FloatTensor("l", {1, 4})));
  const int y = AddOp(b, BuiltinOp::kADD, {a, l}, b.AddTensor(0, FloatTensor("y", {1, 4})));
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  LoadedModel r = Load(b, {{-1.0f, 0.0f, 0.5f, 3.0f}});
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
  const int x = b.AddTensor(0, FloatTensor("x", {1, 4}));
  const int w = b.AddTensor(0, FloatTensor("w", {2, 4}));
  const int a = AddOp(b, BuiltinOp::kRELU, {x}, b.AddTensor(0, FloatTensor("a", {1, 4})));
  const int c = AddOp(b, BuiltinOp::kRELU, {w}, b.AddTensor(0, FloatTensor("c", {2, 4})));
  const int y = AddOp(b, BuiltinOp::kMUL, {a, c}, b.AddTensor(0, FloatTensor("y", {2, 4})));
  const int z = AddOp(b, BuiltinOp::kTANH, {y}, b.AddTensor(0, FloatTensor("z", {2, 4})));
  b.SetInputs(0, {x, w});
  b.SetOutputs(0, {z, y});
  LoadedModel r = Load(b, {{1.0f, 2.0f, 3.0f, 4.0f}, {1.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f}});
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
