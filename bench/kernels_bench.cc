// Micro-benchmarks of the heavy kernels on layer shapes taken from the bench
// models (MobileNet v2 at 224x224), of BATCH_MATMUL products (a constant
// rhs, and an attention-like variable one) and of the one-input ops on the
// shapes classifiers give them, for every kernel path this CPU runs, the
// reference kernels included, so one run gives the optimized/reference ratio
// side by side. Run: build/minnow_kernels_bench [--benchmark_filter=...].
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "minnow/interpreter.h"
#include "minnow/kernel_path.h"
#include "minnow/model.h"
#include "minnow/model_builder.h"
#include "minnow/op_resolver.h"

namespace {

using minnow::DataType;

enum class Layer { kConv1x1, kConv3x3FirstLayer, kDepthwise3x3, kFullyConnected };

struct LayerShape {
  int height, width, in_channels, out_channels, filter, stride;
};

LayerShape ShapeOf(Layer layer) {
  switch (layer) {
    case Layer::kConv1x1: return {56, 56, 24, 144, 1, 1};
    case Layer::kConv3x3FirstLayer: return {224, 224, 3, 32, 3, 2};
    case Layer::kDepthwise3x3: return {56, 56, 144, 144, 3, 1};
    case Layer::kFullyConnected: return {1, 1, 1280, 1000, 1, 1};
  }
  return {};
}

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

std::vector<uint8_t> RandomFloats(size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<uint8_t> bytes(n * sizeof(float));
  for (size_t i = 0; i < n; ++i) {
    const float f = dist(rng);
    std::memcpy(bytes.data() + i * sizeof(float), &f, sizeof(float));
  }
  return bytes;
}

minnow::TensorSpec Spec(const char* name, DataType type, std::vector<int32_t> shape) {
  minnow::TensorSpec spec;
  spec.name = name;
  spec.type = type;
  spec.shape = std::move(shape);
  return spec;
}

minnow::QuantParams Quant(std::vector<float> scales, int64_t zero_point, int32_t dimension = 0) {
  minnow::QuantParams q;
  q.zero_points.assign(scales.size(), zero_point);
  q.scales = std::move(scales);
  q.quantized_dimension = dimension;
  return q;
}

// A one-op model of `layer` in `type` (int8: per-channel weights; uint8:
// per-tensor weights with zero point 120).
std::vector<uint8_t> BuildModel(Layer layer, DataType type) {
  const LayerShape s = ShapeOf(layer);
  std::mt19937 rng(7);
  const bool quantized = type != DataType::kFloat32;
  const int out_h = (s.height + s.stride - 1) / s.stride, out_w = (s.width + s.stride - 1) / s.stride;
  minnow::ModelBuilder b;
  minnow::TensorSpec input = Spec("input", type, {1, s.height, s.width, s.in_channels});
  minnow::TensorSpec output = Spec("output", type, {1, out_h, out_w, s.out_channels});
  minnow::TensorSpec filter = Spec("filter", type, {});
  minnow::TensorSpec bias = Spec("bias", quantized ? DataType::kInt32 : DataType::kFloat32, {s.out_channels});
  const int zp = type == DataType::kUInt8 ? 128 : 0;
  if (quantized) {
    input.quant = Quant({0.02f}, zp + 3);
    output.quant = Quant({0.05f}, zp - 5);
  }
  std::vector<float> filter_scales(type == DataType::kInt8 ? s.out_channels : 1, 0.004f);
  minnow::OperatorSpec op;
  int64_t filter_elements = 0;
  switch (layer) {
    case Layer::kConv1x1:
    case Layer::kConv3x3FirstLayer: {
      filter.shape = {s.out_channels, s.filter, s.filter, s.in_channels};
      filter_elements = int64_t{s.out_channels} * s.filter * s.filter * s.in_channels;
      op.builtin_code = static_cast<int32_t>(minnow::BuiltinOp::kCONV_2D);
      minnow::Conv2DOptions o;
      o.padding = minnow::Padding::kSame;
      o.stride_h = o.stride_w = s.stride;
      o.activation = minnow::Activation::kRelu6;
      op.options = o;
      if (quantized) filter.quant = Quant(filter_scales, zp == 0 ? 0 : 120, 0);
      break;
    }
    case Layer::kDepthwise3x3: {
      filter.shape = {1, s.filter, s.filter, s.out_channels};
      filter_elements = int64_t{s.out_channels} * s.filter * s.filter;
      op.builtin_code = static_cast<int32_t>(minnow::BuiltinOp::kDEPTHWISE_CONV_2D);
      minnow::DepthwiseConv2DOptions o;
      o.padding = minnow::Padding::kSame;
      o.stride_h = o.stride_w = s.stride;
      o.depth_multiplier = 1;
      o.activation = minnow::Activation::kRelu6;
      op.options = o;
      op.version = 3;
      if (quantized) filter.quant = Quant(filter_scales, zp == 0 ? 0 : 120, 3);
      break;
    }
    case Layer::kFullyConnected: {
      input.shape = {1, s.in_channels};
      output.shape = {1, s.out_channels};
      filter.shape = {s.out_channels, s.in_channels};
      filter_elements = int64_t{s.out_channels} * s.in_channels;
      op.builtin_code = static_cast<int32_t>(minnow::BuiltinOp::kFULLY_CONNECTED);
      if (quantized) filter.quant = Quant({0.004f}, zp == 0 ? 0 : 120);
      break;
    }
  }
  if (quantized) {
    op.version = std::max(op.version, 2);
    bias.quant = Quant({0.02f * 0.004f}, 0);
    filter.data = RandomBytes(filter_elements, rng);
    if (type == DataType::kInt8) {
      for (auto& v : filter.data) v = static_cast<uint8_t>(static_cast<int8_t>(v) == -128 ? 0 : v);
    }
    bias.data = std::vector<uint8_t>(s.out_channels * sizeof(int32_t), 0);
  } else {
    filter.data = RandomFloats(filter_elements, rng);
    bias.data = RandomFloats(s.out_channels, rng);
  }
  const int in = b.AddTensor(0, input), f = b.AddTensor(0, filter), bi = b.AddTensor(0, bias);
  const int out = b.AddTensor(0, output);
  op.inputs = {in, f, bi};
  op.outputs = {out};
  b.AddOperator(0, op);
  b.SetInputs(0, {in});
  b.SetOutputs(0, {out});
  return b.Finish().value();
}

// BATCH_MATMUL of lhs x rhs (no adjoints).
struct MatMulShape {
  const char* name;
  std::vector<int32_t> lhs, rhs, out;
  bool constant_rhs;
};

const MatMulShape kMatMulShapes[] = {
    {"batch_matmul_4x64x64_64x64", {1, 4, 64, 64}, {64, 64}, {1, 4, 64, 64}, true},
    {"batch_matmul_8x49x64_64x128", {8, 49, 64}, {64, 128}, {8, 49, 128}, true},
    {"batch_matmul_8x49x64_8x64x49_variable", {8, 49, 64}, {8, 64, 49}, {8, 49, 49}, false},
};

// A one-op BATCH_MATMUL model in `type` (int8: per-tensor scales, lhs zero
// point 3).
std::vector<uint8_t> BuildMatMulModel(const MatMulShape& s, DataType type) {
  std::mt19937 rng(7);
  const bool quantized = type != DataType::kFloat32;
  minnow::ModelBuilder b;
  minnow::TensorSpec lhs = Spec("lhs", type, s.lhs);
  minnow::TensorSpec rhs = Spec("rhs", type, s.rhs);
  minnow::TensorSpec out = Spec("out", type, s.out);
  if (quantized) {
    lhs.quant = Quant({0.02f}, 3);
    rhs.quant = Quant({0.004f}, 0);
    out.quant = Quant({0.05f}, -5);
  }
  if (s.constant_rhs) {
    int64_t count = 1;
    for (int32_t d : s.rhs) count *= d;
    rhs.data = quantized ? RandomBytes(count, rng) : RandomFloats(count, rng);
  }
  const int l = b.AddTensor(0, lhs), r = b.AddTensor(0, rhs), o = b.AddTensor(0, out);
  minnow::OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(minnow::BuiltinOp::kBATCH_MATMUL);
  op.options = minnow::BatchMatMulOptions();
  op.version = quantized ? 2 : 1;
  op.inputs = {l, r};
  op.outputs = {o};
  b.AddOperator(0, op);
  b.SetInputs(0, s.constant_rhs ? std::vector<int>{l} : std::vector<int>{l, r});
  b.SetOutputs(0, {o});
  return b.Finish().value();
}


// One input op: `op` on `input` (the model's input) and constant `extra`
// inputs (an axis, paddings, a second operand), output `output`.
std::vector<uint8_t> BuildOneOpModel(minnow::BuiltinOp code, minnow::BuiltinOptions options,
                                     minnow::TensorSpec input, std::vector<minnow::TensorSpec> extra,
                                     minnow::TensorSpec output) {
  minnow::ModelBuilder b;
  minnow::OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(code);
  op.options = std::move(options);
  const int in = b.AddTensor(0, input);
  op.inputs = {in};
  for (minnow::TensorSpec& spec : extra) op.inputs.push_back(b.AddTensor(0, spec));
  const int out = b.AddTensor(0, output);
  op.outputs = {out};
  b.AddOperator(0, op);
  b.SetInputs(0, {in});
  b.SetOutputs(0, {out});
  return b.Finish().value();
}

std::vector<uint8_t> Int32Bytes(std::vector<int32_t> values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(int32_t));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// The one-input ops' cases: name and model.
std::vector<std::pair<std::string, std::vector<uint8_t>>> OneOpCases() {
  using minnow::BuiltinOp;
  const DataType f32 = DataType::kFloat32, i8 = DataType::kInt8;
  auto spec = [](DataType type, std::vector<int32_t> shape, float scale = 0.0f, int64_t zero = 0) {
    minnow::TensorSpec t = Spec("t", type, std::move(shape));
    if (scale > 0.0f) t.quant = Quant({scale}, zero);
    return t;
  };
  auto constant = [](DataType type, std::vector<int32_t> shape, std::vector<uint8_t> data) {
    minnow::TensorSpec t = Spec("c", type, std::move(shape));
    t.data = std::move(data);
    return t;
  };
  const std::vector<int32_t> act = {1, 56, 56, 64};
  std::mt19937 rng(5);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> cases;
  auto add = [&](std::string name, BuiltinOp op, minnow::BuiltinOptions options, minnow::TensorSpec in,
                 std::vector<minnow::TensorSpec> extra, minnow::TensorSpec out) {
    cases.emplace_back(std::move(name), BuildOneOpModel(op, std::move(options), in, std::move(extra), out));
  };
  add("logistic_1x56x56x64/float32", BuiltinOp::kLOGISTIC, {}, spec(f32, act), {}, spec(f32, act));
  add("tanh_1x56x56x64/float32", BuiltinOp::kTANH, {}, spec(f32, act), {}, spec(f32, act));
  add("hard_swish_1x56x56x64/float32", BuiltinOp::kHARD_SWISH, {}, spec(f32, act), {}, spec(f32, act));
  add("hard_swish_1x56x56x64/int8", BuiltinOp::kHARD_SWISH, {}, spec(i8, act, 0.05f, -10), {},
      spec(i8, act, 0.03f, -100));
  add("softmax_1x1001/float32", BuiltinOp::kSOFTMAX, minnow::SoftmaxOptions{}, spec(f32, {1, 1001}), {},
      spec(f32, {1, 1001}));
  add("softmax_1x8x8x128/float32", BuiltinOp::kSOFTMAX, minnow::SoftmaxOptions{}, spec(f32, {1, 8, 8, 128}), {},
      spec(f32, {1, 8, 8, 128}));
  const std::vector<uint8_t> spatial_axes = Int32Bytes({1, 2});
  add("mean_1x7x7x1280/float32", BuiltinOp::kMEAN, minnow::ReducerOptions{true}, spec(f32, {1, 7, 7, 1280}),
      {constant(DataType::kInt32, {2}, spatial_axes)}, spec(f32, {1, 1, 1, 1280}));
  add("mean_1x7x7x1280/int8", BuiltinOp::kMEAN, minnow::ReducerOptions{true}, spec(i8, {1, 7, 7, 1280}, 0.02f, 3),
      {constant(DataType::kInt32, {2}, spatial_axes)}, spec(i8, {1, 1, 1, 1280}, 0.01f, -4));
  add("quantize_1x224x224x3/float32_to_int8", BuiltinOp::kQUANTIZE, {}, spec(f32, {1, 224, 224, 3}), {},
      spec(i8, {1, 224, 224, 3}, 0.0078125f, 0));
  add("dequantize_1x224x224x3/int8_to_float32", BuiltinOp::kDEQUANTIZE, {}, spec(i8, {1, 224, 224, 3}, 0.02f, 3),
      {}, spec(f32, {1, 224, 224, 3}));
  add("concatenation_2x1x28x28x96/float32", BuiltinOp::kCONCATENATION, minnow::ConcatenationOptions{3},
      spec(f32, {1, 28, 28, 96}), {constant(f32, {1, 28, 28, 96}, RandomFloats(28 * 28 * 96, rng))},
      spec(f32, {1, 28, 28, 192}));
  add("pad_1x112x112x32/int8", BuiltinOp::kPAD, {}, spec(i8, {1, 112, 112, 32}, 0.02f, 3),
      {constant(DataType::kInt32, {4, 2}, Int32Bytes({0, 0, 1, 1, 1, 1, 0, 0}))},
      spec(i8, {1, 114, 114, 32}, 0.02f, 3));
  return cases;
}

// Invokes the model in `bytes` on `path` at state.range(0) threads, its
// inputs random.
void RunModel(benchmark::State& state, const std::vector<uint8_t>& bytes, minnow::KernelPath path) {
  const minnow::KernelPath previous = minnow::ActiveKernelPath();
  if (!minnow::SetKernelPath(path).ok()) {
    state.SkipWithError("kernel path not available");
    return;
  }
  auto model = minnow::Model::FromBytes(bytes);
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  auto interpreter = minnow::Interpreter::Create(*model.value(), minnow::OpResolver::WithAllBuiltins());
  if (!interpreter.ok()) {
    state.SkipWithError(interpreter.status().message().c_str());
    return;
  }
  minnow::Interpreter& interp = *interpreter.value();
  interp.SetNumThreads(static_cast<int>(state.range(0)));
  if (!interp.AllocateTensors().ok()) {
    state.SkipWithError("AllocateTensors failed");
    return;
  }
  std::mt19937 rng(11);
  for (size_t i = 0; i < interp.num_inputs(); ++i) {
    minnow::Tensor* input = interp.input(i);
    const std::vector<uint8_t> values = input->type == DataType::kFloat32 ? RandomFloats(input->bytes / 4, rng)
                                                                           : RandomBytes(input->bytes, rng);
    std::memcpy(input->data, values.data(), input->bytes);
  }
  for (auto _ : state) {
    if (!interp.Invoke().ok()) state.SkipWithError("Invoke failed");
  }
  minnow::SetKernelPath(previous);
}

void RunLayer(benchmark::State& state, Layer layer, DataType type, minnow::KernelPath path) {
  RunModel(state, BuildModel(layer, type), path);
}

void RunMatMul(benchmark::State& state, const MatMulShape* shape, DataType type, minnow::KernelPath path) {
  RunModel(state, BuildMatMulModel(*shape, type), path);
}

const char* TypeName(DataType type) {
  return type == DataType::kInt8 ? "int8" : type == DataType::kUInt8 ? "uint8" : "float32";
}

const char* LayerName(Layer layer) {
  switch (layer) {
    case Layer::kConv1x1: return "conv1x1_56x56x24to144";
    case Layer::kConv3x3FirstLayer: return "conv3x3s2_224x224x3to32";
    case Layer::kDepthwise3x3: return "depthwise3x3_56x56x144";
    case Layer::kFullyConnected: return "fc_1280to1000";
  }
  return "";
}

// Arg: threads; the optimized paths at 1 and 2.
void AddThreads(benchmark::internal::Benchmark* b, minnow::KernelPath path) {
  b->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();
  if (path != minnow::KernelPath::kReference) b->Arg(2);
}

int RegisterAll() {
  for (Layer layer : {Layer::kConv1x1, Layer::kConv3x3FirstLayer, Layer::kDepthwise3x3, Layer::kFullyConnected}) {
    for (DataType type : {DataType::kInt8, DataType::kUInt8, DataType::kFloat32}) {
      for (minnow::KernelPath path : minnow::AvailableKernelPaths()) {
        const std::string name =
            std::string(LayerName(layer)) + "/" + TypeName(type) + "/" + minnow::KernelPathName(path);
        AddThreads(benchmark::RegisterBenchmark(name.c_str(), RunLayer, layer, type, path), path);
      }
    }
  }
  for (const MatMulShape& shape : kMatMulShapes) {
    for (DataType type : {DataType::kInt8, DataType::kFloat32}) {
      for (minnow::KernelPath path : minnow::AvailableKernelPaths()) {
        const std::string name = std::string(shape.name) + "/" + TypeName(type) + "/" + minnow::KernelPathName(path);
        AddThreads(benchmark::RegisterBenchmark(name.c_str(), RunMatMul, &shape, type, path), path);
      }
    }
  }
  for (auto& [name, bytes] : OneOpCases()) {
    for (minnow::KernelPath path : minnow::AvailableKernelPaths()) {
      const std::string full = name + "/" + minnow::KernelPathName(path);
      auto* b = benchmark::RegisterBenchmark(full.c_str(), [bytes = bytes, path](benchmark::State& state) {
        RunModel(state, bytes, path);
      });
      b->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();
      if (path != minnow::KernelPath::kReference) b->Arg(2);
    }
  }
  return 0;
}

const int registered = RegisterAll();

}  // namespace

BENCHMARK_MAIN();
