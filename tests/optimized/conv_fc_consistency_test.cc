// Randomized consistency of the optimized CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED with the reference kernels, on every kernel path this CPU
// runs, at one and two threads: random shapes (channel counts at and around
// the vector widths, so tails and overlapping channel blocks are reached),
// filter sizes, strides, dilations, paddings, depth multipliers, fused
// activations, quantization parameters and biases. Larger cases check one
// to four threads.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/optimized/isa_kernels.h"
#include "kernels/optimized/parallel_rows.h"
#include "op_consistency.h"

namespace minnow::testing {
namespace {

constexpr int kCasesPerOpAndNumerics = 150;
// The kernels split work over threads from kMinParallelMacs multiply-adds
// on: a third of the cases lie between that and a few times it, the others
// below kMaxMultiplyAdds, which keeps the reference kernels (and sanitizer
// and emulator runs) quick.
constexpr int64_t kMinThreadedMultiplyAdds = kernels::optimized::kMinParallelMacs;
constexpr int64_t kMaxMultiplyAdds = 4 * kMinThreadedMultiplyAdds;

// The spatial side of a convolution: input size, window and its placement.
struct Window {
  int batches = 1, height = 1, width = 1;
  int filter_height = 1, filter_width = 1;
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  Padding padding = Padding::kSame;

  int64_t OutputPixels() const {
    const auto size = [this](int in, int filter, int stride, int dilation) {
      const int extent = (filter - 1) * dilation + 1;
      return padding == Padding::kSame ? (in + stride - 1) / stride : (in - extent) / stride + 1;
    };
    return static_cast<int64_t>(batches) * size(height, filter_height, stride_h, dilation_h) *
           size(width, filter_width, stride_w, dilation_w);
  }

  // The options of CONV_2D or DEPTHWISE_CONV_2D that place this window.
  template <typename Options>
  Options Place(Options options) const {
    options.padding = padding;
    options.stride_h = stride_h;
    options.stride_w = stride_w;
    options.dilation_h = dilation_h;
    options.dilation_w = dilation_w;
    return options;
  }

