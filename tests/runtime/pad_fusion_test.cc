// PAD fusion: a PAD of height and width whose only reader is a CONV_2D or
// DEPTHWISE_CONV_2D becomes that convolution's own padding. The fused graph
// must give the unfused graph's output bytes on every kernel path; the
// unfused graph is the same model with the padded tensor also a subgraph
// output (which blocks the fusion).
#include "runtime/pad_fusion.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph_test_util.h"
#include "minnow/kernel_path.h"
#include "op_test_util.h"

namespace minnow {
namespace {

using testing::BytesOf;

struct Case {
  BuiltinOp conv = BuiltinOp::kCONV_2D;
  DataType type = DataType::kFloat32;
  std::vector<int32_t> input_shape = {1, 7, 6, 3};
  std::vector<int64_t> paddings = {0, 0, 1, 1, 1, 1, 0, 0};  // [4, 2], before/after per dim
  Padding padding = Padding::kValid;
  int stride = 1;
  int dilation = 1;
  int filter_size = 3;
  int depth_multiplier = 2;   // depthwise
  int output_channels = 5;    // conv
  bool padv2 = false;
  float padv2_value = 0.0f;   // as a real number; quantized with the output's parameters
  bool padded_is_output = false;
  bool padded_read_twice = false;
  bool requantizing_pad = false;  // PAD output scale differs from its input's
};

// Deterministic pseudo-random bytes.
struct Lcg {
  uint32_t state = 12345;
  uint32_t Next() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  }
  float Uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(Next() % 10000) / 10000.0f; }
};

int64_t InputZero(DataType type) { return type == DataType::kUInt8 ? 130 : -5; }

// Random values of `type` for `count` elements (quantized: the whole range).
std::vector<uint8_t> RandomData(Lcg& r, DataType type, size_t count) {
  if (type == DataType::kFloat32) {
    std::vector<float> v(count);
    for (float& x : v) x = r.Uniform(-2.0f, 2.0f);
    return BytesOf(v);
  }
  std::vector<uint8_t> v(count);
  for (uint8_t& x : v) x = static_cast<uint8_t>(r.Next());
  return v;
}

