// RFFT2D against the DFT written out directly in this test (double precision,
// std::polar twiddles). Both sides compute in double and round to float once,
// so each component may differ by the float rounding of the result (2^-24 of
// its modulus, allowed twice over) plus the double-precision error of either
// sum (allowed 1e-9 of the input's L1 norm, many orders above it).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::SingleOpModel;

// X[k1][k2] = sum_{n1 < min(h, H), n2 < min(w, W)} x[n1][n2] e^{-2 pi i (k1 n1 / H + k2 n2 / W)}
std::vector<std::complex<double>> Dft(const std::vector<float>& x, int h, int w, int fh, int fw) {
  const double pi = std::acos(-1.0);
  std::vector<std::complex<double>> out;
  for (int k1 = 0; k1 < fh; ++k1) {
    for (int k2 = 0; k2 <= fw / 2; ++k2) {
      std::complex<double> acc = 0;
      for (int n1 = 0; n1 < std::min(h, fh); ++n1) {
        for (int n2 = 0; n2 < std::min(w, fw); ++n2) {
          const double angle = -2 * pi * (static_cast<double>(k1 * n1) / fh +
                                           static_cast<double>(k2 * n2) / fw);
          acc += static_cast<double>(x[n1 * w + n2]) * std::polar(1.0, angle);
        }
      }
      out.push_back(acc);
    }
  }
  return out;
}

void Check(const Shape& in_shape, int fh, int fw, const Shape& want_shape) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, in_shape);
  m.AddConstInput<int32_t>(DataType::kInt32, {2}, {fh, fw});
  const int out = m.AddOutput(DataType::kComplex64);
  m.SetBuiltinOp(BuiltinOp::kRFFT2D);
  ASSERT_TRUE(m.Build().ok());
  const int n = static_cast<int>(in_shape.NumElements());
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = std::sin(0.7f * i + 0.2f) + 0.25f * (i % 3);
  m.SetInput<float>(in, x);
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), want_shape);
  const std::vector<std::complex<float>> y = m.GetOutput<std::complex<float>>(out);
  const int r = in_shape.rank();
  const int h = in_shape.dim(r - 2), w = in_shape.dim(r - 1);
  const int slices = n / (h * w);
  const int per_slice = fh * (fw / 2 + 1);
  ASSERT_EQ(static_cast<int>(y.size()), slices * per_slice);
  for (int s = 0; s < slices; ++s) {
    const std::vector<float> xs(x.begin() + s * h * w, x.begin() + (s + 1) * h * w);
    const std::vector<std::complex<double>> want = Dft(xs, h, w, fh, fw);
    double l1_norm = 0;
    for (float v : xs) l1_norm += std::abs(v);
    for (int i = 0; i < per_slice; ++i) {
      const double tolerance = std::ldexp(std::abs(want[i]), -23) + 1e-9 * l1_norm;
      EXPECT_NEAR(y[s * per_slice + i].real(), want[i].real(), tolerance) << s << ":" << i;
      EXPECT_NEAR(y[s * per_slice + i].imag(), want[i].imag(), tolerance) << s << ":" << i;
    }
  }
}

TEST(Rfft2dTest, ExactSize) { Check({2, 4}, 2, 4, {2, 3}); }

TEST(Rfft2dTest, BatchedSlices) { Check({3, 4, 8}, 4, 8, {3, 4, 5}); }

// Width cropped (3 -> 2), height zero-padded (3 -> 4).
TEST(Rfft2dTest, CropAndPad) { Check({1, 3, 3}, 4, 2, {1, 4, 2}); }

// YAMNet's spectrogram: one 512-point row per frame.
TEST(Rfft2dTest, Rows512) { Check({3, 1, 512}, 1, 512, {3, 1, 257}); }

// Height 1 transforms frames in groups of eight: whole groups and a partial
// one, a crop of taller slices to their first row, a padded width, width 1.
TEST(Rfft2dTest, ManyFramesInGroups) { Check({19, 1, 512}, 1, 512, {19, 1, 257}); }
TEST(Rfft2dTest, FramesCroppedToOneRow) { Check({11, 3, 64}, 1, 64, {11, 1, 33}); }
TEST(Rfft2dTest, FramesPadded) { Check({9, 1, 100}, 1, 128, {9, 1, 65}); }
TEST(Rfft2dTest, FramesOfWidth1) { Check({10, 1, 1}, 1, 1, {10, 1, 1}); }

TEST(Rfft2dTest, TwoDimensional) { Check({2, 32, 64}, 32, 64, {2, 32, 33}); }

TEST(Rfft2dTest, TallAndNarrow) { Check({1, 256, 4}, 256, 4, {1, 256, 3}); }

// Both dimensions cropped (10 -> 8, 600 -> 512), then both zero-padded.
TEST(Rfft2dTest, CropLarge) { Check({1, 10, 600}, 8, 512, {1, 8, 257}); }
TEST(Rfft2dTest, PadLarge) { Check({2, 5, 300}, 8, 512, {2, 8, 257}); }

// The shortest rows: width 1 (no frequency split) and width 2.
TEST(Rfft2dTest, Width1) { Check({8, 1}, 8, 1, {8, 1}); }
TEST(Rfft2dTest, Width2) { Check({4, 2}, 4, 2, {4, 2}); }

TEST(Rfft2dTest, RejectsNonPowerOfTwo) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2, 6});
  m.AddConstInput<int32_t>(DataType::kInt32, {2}, {2, 6});
  m.AddOutput(DataType::kComplex64);
  m.SetBuiltinOp(BuiltinOp::kRFFT2D);
  EXPECT_FALSE(m.Build().ok());
}

TEST(Rfft2dTest, RejectsRank1Input) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {8});
  m.AddConstInput<int32_t>(DataType::kInt32, {2}, {1, 8});
  m.AddOutput(DataType::kComplex64);
  m.SetBuiltinOp(BuiltinOp::kRFFT2D);
  EXPECT_FALSE(m.Build().ok());
}

}  // namespace
}  // namespace minnow