  std::string Text(const OpCase& c) const {
    return "input " + ShapeText(c.input_shape) + " filter " + ShapeText(c.filter_shape) + " stride " +
           std::to_string(stride_h) + "x" + std::to_string(stride_w) + " dilation " + std::to_string(dilation_h) +
           "x" + std::to_string(dilation_w) + (padding == Padding::kSame ? " SAME" : " VALID");
  }
};

// `extent`: how far the input may reach beyond the smallest that fits.
Window RandomWindow(CaseRandom& r, int extent) {
  Window w;
  std::tie(w.filter_height, w.filter_width) = r.Pick<std::pair<int, int>>(
      {{1, 1}, {1, 1}, {3, 3}, {3, 3}, {5, 5}, {7, 1}, {1, 7}, {2, 2}, {3, 1}, {2, 5}});
  w.stride_h = r.Uniform(1, 2);
  w.stride_w = r.OneIn(4) ? 3 - w.stride_h : w.stride_h;
  w.dilation_h = r.OneIn(4) ? 2 : 1;
  w.dilation_w = r.OneIn(4) ? 2 : 1;
  w.padding = r.OneIn(2) ? Padding::kSame : Padding::kValid;
  // VALID needs the input to hold the dilated window.
  const bool valid = w.padding == Padding::kValid;
  const int min_height = valid ? (w.filter_height - 1) * w.dilation_h + 1 : 1;
  const int min_width = valid ? (w.filter_width - 1) * w.dilation_w + 1 : 1;
  w.batches = r.Pick<int>({1, 1, 1, 2, 3});
  w.height = r.Uniform(min_height, min_height + extent);
  w.width = r.Uniform(min_width, min_width + extent);
  return w;
}

// The shapes and options of a case; its values come from FillOperands.
OpCase ConvShapes(const Window& w, int input_depth, int output_depth, Numerics numerics) {
  OpCase c;
  c.op = BuiltinOp::kCONV_2D;
  c.numerics = numerics;
  c.options = w.Place(Conv2DOptions());
  c.input_shape = {w.batches, w.height, w.width, input_depth};
  c.filter_shape = {output_depth, w.filter_height, w.filter_width, input_depth};
  c.channels = output_depth;
  c.filter_channel_dim = 0;
  c.depth = w.filter_height * w.filter_width * input_depth;
  c.shape_text = w.Text(c);
  return c;
}

OpCase DepthwiseShapes(const Window& w, int input_depth, int multiplier, Numerics numerics) {
  OpCase c;
  c.op = BuiltinOp::kDEPTHWISE_CONV_2D;
  c.numerics = numerics;
  DepthwiseConv2DOptions options = w.Place(DepthwiseConv2DOptions());
  options.depth_multiplier = multiplier;
  c.options = options;
  c.input_shape = {w.batches, w.height, w.width, input_depth};
  c.filter_shape = {1, w.filter_height, w.filter_width, input_depth * multiplier};
  c.channels = input_depth * multiplier;
  c.filter_channel_dim = 3;
  c.depth = w.filter_height * w.filter_width;
  c.shape_text = w.Text(c) + " depth multiplier " + std::to_string(multiplier);
  return c;
}

OpCase FullyConnectedShapes(int batches, int depth, int units, Numerics numerics) {
  OpCase c;
  c.op = BuiltinOp::kFULLY_CONNECTED;
  c.numerics = numerics;
  c.options = FullyConnectedOptions();
  c.input_shape = {batches, depth};
  c.filter_shape = {units, depth};
  c.channels = units;
  c.filter_channel_dim = 0;
  c.depth = depth;
  c.shape_text = "input " + ShapeText(c.input_shape) + " weights " + ShapeText(c.filter_shape);
  return c;
}

OpCase RandomShapes(CaseRandom& r, BuiltinOp op, Numerics numerics) {
  const bool threaded = r.OneIn(3);
  if (op == BuiltinOp::kFULLY_CONNECTED) {
    const int batches = r.Uniform(1, 9);
    // Depths around the 4-byte dot-product blocks and the vector widths.
    const int depth =
        r.OneIn(2) ? r.Pick<int>({1, 3, 4, 5, 7, 8, 13, 16, 17, 31, 32, 33, 64, 100}) : r.Uniform(1, 160);
    if (!threaded) return FullyConnectedShapes(batches, depth, r.Uniform(1, 70), numerics);
    // Enough weights to be split over threads: a deep input.
    const int units = r.Uniform(16, 200);
    const int threaded_depth = static_cast<int>(kMinThreadedMultiplyAdds / (batches * units)) + depth;
    return FullyConnectedShapes(batches, threaded_depth, units, numerics);
  }
  const int64_t fewest = threaded ? kMinThreadedMultiplyAdds : 0;
  for (;;) {
    const Window w = RandomWindow(r, threaded ? 40 : 13);
    const int input_depth = r.Channels();
    if (op == BuiltinOp::kCONV_2D) {
      const int output_depth = r.Channels();
      const int64_t multiply_adds =
          w.OutputPixels() * output_depth * w.filter_height * w.filter_width * input_depth;
      if (multiply_adds >= fewest && multiply_adds <= kMaxMultiplyAdds) {
        return ConvShapes(w, input_depth, output_depth, numerics);
      }
    } else {
      const int multiplier = r.Pick<int>({1, 1, 2, 3});
      const int64_t multiply_adds = w.OutputPixels() * input_depth * multiplier * w.filter_height * w.filter_width;
      if (multiply_adds >= fewest && multiply_adds <= kMaxMultiplyAdds) {
        return DepthwiseShapes(w, input_depth, multiplier, numerics);
      }
    }
  }
}

struct OpAndNumerics {
  BuiltinOp op;
  Numerics numerics;