std::vector<uint8_t> BuildModel(const Case& c) {
  Lcg r;
  ModelBuilder b;
  const bool quantized = c.type != DataType::kFloat32;
  const bool depthwise = c.conv == BuiltinOp::kDEPTHWISE_CONV_2D;
  const QuantParams in_q = quantized ? testing::PerTensor(0.05f, InputZero(c.type)) : QuantParams{};
  const QuantParams pad_q = c.requantizing_pad ? testing::PerTensor(0.1f, InputZero(c.type)) : in_q;
  const QuantParams out_q = quantized ? testing::PerTensor(0.2f, c.type == DataType::kUInt8 ? 120 : 3) : QuantParams{};

  TensorSpec x{"x", c.type, c.input_shape, {}, in_q, {}, false};
  const int xi = b.AddTensor(0, x);
  TensorSpec paddings{"paddings", DataType::kInt64, {4, 2}, {}, {}, BytesOf(c.paddings), false};
  const int pi = b.AddTensor(0, paddings);
  std::vector<int32_t> padded_shape = c.input_shape;
  for (int d = 0; d < 4; ++d) padded_shape[d] += static_cast<int32_t>(c.paddings[2 * d] + c.paddings[2 * d + 1]);
  const int padded = b.AddTensor(0, TensorSpec{"padded", c.type, padded_shape, {}, pad_q, {}, false});
  OperatorSpec pad;
  pad.builtin_code = static_cast<int32_t>(c.padv2 ? BuiltinOp::kPADV2 : BuiltinOp::kPAD);
  pad.inputs = {xi, pi};
  if (c.padv2) {
    std::vector<uint8_t> value;
    if (quantized) {
      const int64_t q = pad_q.zero_points[0] + static_cast<int64_t>(c.padv2_value / pad_q.scales[0]);
      value = {static_cast<uint8_t>(q)};
    } else {
      value = BytesOf(std::vector<float>{c.padv2_value});
    }
    pad.inputs.push_back(b.AddTensor(0, TensorSpec{"value", c.type, {}, {}, pad_q, value, false}));
  }
  pad.outputs = {padded};
  b.AddOperator(0, pad);

  // Filter [out, h, w, in] for CONV_2D, [1, h, w, out] for depthwise.
  const int in_channels = padded_shape[3];
  const int out_channels = depthwise ? in_channels * c.depth_multiplier : c.output_channels;
  const std::vector<int32_t> filter_shape = depthwise
                                                ? std::vector<int32_t>{1, c.filter_size, c.filter_size, out_channels}
                                                : std::vector<int32_t>{out_channels, c.filter_size, c.filter_size, in_channels};
  const size_t filter_count = static_cast<size_t>(c.filter_size) * c.filter_size * in_channels *
                              (depthwise ? c.depth_multiplier : out_channels);
  TensorSpec filter{"filter", c.type, filter_shape, {}, {}, {}, false};
  TensorSpec bias{"bias", quantized ? DataType::kInt32 : DataType::kFloat32, {out_channels}, {}, {}, {}, false};
  if (c.type == DataType::kInt8) {
    // Per-channel symmetric weights along the output channel dimension.
    filter.quant.quantized_dimension = depthwise ? 3 : 0;
    for (int oc = 0; oc < out_channels; ++oc) {
      filter.quant.scales.push_back(0.01f * static_cast<float>(1 + oc % 3));
      filter.quant.zero_points.push_back(0);
    }
    bias.quant.scales = filter.quant.scales;
    for (float& s : bias.quant.scales) s *= pad_q.scales[0];
    bias.quant.zero_points.assign(out_channels, 0);
    bias.quant.quantized_dimension = 0;
  } else if (c.type == DataType::kUInt8) {
    filter.quant = testing::PerTensor(0.02f, 118);
    bias.quant = testing::PerTensor(0.02f * pad_q.scales[0], 0);
  }
  filter.data = RandomData(r, c.type, filter_count);
  if (quantized) {
    std::vector<int32_t> values(out_channels);
    for (int32_t& v : values) v = static_cast<int32_t>(r.Next() % 2001) - 1000;
    bias.data = BytesOf(values);
  } else {
    bias.data = RandomData(r, c.type, out_channels);
  }
  const int fi = b.AddTensor(0, filter);
  const int bi = b.AddTensor(0, bias);
  const int yi = b.AddTensor(0, TensorSpec{"y", c.type, {}, {}, out_q, {}, false});
  OperatorSpec conv;
  conv.builtin_code = static_cast<int32_t>(c.conv);
  conv.inputs = {padded, fi, bi};
  conv.outputs = {yi};
  if (depthwise) {
    DepthwiseConv2DOptions o;
    o.padding = c.padding;
    o.stride_w = o.stride_h = c.stride;
    o.dilation_w = o.dilation_h = c.dilation;
    o.depth_multiplier = c.depth_multiplier;
    conv.options = o;
  } else {
    Conv2DOptions o;
    o.padding = c.padding;
    o.stride_w = o.stride_h = c.stride;
    o.dilation_w = o.dilation_h = c.dilation;
    conv.options = o;
  }
  b.AddOperator(0, conv);
  std::vector<int32_t> outputs = {yi};
  if (c.padded_read_twice) {
    // The padded tensor also goes through a second, identical convolution.
    const int zi = b.AddTensor(0, TensorSpec{"z", c.type, {}, {}, out_q, {}, false});
    conv.outputs = {zi};
    b.AddOperator(0, conv);
    outputs.push_back(zi);
  }
  if (c.padded_is_output) outputs.push_back(padded);
  b.SetInputs(0, {xi});
  b.SetOutputs(0, outputs);
  return testing::FinishModel(b);
}

struct Outcome {
  bool fused = false;
  std::vector<uint8_t> y;  // the convolution's output bytes
};

Outcome Run(const Case& c, KernelPath path) {
  Outcome o;
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  testing::LoadedModel loaded = testing::LoadModel(BuildModel(c));
  if (!loaded.interpreter) return o;
  const SubgraphDesc& desc = loaded.model->subgraphs()[0];
  std::vector<OperatorDesc> ops = desc.operators;
  o.fused = FusePads(desc, &ops)[0];
  if (o.fused) {
    EXPECT_EQ(ops[1].inputs[0], desc.operators[0].inputs[0]);
    EXPECT_TRUE(ops[0].inputs.empty() && ops[0].outputs.empty());
  }
  size_t count = 1;
  for (int32_t d : c.input_shape) count *= static_cast<size_t>(d);
  Lcg r;
  r.state = 777;
  if (!testing::SetInputsAndInvoke(*loaded.interpreter, {RandomData(r, c.type, count)})) return o;
  const Tensor* y = loaded.interpreter->output(0);
  if (y != nullptr && y->data != nullptr) {
    o.y.assign(static_cast<const uint8_t*>(y->data), static_cast<const uint8_t*>(y->data) + y->bytes);
  }
  return o;
}

