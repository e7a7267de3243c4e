// Randomized consistency of the optimized BATCH_MATMUL (the packed GEMM) with
// the reference kernel, on every kernel path this CPU runs, at one and two
// threads (larger cases one to four): ranks 2 to 5 with the batch dimensions
// of either side broadcast, adj_x / adj_y, constant and variable rhs, matrix
// sizes around the tile and vector widths, depths across the 16x8 kernel's
// int32 chunks; float32, int8 (any zero points) and 16x8, and the types left
// to the reference loop (int8 -> int32, int16 x int16). Integer outputs must
// be the reference's bytes, float ones within the rounding of a fused
// accumulation (op_consistency.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "kernels/optimized/isa_kernels.h"
#include "kernels/optimized/parallel_rows.h"
#include "op_consistency.h"

namespace minnow::testing {
namespace {

enum class MatMulType { kFloat32, kInt8, kInt16x8, kInt8ToInt32, kInt16x16 };

const char* TypeName(MatMulType t) {
  switch (t) {
    case MatMulType::kFloat32: return "float32";
    case MatMulType::kInt8: return "int8";
    case MatMulType::kInt16x8: return "int16x8";
    case MatMulType::kInt8ToInt32: return "int8_to_int32";
    case MatMulType::kInt16x16: return "int16x16";
  }
  return "?";
}

void PrintTo(MatMulType t, std::ostream* os) { *os << TypeName(t); }

struct MatMulCase {
  MatMulType type = MatMulType::kFloat32;
  DataType lhs_type = DataType::kFloat32, rhs_type = DataType::kFloat32, out_type = DataType::kFloat32;
  std::vector<int32_t> lhs_shape, rhs_shape;  // as stored (adjoints transposed)
  bool adj_x = false, adj_y = false;
  bool constant_rhs = true;
  QuantParams lhs_quant, rhs_quant, out_quant;
  std::vector<uint8_t> lhs, rhs;

  std::string Describe() const {
    std::string s = std::string(TypeName(type)) + " lhs " + ShapeText(lhs_shape) + (adj_x ? " adj_x" : "") +
                    " rhs " + ShapeText(rhs_shape) + (adj_y ? " adj_y" : "") +
                    (constant_rhs ? " constant" : " variable");
    const auto quant = [&s](const char* name, const QuantParams& q) {
      if (q.scales.empty()) return;
      s += std::string(" ") + name + "(scale " + std::to_string(q.scales[0]) + ", zero " +
           std::to_string(q.zero_points[0]) + ")";
    };
    quant("lhs", lhs_quant);
    quant("rhs", rhs_quant);
    quant("out", out_quant);
    return s;
  }
};

size_t ElementBytes(DataType t) {
  return t == DataType::kInt8 ? 1 : t == DataType::kInt16 ? 2 : 4;
}

// The output bytes of `c` on `path` with `threads` threads. A variable rhs
// is first run with other values: the weights packed at run must be the
// current ones.
std::vector<uint8_t> RunMatMul(const MatMulCase& c, KernelPath path, int threads) {
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  SingleOpModel model;
  const int lhs = model.AddInput(c.lhs_type, ShapeOf(c.lhs_shape), c.lhs_quant);
  const int rhs = c.constant_rhs ? model.AddConstInputBytes(c.rhs_type, ShapeOf(c.rhs_shape), c.rhs, c.rhs_quant)
                                 : model.AddInput(c.rhs_type, ShapeOf(c.rhs_shape), c.rhs_quant);
  const int output = model.AddOutput(c.out_type, {}, c.out_quant);
  BatchMatMulOptions options;
  options.adj_x = c.adj_x;
  options.adj_y = c.adj_y;
  model.SetBuiltinOp(BuiltinOp::kBATCH_MATMUL, options);
  if (c.constant_rhs) return RunModel(model, threads, {{lhs, &c.lhs}}, output);
  const std::vector<uint8_t> decoy(c.rhs.rbegin(), c.rhs.rend());
  if (RunModel(model, threads, {{lhs, &c.lhs}, {rhs, &decoy}}, output).empty()) return {};
  return InvokeAndRead(model, {{rhs, &c.rhs}}, output);
}

// Integer outputs: the same bytes, reported by element.
::testing::AssertionResult SameIntegers(const std::vector<uint8_t>& expected, const std::vector<uint8_t>& actual,
                                        size_t element_bytes) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << actual.size() << " output bytes, reference " << expected.size();
  }
  const size_t i = std::mismatch(actual.begin(), actual.end(), expected.begin()).first - actual.begin();
  if (i == actual.size()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "first mismatch at element " << i / element_bytes;
}

::testing::AssertionResult MatchesReference(const MatMulCase& c, const std::vector<int>& thread_counts) {
  const std::vector<uint8_t> expected = RunMatMul(c, KernelPath::kReference, 1);
  std::vector<float> magnitudes;
  if (c.type == MatMulType::kFloat32) {
    // Each output's sum of |lhs| x |rhs| (see ProductMagnitudes).
    MatMulCase absolute = c;
    for (std::vector<uint8_t>* bytes : {&absolute.lhs, &absolute.rhs}) {
      for (size_t i = 0; i < bytes->size(); i += sizeof(float)) {
        float v;
        std::memcpy(&v, bytes->data() + i, sizeof(float));
        v = std::fabs(v);
        std::memcpy(bytes->data() + i, &v, sizeof(float));
      }
    }
    const std::vector<uint8_t> sums = RunMatMul(absolute, KernelPath::kReference, 1);
    magnitudes.resize(sums.size() / sizeof(float));
    std::memcpy(magnitudes.data(), sums.data(), sums.size());
  }
  for (KernelPath path : AvailableKernelPaths()) {
    if (path == KernelPath::kReference) continue;
    for (int threads : thread_counts) {
      const std::vector<uint8_t> actual = RunMatMul(c, path, threads);
      ::testing::AssertionResult same = c.type == MatMulType::kFloat32
                                            ? SameOutputs(Numerics::kFloat32, expected, actual, magnitudes)
                                            : SameIntegers(expected, actual, ElementBytes(c.out_type));
      if (!same) same << " on path " << KernelPathName(path) << " with " << threads << " threads; " << c.Describe();
      if (!same) return same;
    }
  }
  return ::testing::AssertionSuccess();
}

// The matrix products summed: kept below a few times the threading
// threshold so that the reference kernel (and sanitizer and emulator runs)
// stay quick.
constexpr int64_t kMinThreadedMultiplyAdds = kernels::optimized::kMinParallelMacs;
constexpr int64_t kMaxMultiplyAdds = 4 * kMinThreadedMultiplyAdds;

class MatMulRandom : public CaseRandom {
 public:
  using CaseRandom::CaseRandom;

