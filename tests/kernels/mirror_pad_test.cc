// MIRROR_PAD: expected tensors written out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::PerTensor;
using testing::SingleOpModel;

MirrorPadOptions Mode(MirrorPadMode mode) {
  MirrorPadOptions o;
  o.mode = mode;
  return o;
}

TEST(MirrorPadTest, Reflect1D) {
  // [1,2,3] padded [2, 2] REFLECT -> [3,2,1,2,3,2,1].
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, {3});
  m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {2, 2});
  const int out = m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kReflect));
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<float>(in, {1, 2, 3});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{7}));
  EXPECT_EQ(m.GetOutput<float>(out), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
}

TEST(MirrorPadTest, Symmetric1D) {
  // [1,2,3] padded [3, 1] SYMMETRIC -> [3,2,1,1,2,3,3].
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt32, {3});
  m.AddConstInput<int64_t>(DataType::kInt64, {1, 2}, {3, 1});
  const int out = m.AddOutput(DataType::kInt32);
  m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kSymmetric));
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int32_t>(in, {1, 2, 3});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutput<int32_t>(out), (std::vector<int32_t>{3, 2, 1, 1, 2, 3, 3}));
}

TEST(MirrorPadTest, Int8TwoDimsReflect) {
  // [[1,2,3],[4,5,6]] padded [[1,1],[2,0]] REFLECT:
  // rows: 4-row (reflect of row 1), row 0, row 1, row 0.
  // each row [a,b,c] -> [c,b,a,b,c].
  SingleOpModel m;
  const int in = m.AddInput(DataType::kInt8, {2, 3}, PerTensor(0.5f, -2));
  m.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {1, 1, 2, 0});
  const int out = m.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -2));
  m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kReflect), 2);
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<int8_t>(in, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{4, 5}));
  EXPECT_EQ(m.GetOutput<int8_t>(out), (std::vector<int8_t>{6, 5, 4, 5, 6,  //
                                                           3, 2, 1, 2, 3,  //
                                                           6, 5, 4, 5, 6,  //
                                                           3, 2, 1, 2, 3}));
}

TEST(MirrorPadTest, UInt8Int16Symmetric) {
  {
    SingleOpModel m;
    const int in = m.AddInput(DataType::kUInt8, {2}, PerTensor(1.0f, 128));
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {2, 2});
    const int out = m.AddOutput(DataType::kUInt8, {}, PerTensor(1.0f, 128));
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kSymmetric));
    ASSERT_TRUE(m.Build().ok());
    m.SetInput<uint8_t>(in, {0, 255});
    ASSERT_TRUE(m.Invoke().ok());
    EXPECT_EQ(m.GetOutput<uint8_t>(out), (std::vector<uint8_t>{255, 0, 0, 255, 255, 0}));
  }
  {
    SingleOpModel m;
    const int in = m.AddInput(DataType::kInt16, {2, 1});
    m.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {0, 1, 1, 0});
    const int out = m.AddOutput(DataType::kInt16);
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kSymmetric));
    ASSERT_TRUE(m.Build().ok());
    m.SetInput<int16_t>(in, {-7, 9});
    ASSERT_TRUE(m.Invoke().ok());
    EXPECT_EQ(m.GetOutputShape(out), (Shape{3, 2}));
    EXPECT_EQ(m.GetOutput<int16_t>(out), (std::vector<int16_t>{-7, -7, 9, 9, 9, 9}));
  }
}

// NHWC with unpadded channels: each pixel is copied whole. Input pixel
// (y, x) holds channels {2 (3y + x), 2 (3y + x) + 1}; height padded [1, 1],
// width [2, 1].
TEST(MirrorPadTest, HeightAndWidthOfNhwcBothModes) {
  for (MirrorPadMode mode : {MirrorPadMode::kReflect, MirrorPadMode::kSymmetric}) {
    SingleOpModel m;
    const int in = m.AddInput(DataType::kFloat32, {1, 2, 3, 2});
    m.AddConstInput<int32_t>(DataType::kInt32, {4, 2}, {0, 0, 1, 1, 2, 1, 0, 0});
    const int out = m.AddOutput(DataType::kFloat32);
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(mode));
    ASSERT_TRUE(m.Build().ok());
    m.SetInput<float>(in, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    ASSERT_TRUE(m.Invoke().ok());
    EXPECT_EQ(m.GetOutputShape(out), (Shape{1, 4, 6, 2}));
    // REFLECT rows: 1, 0, 1, 0; columns 2, 1, 0, 1, 2, 1.
    // SYMMETRIC rows: 0, 0, 1, 1; columns 1, 0, 0, 1, 2, 2.
    const std::vector<float> expected =
        mode == MirrorPadMode::kReflect
            ? std::vector<float>{10, 11, 8, 9, 6, 7, 8, 9, 10, 11, 8, 9,  //
                                 4,  5,  2, 3, 0, 1, 2, 3, 4,  5,  2, 3,  //
                                 10, 11, 8, 9, 6, 7, 8, 9, 10, 11, 8, 9,  //
                                 4,  5,  2, 3, 0, 1, 2, 3, 4,  5,  2, 3}
            : std::vector<float>{2, 3, 0, 1, 0, 1, 2, 3, 4,  5,  4,  5,   //
                                 2, 3, 0, 1, 0, 1, 2, 3, 4,  5,  4,  5,   //
                                 8, 9, 6, 7, 6, 7, 8, 9, 10, 11, 10, 11,  //
                                 8, 9, 6, 7, 6, 7, 8, 9, 10, 11, 10, 11};
    EXPECT_EQ(m.GetOutput<float>(out), expected) << static_cast<int>(mode);
  }
}

TEST(MirrorPadTest, DynamicPaddings) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kFloat32, {3});
  const int pads = m.AddInput(DataType::kInt32, {1, 2});
  const int out = m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kReflect));
  ASSERT_TRUE(m.Build().ok());
  m.SetInput<float>(in, {1, 2, 3});
  m.SetInput<int32_t>(pads, {0, 1});
  const Status run = m.Invoke();
  ASSERT_TRUE(run.ok()) << run.message();
  EXPECT_EQ(m.GetOutput<float>(out), (std::vector<float>{1, 2, 3, 2}));
  m.SetInput<int32_t>(pads, {3, 0});  // REFLECT allows at most size - 1
  EXPECT_FALSE(m.Invoke().ok());
}

TEST(MirrorPadTest, RejectsBadModels) {
  {  // paddings shape
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {3});
    m.AddConstInput<int32_t>(DataType::kInt32, {2}, {1, 1});
    m.AddOutput(DataType::kFloat32);
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD);
    EXPECT_FALSE(m.Build().ok());
  }
  {  // type mismatch
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {3});
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
    m.AddOutput(DataType::kInt32);
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD);
    EXPECT_FALSE(m.Build().ok());
  }
  {  // SYMMETRIC padding larger than the dimension
    SingleOpModel m;
    m.AddInput(DataType::kFloat32, {2});
    m.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {3, 0});
    m.AddOutput(DataType::kFloat32);
    m.SetBuiltinOp(BuiltinOp::kMIRROR_PAD, Mode(MirrorPadMode::kSymmetric));
    EXPECT_FALSE(m.Build().ok());
  }
}

}  // namespace
}  // namespace minnow