// Every kernel path: the fused graph (if `fuses`) gives the unfused graph's bytes.
void ExpectSameAsUnfused(const Case& c, bool fuses) {
  testing::KernelPathGuard guard;
  Case unfused = c;
  unfused.padded_is_output = true;
  for (KernelPath path : AvailableKernelPaths()) {
    SCOPED_TRACE(KernelPathName(path));
    const Outcome a = Run(c, path);
    const Outcome b = Run(unfused, path);
    EXPECT_EQ(a.fused, fuses);
    EXPECT_FALSE(b.fused);
    EXPECT_FALSE(a.y.empty());
    EXPECT_EQ(a.y, b.y);
  }
}

const DataType kTypes[] = {DataType::kFloat32, DataType::kInt8, DataType::kUInt8};
const BuiltinOp kConvs[] = {BuiltinOp::kCONV_2D, BuiltinOp::kDEPTHWISE_CONV_2D};

// check(c) for a default Case of each convolution and element type.
template <typename Check>
void ForEachConvolutionAndType(Check check) {
  for (BuiltinOp op : kConvs) {
    for (DataType type : kTypes) {
      SCOPED_TRACE(std::string(op == BuiltinOp::kCONV_2D ? "CONV_2D " : "DEPTHWISE_CONV_2D ") +
                   DataTypeName(type));
      Case c;
      c.conv = op;
      c.type = type;
      check(c);
    }
  }
}

TEST(PadFusion, SymmetricPadBeforeValidConvolution) {
  ForEachConvolutionAndType([](Case c) {
    ExpectSameAsUnfused(c, true);
  });
}

// TF2's stride-2 convolutions: a PAD of 0 before and 1 after, then VALID.
TEST(PadFusion, AsymmetricPadWithStride2) {
  ForEachConvolutionAndType([](Case c) {
    c.input_shape = {2, 8, 9, 4};
    c.paddings = {0, 0, 0, 1, 0, 1, 0, 0};
    c.stride = 2;
    ExpectSameAsUnfused(c, true);
    c.paddings = {0, 0, 2, 0, 1, 3, 0, 0};
    ExpectSameAsUnfused(c, true);
  });
}

// Padding wider than the window (all-padding windows), SAME on top of the
// PAD, dilation, a 1x1 filter, PADV2 with a zero value.
TEST(PadFusion, LargePadsSameDilationAndPadV2) {
  ForEachConvolutionAndType([](Case c) {
    c.paddings = {0, 0, 4, 2, 0, 5, 0, 0};
    ExpectSameAsUnfused(c, true);
    c.padding = Padding::kSame;
    c.stride = 2;
    ExpectSameAsUnfused(c, true);
    c.stride = 1;
    c.dilation = 2;
    c.paddings = {0, 0, 1, 2, 2, 1, 0, 0};
    ExpectSameAsUnfused(c, true);
    c.padding = Padding::kValid;
    ExpectSameAsUnfused(c, true);
    c.dilation = 1;
    c.filter_size = 1;
    ExpectSameAsUnfused(c, true);
    c.filter_size = 3;
    c.padv2 = true;
    ExpectSameAsUnfused(c, true);
  });
}

TEST(PadFusion, UnfusablePadsStayAndGiveTheSameOutput) {
  ForEachConvolutionAndType([](const Case& base) {
    Case c = base;
    c.padv2 = true;
    c.padv2_value = 1.0f;
    ExpectSameAsUnfused(c, false);
    c = base;
    c.padded_read_twice = true;
    ExpectSameAsUnfused(c, false);
    c = base;
    c.paddings = {0, 0, 1, 1, 1, 1, 0, 2};
    ExpectSameAsUnfused(c, false);
    c = base;
    c.paddings = {1, 0, 1, 1, 1, 1, 0, 0};
    ExpectSameAsUnfused(c, false);
    if (base.type != DataType::kFloat32) {
      c = base;
      c.requantizing_pad = true;
      ExpectSameAsUnfused(c, false);
    }
  });
}

}  // namespace
}  // namespace minnow