  // A matrix side: tile and vector edges, or anything up to 80.
  int Side() { return OneIn(2) ? Pick<int>({1, 3, 4, 7, 8, 12, 13, 16, 17, 24, 33, 48, 49, 64, 65}) : Uniform(1, 80); }
  // Depths around the 4-byte blocks, or beyond the 16x8 kernel's int32
  // chunks (kQ16Chunk).
  int Depth() {
    if (OneIn(5)) return Uniform(kernels::optimized::kQ16Chunk - 2, 3 * kernels::optimized::kQ16Chunk);
    return OneIn(2) ? Pick<int>({1, 3, 4, 5, 7, 8, 13, 16, 17, 31, 32, 33, 64, 100}) : Uniform(1, 160);
  }

  // Shapes, flags and values of a random case of `type`; `threaded`: enough
  // work to be split over threads.
  MatMulCase Shapes(MatMulType type, bool threaded) {
    for (;;) {
      MatMulCase c;
      c.type = type;
      c.adj_x = OneIn(2);
      c.adj_y = OneIn(2);
      c.constant_rhs = !OneIn(3);
      // Batch dimensions: the output's, each side holding its trailing ones
      // (or fewer), a dimension of either side broadcast now and then.
      const int batch_rank = Uniform(0, 3);
      std::vector<int32_t> out_batch(static_cast<size_t>(batch_rank));
      for (int32_t& d : out_batch) d = Pick<int>({1, 2, 2, 3});
      const int lhs_rank = OneIn(3) ? Uniform(0, batch_rank) : batch_rank;
      const int rhs_rank = OneIn(3) ? Uniform(0, batch_rank) : batch_rank;
      std::vector<int32_t> lhs_batch(out_batch.end() - lhs_rank, out_batch.end());
      std::vector<int32_t> rhs_batch(out_batch.end() - rhs_rank, out_batch.end());
      for (int32_t& d : lhs_batch) d = OneIn(4) ? 1 : d;
      for (int32_t& d : rhs_batch) d = OneIn(4) ? 1 : d;
      const int m = Side(), n = Side(), k = Depth();
      int64_t batches = 1;
      for (size_t i = 0; i < out_batch.size(); ++i) {
        const size_t from_end = out_batch.size() - i;
        const int32_t l = from_end <= lhs_batch.size() ? lhs_batch[lhs_batch.size() - from_end] : 1;
        const int32_t r = from_end <= rhs_batch.size() ? rhs_batch[rhs_batch.size() - from_end] : 1;
        batches *= std::max(l, r);
      }
      const int64_t multiply_adds = batches * m * n * k;
      if (multiply_adds > kMaxMultiplyAdds || (threaded && multiply_adds < kMinThreadedMultiplyAdds)) continue;
      c.lhs_shape = lhs_batch;
      c.lhs_shape.push_back(c.adj_x ? k : m);
      c.lhs_shape.push_back(c.adj_x ? m : k);
      c.rhs_shape = rhs_batch;
      c.rhs_shape.push_back(c.adj_y ? n : k);
      c.rhs_shape.push_back(c.adj_y ? k : n);
      FillValues(&c, k);
      return c;
    }
  }

