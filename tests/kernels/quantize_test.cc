// QUANTIZE. Expected values worked out by hand / offline:
//  * float -> int per tensor: round(x / (double)scale), ties away from zero
//    (TensorFlow Lite's default kernel divides in double);
//  * per channel: the division is in float;
//  * requantize: gemmlowp's fixed-point multiply by in_scale / out_scale.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::PerAxis;
using testing::PerTensor;
using testing::SingleOpModel;

struct QuantizeModel {
  SingleOpModel m;
  int in, out;
  QuantizeModel(DataType in_type, DataType out_type, const Shape& shape, QuantParams qi,
                QuantParams qo) {
    in = m.AddInput(in_type, shape, qi);
    out = m.AddOutput(out_type, shape, qo);
    m.SetBuiltinOp(BuiltinOp::kQUANTIZE);
  }
};

TEST(QuantizeTest, FloatToInt8RoundsHalfAwayAndSaturates) {
  QuantizeModel t(DataType::kFloat32, DataType::kInt8, {9}, {}, PerTensor(0.5f, -1));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<float>(t.in, {-64.6f, -1.25f, -0.25f, 0.25f, 0.75f, 1.0f, 63.0f, 64.0f, 1e10f});
  ASSERT_TRUE(t.m.Invoke().ok());
  // x / 0.5: -129.2, -2.5, -0.5, 0.5, 1.5, 2, 126, 128, 2e10; then - 1.
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out),
            (std::vector<int8_t>{-128, -4, -2, 0, 1, 1, 125, 127, 127}));
}

// Rounding is done without std::round: halves either side of zero, values
// a hair off the halves, the int16 limits, values beyond int32 (and so
// beyond 2^62), infinities and NaN must give what static_cast<int32_t> of
// std::round gives on x86 (INT32_MIN out of range), plus the zero point,
// clamped.
TEST(QuantizeTest, FloatToInt16RoundsLikeStdRound) {
  std::vector<float> values;
  for (int k = -200; k <= 200; ++k) values.push_back(0.25f * static_cast<float>(k));
  for (float v : {0.12499999f, 0.12500001f, -0.12499999f, -0.37500003f, 8191.875f, -8192.125f, 8192.0f, 1e9f,
                  -1e9f, 1.2e18f, -3e19f, 1e30f}) {
    values.push_back(v);
  }
  values.push_back(std::numeric_limits<float>::infinity());
  values.push_back(-std::numeric_limits<float>::infinity());
  values.push_back(std::numeric_limits<float>::quiet_NaN());
  const int n = static_cast<int>(values.size());
  QuantizeModel t(DataType::kFloat32, DataType::kInt16, {n}, {}, PerTensor(0.25f, 3));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<float>(t.in, values);
  ASSERT_TRUE(t.m.Invoke().ok());
  std::vector<int16_t> expected;
  for (float v : values) {
    const double r = std::round(static_cast<double>(v) / 0.25);
    const int64_t q = r >= -2147483648.0 && r < 2147483648.0 ? static_cast<int64_t>(r) : INT32_MIN;
    const int64_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(q) + 3u);
    expected.push_back(static_cast<int16_t>(std::clamp<int64_t>(wrapped, -32768, 32767)));
  }
  EXPECT_EQ(t.m.GetOutput<int16_t>(t.out), expected);
}

TEST(QuantizeTest, FloatToInt8DividesInDouble) {
  // 0.25f / 0.1f is 2.4999999627 in double but rounds to exactly 2.5 in
  // float: TensorFlow Lite's default kernel (double) gives 2, not 3.
  QuantizeModel t(DataType::kFloat32, DataType::kInt8, {3}, {}, PerTensor(0.1f, 0));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<float>(t.in, {0.25f, 0.35f, 0.75f});
  ASSERT_TRUE(t.m.Invoke().ok());
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{2, 3, 7}));
}

TEST(QuantizeTest, FloatToUInt8) {
  QuantizeModel t(DataType::kFloat32, DataType::kUInt8, {7}, {}, PerTensor(0.02f, 128));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<float>(t.in, {-3, -2.56f, -0.01f, 0.01f, 2.54f, 2.55f, 3});
  ASSERT_TRUE(t.m.Invoke().ok());
  // x / 0.02: -150, -128, -0.5, 0.5, 127, 127.5, 150; then + 128, clamp.
  EXPECT_EQ(t.m.GetOutput<uint8_t>(t.out), (std::vector<uint8_t>{0, 0, 127, 129, 255, 255, 255}));
}

TEST(QuantizeTest, FloatToInt16) {
  QuantizeModel t(DataType::kFloat32, DataType::kInt16, {6}, {}, PerTensor(0.001f, 0));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<float>(t.in, {-40, -0.0005f, 0.0015f, 1.0f, 32.767f, 40});
  ASSERT_TRUE(t.m.Invoke().ok());
  // 0.0015f / 0.001f is 1.49999... in double.
  EXPECT_EQ(t.m.GetOutput<int16_t>(t.out),
            (std::vector<int16_t>{-32768, -1, 1, 1000, 32767, 32767}));
}

