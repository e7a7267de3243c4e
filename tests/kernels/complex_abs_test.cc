// COMPLEX_ABS, REAL and IMAG, by hand: |3 + 4i| = 5, |-2i| = 2, |-1| = 1.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::SingleOpModel;

template <typename T>
std::vector<T> RunComplexOp(BuiltinOp op, DataType in_type, DataType out_type,
                   const std::vector<std::complex<T>>& values) {
  SingleOpModel m;
  const int in = m.AddInput(in_type, {static_cast<int32_t>(values.size())});
  const int out = m.AddOutput(out_type);
  m.SetBuiltinOp(op);
  EXPECT_TRUE(m.Build().ok());
  m.SetInput<std::complex<T>>(in, values);
  EXPECT_TRUE(m.Invoke().ok());
  return m.GetOutput<T>(out);
}

TEST(ComplexAbsTest, Complex64) {
  const std::vector<float> y = RunComplexOp<float>(BuiltinOp::kCOMPLEX_ABS, DataType::kComplex64,
                                          DataType::kFloat32, {{3, 4}, {0, -2}, {-1, 0}});
  EXPECT_EQ(y, (std::vector<float>{5, 2, 1}));
}

// The kernel computes |z| without a library call; it must give std::abs's
// bits (hypotf) everywhere: random bit patterns over the whole float range,
// overflow and underflow of the squares, infinities next to NaNs.
TEST(ComplexAbsTest, Complex64MatchesStdAbsBitForBit) {
  std::mt19937 rng(11);
  std::vector<std::complex<float>> z;
  for (int i = 0; i < 20000; ++i) {
    uint32_t bits[2] = {static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())};
    float parts[2];
    std::memcpy(parts, bits, sizeof(parts));
    z.emplace_back(parts[0], parts[1]);
  }
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const float big = std::numeric_limits<float>::max(), tiny = std::numeric_limits<float>::denorm_min();
  for (std::complex<float> special : {std::complex<float>(inf, nan), {nan, -inf}, {nan, 1}, {big, big},
                                      {tiny, tiny}, {-0.0f, 0.0f}, {1e-30f, 3e-30f}, {3e30f, -4e30f}}) {
    z.push_back(special);
  }
  const std::vector<float> y =
      RunComplexOp<float>(BuiltinOp::kCOMPLEX_ABS, DataType::kComplex64, DataType::kFloat32, z);
  ASSERT_EQ(y.size(), z.size());
  for (size_t i = 0; i < z.size(); ++i) {
    const float expected = std::abs(z[i]);
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(y[i])) << z[i];
    } else {
      EXPECT_EQ(std::memcmp(&y[i], &expected, sizeof(float)), 0) << z[i] << ": " << y[i] << " vs " << expected;
    }
  }
}

TEST(ComplexAbsTest, Complex128) {
  const std::vector<double> y = RunComplexOp<double>(BuiltinOp::kCOMPLEX_ABS, DataType::kComplex128,
                                            DataType::kFloat64, {{-6, 8}, {0, 0}});
  EXPECT_EQ(y, (std::vector<double>{10, 0}));
}

TEST(ComplexAbsTest, RealAndImag) {
  const std::vector<std::complex<float>> z = {{1.5f, -2}, {0, 7}};
  EXPECT_EQ(RunComplexOp<float>(BuiltinOp::kREAL, DataType::kComplex64, DataType::kFloat32, z),
            (std::vector<float>{1.5f, 0}));
  EXPECT_EQ(RunComplexOp<float>(BuiltinOp::kIMAG, DataType::kComplex64, DataType::kFloat32, z),
            (std::vector<float>{-2, 7}));
}

TEST(ComplexAbsTest, RejectsRealInput) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2});
  m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kCOMPLEX_ABS);
  EXPECT_FALSE(m.Build().ok());
}

TEST(ComplexAbsTest, RejectsWrongOutputType) {
  SingleOpModel m;
  m.AddInput(DataType::kComplex64, {2});
  m.AddOutput(DataType::kFloat64);
  m.SetBuiltinOp(BuiltinOp::kCOMPLEX_ABS);
  EXPECT_FALSE(m.Build().ok());
}

}  // namespace
}  // namespace minnow
