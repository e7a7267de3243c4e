// Randomized consistency of the optimized ADD, SUB and MUL with the reference
// kernels, on every kernel path this CPU runs: random shapes in the forms
// models use (equal shapes, a scalar, per-channel, per-pixel and
// squeeze-excitation broadcasts) and general broadcasts, channel counts at
// and around the vector widths, outputs large enough to be split over
// threads, random quantization parameters and fused activations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "op_consistency.h"

namespace minnow::testing {
namespace {

struct BinaryCase {
  BuiltinOp op = BuiltinOp::kADD;
  Numerics numerics = Numerics::kFloat32;
  Activation activation = Activation::kNone;
  std::vector<int32_t> shape1, shape2;
  QuantParams quant1, quant2, quant_out;
  std::vector<uint8_t> input1, input2;  // raw element bytes

  std::string Describe() const {
    std::string text = std::string(BuiltinOpName(static_cast<int32_t>(op))) + " " +
                       NumericsName(numerics) + " " + ShapeText(shape1) + " x " + ShapeText(shape2) +
                       " activation " + std::to_string(static_cast<int>(activation));
    for (const QuantParams* q : {&quant1, &quant2, &quant_out}) {
      if (!q->scales.empty()) {
        text += " q(" + std::to_string(q->scales[0]) + ", " + std::to_string(q->zero_points[0]) + ")";
      }
    }
    return text;
  }
};

// Shapes broadcast into a [batches, height, width, channels] output in one
// of the forms models use, or with any dimensions of either input broadcast.
void RandomShapes(CaseRandom& r, bool large, std::vector<int32_t>* s1, std::vector<int32_t>* s2) {
  const int batches = r.Uniform(1, 2);
  const int height = large ? r.Uniform(40, 90) : r.Uniform(1, 9);
  const int width = large ? r.Uniform(40, 90) : r.Uniform(1, 9);
  const int channels = r.Channels();
  const std::vector<int32_t> full = {batches, height, width, channels};
  *s1 = full;
  switch (r.Uniform(0, 6)) {
    case 0:  // equal shapes
      *s2 = full;
      break;
    case 1:  // a scalar
      *s2 = r.OneIn(2) ? std::vector<int32_t>{} : std::vector<int32_t>{1};
      break;
    case 2:  // per channel
      *s2 = {channels};
      break;
    case 3:  // per pixel
      *s2 = {batches, height, width, 1};
      break;
    case 4:  // squeeze-excitation: per image and channel
      *s2 = {batches, 1, 1, channels};
      break;
    case 5:  // rows of a matrix
      *s1 = {height * width, channels};
      *s2 = {1, channels};
      break;
    default:
      s2->clear();
      for (int32_t& d : *s1) {
        const int which = r.Uniform(0, 2);
        s2->push_back(which == 2 ? 1 : d);
        if (which == 1) d = 1;
      }
      break;
  }
  if (r.OneIn(2)) std::swap(*s1, *s2);
}

std::vector<uint8_t> RandomValues(CaseRandom& r, Numerics numerics, const std::vector<int32_t>& shape) {
  size_t count = 1;
  for (int32_t d : shape) count *= static_cast<size_t>(d);
  if (numerics == Numerics::kFloat32) {
    std::vector<float> values(count);
    for (float& v : values) v = r.UniformReal(-8.0f, 8.0f);
    std::vector<uint8_t> bytes(count * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  }
  std::vector<uint8_t> bytes(count);
  for (uint8_t& b : bytes) b = static_cast<uint8_t>(r.Uniform(0, 255));
  return bytes;
}

BinaryCase RandomCase(CaseRandom& r, bool large) {
  BinaryCase c;
  c.op = r.Pick<BuiltinOp>({BuiltinOp::kADD, BuiltinOp::kSUB, BuiltinOp::kMUL});
  c.numerics = r.Pick<Numerics>({Numerics::kFloat32, Numerics::kInt8PerTensor, Numerics::kUInt8PerTensor});
  c.activation = r.FusedActivation();
  RandomShapes(r, large, &c.shape1, &c.shape2);
  if (c.numerics != Numerics::kFloat32) {
    const bool is_unsigned = c.numerics == Numerics::kUInt8PerTensor;
    const auto zero = [&] { return is_unsigned ? r.Uniform(0, 255) : r.Uniform(-128, 127); };
    const float scale1 = r.LogUniform(-7.0f, 1.0f);
    const float scale2 = r.LogUniform(-7.0f, 1.0f);
    // Mostly an output scale that keeps results in range, as a converter
    // picks it; sometimes any scale, saturating or with a multiplier above 1.
    float scale_out = r.LogUniform(-7.0f, 1.0f);
    if (!r.OneIn(4)) {
      scale_out = c.op == BuiltinOp::kMUL ? scale1 * scale2 * r.LogUniform(2.0f, 7.0f)
                                          : std::max(scale1, scale2) * r.LogUniform(-1.0f, 2.0f);
    }
    c.quant1 = PerTensor(scale1, zero());
    c.quant2 = PerTensor(scale2, zero());
    c.quant_out = PerTensor(scale_out, zero());
  }
  c.input1 = RandomValues(r, c.numerics, c.shape1);
  c.input2 = RandomValues(r, c.numerics, c.shape2);
  return c;
}

// The output bytes of `c` on kernel path `path` with `threads` threads.
std::vector<uint8_t> RunBinaryCase(const BinaryCase& c, KernelPath path, int threads) {
  EXPECT_TRUE(SetKernelPath(path).ok()) << KernelPathName(path);
  const DataType type = ElementType(c.numerics);
  const auto shape = [](const std::vector<int32_t>& dims) {
    Shape s;
    s.Assign(dims.data(), static_cast<int>(dims.size()));
    return s;
  };
  SingleOpModel model;
  const int in1 = model.AddInput(type, shape(c.shape1), c.quant1);
  const int in2 = model.AddInput(type, shape(c.shape2), c.quant2);
  const int out = model.AddOutput(type, {}, c.quant_out);
  if (c.op == BuiltinOp::kMUL) {
    model.SetBuiltinOp(c.op, MulOptions{c.activation});
  } else {
    model.SetBuiltinOp(c.op, AddSubOptions{c.activation});
  }
  model.SetNumThreads(threads);
  const Status built = model.Build();
  if (!built.ok()) {
    ADD_FAILURE() << built.message();
    return {};
  }
  model.SetInputBytes(in1, c.input1.data(), c.input1.size());
  model.SetInputBytes(in2, c.input2.data(), c.input2.size());
  const Status invoked = model.Invoke();
  if (!invoked.ok()) {
    ADD_FAILURE() << invoked.message();
    return {};
  }
  const Tensor* t = model.GetTensor(out);
  const auto* begin = static_cast<const uint8_t*>(t->data);
  return std::vector<uint8_t>(begin, begin + t->bytes);
}

// `count` random cases on every optimized path at `threads` threads against
// the reference kernels.
void CheckRandomCases(uint32_t seed, int count, bool large, int threads) {
  KernelPathGuard guard;
  CaseRandom r(seed);
  for (int i = 0; i < count; ++i) {
    const BinaryCase c = RandomCase(r, large);
    const std::vector<uint8_t> expected = RunBinaryCase(c, KernelPath::kReference, 1);
    ASSERT_FALSE(expected.empty()) << c.Describe();
    for (KernelPath path : AvailableKernelPaths()) {
      if (path == KernelPath::kReference) continue;
      ASSERT_TRUE(SameOutputs(c.numerics, expected, RunBinaryCase(c, path, threads)))
          << "on path " << KernelPathName(path) << " with " << threads << " threads; " << c.Describe()
          << " (case " << i << ")";
    }
  }
}

TEST(ElementwiseConsistency, SmallShapesOneThread) { CheckRandomCases(1, 1000, false, 1); }

TEST(ElementwiseConsistency, LargeShapesOneThread) { CheckRandomCases(2, 12, true, 1); }

// Outputs of 64K elements and more are split over the threads.
TEST(ElementwiseConsistency, LargeShapesThreeThreads) { CheckRandomCases(3, 24, true, 3); }

}  // namespace
}  // namespace minnow::testing