  std::string Name() const {
    return std::string(BuiltinOpName(static_cast<int32_t>(op))) + "_" + NumericsName(numerics);
  }
  friend void PrintTo(const OpAndNumerics& p, std::ostream* os) { *os << p.Name(); }
};

std::vector<OpAndNumerics> AllOpsAndNumerics() {
  std::vector<OpAndNumerics> all;
  for (BuiltinOp op : {BuiltinOp::kCONV_2D, BuiltinOp::kDEPTHWISE_CONV_2D, BuiltinOp::kFULLY_CONNECTED}) {
    for (Numerics numerics : {Numerics::kFloat32, Numerics::kInt8PerChannel, Numerics::kInt8PerTensor,
                              Numerics::kUInt8PerTensor}) {
      all.push_back({op, numerics});
    }
  }
  return all;
}

class OptimizedConsistencyTest : public ::testing::TestWithParam<OpAndNumerics> {};

TEST_P(OptimizedConsistencyTest, EveryPathMatchesReferenceAtOneAndTwoThreads) {
  const OpAndNumerics& param = GetParam();
  KernelPathGuard guard;
  // A fixed seed per op and numerics: a failure replays.
  CaseRandom random(static_cast<uint32_t>(param.op) * 16 + static_cast<uint32_t>(param.numerics) + 1);
  for (int i = 0; i < kCasesPerOpAndNumerics; ++i) {
    OpCase c = RandomShapes(random, param.op, param.numerics);
    c.activation = random.FusedActivation();
    random.FillOperands(&c);
    ASSERT_TRUE(MatchesReference(c, {1, 2})) << "(case " << i << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, OptimizedConsistencyTest, ::testing::ValuesIn(AllOpsAndNumerics()),
                         [](const ::testing::TestParamInfo<OpAndNumerics>& info) { return info.param.Name(); });

// First-layer convolutions (three input channels, 3x3 windows over every
// border, strides 1 and 2) and 1x1 convolutions of small depth, with output
// channel counts that fill part of one, two or three panels: the whole
// window-row im2col copies, the narrow tiles with more rows, the three-panel
// tiles and the channel tails.
TEST(NarrowConsistency, FewInputChannelsAndNarrowOutputsMatchReference) {
  KernelPathGuard guard;
  CaseRandom random(6);
  for (Numerics numerics :
       {Numerics::kFloat32, Numerics::kInt8PerChannel, Numerics::kInt8PerTensor, Numerics::kUInt8PerTensor}) {
    for (int output_depth : {1, 8, 16, 24, 40, 48}) {
      for (int stride : {1, 2}) {
        for (auto [filter, input_depth] : {std::pair{3, 3}, std::pair{1, 8}, std::pair{1, 16}}) {
          Window w;
          w.height = 17 + stride;
          w.width = 21 + stride;
          w.filter_height = w.filter_width = filter;
          w.stride_h = w.stride_w = stride;
          w.padding = (output_depth + stride) % 2 == 0 ? Padding::kSame : Padding::kValid;
          OpCase c = ConvShapes(w, input_depth, output_depth, numerics);
          c.activation = random.FusedActivation();
          random.FillOperands(&c);
          ASSERT_TRUE(MatchesReference(c, {1, 2})) << c.shape_text;
        }
      }
    }
  }
}

// The depthwise kernel's specialised paths, for every numerics: 3x3 and 5x5
// windows (unrolled taps), stride 1 (channel counts that are not a multiple
// of the vector walk each row as one flat array) and 2, dilation, padding at
// every border, one input channel broadcast to several, and a window wider
// than the input (border pixels only).
TEST(DepthwisePathConsistency, EveryPathMatchesReference) {
  struct Shape {
    int height, width, filter_height, filter_width, stride, dilation;
    Padding padding;
    int input_depth, multiplier;
  };
  const Shape shapes[] = {
      {9, 11, 3, 3, 1, 1, Padding::kSame, 8, 1},    {9, 11, 3, 3, 1, 1, Padding::kSame, 24, 1},
      {8, 13, 3, 3, 1, 1, Padding::kSame, 40, 1},   {7, 9, 3, 3, 1, 1, Padding::kSame, 3, 1},
      {7, 9, 3, 3, 1, 1, Padding::kValid, 1, 1},    {6, 7, 3, 3, 1, 1, Padding::kSame, 32, 1},
      {6, 7, 3, 3, 1, 1, Padding::kValid, 144, 1},  {10, 11, 3, 3, 2, 1, Padding::kSame, 8, 1},
      {11, 10, 3, 3, 2, 1, Padding::kSame, 24, 1},  {9, 9, 3, 3, 2, 1, Padding::kValid, 32, 1},
      {12, 13, 5, 5, 1, 1, Padding::kSame, 24, 1},  {12, 12, 5, 5, 1, 1, Padding::kSame, 16, 1},
      {13, 12, 5, 5, 2, 1, Padding::kSame, 40, 1},  {11, 12, 3, 3, 1, 2, Padding::kSame, 24, 1},
      {11, 12, 3, 3, 1, 2, Padding::kSame, 32, 1},  {12, 3, 4, 3, 1, 1, Padding::kSame, 1, 8},
      {5, 6, 3, 3, 1, 1, Padding::kSame, 1, 24},    {6, 5, 3, 3, 2, 1, Padding::kSame, 3, 2},
      {4, 2, 5, 5, 1, 1, Padding::kSame, 20, 1},    {3, 3, 5, 5, 2, 1, Padding::kSame, 17, 1},
  };
  KernelPathGuard guard;
  CaseRandom random(77);
  for (Numerics numerics : {Numerics::kFloat32, Numerics::kInt8PerChannel, Numerics::kInt8PerTensor,
                            Numerics::kUInt8PerTensor}) {
    for (const Shape& s : shapes) {
      Window w;
      w.height = s.height;
      w.width = s.width;
      w.filter_height = s.filter_height;
      w.filter_width = s.filter_width;
      w.stride_h = w.stride_w = s.stride;
      w.dilation_h = w.dilation_w = s.dilation;
      w.padding = s.padding;
      OpCase c = DepthwiseShapes(w, s.input_depth, s.multiplier, numerics);
      c.activation = random.FusedActivation();
      random.FillOperands(&c);
      EXPECT_TRUE(MatchesReference(c, {1, 2})) << NumericsName(numerics);
    }
  }
}

// Larger images, split into many row blocks and channel ranges: the same
// bytes at one to four threads (each compared with the reference).
::testing::AssertionResult SameAtOneToFourThreads(OpCase c, Activation activation, uint32_t seed) {
  KernelPathGuard guard;
  CaseRandom random(seed);
  c.activation = activation;
  random.FillOperands(&c);
  return MatchesReference(c, {1, 2, 3, 4});
}

TEST(ThreadCountConsistency, LargeInt8ConvIsTheSameAtOneToFourThreads) {
  Window w;
  w.batches = 2;
  w.height = 33;
  w.width = 31;
  w.filter_height = w.filter_width = 3;
  EXPECT_TRUE(SameAtOneToFourThreads(ConvShapes(w, 24, 40, Numerics::kInt8PerChannel), Activation::kRelu6, 4));
}

TEST(ThreadCountConsistency, LargeInt8DepthwiseIsTheSameAtOneToFourThreads) {
  Window w;
  w.height = 95;
  w.width = 81;
  w.filter_height = w.filter_width = 3;
  w.stride_h = w.stride_w = 2;
  EXPECT_TRUE(
      SameAtOneToFourThreads(DepthwiseShapes(w, 64, 1, Numerics::kInt8PerChannel), Activation::kNone, 5));
}

}  // namespace
}  // namespace minnow::testing

namespace minnow::testing {
namespace {

// Float convolutions with at most kMaxDotConvChannels output channels take
// the dot-product kernel: every output channel count it handles, input
// depths below, at and around its vector widths, windows inside and across
// the image borders (whole filter rows as one run, or tap by tap).
TEST(FewOutputChannelsConsistency, FloatConvMatchesReference) {
  KernelPathGuard guard;
  CaseRandom random(77);
  for (int i = 0; i < 120; ++i) {
    const Window w = RandomWindow(random, 20);
    const int input_depth = random.Pick<int>({1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 33});
    const int output_depth = 1 + i % kernels::optimized::kMaxDotConvChannels;
    OpCase c = ConvShapes(w, input_depth, output_depth, Numerics::kFloat32);
    c.activation = random.FusedActivation();
    random.FillOperands(&c);
    ASSERT_TRUE(MatchesReference(c, {1, 2})) << "(case " << i << ")";
  }
}

}  // namespace
}  // namespace minnow::testing
