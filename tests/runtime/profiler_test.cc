// Interpreter::SetProfiler: one OnNode call per evaluated node, in order, with
// the kernel's op name; none once removed; results unchanged.
#include "minnow/profiler.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "graph_test_util.h"
#include "minnow/interpreter.h"
#include "minnow/model_builder.h"

namespace minnow {
namespace {

using testing::FloatTensor;

// y = x + c; z = y * y; w = z - y.
std::vector<uint8_t> ThreeOpModel() {
  ModelBuilder b;
  const int x = b.AddTensor(0, FloatTensor("x", {1, 4}));
  TensorSpec c = FloatTensor("c", {4});
  const float values[] = {1.0f, -2.0f, 3.0f, -4.0f};
  c.data.resize(sizeof(values));
  std::memcpy(c.data.data(), values, sizeof(values));
  const int cc = b.AddTensor(0, std::move(c));
  const int y = b.AddTensor(0, FloatTensor("y", {1, 4}));
  const int z = b.AddTensor(0, FloatTensor("z", {1, 4}));
  const int w = b.AddTensor(0, FloatTensor("w", {1, 4}));
  OperatorSpec add;
  add.builtin_code = static_cast<int32_t>(BuiltinOp::kADD);
  add.inputs = {x, cc};
  add.outputs = {y};
  add.options = AddSubOptions{Activation::kNone, true};
  b.AddOperator(0, add);
  OperatorSpec mul;
  mul.builtin_code = static_cast<int32_t>(BuiltinOp::kMUL);
  mul.inputs = {y, y};
  mul.outputs = {z};
  b.AddOperator(0, mul);
  OperatorSpec sub;
  sub.builtin_code = static_cast<int32_t>(BuiltinOp::kSUB);
  sub.inputs = {z, y};
  sub.outputs = {w};
  sub.options = AddSubOptions{Activation::kNone, true};
  b.AddOperator(0, sub);
  b.SetInputs(0, {x});
  b.SetOutputs(0, {w});
  Result<std::vector<uint8_t>> bytes = b.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}

struct Call {
  int subgraph;
  int node;
  std::string op;
  uint64_t ns;
};

class Recorder : public Profiler {
 public:
  void OnNode(int subgraph, int node, const char* op_name, uint64_t nanoseconds) override {
    calls.push_back({subgraph, node, op_name, nanoseconds});
  }
  std::vector<Call> calls;
};

TEST(Profiler, OneCallPerNodeWithOpNames) {
  const std::vector<uint8_t> bytes = ThreeOpModel();
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().message();
  Result<std::unique_ptr<Interpreter>> created = Interpreter::Create(*model.value(), OpResolver::WithAllBuiltins());
  ASSERT_TRUE(created.ok()) << created.status().message();
  Interpreter& in = *created.value();
  ASSERT_TRUE(in.AllocateTensors().ok());
  const float x[] = {0.5f, 0.5f, -5.0f, 10.0f};
  ASSERT_TRUE(in.SetInput(0, x, sizeof(x)).ok());

  // Off by default: a plain invoke gives the reference result.
  ASSERT_TRUE(in.Invoke().ok());
  std::vector<float> expected(in.typed_output<float>(0), in.typed_output<float>(0) + 4);
  // y = {1.5, -1.5, -2, 6}; w = y*y - y.
  EXPECT_FLOAT_EQ(expected[0], 0.75f);
  EXPECT_FLOAT_EQ(expected[3], 30.0f);

  Recorder recorder;
  in.SetProfiler(&recorder);
  ASSERT_TRUE(in.Invoke().ok());
  ASSERT_EQ(recorder.calls.size(), 3u);
  const char* names[] = {"ADD", "MUL", "SUB"};
  for (int n = 0; n < 3; ++n) {
    EXPECT_EQ(recorder.calls[n].subgraph, 0);
    EXPECT_EQ(recorder.calls[n].node, n);
    EXPECT_EQ(recorder.calls[n].op, names[n]);
  }
  const float* w = in.typed_output<float>(0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(w[i], expected[i]);

  ASSERT_TRUE(in.Invoke().ok());
  EXPECT_EQ(recorder.calls.size(), 6u);  // once per node per invoke

  in.SetProfiler(nullptr);
  ASSERT_TRUE(in.Invoke().ok());
  EXPECT_EQ(recorder.calls.size(), 6u);
}

}  // namespace
}  // namespace minnow
