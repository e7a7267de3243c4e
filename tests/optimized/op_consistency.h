// Shared by the randomized consistency tests of the optimized kernels:
// random numbers and quantization, single-op models run on one kernel path at
// a thread count, output comparison. For the ops with weights (CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED), OpCase is one random model with
// constant weights, run on the reference kernels and on every optimized path.
// 8-bit outputs must be the reference's bytes; float outputs may differ only
// by the rounding of a reordered, fused (FMA) accumulation, which is bounded
// by the sum of the magnitudes of the products.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "minnow/kernel_path.h"
#include "op_test_util.h"

namespace minnow::testing {

enum class Numerics { kFloat32, kInt8PerChannel, kInt8PerTensor, kUInt8PerTensor };

inline const char* NumericsName(Numerics n) {
  switch (n) {
    case Numerics::kFloat32: return "float32";
    case Numerics::kInt8PerChannel: return "int8_per_channel";
    case Numerics::kInt8PerTensor: return "int8_per_tensor";
    case Numerics::kUInt8PerTensor: return "uint8_per_tensor";
  }
  return "?";
}

inline DataType ElementType(Numerics n) {
  switch (n) {
    case Numerics::kFloat32: return DataType::kFloat32;
    case Numerics::kUInt8PerTensor: return DataType::kUInt8;
    default: return DataType::kInt8;
  }
}

// One op with a variable input, constant weights and an optional constant
// bias.
struct OpCase {
  BuiltinOp op = BuiltinOp::kCONV_2D;
  Numerics numerics = Numerics::kFloat32;
  BuiltinOptions options;  // Conv2DOptions, DepthwiseConv2DOptions or FullyConnectedOptions
  Activation activation = Activation::kNone;  // fused into `options` when run
  std::vector<int32_t> input_shape, filter_shape;
  int channels = 0;  // output channels: the bias length
  int filter_channel_dim = 0;  // the filter's per-channel quantization axis
  int depth = 0;  // products summed into one output (for the quantization scales)
  QuantParams input_quant, filter_quant, output_quant;
  std::vector<uint8_t> input, filter, bias;  // raw element bytes; an empty bias: no bias input
  std::string shape_text;  // shapes and options, for failure messages

