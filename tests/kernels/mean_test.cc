// MEAN: float values are exact averages; quantized values worked out with
// TensorFlow Lite's integer arithmetic by hand (noted per case).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::PerTensor;
using testing::SingleOpModel;

ReducerOptions KeepDims(bool keep) {
  ReducerOptions o;
  o.keep_dims = keep;
  return o;
}

template <typename T>
std::vector<T> RunMean(DataType type, const Shape& shape, const std::vector<T>& input,
                       const std::vector<int32_t>& axes, bool keep_dims, QuantParams in_q,
                       QuantParams out_q, Shape* out_shape) {
  SingleOpModel m;
  const int in = m.AddInput(type, shape, in_q);
  m.AddConstInput<int32_t>(DataType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  const int out = m.AddOutput(type, {}, out_q);
  m.SetBuiltinOp(BuiltinOp::kMEAN, KeepDims(keep_dims));
  const Status built = m.Build();
  EXPECT_TRUE(built.ok()) << built.message();
  if (!built.ok()) return {};
  m.SetInput(in, input);
  const Status run = m.Invoke();
  EXPECT_TRUE(run.ok()) << run.message();
  *out_shape = m.GetOutputShape(out);
  return m.GetOutput<T>(out);
}

// 2x3x2 tensor with values 0..11.
const std::vector<float> kData = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

TEST(MeanTest, FloatMiddleAxisDropDims) {
  Shape shape;
  const auto out = RunMean<float>(DataType::kFloat32, {2, 3, 2}, kData, {1}, false, {}, {}, &shape);
  EXPECT_EQ(shape, (Shape{2, 2}));
  // (0+2+4)/3, (1+3+5)/3, (6+8+10)/3, (7+9+11)/3
  const std::vector<float> expected = {2, 3, 8, 9};
  ASSERT_EQ(out.size(), expected.size());
  for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], expected[i], 1e-6f);
}

TEST(MeanTest, FloatNegativeAndDuplicateAxesKeepDims) {
  Shape shape;
  const auto out =
      RunMean<float>(DataType::kFloat32, {2, 3, 2}, kData, {0, -1, 2}, true, {}, {}, &shape);
  EXPECT_EQ(shape, (Shape{1, 3, 1}));
  // Over dims 0 and 2: {0,1,6,7}, {2,3,8,9}, {4,5,10,11}.
  const std::vector<float> expected = {3.5f, 5.5f, 7.5f};
  ASSERT_EQ(out.size(), expected.size());
  for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], expected[i], 1e-6f);
}

TEST(MeanTest, FloatAllAxes) {
  Shape shape;
  const auto out =
      RunMean<float>(DataType::kFloat32, {2, 3, 2}, kData, {2, 0, 1}, false, {}, {}, &shape);
  EXPECT_EQ(shape.rank(), 0);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0], 5.5f, 1e-6f);
}

TEST(MeanTest, FloatSpatialOfNhwc) {
  // Channel counts that split into column chunks of 16, 4, 3, 2 and 1;
  // element i holds i % 97 (exact float sums).
  for (int32_t channels : {3, 21, 38}) {
    const Shape shape{2, 3, 5, channels};
    std::vector<float> input(static_cast<size_t>(shape.NumElements()));
    for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 97);
    Shape out_shape;
    const auto out = RunMean<float>(DataType::kFloat32, shape, input, {1, 2}, true, {}, {}, &out_shape);
    EXPECT_EQ(out_shape, (Shape{2, 1, 1, channels}));
    ASSERT_EQ(out.size(), static_cast<size_t>(2 * channels));
    for (int32_t b = 0; b < 2; ++b) {
      for (int32_t c = 0; c < channels; ++c) {
        float sum = 0;
        for (int32_t p = 0; p < 15; ++p) sum += input[(static_cast<size_t>(b) * 15 + p) * channels + c];
        EXPECT_FLOAT_EQ(out[static_cast<size_t>(b) * channels + c], sum / 15) << channels << " " << b << " " << c;
      }
    }
  }
}

TEST(MeanTest, Int8GeneralPath) {
  // in scale 0.5 zp 1, out scale 0.25 zp -2, 4 elements per mean:
  // multiplier 2.0 folded with 1/4 -> x * 0.5 with gemmlowp rounding, so
  // out = round((sum - 4) / 2) - 2 (negative ties round toward zero).
  // Row 0: sum 101 -> 48.5 -> 49 -> 47.  Row 1: sum -223 -> -113.5 -> -113 -> -115.
  Shape shape;
  const auto out = RunMean<int8_t>(DataType::kInt8, {2, 4}, {10, 20, 30, 41, -128, -100, 0, 5},
                                   {1}, false, PerTensor(0.5f, 1), PerTensor(0.25f, -2), &shape);
  EXPECT_EQ(shape, (Shape{2}));
  EXPECT_EQ(out, (std::vector<int8_t>{47, -115}));
}

