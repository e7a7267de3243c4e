// Randomized consistency of the optimized MAX_POOL_2D, AVERAGE_POOL_2D and
// RESIZE_BILINEAR with the reference kernels, on every kernel path this CPU
// runs: random shapes, windows, strides, paddings and fused activations;
// float32, int8, uint8 and int16 pools; float32 and uint8 resizes (the
// per-corner weight path) with each coordinate mapping. The optimized loops
// sum and round in the reference's order, so every output, float included,
// must be the reference's bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "op_consistency.h"

namespace minnow::testing {
namespace {

// One single-input op: its input, options and the quantization shared by
// input and output.
struct SpatialCase {
  BuiltinOp op = BuiltinOp::kMAX_POOL_2D;
  DataType type = DataType::kFloat32;
  BuiltinOptions options;
  std::vector<int32_t> input_shape;
  std::vector<int32_t> size;  // RESIZE_BILINEAR: output height and width
  QuantParams quant;
  std::vector<uint8_t> input;  // raw element bytes

  std::string Describe() const {
    std::string text = std::string(BuiltinOpName(static_cast<int32_t>(op))) + " " + DataTypeName(type) +
                       " " + ShapeText(input_shape);
    if (const auto* pool = std::get_if<Pool2DOptions>(&options)) {
      text += " filter " + std::to_string(pool->filter_height) + "x" + std::to_string(pool->filter_width) +
              " stride " + std::to_string(pool->stride_h) + "x" + std::to_string(pool->stride_w) +
              (pool->padding == Padding::kSame ? " SAME" : " VALID") + " activation " +
              std::to_string(static_cast<int>(pool->activation));
    }
    if (const auto* resize = std::get_if<ResizeOptions>(&options)) {
      text += " to " + ShapeText(size) + (resize->align_corners ? " align_corners" : "") +
              (resize->half_pixel_centers ? " half_pixel_centers" : "");
    }
    if (!quant.scales.empty()) {
      text += " q(" + std::to_string(quant.scales[0]) + ", " + std::to_string(quant.zero_points[0]) + ")";
    }
    return text;
  }
};

std::vector<uint8_t> RandomValues(CaseRandom& r, DataType type, const std::vector<int32_t>& shape) {
  size_t count = 1;
  for (int32_t d : shape) count *= static_cast<size_t>(d);
  std::vector<uint8_t> bytes(count * DataTypeSize(type));
  if (type == DataType::kFloat32) {
    for (size_t i = 0; i < count; ++i) {
      const float v = r.UniformReal(-8.0f, 8.0f);
      std::memcpy(bytes.data() + i * sizeof(float), &v, sizeof(float));
    }
  } else {
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(r.Uniform(0, 255));
  }
  return bytes;
}

// Quantization shared by input and output (pooling never rescales): int16
// with zero point 0, 8-bit with any zero point of the type.
QuantParams RandomQuant(CaseRandom& r, DataType type) {
  if (type == DataType::kFloat32) return {};
  const int zero = type == DataType::kInt16 ? 0 : (type == DataType::kUInt8 ? r.Uniform(0, 255) : r.Uniform(-128, 127));
  return PerTensor(r.LogUniform(-7.0f, 1.0f), zero);
}

// `large`: outputs of 64K elements and more, which are split over threads.
SpatialCase RandomPool(CaseRandom& r, bool large) {
  SpatialCase c;
  c.op = r.Pick<BuiltinOp>({BuiltinOp::kMAX_POOL_2D, BuiltinOp::kAVERAGE_POOL_2D});
  c.type = r.Pick<DataType>({DataType::kFloat32, DataType::kInt8, DataType::kUInt8, DataType::kInt16});
  const int height = large ? r.Uniform(60, 120) : r.Uniform(1, 12);
  const int width = large ? r.Uniform(60, 120) : r.Uniform(1, 12);
  c.input_shape = {r.Uniform(1, 2), height, width, r.Channels()};
  Pool2DOptions o;
  o.padding = r.OneIn(2) ? Padding::kSame : Padding::kValid;
  // Windows up to the whole image (global pooling), or small ones; SAME
  // windows may also reach past it.
  const int reach = o.padding == Padding::kSame ? 2 : 0;
  o.filter_height = r.OneIn(6) ? height : r.Uniform(1, std::min(height + reach, 5));
  o.filter_width = r.OneIn(6) ? width : r.Uniform(1, std::min(width + reach, 5));
  o.stride_h = r.Uniform(1, 3);
  o.stride_w = r.Uniform(1, 3);
  o.activation = r.FusedActivation();
  c.options = o;
  c.quant = RandomQuant(r, c.type);
  c.input = RandomValues(r, c.type, c.input_shape);
  return c;
}

SpatialCase RandomResize(CaseRandom& r, bool large) {
  SpatialCase c;
  c.op = BuiltinOp::kRESIZE_BILINEAR;
  c.type = r.Pick<DataType>({DataType::kFloat32, DataType::kUInt8});
  c.input_shape = {r.Uniform(1, 2), r.Uniform(1, 12), r.Uniform(1, 12), r.Channels()};
  c.size = large ? std::vector<int32_t>{r.Uniform(60, 130), r.Uniform(60, 130)}
                 : std::vector<int32_t>{r.Uniform(1, 30), r.Uniform(1, 30)};
  ResizeOptions o;
  switch (r.Uniform(0, 2)) {
    case 0: o.align_corners = true; break;
    case 1: o.half_pixel_centers = true; break;
    default: break;
  }
  c.options = o;
  c.quant = RandomQuant(r, c.type);
  c.input = RandomValues(r, c.type, c.input_shape);
  return c;
}

std::vector<uint8_t> RunSpatialCase(const SpatialCase& c, KernelPath path, int threads) {
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  SingleOpModel model;
  const int input = model.AddInput(c.type, ShapeOf(c.input_shape), c.quant);
  if (!c.size.empty()) model.AddConstInput<int32_t>(DataType::kInt32, Shape{2}, c.size);
  const int output = model.AddOutput(c.type, {}, c.quant);
  model.SetBuiltinOp(c.op, c.options);
  return RunModel(model, threads, {{input, &c.input}}, output);
}

// Whether `c` gives the reference kernel's output bytes on every optimized
// path with `threads` threads.
::testing::AssertionResult SameBytesOnEveryPath(const SpatialCase& c, int threads) {
  const std::vector<uint8_t> reference = RunSpatialCase(c, KernelPath::kReference, 1);
  if (reference.empty()) return ::testing::AssertionFailure() << "no reference output";
  for (KernelPath path : AvailableKernelPaths()) {
    const std::vector<uint8_t> bytes = RunSpatialCase(c, path, threads);
    if (bytes != reference) {
      const size_t differs = std::mismatch(bytes.begin(), bytes.end(), reference.begin(), reference.end()).first -
                             bytes.begin();
      return ::testing::AssertionFailure() << "byte " << differs << " of " << reference.size() << " differs on path "
                                           << KernelPathName(path) << " with " << threads << " threads";
    }
  }
  return ::testing::AssertionSuccess();
}

template <typename RandomCase>
void CheckRandomCases(RandomCase random_case, uint32_t seed, int count, bool large, int threads) {
  KernelPathGuard guard;
  CaseRandom r(seed);
  for (int i = 0; i < count; ++i) {
    const SpatialCase c = random_case(r, large);
    ASSERT_TRUE(SameBytesOnEveryPath(c, threads)) << c.Describe() << " (case " << i << ")";
  }
}

TEST(PoolingConsistency, SmallShapesOneThread) { CheckRandomCases(RandomPool, 11, 600, false, 1); }

TEST(PoolingConsistency, LargeShapesThreeThreads) { CheckRandomCases(RandomPool, 12, 16, true, 3); }

TEST(ResizeBilinearConsistency, SmallShapesOneThread) { CheckRandomCases(RandomResize, 13, 400, false, 1); }

TEST(ResizeBilinearConsistency, LargeShapesThreeThreads) { CheckRandomCases(RandomResize, 14, 12, true, 3); }

// A window of one row or column still spans every channel block, and the
// windows of a 1x1 image all clip to its one pixel.
TEST(PoolingConsistency, DegenerateImages) {
  KernelPathGuard guard;
  for (const std::vector<int32_t>& shape : {std::vector<int32_t>{1, 1, 1, 33}, {2, 1, 9, 5}, {1, 9, 1, 70}}) {
    for (BuiltinOp op : {BuiltinOp::kMAX_POOL_2D, BuiltinOp::kAVERAGE_POOL_2D}) {
      CaseRandom r(15);
      SpatialCase c;
      c.op = op;
      c.type = DataType::kInt8;
      c.input_shape = shape;
      Pool2DOptions o;
      o.filter_height = o.filter_width = 3;
      c.options = o;
      c.quant = PerTensor(0.5f, -3);
      c.input = RandomValues(r, c.type, shape);
      // Over a 1x1 image either pool is the identity.
      if (shape[1] == 1 && shape[2] == 1) {
        EXPECT_EQ(RunSpatialCase(c, KernelPath::kReference, 1), c.input);
      }
      EXPECT_TRUE(SameBytesOnEveryPath(c, 1)) << c.Describe();
    }
  }
}

}  // namespace
}  // namespace minnow::testing
