// PAD and PADV2: expected outputs written out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::PerTensor;
using testing::SingleOpModel;

TEST(PadTest, Float2D) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, {2, 2});
  m.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {1, 1, 2, 0});
  const int out = m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kPAD);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<float>(in, {1, 2, 3, 4});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{4, 4}));
  EXPECT_EQ(m.GetOutput<float>(out), (std::vector<float>{0, 0, 0, 0,  //
                                                         0, 0, 1, 2,  //
                                                         0, 0, 3, 4,  //
                                                         0, 0, 0, 0}));
}

TEST(PadTest, UInt8PadsWithOutputZeroPoint) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kUInt8, {1, 2, 1, 1}, PerTensor(0.5f, 128));
  m.AddConstInput<int32_t>(DataType::kInt32, {4, 2}, {0, 0, 1, 0, 0, 1, 0, 0});
  const int out = m.AddOutput(DataType::kUInt8, {}, PerTensor(0.5f, 128));
  m.SetBuiltinOp(BuiltinOp::kPAD);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<uint8_t>(in, {7, 250});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{1, 3, 2, 1}));
  EXPECT_EQ(m.GetOutput<uint8_t>(out), (std::vector<uint8_t>{128, 128, 7, 128, 250, 128}));
}

TEST(PadTest, Int8PadsWithNonZeroZeroPointAndInt64Paddings) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt8, {3}, PerTensor(0.1f, -3));
  m.AddConstInput<int64_t>(DataType::kInt64, {1, 2}, {2, 1});
  const int out = m.AddOutput(DataType::kInt8, {}, PerTensor(0.1f, -3));
  m.SetBuiltinOp(BuiltinOp::kPAD);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int8_t>(in, {-128, 0, 127});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutput<int8_t>(out), (std::vector<int8_t>{-3, -3, -128, 0, 127, -3}));
}

TEST(PadTest, Int16AndInt32) {
  {
    SingleOpModel m;
    const int in = m.AddInput(DataType::kInt16, {2}, PerTensor(0.001f, 0));
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
    const int out = m.AddOutput(DataType::kInt16, {}, PerTensor(0.001f, 0));
    m.SetBuiltinOp(BuiltinOp::kPAD);
    ASSERT_TRUE(m.Build().ok());
    m.SetInput<int16_t>(in, {-32768, 32767});
    ASSERT_TRUE(m.Invoke().ok());
    EXPECT_EQ(m.GetOutput<int16_t>(out), (std::vector<int16_t>{0, -32768, 32767, 0}));
  }
  {
    SingleOpModel m;
    const int in = m.AddInput(DataType::kInt32, {1, 2});
    m.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {1, 0, 0, 1});
    const int out = m.AddOutput(DataType::kInt32);
    m.SetBuiltinOp(BuiltinOp::kPAD);
    ASSERT_TRUE(m.Build().ok());
    m.SetInput<int32_t>(in, {5, -6});
    ASSERT_TRUE(m.Invoke().ok());
    EXPECT_EQ(m.GetOutputShape(out), (Shape{2, 3}));
    EXPECT_EQ(m.GetOutput<int32_t>(out), (std::vector<int32_t>{0, 0, 0, 5, -6, 0}));
  }
}

TEST(PadTest, FiveDimensional) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, {1, 1, 1, 1, 2});
  m.AddConstInput<int32_t>(DataType::kInt32, {5, 2}, {0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  const int out = m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kPAD);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<float>(in, {1.5f, -2.5f});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{1, 2, 1, 1, 3}));
  EXPECT_EQ(m.GetOutput<float>(out), (std::vector<float>{0, 1.5f, -2.5f, 0, 0, 0}));
}

TEST(PadTest, PadV2FloatValue) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, {1, 2});
  m.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {0, 1, 1, 1});
  m.AddConstInput<float>(DataType::kFloat32, {}, {9.5f});
  const int out = m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kPADV2);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<float>(in, {1, 2});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{2, 4}));
  EXPECT_EQ(m.GetOutput<float>(out), (std::vector<float>{9.5f, 1, 2, 9.5f, 9.5f, 9.5f, 9.5f, 9.5f}));
}

