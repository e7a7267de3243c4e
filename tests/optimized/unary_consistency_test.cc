// Randomized consistency of the optimized one-input ops (LOGISTIC, TANH,
// HARD_SWISH, SOFTMAX, QUANTIZE, DEQUANTIZE, MEAN) with the reference kernels, on
// every kernel path this CPU runs: random shapes (vector tails, outputs large
// enough to be split over threads), random quantization parameters, and
// inputs with extreme values (0, -0, +-infinity, NaN, huge, subnormal, the
// edges of exp's range).
//
// Integer outputs must be the reference's bytes; so must HARD_SWISH,
// DEQUANTIZE and MEAN floats (the same float / double operations). LOGISTIC and TANH
// may differ by kMaxUlp units in the last place (their own exp); SOFTMAX as
// well, plus the rounding of its reordered row sum (see SoftmaxTolerance).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "op_consistency.h"

namespace minnow::testing {
namespace {

constexpr int64_t kMaxUlp = 4;

struct UnaryCase {
  BuiltinOp op = BuiltinOp::kLOGISTIC;
  DataType in_type = DataType::kFloat32, out_type = DataType::kFloat32;
  std::vector<int32_t> shape;
  QuantParams in_quant, out_quant;
  float beta = 1.0f;  // SOFTMAX
  std::vector<int32_t> axes;  // MEAN
  bool keep_dims = false;     // MEAN
  std::vector<uint8_t> input;