 private:
  void FillValues(MatMulCase* c, int depth) {
    const size_t lhs_count = Count(c->lhs_shape), rhs_count = Count(c->rhs_shape);
    if (c->type == MatMulType::kFloat32) {
      c->lhs = Floats(lhs_count);
      c->rhs = Floats(rhs_count);
      return;
    }
    const bool lhs16 = c->type == MatMulType::kInt16x8 || c->type == MatMulType::kInt16x16;
    c->lhs_type = lhs16 ? DataType::kInt16 : DataType::kInt8;
    c->rhs_type = c->type == MatMulType::kInt16x16 ? DataType::kInt16 : DataType::kInt8;
    c->out_type = c->type == MatMulType::kInt8ToInt32 ? DataType::kInt32 : c->lhs_type;
    // int16 tensors have zero point 0; int8 ones any (the rhs mostly 0, as
    // converters give weights).
    const int lhs_zero = lhs16 ? 0 : Uniform(-128, 127);
    const int rhs_zero = lhs16 || !OneIn(3) ? 0 : Uniform(-128, 127);
    const int lhs_spread = Spread(c->lhs_type), rhs_spread = Spread(c->rhs_type);
    c->lhs = lhs16 ? Int16s(lhs_count, lhs_spread) : Bytes(lhs_count, lhs_zero, lhs_spread, -128, 127);
    c->rhs = c->rhs_type == DataType::kInt16 ? Int16s(rhs_count, rhs_spread)
                                              : Bytes(rhs_count, rhs_zero, rhs_spread, -128, 127);
    const float lhs_scale = LogUniform(-7.0f, -2.0f), rhs_scale = LogUniform(-7.0f, -3.0f);
    c->lhs_quant = PerTensor(lhs_scale, lhs_zero);
    c->rhs_quant = PerTensor(rhs_scale, rhs_zero);
    // An output scale spreading the outputs over the range, or now and then
    // one making the multiplier exceed 1 (a left shift).
    const float typical = std::sqrt(static_cast<float>(depth)) * Magnitude(c->lhs_type, lhs_spread) *
                          Magnitude(c->rhs_type, rhs_spread) / 3.0f;
    const float range = c->out_type == DataType::kInt16 ? 16384.0f : 64.0f;
    const float out_scale = OneIn(6) ? lhs_scale * rhs_scale * LogUniform(-1.5f, -0.1f)
                                     : lhs_scale * rhs_scale * typical / range * LogUniform(-1.0f, 1.0f);
    c->out_quant = PerTensor(out_scale, c->out_type == DataType::kInt8 ? Uniform(-128, 127) : 0);
  }

  static float Magnitude(DataType t, int spread) {
    return static_cast<float>(std::min(spread, t == DataType::kInt16 ? 32768 : 128));
  }
  int Spread(DataType t) { return t == DataType::kInt16 ? Pick<int>({3, 300, 32767}) : Pick<int>({3, 20, 255}); }

  // int16 values within `spread` of 0, as stored bytes.
  std::vector<uint8_t> Int16s(size_t count, int spread) {
    std::vector<int16_t> values(count);
    for (int16_t& v : values) v = static_cast<int16_t>(Uniform(-spread, spread));
    std::vector<uint8_t> bytes(count * sizeof(int16_t));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  }
};

constexpr int kCasesPerType = 120;

class BatchMatMulConsistencyTest : public ::testing::TestWithParam<MatMulType> {};

TEST_P(BatchMatMulConsistencyTest, EveryPathMatchesReferenceAtOneAndTwoThreads) {
  KernelPathGuard guard;
  // A fixed seed per type: a failure replays.
  MatMulRandom random(static_cast<uint32_t>(GetParam()) + 101);
  for (int i = 0; i < kCasesPerType; ++i) {
    const MatMulCase c = random.Shapes(GetParam(), random.OneIn(3));
    ASSERT_TRUE(MatchesReference(c, {1, 2})) << "(case " << i << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Types, BatchMatMulConsistencyTest,
                         ::testing::Values(MatMulType::kFloat32, MatMulType::kInt8, MatMulType::kInt16x8,
                                           MatMulType::kInt8ToInt32, MatMulType::kInt16x16),
                         [](const ::testing::TestParamInfo<MatMulType>& info) { return TypeName(info.param); });

// Larger products, split into many tasks: the same bytes at one to four
// threads.
TEST(BatchMatMulThreadConsistency, SameAtOneToFourThreads) {
  KernelPathGuard guard;
  MatMulRandom random(5);
  for (MatMulType type : {MatMulType::kFloat32, MatMulType::kInt8, MatMulType::kInt16x8}) {
    for (int i = 0; i < 4; ++i) {
      MatMulCase c = random.Shapes(type, /*threaded=*/true);
      ASSERT_TRUE(MatchesReference(c, {1, 2, 3, 4})) << "(case " << i << ")";
    }
  }
}

}  // namespace
}  // namespace minnow::testing