TEST(PadTest, PadV2QuantizedValue) {
  SingleOpModel m;
  const QuantParams q = PerTensor(0.5f, 10);
  const int in = m.AddInput(DataType::kInt8, {2}, q);
  m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 2});
  m.AddConstInput<int8_t>(DataType::kInt8, {1}, {-100}, q);
  const int out = m.AddOutput(DataType::kInt8, {}, q);
  m.SetBuiltinOp(BuiltinOp::kPADV2);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int8_t>(in, {1, 2});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutput<int8_t>(out), (std::vector<int8_t>{-100, 1, 2, -100, -100}));
}

TEST(PadTest, PadV2Int64ValueWholeRows) {
  // [2, 2, 3] of 0..11, dimension 0 padded [1, 0] and dimension 1 [0, 1]
  // with -7: rows of 3 copied and filled whole.
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt64, {2, 2, 3});
  m.AddConstInput<int32_t>(DataType::kInt32, {3, 2}, {1, 0, 0, 1, 0, 0});
  m.AddConstInput<int64_t>(DataType::kInt64, {}, {-7});
  const int out = m.AddOutput(DataType::kInt64);
  m.SetBuiltinOp(BuiltinOp::kPADV2);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int64_t>(in, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{3, 3, 3}));
  EXPECT_EQ(m.GetOutput<int64_t>(out), (std::vector<int64_t>{-7, -7, -7, -7, -7, -7, -7, -7, -7,  //
                                                             0,  1,  2,  3,  4,  5,  -7, -7, -7,  //
                                                             6,  7,  8,  9,  10, 11, -7, -7, -7}));
}

TEST(PadTest, PadV2NonConstantValue) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt32, {1});
  m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  const int value = m.AddInput(DataType::kInt32, {});
  const int out = m.AddOutput(DataType::kInt32);
  m.SetBuiltinOp(BuiltinOp::kPADV2);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int32_t>(in, {4});
  m.SetInput<int32_t>(value, {-7});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutput<int32_t>(out), (std::vector<int32_t>{-7, 4, -7}));
}

TEST(PadTest, RejectsBadPaddingsShape) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2, 2});
  m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kPAD);
  EXPECT_FALSE(m.Build().ok());
}

TEST(PadTest, RejectsNegativePadding) {
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2});
  m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {-1, 1});
  m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kPAD);
  EXPECT_FALSE(m.Build().ok());
}

TEST(PadTest, RejectsPadV2ValueTypeOrQuantizationMismatch) {
  {
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {2});
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
    m.AddConstInput<int32_t>(DataType::kInt32, {}, {1});
    m.AddOutput(DataType::kFloat32);
    m.SetBuiltinOp(BuiltinOp::kPADV2);
    EXPECT_FALSE(m.Build().ok());
  }
  {
    SingleOpModel m;
    m.AddInput(DataType::kUInt8, {2}, PerTensor(0.5f, 128));
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
    m.AddConstInput<uint8_t>(DataType::kUInt8, {}, {1}, PerTensor(0.5f, 0));
    m.AddOutput(DataType::kUInt8, {}, PerTensor(0.5f, 128));
    m.SetBuiltinOp(BuiltinOp::kPADV2);
    EXPECT_FALSE(m.Build().ok());
  }
}

// Computed (non-constant) paddings: the output shape is known at eval.
TEST(PadTest, DynamicPaddings) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt8, {2}, PerTensor(0.5f, -4));
  const int pads = m.AddInput(DataType::kInt32, {1, 2});
  const int out = m.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -4));
  m.SetBuiltinOp(BuiltinOp::kPAD);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int8_t>(in, {7, 8});
  m.SetInput<int32_t>(pads, {1, 2});
  const Status run = m.Invoke();
  ASSERT_TRUE(run.ok()) << run.message();
  EXPECT_EQ(m.GetOutputShape(out), (Shape{5}));
  EXPECT_EQ(m.GetOutput<int8_t>(out), (std::vector<int8_t>{-4, 7, 8, -4, -4}));
  m.SetInput<int32_t>(pads, {0, 0});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutput<int8_t>(out), (std::vector<int8_t>{7, 8}));
  m.SetInput<int32_t>(pads, {-1, 0});
  EXPECT_FALSE(m.Invoke().ok());
}

}  // namespace
}  // namespace minnow
