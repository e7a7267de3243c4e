// ARG_MAX / ARG_MIN: indices of the first extreme value along one axis.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "op_test_util.h"

namespace minnow {
namespace {

using testing::PerTensor;
using testing::SingleOpModel;

ArgMinMaxOptions OutputType(DataType t) {
  ArgMinMaxOptions o;
  o.output_type = static_cast<int8_t>(t);
  return o;
}

template <typename T, typename Index>
struct ArgRun {
  Status build, invoke;
  Shape shape;
  std::vector<Index> out;
};

template <typename T, typename Index, typename AxisT = int32_t>
ArgRun<T, Index> RunArg(BuiltinOp op, DataType type, const Shape& shape, const std::vector<T>& input,
                        AxisT axis, DataType axis_type = DataType::kInt32,
                        bool dynamic_axis = false) {
  ArgRun<T, Index> r;
  SingleOpModel m;
  const int in = m.AddInput(type, shape,
                            type == DataType::kInt8 || type == DataType::kUInt8
                                ? PerTensor(0.5f, 2)
                                : QuantParams{});
  int axis_index = -1;
  if (dynamic_axis) {
    axis_index = m.AddInput(axis_type, {1});
  } else {
    m.AddConstInput<AxisT>(axis_type, {1}, {axis});
  }
  const DataType out_type = sizeof(Index) == 8 ? DataType::kInt64 : DataType::kInt32;
  const int out = m.AddOutput(out_type);
  m.SetBuiltinOp(op, OutputType(out_type));
  r.build = m.Build();
  if (!r.build.ok()) return r;
  m.SetInput(in, input);
  if (dynamic_axis) m.SetInput(axis_index, std::vector<AxisT>{axis});
  r.invoke = m.Invoke();
  if (!r.invoke.ok()) return r;
  r.shape = m.GetOutputShape(out);
  r.out = m.GetOutput<Index>(out);
  return r;
}

#define EXPECT_RUN_OK(r)                                   \
  do {                                                     \
    ASSERT_TRUE((r).build.ok()) << (r).build.message();    \
    ASSERT_TRUE((r).invoke.ok()) << (r).invoke.message();  \
  } while (0)

TEST(ArgMinMaxTest, ArgMaxFloatLastAxisTiesPickFirst) {
  auto r = RunArg<float, int32_t>(BuiltinOp::kARG_MAX, DataType::kFloat32, {2, 4},
                                  {1, 7, 7, 3, -1, -5, -1, -2}, 1);
  EXPECT_RUN_OK(r);
  EXPECT_EQ(r.shape, (Shape{2}));
  EXPECT_EQ(r.out, (std::vector<int32_t>{1, 0}));
}

TEST(ArgMinMaxTest, ArgMaxMiddleAxisInt64Output) {
  // Shape 2x3x2, along axis 1.
  auto r = RunArg<int32_t, int64_t>(BuiltinOp::kARG_MAX, DataType::kInt32, {2, 3, 2},
                                    {0, 9, 5, 1, 5, 2, 4, 4, 3, 8, 4, 8}, 1);
  EXPECT_RUN_OK(r);
  EXPECT_EQ(r.shape, (Shape{2, 2}));
  // [b0,c0]: 0,5,5 -> 1. [b0,c1]: 9,1,2 -> 0. [b1,c0]: 4,3,4 -> 0. [b1,c1]: 4,8,8 -> 1.
  EXPECT_EQ(r.out, (std::vector<int64_t>{1, 0, 0, 1}));
}

TEST(ArgMinMaxTest, ArgMinNegativeInt64AxisUInt8) {
  auto r = RunArg<uint8_t, int32_t, int64_t>(BuiltinOp::kARG_MIN, DataType::kUInt8, {2, 3},
                                             {200, 3, 3, 0, 255, 0}, -1, DataType::kInt64);
  EXPECT_RUN_OK(r);
  EXPECT_EQ(r.out, (std::vector<int32_t>{1, 0}));
}

TEST(ArgMinMaxTest, ArgMinInt8FirstAxis) {
  auto r = RunArg<int8_t, int32_t>(BuiltinOp::kARG_MIN, DataType::kInt8, {3, 2},
                                   {5, -128, -3, 7, -3, -128}, 0);
  EXPECT_RUN_OK(r);
  EXPECT_EQ(r.out, (std::vector<int32_t>{1, 0}));
}

TEST(ArgMinMaxTest, Int8LongLastAxisPicksFirstExtreme) {
  // Rows of 21: i - 10, with 100 at 5 and 17 and -128 at 8 and 20; then a
  // constant row.
  std::vector<int8_t> input;
  for (int i = 0; i < 21; ++i) {
    const bool high = i == 5 || i == 17, low = i == 8 || i == 20;
    input.push_back(static_cast<int8_t>(high ? 100 : (low ? -128 : i - 10)));
  }
  input.insert(input.end(), 21, -3);
  auto max = RunArg<int8_t, int64_t>(BuiltinOp::kARG_MAX, DataType::kInt8, {2, 21}, input, 1);
  EXPECT_RUN_OK(max);
  EXPECT_EQ(max.out, (std::vector<int64_t>{5, 0}));
  auto min = RunArg<int8_t, int64_t>(BuiltinOp::kARG_MIN, DataType::kInt8, {2, 21}, input, 1);
  EXPECT_RUN_OK(min);
  EXPECT_EQ(min.out, (std::vector<int64_t>{8, 0}));
}

// 8-bit rows along the last axis take a keyed path up to 256 elements and
// the general loop beyond: both must give the first extreme index, checked
// against a plain scan on random rows full of ties.
template <typename T>
void CheckRandomLastAxis(BuiltinOp op, DataType type, int axis_size) {
  std::mt19937 rng(static_cast<uint32_t>(axis_size * 7 + static_cast<int>(op)));
  const int rows = 37;
  std::vector<T> input(static_cast<size_t>(rows) * axis_size);
  for (int r = 0; r < rows; ++r) {
    // Few distinct values per row, so the extreme repeats; the extremes of
    // the type in some rows.
    const int spread = 1 + r % 5;
    for (int k = 0; k < axis_size; ++k) {
      int v = static_cast<int>(rng() % spread) + r % 3 * 40;
      if (r % 7 == 0) v = k % 2 == 0 ? std::numeric_limits<T>::min() : std::numeric_limits<T>::max();
      input[static_cast<size_t>(r) * axis_size + k] = static_cast<T>(v);
    }
  }
  std::vector<int64_t> expected;
  for (int r = 0; r < rows; ++r) {
    const T* row = input.data() + static_cast<size_t>(r) * axis_size;
    int best = 0;
    for (int k = 1; k < axis_size; ++k) {
      if (op == BuiltinOp::kARG_MAX ? row[k] > row[best] : row[k] < row[best]) best = k;
    }
    expected.push_back(best);
  }
  auto got = RunArg<T, int64_t>(op, type, {rows, axis_size}, input, 1);
  EXPECT_RUN_OK(got);
  EXPECT_EQ(got.out, expected) << "axis size " << axis_size;
}

TEST(ArgMinMaxTest, EightBitLastAxisMatchesAPlainScan) {
  for (int axis_size : {1, 2, 21, 255, 256, 257, 300}) {
    CheckRandomLastAxis<uint8_t>(BuiltinOp::kARG_MAX, DataType::kUInt8, axis_size);
    CheckRandomLastAxis<uint8_t>(BuiltinOp::kARG_MIN, DataType::kUInt8, axis_size);
    CheckRandomLastAxis<int8_t>(BuiltinOp::kARG_MAX, DataType::kInt8, axis_size);
    CheckRandomLastAxis<int8_t>(BuiltinOp::kARG_MIN, DataType::kInt8, axis_size);
  }
}

TEST(ArgMinMaxTest, BoolAndDynamicAxis) {
  SingleOpModel m;
  const int in = m.AddInput(DataType::kBool, {2, 3});
  const int axis = m.AddInput(DataType::kInt32, {1});
  const int out = m.AddOutput(DataType::kInt32);
  m.SetBuiltinOp(BuiltinOp::kARG_MAX, OutputType(DataType::kInt32));
  ASSERT_TRUE(m.Build().ok());
  m.SetInput(in, std::vector<uint8_t>{0, 0, 1, 1, 1, 0});
  m.SetInput(axis, std::vector<int32_t>{1});
  ASSERT_TRUE(m.Invoke().ok());
  EXPECT_EQ(m.GetOutputShape(out), (Shape{2}));
  EXPECT_EQ(m.GetOutput<int32_t>(out), (std::vector<int32_t>{2, 0}));
}

TEST(ArgMinMaxTest, DynamicAxisFloat) {
  auto r = RunArg<float, int32_t>(BuiltinOp::kARG_MIN, DataType::kFloat32, {2, 2}, {3, 1, 2, 4}, 0,
                                  DataType::kInt32, /*dynamic_axis=*/true);
  EXPECT_RUN_OK(r);
  EXPECT_EQ(r.shape, (Shape{2}));
  EXPECT_EQ(r.out, (std::vector<int32_t>{1, 0}));
}

TEST(ArgMinMaxTest, BadModelsFailToBuild) {
  // Axis out of range.
  EXPECT_FALSE((RunArg<float, int32_t>(BuiltinOp::kARG_MAX, DataType::kFloat32, {2, 2},
                                       {1, 2, 3, 4}, 2)
                    .build.ok()));
  // INT16 input is not supported by TensorFlow Lite's kernel.
  EXPECT_FALSE((RunArg<int16_t, int32_t>(BuiltinOp::kARG_MAX, DataType::kInt16, {2}, {1, 2}, 0)
                    .build.ok()));
  // output_type must be INT32 or INT64.
  SingleOpModel m;
  m.AddInput(DataType::kFloat32, {2});
  m.AddConstInput<int32_t>(DataType::kInt32, {1}, {0});
  m.AddOutput(DataType::kFloat32);
  m.SetBuiltinOp(BuiltinOp::kARG_MAX, OutputType(DataType::kFloat32));
  EXPECT_FALSE(m.Build().ok());
}

}  // namespace
}  // namespace minnow