  std::string Describe() const {
    std::ostringstream s;
    s << BuiltinOpName(static_cast<int32_t>(op)) << " " << NumericsName(numerics) << " " << shape_text
      << " activation " << static_cast<int>(activation) << (bias.empty() ? " no bias" : " bias");
    const auto quant = [&s](const char* name, const QuantParams& q) {
      if (q.scales.empty()) return;
      s << " " << name << "(scale " << q.scales[0] << (q.scales.size() > 1 ? ".." : "") << ", zero "
        << q.zero_points[0] << ")";
    };
    quant("input", input_quant);
    quant("filter", filter_quant);
    quant("output", output_quant);
    return s.str();
  }
};

inline std::string ShapeText(const std::vector<int32_t>& dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

class CaseRandom {
 public:
  explicit CaseRandom(uint32_t seed) : rng_(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  float UniformReal(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }
  // e^x, x uniform in [lo, hi]: scales spread over orders of magnitude.
  float LogUniform(float lo, float hi) { return std::exp(UniformReal(lo, hi)); }
  bool OneIn(int n) { return Uniform(1, n) == 1; }
  template <typename T>
  T Pick(const std::vector<T>& choices) {
    return choices[static_cast<size_t>(Uniform(0, static_cast<int>(choices.size()) - 1))];
  }

  // A channel count: the vector-width edges (1, 3, 7, 8, 16, 17, 24, 33, 64+)
  // or anything up to 80.
  int Channels() {
    return OneIn(2) ? Pick<int>({1, 3, 7, 8, 16, 17, 24, 31, 32, 33, 48, 64, 65, 72}) : Uniform(1, 80);
  }
  Activation FusedActivation() {
    return Pick<Activation>({Activation::kNone, Activation::kRelu, Activation::kRelu6, Activation::kReluN1To1});
  }

  // Random values, quantization parameters and bias for `c`, whose op,
  // numerics and shapes are set.
  void FillOperands(OpCase* c) {
    const size_t input_count = Count(c->input_shape), filter_count = Count(c->filter_shape);
    if (c->numerics == Numerics::kFloat32) {
      c->input = Floats(input_count);
      c->filter = Floats(filter_count);
      if (!OneIn(5)) c->bias = Floats(static_cast<size_t>(c->channels));
      return;
    }
    const bool is_unsigned = c->numerics == Numerics::kUInt8PerTensor;
    const int lowest = is_unsigned ? 0 : -128, highest = is_unsigned ? 255 : 127;
    // Values near the zero point (small accumulators, outputs inside the
    // range even with left shifts) or over the whole range.
    const int input_spread = Pick<int>({3, 20, 255}), filter_spread = Pick<int>({3, 20, 255});
    const int input_zero = Uniform(lowest, highest);
    c->input_quant = PerTensor(LogUniform(-7.0f, -2.0f), input_zero);
    c->input = Bytes(input_count, input_zero, input_spread, lowest, highest);
    const bool per_channel = c->numerics == Numerics::kInt8PerChannel;
    std::vector<float> filter_scales;
    const float base = LogUniform(-7.0f, -3.0f);
    for (int i = 0; i < (per_channel ? c->channels : 1); ++i) {
      filter_scales.push_back(per_channel ? base * LogUniform(-1.0f, 1.0f) : base);
    }
    const int filter_zero = is_unsigned ? Uniform(0, 255) : 0;
    c->filter = Bytes(filter_count, filter_zero, filter_spread, lowest, highest);

    // An accumulator's typical size, in input scale x filter scale units.
    const float typical = std::sqrt(static_cast<float>(c->depth)) * std::min(input_spread, 128) *
                          std::min(filter_spread, 128) / 3.0f;
    const float smallest_filter_scale = *std::min_element(filter_scales.begin(), filter_scales.end());
    const float largest_filter_scale = *std::max_element(filter_scales.begin(), filter_scales.end());
    const float input_scale = c->input_quant.scales[0];
    // Mostly an output scale that spreads the outputs over the range, as a
    // converter picks it; sometimes one below input x filter scale, so that
    // the requantization multiplier exceeds 1 (a left shift).
    const float output_scale = OneIn(6) ? input_scale * smallest_filter_scale * LogUniform(-1.5f, -0.1f)
                                        : input_scale * largest_filter_scale * typical / 64.0f * LogUniform(-1.0f, 1.0f);
    c->output_quant = PerTensor(output_scale, Uniform(lowest, highest));
    // Now and then a near-dead channel, as per-channel quantization gives a
    // filter of zeros or tiny weights: a multiplier around 2^-31 and below,
    // the largest right shifts.
    if (per_channel) {
      for (float& scale : filter_scales) {
        if (OneIn(16)) scale *= LogUniform(-28.0f, -16.0f);
      }
    }
    c->filter_quant = per_channel ? PerAxis(filter_scales, std::vector<int64_t>(filter_scales.size(), 0),
                                            c->filter_channel_dim)
                                  : PerTensor(filter_scales[0], filter_zero);
    if (OneIn(5)) return;  // no bias
    // Mostly accumulator-sized biases; rarely any int32, to reach the
    // wrapping of the corrections.
    const int64_t bias_range = OneIn(20) ? INT32_MAX : static_cast<int64_t>(typical) + 1;
    std::vector<int32_t> bias(static_cast<size_t>(c->channels));
    for (int32_t& b : bias) {
      b = static_cast<int32_t>(std::uniform_int_distribution<int64_t>(-bias_range, bias_range)(rng_));
    }
    c->bias.resize(bias.size() * sizeof(int32_t));
    std::memcpy(c->bias.data(), bias.data(), c->bias.size());
  }

 protected:
  static size_t Count(const std::vector<int32_t>& shape) {
    size_t count = 1;
    for (int32_t d : shape) count *= static_cast<size_t>(d);
    return count;
  }

  std::vector<uint8_t> Floats(size_t count) {
    std::vector<float> values(count);
    for (float& v : values) v = UniformReal(-1.0f, 1.0f);
    std::vector<uint8_t> bytes(count * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  }

  // 8-bit values within `spread` of `zero`, clamped to [lowest, highest]
  // (a spread of 255: anywhere in it), as stored bytes.
  std::vector<uint8_t> Bytes(size_t count, int zero, int spread, int lowest, int highest) {
    std::vector<uint8_t> bytes(count);
    for (uint8_t& b : bytes) {
      const int v = spread >= 255 ? Uniform(lowest, highest) : zero + Uniform(-spread, spread);
      b = static_cast<uint8_t>(std::clamp(v, lowest, highest));
    }
    return bytes;
  }

 private:
  std::mt19937 rng_;
};

inline Shape ShapeOf(const std::vector<int32_t>& dims) {
  Shape shape;
  shape.Assign(dims.data(), static_cast<int>(dims.size()));
  return shape;
}

// Sets inputs of the built `model` (tensor index, raw bytes), invokes it and
// returns the bytes of tensor `output`; empty after a failure.
inline std::vector<uint8_t> InvokeAndRead(SingleOpModel& model,
                                          const std::vector<std::pair<int, const std::vector<uint8_t>*>>& inputs,
                                          int output) {
  for (const auto& [tensor, bytes] : inputs) model.SetInputBytes(tensor, bytes->data(), bytes->size());
  const Status invoked = model.Invoke();
  if (!invoked.ok()) {
    ADD_FAILURE() << invoked.message();
    return {};
  }
  const Tensor* out = model.GetTensor(output);
  const auto* begin = static_cast<const uint8_t*>(out->data);
  return std::vector<uint8_t>(begin, begin + out->bytes);
}

// Builds `model` for `threads` threads on the active kernel path, then
// InvokeAndRead.
inline std::vector<uint8_t> RunModel(SingleOpModel& model, int threads,
                                     const std::vector<std::pair<int, const std::vector<uint8_t>*>>& inputs,
                                     int output) {
  model.SetNumThreads(threads);
  const Status built = model.Build();
  if (!built.ok()) {
    ADD_FAILURE() << built.message();
    return {};
  }
  return InvokeAndRead(model, inputs, output);
}

// The output bytes of `c` on kernel path `path` with `threads` threads; the
// model is built anew because the path takes effect when tensors are
// allocated.
inline std::vector<uint8_t> RunCase(const OpCase& c, KernelPath path, int threads) {
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  const DataType type = ElementType(c.numerics);
  SingleOpModel model;
  const int input = model.AddInput(type, ShapeOf(c.input_shape), c.input_quant);
  model.AddConstInputBytes(type, ShapeOf(c.filter_shape), c.filter, c.filter_quant);
  if (!c.bias.empty()) {
    model.AddConstInputBytes(type == DataType::kFloat32 ? type : DataType::kInt32, Shape{c.channels}, c.bias);
  }
  const int output = model.AddOutput(type, {}, c.output_quant);
  BuiltinOptions options = c.options;
  if (auto* conv = std::get_if<Conv2DOptions>(&options)) conv->activation = c.activation;
  if (auto* depthwise = std::get_if<DepthwiseConv2DOptions>(&options)) depthwise->activation = c.activation;
  if (auto* fully_connected = std::get_if<FullyConnectedOptions>(&options)) fully_connected->activation = c.activation;
  model.SetBuiltinOp(c.op, options);
  return RunModel(model, threads, {{input, &c.input}}, output);
}

// For a float case: each output's sum of |input| x |filter| over its window
// plus |bias|, computed by the reference kernel on the absolute values. A
// reordered or fused accumulation rounds its partial sums, never larger than
// this, so it can move the result by a small multiple of it.
inline std::vector<float> ProductMagnitudes(const OpCase& c) {
  OpCase magnitudes = c;
  magnitudes.activation = Activation::kNone;
  for (std::vector<uint8_t>* bytes : {&magnitudes.input, &magnitudes.filter, &magnitudes.bias}) {
    for (size_t i = 0; i < bytes->size(); i += sizeof(float)) {
      float v;
      std::memcpy(&v, bytes->data() + i, sizeof(float));
      v = std::fabs(v);
      std::memcpy(bytes->data() + i, &v, sizeof(float));
    }
  }
  const std::vector<uint8_t> bytes = RunCase(magnitudes, KernelPath::kReference, 1);
  std::vector<float> sums(bytes.size() / sizeof(float));
  std::memcpy(sums.data(), bytes.data(), sums.size() * sizeof(float));
  return sums;
}

// 8-bit outputs: the same bytes. Float outputs: within 1e-5 of
// `product_magnitudes` (see ProductMagnitudes) where given, else within 1e-5
// absolute plus 1e-5 relative.
inline ::testing::AssertionResult SameOutputs(Numerics numerics, const std::vector<uint8_t>& expected,
                                              const std::vector<uint8_t>& actual,
                                              const std::vector<float>& product_magnitudes = {}) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << actual.size() << " output bytes, reference " << expected.size();
  }
  if (numerics != Numerics::kFloat32) {
    const size_t i = std::mismatch(actual.begin(), actual.end(), expected.begin()).first - actual.begin();
    if (i == actual.size()) return ::testing::AssertionSuccess();
    const bool is_signed = numerics != Numerics::kUInt8PerTensor;
    const auto value = [is_signed](uint8_t b) { return is_signed ? static_cast<int>(static_cast<int8_t>(b)) : b; };
    return ::testing::AssertionFailure() << "first mismatch at element " << i << ": " << value(actual[i])
                                         << ", reference " << value(expected[i]);
  }
  const size_t count = expected.size() / sizeof(float);
  std::vector<float> a(count), e(count);
  std::memcpy(a.data(), actual.data(), actual.size());
  std::memcpy(e.data(), expected.data(), expected.size());
  if (!product_magnitudes.empty() && product_magnitudes.size() != count) {
    return ::testing::AssertionFailure() << product_magnitudes.size() << " magnitudes for " << count << " outputs";
  }
  for (size_t i = 0; i < count; ++i) {
    const float tolerance =
        product_magnitudes.empty() ? 1e-5f + 1e-5f * std::fabs(e[i]) : 1e-5f * product_magnitudes[i];
    if (!(std::fabs(a[i] - e[i]) <= tolerance)) {
      return ::testing::AssertionFailure() << "first mismatch at element " << i << ": " << a[i] << ", reference "
                                           << e[i] << " (tolerance " << tolerance << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

// `c` on every optimized path at each of `thread_counts` against the
// reference kernels.
inline ::testing::AssertionResult MatchesReference(const OpCase& c, const std::vector<int>& thread_counts) {
  const std::vector<uint8_t> expected = RunCase(c, KernelPath::kReference, 1);
  const std::vector<float> magnitudes = c.numerics == Numerics::kFloat32 ? ProductMagnitudes(c) : std::vector<float>();
  for (KernelPath path : AvailableKernelPaths()) {
    if (path == KernelPath::kReference) continue;
    for (int threads : thread_counts) {
      ::testing::AssertionResult same = SameOutputs(c.numerics, expected, RunCase(c, path, threads), magnitudes);
      if (!same) same << " on path " << KernelPathName(path) << " with " << threads << " threads; " << c.Describe();
      if (!same) return same;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace minnow::testing
