// Interpreter API on small models written with ModelBuilder: allocation,
// resize and re-planning, names, signatures, custom and selective resolvers,
// and the errors a caller can provoke.
#include "minnow/interpreter.h"

#include <gtest/gtest.h>

#include <cstring>

#include "graph_test_util.h"
#include "minnow/model_builder.h"

namespace minnow {
namespace {

using testing::FloatTensor;

std::vector<uint8_t> FloatBytes(const std::vector<float>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// y = relu(x + c); z = y * y, with a "serve" signature.
std::vector<uint8_t> TwoOpModel() {
  ModelBuilder b;
  const int x = b.AddTensor(0, FloatTensor("x", {1, 4}));
  TensorSpec c = FloatTensor("c", {4});
  c.data = FloatBytes({1.0f, -2.0f, 3.0f, -4.0f});
  const int cc = b.AddTensor(0, std::move(c));
  const int y = b.AddTensor(0, FloatTensor("y", {1, 4}));
  const int z = b.AddTensor(0, FloatTensor("z", {1, 4}));
  OperatorSpec add;
  add.builtin_code = static_cast<int32_t>(BuiltinOp::kADD);
  add.inputs = {x, cc};
  add.outputs = {y};
  add.options = AddSubOptions{Activation::kRelu, true};
  b.AddOperator(0, add);
  OperatorSpec mul;
  mul.builtin_code = static_cast<int32_t>(BuiltinOp::kMUL);
  mul.inputs = {y, y};
  mul.outputs = {z};
  b.AddOperator(0, mul);
  b.SetInputs(0, {x});
  b.SetOutputs(0, {z});
  b.AddSignature({"serve", 0, {{"input_x", x}}, {{"output_z", z}}});
  Result<std::vector<uint8_t>> bytes = b.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}

struct Loaded {
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
};

Loaded Load(const std::vector<uint8_t>& bytes, const OpResolver& resolver = OpResolver::WithAllBuiltins()) {
  Loaded l;
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(model.ok()) << model.status().message();
  if (!model.ok()) return l;
  l.model = std::move(model).value();
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*l.model, resolver);
  EXPECT_TRUE(in.ok()) << in.status().message();
  if (in.ok()) l.interpreter = std::move(in).value();
  return l;
}

TEST(Interpreter, RunsTwoOpsAndPlansArena) {
  const std::vector<uint8_t> bytes = TwoOpModel();
  Loaded l = Load(bytes);
  ASSERT_TRUE(l.interpreter);
  Interpreter& in = *l.interpreter;
  ASSERT_TRUE(in.AllocateTensors().ok());
  ASSERT_EQ(in.num_inputs(), 1u);
  ASSERT_EQ(in.num_outputs(), 1u);
  const float x[] = {0.5f, 0.5f, -5.0f, 10.0f};
  ASSERT_TRUE(in.SetInput(0, x, sizeof(x)).ok());
  ASSERT_TRUE(in.Invoke().ok());
  const float* z = in.typed_output<float>(0);
  ASSERT_NE(z, nullptr);
  // relu(x + c) = {1.5, 0, 0, 6}; squared.
  EXPECT_FLOAT_EQ(z[0], 2.25f);
  EXPECT_FLOAT_EQ(z[1], 0.0f);
  EXPECT_FLOAT_EQ(z[2], 0.0f);
  EXPECT_FLOAT_EQ(z[3], 36.0f);
  // x (kept for the whole run) and y, which the MUL overwrites with z (in
  // place): 2 buffers of 16 bytes, each 64-aligned (the last one ends at 64 + 16).
  EXPECT_EQ(in.arena_bytes(), 80u);
  EXPECT_EQ(in.unplanned_bytes(), 48u);
  EXPECT_EQ(in.typed_output<int8_t>(0), nullptr);  // wrong type gives no view
}

TEST(Interpreter, ResizeInputReplans) {
  const std::vector<uint8_t> bytes = TwoOpModel();
  Loaded l = Load(bytes);
  ASSERT_TRUE(l.interpreter);
  Interpreter& in = *l.interpreter;
  ASSERT_TRUE(in.AllocateTensors().ok());
  ASSERT_TRUE(in.ResizeInputTensor(0, Shape{3, 4}).ok());
  EXPECT_FALSE(in.Invoke().ok());  // must allocate again after a resize
  ASSERT_TRUE(in.AllocateTensors().ok());
  EXPECT_EQ(in.output(0)->shape, (Shape{3, 4}));
  std::vector<float> x(12, 1.0f);
  ASSERT_TRUE(in.SetInput(0, x.data(), x.size() * sizeof(float)).ok());
  ASSERT_TRUE(in.Invoke().ok());
  const float* z = in.typed_output<float>(0);
  for (int row = 0; row < 3; ++row) {
    EXPECT_FLOAT_EQ(z[row * 4 + 0], 4.0f);   // (1+1)^2
    EXPECT_FLOAT_EQ(z[row * 4 + 1], 0.0f);   // relu(1-2)
    EXPECT_FLOAT_EQ(z[row * 4 + 2], 16.0f);  // (1+3)^2
    EXPECT_FLOAT_EQ(z[row * 4 + 3], 0.0f);
  }
  // A wrong byte count is refused with the expected size in the message.
  const Status bad = in.SetInput(0, x.data(), 4);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("48"), std::string::npos) << bad.message();
}

TEST(Interpreter, NamesAndSignatures) {
  const std::vector<uint8_t> bytes = TwoOpModel();
  Loaded l = Load(bytes);
  ASSERT_TRUE(l.interpreter);
  Interpreter& in = *l.interpreter;
  EXPECT_EQ(in.InputIndexByName("x"), 0);
  EXPECT_EQ(in.OutputIndexByName("z"), 0);
  EXPECT_EQ(in.InputIndexByName("nope"), -1);
  ASSERT_EQ(in.signature_keys(), std::vector<std::string>{"serve"});
  EXPECT_EQ(in.GetSignatureRunner("other"), nullptr);
  SignatureRunner* runner = in.GetSignatureRunner("serve");
  ASSERT_NE(runner, nullptr);
  EXPECT_EQ(runner->input_names(), std::vector<std::string>{"input_x"});
  EXPECT_EQ(runner->output_names(), std::vector<std::string>{"output_z"});
  ASSERT_TRUE(runner->ResizeInputTensor("input_x", Shape{2, 4}).ok());
  EXPECT_FALSE(runner->ResizeInputTensor("missing", Shape{2, 4}).ok());
  ASSERT_TRUE(runner->AllocateTensors().ok());
  Tensor* x = runner->input("input_x");
  ASSERT_NE(x, nullptr);
  for (int i = 0; i < 8; ++i) x->data_as<float>()[i] = static_cast<float>(i);
  ASSERT_TRUE(runner->Invoke().ok());
  const Tensor* z = runner->output("output_z");
  ASSERT_NE(z, nullptr);
  // Row 1: x = {4,5,6,7}; relu(x + c) = {5,3,9,3}.
  EXPECT_FLOAT_EQ(z->data_as<float>()[4], 25.0f);
  EXPECT_FLOAT_EQ(z->data_as<float>()[5], 9.0f);
  EXPECT_FLOAT_EQ(z->data_as<float>()[6], 81.0f);
  EXPECT_FLOAT_EQ(z->data_as<float>()[7], 9.0f);
}

TEST(Interpreter, InvokeBeforeAllocateFails) {
  const std::vector<uint8_t> bytes = TwoOpModel();
  Loaded l = Load(bytes);
  ASSERT_TRUE(l.interpreter);
  const Status status = l.interpreter->Invoke();
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(l.interpreter->ResizeInputTensor(5, Shape{1}).ok());
  EXPECT_FALSE(l.interpreter->ResizeInputTensor(0, Shape{-1, 4}).ok());
}

TEST(Interpreter, SelectiveResolverNamesMissingOps) {
  const std::vector<uint8_t> bytes = TwoOpModel();
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok());
  OpResolver only_add;
  ASSERT_TRUE(only_add.AddBuiltin(BuiltinOp::kADD));
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*model.value(), only_add);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(in.status().message().find("MUL"), std::string::npos) << in.status().message();
  ASSERT_TRUE(only_add.AddBuiltin(BuiltinOp::kMUL));
  EXPECT_TRUE(Interpreter::Create(*model.value(), only_add).ok());
}