  std::string Describe() const {
    std::string text = std::string(BuiltinOpName(static_cast<int32_t>(op))) + " " + DataTypeName(in_type) +
                       " -> " + DataTypeName(out_type) + " " + ShapeText(shape);
    if (op == BuiltinOp::kSOFTMAX) text += " beta " + std::to_string(beta);
    for (const QuantParams* q : {&in_quant, &out_quant}) {
      if (!q->scales.empty()) {
        text += " q(" + std::to_string(q->scales[0]) + ", " + std::to_string(q->zero_points[0]) + ")";
      }
    }
    return text;
  }
};

float Special(CaseRandom& r) {
  const float inf = std::numeric_limits<float>::infinity();
  return r.Pick<float>({0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN(), 1e30f, -1e30f,
                        std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), 1e-40f, -1e-40f,
                        88.72f, -88.72f, 87.4f, -87.4f, 103.9f, -103.9f, 9.1f, -9.1f, 44.5f, -44.5f, 1e-6f,
                        -1e-6f, 0.34657f, -0.34657f});
}

// Floats uniform within +-range, with a few extreme values mixed in when
// `specials`.
std::vector<uint8_t> RandomFloats(CaseRandom& r, size_t count, float range, bool specials) {
  std::vector<float> values(count);
  for (float& v : values) v = specials && r.OneIn(20) ? Special(r) : r.UniformReal(-range, range);
  std::vector<uint8_t> bytes(count * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<uint8_t> RandomBytes(CaseRandom& r, size_t count, int element_bytes) {
  std::vector<uint8_t> bytes(count * static_cast<size_t>(element_bytes));
  for (uint8_t& b : bytes) b = static_cast<uint8_t>(r.Uniform(0, 255));
  return bytes;
}

int ZeroPoint(CaseRandom& r, DataType type) {
  switch (type) {
    case DataType::kUInt8: return r.Uniform(0, 255);
    case DataType::kInt8: return r.Uniform(-128, 127);
    default: return r.OneIn(2) ? 0 : r.Uniform(-1000, 1000);
  }
}

UnaryCase RandomCase(CaseRandom& r, bool large) {
  UnaryCase c;
  c.op = r.Pick<BuiltinOp>({BuiltinOp::kLOGISTIC, BuiltinOp::kTANH, BuiltinOp::kHARD_SWISH, BuiltinOp::kSOFTMAX,
                            BuiltinOp::kQUANTIZE, BuiltinOp::kDEQUANTIZE, BuiltinOp::kMEAN});
  if (large) {
    c.shape = {1, r.Uniform(40, 80), r.Uniform(40, 80), r.Channels()};
  } else {
    c.shape = {r.Uniform(1, 3), r.Uniform(1, 5), r.Channels()};
    c.shape.resize(static_cast<size_t>(r.Uniform(1, 3)));
  }
  size_t count = 1;
  for (int32_t d : c.shape) count *= static_cast<size_t>(d);
  const float range = r.Pick<float>({1.0f, 8.0f, 30.0f, 120.0f});
  switch (c.op) {
    case BuiltinOp::kHARD_SWISH:
      c.in_type = c.out_type = r.Pick<DataType>({DataType::kFloat32, DataType::kInt8, DataType::kUInt8});
      break;
    case BuiltinOp::kQUANTIZE:
      c.out_type = r.Pick<DataType>({DataType::kInt8, DataType::kUInt8, DataType::kInt16});
      // Scales that put the range on the integer grid's ends or far past them.
      c.out_quant = PerTensor(range * r.LogUniform(-12.0f, 0.0f), ZeroPoint(r, c.out_type));
      break;
    case BuiltinOp::kDEQUANTIZE:
      c.in_type = r.Pick<DataType>({DataType::kInt8, DataType::kUInt8, DataType::kInt16});
      c.in_quant = PerTensor(r.LogUniform(-12.0f, 3.0f), ZeroPoint(r, c.in_type));
      break;
    case BuiltinOp::kSOFTMAX:
      c.beta = r.OneIn(2) ? 1.0f : r.LogUniform(-3.0f, 2.0f);
      break;
    case BuiltinOp::kMEAN: {
      c.in_type = c.out_type = r.Pick<DataType>({DataType::kFloat32, DataType::kInt8, DataType::kUInt8});
      if (r.OneIn(2)) c.shape = {r.Uniform(1, 2), r.Uniform(1, 9), r.Uniform(1, 9), r.Channels()};
      const int rank = static_cast<int>(c.shape.size());
      if (rank == 4 && r.OneIn(2)) {
        c.axes = {1, 2};  // global average pooling
      } else {
        for (int d = 0; d < rank; ++d) {
          if (r.OneIn(2)) c.axes.push_back(r.OneIn(4) ? d - rank : d);
        }
        if (c.axes.empty()) c.axes = {r.Uniform(0, rank - 1)};
      }
      c.keep_dims = r.OneIn(2);
      if (c.in_type != DataType::kFloat32) {
        c.in_quant = PerTensor(r.LogUniform(-7.0f, 0.0f), ZeroPoint(r, c.in_type));
        c.out_quant = PerTensor(c.in_quant.scales[0] * r.LogUniform(-1.0f, 1.0f), ZeroPoint(r, c.in_type));
      }
      count = 1;
      for (int32_t d : c.shape) count *= static_cast<size_t>(d);
      break;
    }
    default:
      break;
  }
  if (c.in_type == DataType::kFloat32) {
    // SOFTMAX: a special value spoils its whole row (NaN), so rarely.
    c.input = RandomFloats(r, count, range, c.op != BuiltinOp::kSOFTMAX || r.OneIn(8));
    if (c.op == BuiltinOp::kQUANTIZE && r.OneIn(2)) {
      // A power-of-two scale and halfway values: the rounding's ties.
      const float scale = std::ldexp(1.0f, r.Uniform(-12, 0));
      c.out_quant.scales[0] = scale;
      for (size_t i = 0; i < count; ++i) {
        const float tie = (static_cast<float>(r.Uniform(-40000, 40000)) + 0.5f) * scale;
        if (r.OneIn(2)) std::memcpy(c.input.data() + i * sizeof(float), &tie, sizeof(float));
      }
    }
  } else {
    c.input = RandomBytes(r, count, c.in_type == DataType::kInt16 ? 2 : 1);
  }
  if (c.op == BuiltinOp::kHARD_SWISH && c.in_type != DataType::kFloat32) {
    const float in_scale = r.LogUniform(-7.0f, 0.0f);
    c.in_quant = PerTensor(in_scale, ZeroPoint(r, c.in_type));
    // The kernel needs input scale / 128 below the output scale.
    c.out_quant = PerTensor(in_scale * r.LogUniform(-4.0f, 2.0f), ZeroPoint(r, c.in_type));
  }
  return c;
}

std::vector<uint8_t> RunUnaryCase(const UnaryCase& c, KernelPath path, int threads) {
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  SingleOpModel model;
  const int input = model.AddInput(c.in_type, ShapeOf(c.shape), c.in_quant);
  if (c.op == BuiltinOp::kMEAN) {
    model.AddConstInput(DataType::kInt32, Shape{static_cast<int32_t>(c.axes.size())}, c.axes);
  }
  const int output = model.AddOutput(c.out_type, {}, c.out_quant);
  if (c.op == BuiltinOp::kSOFTMAX) {
    model.SetBuiltinOp(c.op, SoftmaxOptions{c.beta});
  } else if (c.op == BuiltinOp::kMEAN) {
    model.SetBuiltinOp(c.op, ReducerOptions{c.keep_dims});
  } else {
    model.SetBuiltinOp(c.op);
  }
  return RunModel(model, threads, {{input, &c.input}}, output);
}

// Distance in units in the last place (0 for equal values, NaN for NaN).
int64_t UlpDistance(float a, float b) {
  if (a == b || (a != a && b != b)) return 0;
  if (a != a || b != b) return std::numeric_limits<int64_t>::max();
  const auto ordered = [](float f) {
    int32_t i;
    std::memcpy(&i, &f, sizeof(i));
    return i < 0 ? -int64_t{i & 0x7FFFFFFF} : int64_t{i};
  };
  const int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

// A softmax output is exp / sum. Each exp may be off by kMaxUlp; the
// reference sums its row in order, the vector loop lane by lane, each sum
// within (depth - 1) roundings of 2^-24 of the exact one (all terms are
// positive), so the two quotients differ by up to depth * 2^-23 relative
// plus the exp error.
float SoftmaxTolerance(float expected, int64_t depth) {
  return std::fabs(expected) * (static_cast<float>(depth) * 0x1p-23f + kMaxUlp * 0x1p-23f);
}

::testing::AssertionResult SameUnaryOutputs(const UnaryCase& c, const std::vector<uint8_t>& expected,
                                            const std::vector<uint8_t>& actual, int64_t* max_ulp = nullptr) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << actual.size() << " output bytes, reference " << expected.size();
  }
  const bool exact = c.out_type != DataType::kFloat32 || c.op == BuiltinOp::kHARD_SWISH ||
                     c.op == BuiltinOp::kDEQUANTIZE || c.op == BuiltinOp::kMEAN;
  if (exact) {
    const size_t i = std::mismatch(actual.begin(), actual.end(), expected.begin()).first - actual.begin();
    if (i == actual.size()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "first mismatch at byte " << i << ": " << int{actual[i]}
                                         << ", reference " << int{expected[i]};
  }
  const size_t count = expected.size() / sizeof(float);
  std::vector<float> a(count), e(count);
  std::memcpy(a.data(), actual.data(), actual.size());
  std::memcpy(e.data(), expected.data(), expected.size());
  const int64_t depth = c.shape.back();
  for (size_t i = 0; i < count; ++i) {
    const int64_t ulp = UlpDistance(a[i], e[i]);
    if (max_ulp != nullptr) *max_ulp = std::max(*max_ulp, ulp);
    const bool close = c.op == BuiltinOp::kSOFTMAX
                           ? ulp <= kMaxUlp || std::fabs(a[i] - e[i]) <= SoftmaxTolerance(e[i], depth)
                           : ulp <= kMaxUlp;
    if (!close) {
      return ::testing::AssertionFailure() << "first mismatch at element " << i << ": " << a[i] << ", reference "
                                           << e[i] << " (" << ulp << " ulp)";
    }
  }
  return ::testing::AssertionSuccess();
}

void CheckRandomCases(uint32_t seed, int count, bool large, int threads) {
  KernelPathGuard guard;
  CaseRandom r(seed);
  for (int i = 0; i < count; ++i) {
    const UnaryCase c = RandomCase(r, large);
    const std::vector<uint8_t> expected = RunUnaryCase(c, KernelPath::kReference, 1);
    ASSERT_FALSE(expected.empty()) << c.Describe();
    for (KernelPath path : AvailableKernelPaths()) {
      if (path == KernelPath::kReference) continue;
      ASSERT_TRUE(SameUnaryOutputs(c, expected, RunUnaryCase(c, path, threads)))
          << "on path " << KernelPathName(path) << " with " << threads << " threads; " << c.Describe()
          << " (case " << i << ")";
    }
  }
}

TEST(UnaryConsistency, SmallShapesOneThread) { CheckRandomCases(1, 600, false, 1); }

TEST(UnaryConsistency, LargeShapesOneThread) { CheckRandomCases(2, 12, true, 1); }

// Tensors of some 64K elements and more are split over the threads.
TEST(UnaryConsistency, LargeShapesThreeThreads) { CheckRandomCases(3, 24, true, 3); }

// LOGISTIC and TANH against the reference over a dense sweep of [-110, 110]
// (magnitudes from 1e-30 up in steps of 0.01%), printing the
// largest difference in ulp.
TEST(UnaryConsistency, ExpFamilyErrorSweep) {
  KernelPathGuard guard;
  std::vector<float> values;
  for (float x = 1e-30f; x < 110.0f; x = std::max(std::nextafter(x, 200.0f), x * 1.0001f)) {
    values.push_back(x);
    values.push_back(-x);
  }
  UnaryCase c;
  c.shape = {static_cast<int32_t>(values.size())};
  c.input.resize(values.size() * sizeof(float));
  std::memcpy(c.input.data(), values.data(), c.input.size());
  for (BuiltinOp op : {BuiltinOp::kLOGISTIC, BuiltinOp::kTANH}) {
    c.op = op;
    const std::vector<uint8_t> expected = RunUnaryCase(c, KernelPath::kReference, 1);
    for (KernelPath path : AvailableKernelPaths()) {
      if (path == KernelPath::kReference) continue;
      int64_t max_ulp = 0;
      EXPECT_TRUE(SameUnaryOutputs(c, expected, RunUnaryCase(c, path, 1), &max_ulp))
          << "on path " << KernelPathName(path) << "; " << c.Describe();
      std::printf("%s on %s: largest difference %lld ulp over %zu values\n", BuiltinOpName(static_cast<int32_t>(op)),
                  KernelPathName(path), static_cast<long long>(max_ulp), values.size());
    }
  }
}

}  // namespace
}  // namespace minnow::testing