TEST(QuantizeTest, FloatToInt8PerChannel) {
  QuantizeModel t(DataType::kFloat32, DataType::kInt8, {2, 3}, {},
                  PerAxis({0.1f, 0.5f, 1.0f}, {0, -1, 5}, 1));
  const Status status = t.m.Build();
  ASSERT_TRUE(status.ok()) << status.message();
  t.m.SetInput<float>(t.in, {0.25f, 1.25f, -2.5f, 12.8f, -64, 200});
  ASSERT_TRUE(t.m.Invoke().ok());
  // Channel 0 divides in float: 0.25f / 0.1f == 2.5f -> 3; 12.8 / 0.1 -> 127.
  // Channel 1: 2.5 -> 3, -1 = 2; -128 - 1 -> -128. Channel 2: -3 + 5, 205 -> 127.
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{3, 2, 2, 127, -128, 127}));
}

TEST(QuantizeTest, RequantizeInt8ToInt8) {
  QuantizeModel t(DataType::kInt8, DataType::kInt8, {7}, PerTensor(0.1f, -5),
                  PerTensor(0.3f, 3));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<int8_t>(t.in, {-128, -5, -4, -3, 0, 10, 127});
  ASSERT_TRUE(t.m.Invoke().ok());
  // (q + 5) / 3 + 3: -38, 3, 3.33, 3.67, 4.67, 8, 47.
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{-38, 3, 4, 4, 5, 8, 47}));
}

TEST(QuantizeTest, RequantizeUInt8ToInt8ShiftsZeroPoint) {
  QuantizeModel t(DataType::kUInt8, DataType::kInt8, {6}, PerTensor(0.1f, 128),
                  PerTensor(0.1f, 0));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<uint8_t>(t.in, {0, 1, 127, 128, 200, 255});
  ASSERT_TRUE(t.m.Invoke().ok());
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{-128, -127, -1, 0, 72, 127}));
}

// Same scale, but zero points 100 apart: the top bytes clamp, so this is not
// the plain byte shift of the test above.
TEST(QuantizeTest, RequantizeUInt8ToInt8SameScaleClamps) {
  QuantizeModel t(DataType::kUInt8, DataType::kInt8, {6}, PerTensor(0.1f, 100), PerTensor(0.1f, 0));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<uint8_t>(t.in, {0, 1, 100, 227, 228, 255});
  ASSERT_TRUE(t.m.Invoke().ok());
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{-100, -99, 0, 127, 127, 127}));
}

TEST(QuantizeTest, RequantizeInt8ToUInt8) {
  QuantizeModel t(DataType::kInt8, DataType::kUInt8, {7}, PerTensor(0.05f, 0),
                  PerTensor(0.1f, 128));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<int8_t>(t.in, {-128, -3, -1, 0, 1, 3, 127});
  ASSERT_TRUE(t.m.Invoke().ok());
  // q / 2 + 128. gemmlowp's doubling high-mul rounds the negative ties
  // -1.5 and -0.5 up (to -1 and 0); the positive ones away from zero.
  EXPECT_EQ(t.m.GetOutput<uint8_t>(t.out),
            (std::vector<uint8_t>{64, 127, 128, 128, 129, 130, 192}));
}

TEST(QuantizeTest, RequantizeInt16ToInt16) {
  QuantizeModel t(DataType::kInt16, DataType::kInt16, {6}, PerTensor(0.001f, 0),
                  PerTensor(0.004f, 0));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<int16_t>(t.in, {-32768, -6, -2, 2, 6, 32767});
  ASSERT_TRUE(t.m.Invoke().ok());
  // q / 4 via a high-mul by 0.5 then a rounding shift by 1.
  EXPECT_EQ(t.m.GetOutput<int16_t>(t.out), (std::vector<int16_t>{-8192, -2, -1, 1, 2, 8192}));
}

TEST(QuantizeTest, RequantizeInt16ToInt8) {
  QuantizeModel t(DataType::kInt16, DataType::kInt8, {7}, PerTensor(0.001f, 0),
                  PerTensor(0.1f, -10));
  ASSERT_TRUE(t.m.Build().ok());
  t.m.SetInput<int16_t>(t.in, {-32768, -150, -50, 50, 150, 1000, 32767});
  ASSERT_TRUE(t.m.Invoke().ok());
  // q / 100 - 10: -337.7, -11.5, -10.5, -9.5, -8.5, 0, 317.7.
  EXPECT_EQ(t.m.GetOutput<int8_t>(t.out), (std::vector<int8_t>{-128, -12, -11, -9, -8, 0, 127}));
}

TEST(QuantizeTest, RejectsUnsupportedPairAndUnquantizedOutput) {
  QuantizeModel widen(DataType::kInt8, DataType::kInt16, {2}, PerTensor(0.1f, 0),
                      PerTensor(0.1f, 0));
  EXPECT_FALSE(widen.m.Build().ok());

  QuantizeModel no_quant(DataType::kFloat32, DataType::kInt8, {2}, {}, {});
  EXPECT_FALSE(no_quant.m.Build().ok());

  QuantizeModel bad_axis(DataType::kFloat32, DataType::kInt8, {2, 3}, {},
                         PerAxis({0.1f, 0.2f}, {0, 0}, 1));  // 2 scales, 3 channels
  EXPECT_FALSE(bad_axis.m.Build().ok());
}

}  // namespace
}  // namespace minnow