// A custom op registered by name: out = 2 * in.
Status TimesTwoPrepare(KernelContext& ctx) {
  if (ctx.num_inputs() != 1 || ctx.input(0) == nullptr) return InvalidArgument("TIMES_TWO takes one input");
  return ctx.ResizeOutput(0, ctx.input(0)->shape);
}

Status TimesTwoEval(KernelContext& ctx) {
  const Tensor* in = ctx.input(0);
  Tensor* out = ctx.output(0);
  for (int64_t i = 0; i < in->num_elements(); ++i) out->data_as<float>()[i] = 2 * in->data_as<float>()[i];
  return Status::Ok();
}

TEST(Interpreter, CustomOpByName) {
  ModelBuilder b;
  const int x = b.AddTensor(0, FloatTensor("x", {3}));
  const int y = b.AddTensor(0, FloatTensor("y", {3}));
  OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(BuiltinOp::kCUSTOM);
  op.custom_code = "TIMES_TWO";
  op.inputs = {x};
  op.outputs = {y};
  b.AddOperator(0, op);
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  Result<std::vector<uint8_t>> bytes = b.Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.value().data(), bytes.value().size());
  ASSERT_TRUE(model.ok()) << model.status().message();

  Result<std::unique_ptr<Interpreter>> missing = Interpreter::Create(*model.value(), OpResolver::WithAllBuiltins());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs custom op TIMES_TWO"), std::string::npos)
      << missing.status().message();

  static const KernelRegistration kTimesTwo{"TIMES_TWO", TimesTwoPrepare, TimesTwoEval, 1, 1};
  OpResolver resolver = OpResolver::WithAllBuiltins();
  resolver.AddCustom("TIMES_TWO", &kTimesTwo);
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*model.value(), resolver);
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_TRUE(in.value()->AllocateTensors().ok());
  const float values[] = {1.5f, -2.0f, 0.25f};
  ASSERT_TRUE(in.value()->SetInput(0, values, sizeof(values)).ok());
  ASSERT_TRUE(in.value()->Invoke().ok());
  const float* out = in.value()->typed_output<float>(0);
  EXPECT_FLOAT_EQ(out[0], 3.0f);
  EXPECT_FLOAT_EQ(out[1], -4.0f);
  EXPECT_FLOAT_EQ(out[2], 0.5f);
}

TEST(Interpreter, UnknownVersionIsNamed) {
  ModelBuilder b;
  const int x = b.AddTensor(0, FloatTensor("x", {3}));
  const int y = b.AddTensor(0, FloatTensor("y", {3}));
  OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(BuiltinOp::kRELU);
  op.version = 99;
  op.inputs = {x};
  op.outputs = {y};
  b.AddOperator(0, op);
  b.SetInputs(0, {x});
  b.SetOutputs(0, {y});
  Result<std::vector<uint8_t>> bytes = b.Finish();
  ASSERT_TRUE(bytes.ok());
  Result<std::unique_ptr<Model>> model = Model::FromBuffer(bytes.value().data(), bytes.value().size());
  ASSERT_TRUE(model.ok());
  Result<std::unique_ptr<Interpreter>> in = Interpreter::Create(*model.value(), OpResolver::WithAllBuiltins());
  ASSERT_FALSE(in.ok());
  EXPECT_NE(in.status().message().find("version 99 of op RELU"), std::string::npos) << in.status().message();
}

}  // namespace
}  // namespace minnow