TEST(MeanTest, Int8Spatial4DKeepDimsUsesFloatBias) {
  // 4-D over {1, 2} with keep_dims: bias = 0 - round(1 * 0.5 / 1.0) = -1 and
  // multiplier 0.5, applied to raw values: q=2 -> 1 - 1 = 0; q=4 -> 2 - 1 = 1.
  Shape shape;
  const auto fast = RunMean<int8_t>(DataType::kInt8, {1, 1, 1, 2}, {2, 4}, {1, 2}, true,
                                    PerTensor(0.5f, 1), PerTensor(1.0f, 0), &shape);
  EXPECT_EQ(shape, (Shape{1, 1, 1, 2}));
  EXPECT_EQ(fast, (std::vector<int8_t>{0, 1}));
  // The same data without keep_dims takes the general path:
  // (q - 1) * 0.5 rounded: 0.5 -> 1, 1.5 -> 2.
  const auto general = RunMean<int8_t>(DataType::kInt8, {1, 1, 1, 2}, {2, 4}, {1, 2}, false,
                                       PerTensor(0.5f, 1), PerTensor(1.0f, 0), &shape);
  EXPECT_EQ(shape, (Shape{1, 2}));
  EXPECT_EQ(general, (std::vector<int8_t>{1, 2}));
}

TEST(MeanTest, Int8Spatial4DLarger) {
  // 1x2x2x1, in scale 0.5 zp 1, out scale 0.25 zp -2: bias = -2 - 2 = -4,
  // multiplier 0.5 / (4 * 0.25) = 0.5. Sum 101 -> 50.5 -> 51 -> 47.
  Shape shape;
  const auto out = RunMean<int8_t>(DataType::kInt8, {1, 2, 2, 1}, {10, 20, 30, 41}, {2, 1}, true,
                                   PerTensor(0.5f, 1), PerTensor(0.25f, -2), &shape);
  EXPECT_EQ(shape, (Shape{1, 1, 1, 1}));
  EXPECT_EQ(out, (std::vector<int8_t>{47}));
}

TEST(MeanTest, UInt8GeneralPath) {
  // Same scale, zp 128, mean of 2 over axis 0: out = round((sum - 256) / 2) + 128.
  // Column 0: 263 -> 3.5 -> 4 -> 132. Column 1: 255 -> -0.5 -> 0 -> 128.
  Shape shape;
  const auto out = RunMean<uint8_t>(DataType::kUInt8, {2, 2}, {130, 0, 133, 255}, {0}, false,
                                    PerTensor(1.0f, 128), PerTensor(1.0f, 128), &shape);
  EXPECT_EQ(shape, (Shape{2}));
  EXPECT_EQ(out, (std::vector<uint8_t>{132, 128}));
}

TEST(MeanTest, UInt8Spatial4D) {
  // 1x2x2x2, same scale 1.0, zp 128: bias = 128 - 128 = 0, multiplier 1/4.
  // Channel 0: 130+131+132+133 = 526 -> 131.5 -> 132. Channel 1: 0+1+2+255 = 258 -> 64.5 -> 65.
  Shape shape;
  const auto out =
      RunMean<uint8_t>(DataType::kUInt8, {1, 2, 2, 2}, {130, 0, 131, 1, 132, 2, 133, 255}, {1, 2},
                       true, PerTensor(1.0f, 128), PerTensor(1.0f, 128), &shape);
  EXPECT_EQ(shape, (Shape{1, 1, 1, 2}));
  EXPECT_EQ(out, (std::vector<uint8_t>{132, 65}));
}

TEST(MeanTest, Int16) {
  // in scale 1/1024, out 1/2048: multiplier 2 folded with 1/3.
  // Row 0: mean 100 -> 200. Row 1: sum -7 -> -14/3 = -4.67 -> -5.
  Shape shape;
  const auto out = RunMean<int16_t>(DataType::kInt16, {2, 3}, {100, 100, 100, -3, -2, -2}, {-1},
                                    false, PerTensor(1.0f / 1024, 0), PerTensor(1.0f / 2048, 0),
                                    &shape);
  EXPECT_EQ(shape, (Shape{2}));
  EXPECT_EQ(out, (std::vector<int16_t>{200, -5}));
}

TEST(MeanTest, RejectsAxisOutOfRange) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2, 3});
  m.AddConstInput<int32_t>(DataType::kInt32, {1}, {2});
  m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kMEAN, KeepDims(false));
  EXPECT_FALSE(m.Build().ok());
}

TEST(MeanTest, RejectsTypeMismatchAndDynamicAxis) {
  {
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {2, 3});
    m.AddConstInput<int32_t>(DataType::kInt32, {1}, {1});
    m.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
    m.SetBuiltinOp(BuiltinOp::kMEAN, KeepDims(false));
    EXPECT_FALSE(m.Build().ok());
  }
  {
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {2, 3});
    m.AddInput(DataType::kInt32, {1});
    m.AddOutput(DataType::kFloat32);
    m.SetBuiltinOp(BuiltinOp::kMEAN, KeepDims(false));
    EXPECT_FALSE(m.Build().ok());
  }
}

}  // namespace
}  // namespace minnow
