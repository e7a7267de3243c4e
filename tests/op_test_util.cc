#include "op_test_util.h"

#include <gtest/gtest.h>

#include "minnow/interpreter.h"
#include "minnow/model.h"
#include "minnow/model_builder.h"

namespace minnow::testing {

QuantParams PerTensor(float scale, int64_t zero_point) {
  QuantParams q;
  q.scales = {scale};
  q.zero_points = {zero_point};
  return q;
}

QuantParams PerAxis(std::vector<float> scales, std::vector<int64_t> zero_points, int axis) {
  QuantParams q;
  q.scales = std::move(scales);
  q.zero_points = std::move(zero_points);
  q.quantized_dimension = axis;
  return q;
}

struct SingleOpModel::Impl {
  ModelBuilder builder;
  OperatorSpec op;
  std::vector<int32_t> inputs, outputs;
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
  int next_tensor = 0;
  int num_threads = 1;
};

SingleOpModel::SingleOpModel() : impl_(std::make_unique<Impl>()) {}
SingleOpModel::~SingleOpModel() = default;

namespace {
TensorSpec MakeSpec(int index, DataType type, const Shape& shape, QuantParams quant) {
  TensorSpec spec;
  spec.name = "t" + std::to_string(index);
  spec.type = type;
  spec.shape.assign(shape.dims(), shape.dims() + shape.rank());
  spec.quant = std::move(quant);
  return spec;
}
}  // namespace

int SingleOpModel::AddInput(DataType type, const Shape& shape, QuantParams quant) {
  const int index = impl_->builder.AddTensor(0, MakeSpec(impl_->next_tensor++, type, shape, std::move(quant)));
  impl_->op.inputs.push_back(index);
  impl_->inputs.push_back(index);
  return index;
}

int SingleOpModel::AddConstInputBytes(DataType type, const Shape& shape, std::vector<uint8_t> bytes,
                                      QuantParams quant) {
  TensorSpec spec = MakeSpec(impl_->next_tensor++, type, shape, std::move(quant));
  spec.data = std::move(bytes);
  const int index = impl_->builder.AddTensor(0, std::move(spec));
  impl_->op.inputs.push_back(index);
  return index;
}

int SingleOpModel::AddOptionalInput() {
  impl_->op.inputs.push_back(-1);
  return -1;
}

int SingleOpModel::AddOutput(DataType type, const Shape& shape, QuantParams quant) {
  const int index = impl_->builder.AddTensor(0, MakeSpec(impl_->next_tensor++, type, shape, std::move(quant)));
  impl_->op.outputs.push_back(index);
  impl_->outputs.push_back(index);
  return index;
}

void SingleOpModel::SetBuiltinOp(BuiltinOp op, BuiltinOptions options, int version) {
  impl_->op.builtin_code = static_cast<int32_t>(op);
  impl_->op.options = std::move(options);
  impl_->op.version = version;
}

void SingleOpModel::SetNumThreads(int num_threads) { impl_->num_threads = num_threads; }

Status SingleOpModel::Build() {
  impl_->builder.AddOperator(0, impl_->op);
  impl_->builder.SetInputs(0, impl_->inputs);
  impl_->builder.SetOutputs(0, impl_->outputs);
  Result<std::vector<uint8_t>> bytes = impl_->builder.Finish();
  if (!bytes.ok()) return bytes.status();
  Result<std::unique_ptr<Model>> model = Model::FromBytes(std::move(bytes).value());
  if (!model.ok()) return model.status();
  impl_->model = std::move(model).value();
  Result<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::Create(*impl_->model, OpResolver::WithAllBuiltins());
  if (!interpreter.ok()) return interpreter.status();
  impl_->interpreter = std::move(interpreter).value();
  impl_->interpreter->SetNumThreads(impl_->num_threads);
  return impl_->interpreter->AllocateTensors();
}

void SingleOpModel::SetInputBytes(int tensor, const void* data, size_t bytes) {
  Tensor* t = impl_->interpreter->tensor(tensor);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->bytes, bytes) << "input tensor " << tensor << " size";
  if (bytes > 0) std::memcpy(t->data, data, bytes);
}

Status SingleOpModel::Invoke() { return impl_->interpreter->Invoke(); }

const Tensor* SingleOpModel::GetTensor(int tensor) const { return impl_->interpreter->tensor(tensor); }

KernelPathGuard::~KernelPathGuard() { EXPECT_TRUE(SetKernelPath(saved_).ok()); }

}  // namespace minnow::testing
