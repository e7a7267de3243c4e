// Element-wise ADD, SUB and MUL rows, a vector of lanes at a time. The 8-bit
// arithmetic is the reference kernels' (add_sub.cc, mul.cc: TensorFlow
// Lite's) lane by lane, so the bytes out are theirs; float lanes compute the
// same single operation and clamp as the reference, so they match it exactly.
#include "kernels/optimized/isa/elementwise.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/vector.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// Where ForRow reads an input's blocks (Next() gives the next one): one
// after another,
template <typename T, int kBlock>
struct Consecutive {
  static constexpr bool kRepeated = false;
  const T* p;
  const T* Next() {
    const T* block = p;
    p += kBlock;
    return block;
  }
};

// one element for the whole row (a broadcast input; Next() is never read),
template <typename T>
struct Repeated {
  static constexpr bool kRepeated = true;
  const T* p;
  const T* Next() const { return p; }
};

// or round and round one row of `period` elements (a per-channel broadcast
// over rows that follow each other): the row extended by a block, so that a
// block starting anywhere in it is contiguous.
template <typename T, int kBlock, int kMaxPeriod>
struct Cyclic {
  static constexpr bool kRepeated = false;
  T extended[kMaxPeriod + kBlock];
  int64_t period, step, phase = 0;
  Cyclic(const T* row, int64_t n) : period(n), step(kBlock % n) {
    std::memcpy(extended, row, n * sizeof(T));
    for (int64_t j = n; j < n + kBlock; ++j) extended[j] = extended[j - n];
  }
  const T* Next() {
    const T* block = extended + phase;
    phase += step;
    if (phase >= period) phase -= period;
    return block;
  }
};

// Runs op over n elements, op.kBlock at a time: each input block becomes
// terms (op.Terms1 / op.Terms2; a repeated input's are computed once),
// op.Combine turns two terms into an output block. The last partial block
// goes through zero-filled copies, so every element takes the same
// arithmetic.
template <typename Op, typename In1, typename In2, typename T = typename Op::Element>
inline void ForRow(const Op& op, In1& in1, In2& in2, T* out, int64_t n) {
  constexpr int kBlock = Op::kBlock;
  typename Op::Terms fixed{};
  if constexpr (In1::kRepeated || In2::kRepeated) {
    T copies[kBlock];
    std::fill_n(copies, kBlock, In1::kRepeated ? *in1.p : *in2.p);
    fixed = In1::kRepeated ? op.Terms1(copies) : op.Terms2(copies);
  }
  const auto block = [&](const T* a, const T* b, T* o) {
    if constexpr (In1::kRepeated) {
      op.Combine(fixed, op.Terms2(b), o);
    } else if constexpr (In2::kRepeated) {
      op.Combine(op.Terms1(a), fixed, o);
    } else {
      op.Combine(op.Terms1(a), op.Terms2(b), o);
    }
  };
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) block(in1.Next(), in2.Next(), out + i);
  if (i < n) {
    const size_t rest = static_cast<size_t>(n - i) * sizeof(T);
    T a[kBlock] = {};
    T b[kBlock] = {};
    T o[kBlock];
    if (!In1::kRepeated) std::memcpy(a, in1.Next(), rest);
    if (!In2::kRepeated) std::memcpy(b, in2.Next(), rest);
    block(a, b, o);
    std::memcpy(out + i, o, rest);
  }
}

// Rows of at most this many elements broadcast per channel run as one.
constexpr int kMaxCyclicRow = 1024;

// Every row of r with op.
template <typename Op, typename T = typename Op::Element>
inline void RunRows(const Op& op, bool repeat1, bool repeat2, const BinaryRows& r) {
  typedef Consecutive<T, Op::kBlock> Linear;
  typedef Cyclic<T, Op::kBlock, kMaxCyclicRow> Cycle;
  const T* in1 = static_cast<const T*>(r.in1);
  const T* in2 = static_cast<const T*>(r.in2);
  T* out = static_cast<T*>(r.out);
  // Rows continuing one input and repeating the other's row: one long row,
  // without a partial block per row.
  if (!repeat1 && !repeat2 && r.rows > 1 && r.n <= kMaxCyclicRow) {
    if (r.in1_row_step == r.n && r.in2_row_step == 0) {
      Linear a{in1};
      Cycle b(in2, r.n);
      return ForRow(op, a, b, out, r.rows * r.n);
    }
    if (r.in1_row_step == 0 && r.in2_row_step == r.n) {
      Cycle a(in1, r.n);
      Linear b{in2};
      return ForRow(op, a, b, out, r.rows * r.n);
    }
  }
  for (int64_t row = 0; row < r.rows; ++row) {
    const T* row1 = in1 + row * r.in1_row_step;
    const T* row2 = in2 + row * r.in2_row_step;
    T* row_out = out + row * r.n;
    if (repeat1) {
      Repeated<T> a{row1};
      Linear b{row2};
      ForRow(op, a, b, row_out, r.n);
    } else if (repeat2) {
      Linear a{row1};
      Repeated<T> b{row2};
      ForRow(op, a, b, row_out, r.n);
    } else {
      Linear a{row1};
      Linear b{row2};
      ForRow(op, a, b, row_out, r.n);
    }
  }
}

template <BinaryOp kOp>
struct F32Op {
  typedef float Element;
  typedef F32 Terms;
  static constexpr int kBlock = kLanes;
  F32 act_min, act_max;
  explicit F32Op(const BinaryF32Params& p) : act_min((F32){} + p.act_min), act_max((F32){} + p.act_max) {}
  F32 Terms1(const float* p) const { return Load<F32>(p); }
  F32 Terms2(const float* p) const { return Load<F32>(p); }
  void Combine(F32 a, F32 b, float* out) const {
    F32 r = kOp == BinaryOp::kAdd ? a + b : (kOp == BinaryOp::kSub ? a - b : a * b);
    r = r < act_min ? act_min : r;
    Store(out, r > act_max ? act_max : r);
  }
};

// 4 * kLanes bytes as four int32 vectors, part k holding byte k of every
// 32-bit word; PackBytes stores them back in the same order. Element-wise
// arithmetic does not care which lane an element is in, and these shifts
// compile to plain vector code where GCC scalarises byte-to-int32
// conversions of loaded vectors.
struct ByteParts {
  I32 part[4];
};

template <typename T>
inline ByteParts UnpackBytes(const T* p) {
  const U32 words = Load<U32>(p);
  ByteParts b;
  for (int k = 0; k < 4; ++k) {
    if constexpr (std::is_signed_v<T>) {
      b.part[k] = (I32)(words << (24 - 8 * k)) >> 24;
    } else {
      b.part[k] = (I32)((words >> (8 * k)) & 0xFF);
    }
  }
  return b;
}

// Each lane of every part must already lie in T's range.
template <typename T>
inline void PackBytes(T* p, const ByteParts& b) {
  U32 words = (U32)b.part[0] & 0xFF;
  for (int k = 1; k < 4; ++k) words |= ((U32)b.part[k] & 0xFF) << (8 * k);
  Store(p, words);
}

// TensorFlow Lite's RoundingDivideByPOT: a division by 2^right rounding half
// away from zero, one shift for every lane.
struct RoundingDivide {
  int right;
  I32 mask;       // (1 << right) - 1
  I32 half_mask;  // mask >> 1
  explicit RoundingDivide(int32_t right_shift) : right(right_shift) {
    const uint32_t bits = (uint32_t{1} << right_shift) - 1;
    mask = (I32){} + static_cast<int32_t>(bits);
    half_mask = (I32){} + static_cast<int32_t>(bits >> 1);
  }
  I32 operator()(I32 x) const {
    const I32 threshold = half_mask - (x < 0);  // comparisons give -1 where true
    return (x >> right) - ((x & mask) > threshold);
  }
};

// TensorFlow Lite's MultiplyByQuantizedMultiplier with one multiplier and
// shift for every lane.
struct UniformRequant {
  I32 multiplier;
  int left;
  RoundingDivide divide;
  UniformRequant(int32_t m, int shift)
      : multiplier((I32){} + m), left(std::max(shift, 0)), divide(std::max(-shift, 0)) {}
  I32 operator()(I32 x) const { return divide(HighMul<kLanes>((I32)((U32)x << left), multiplier)); }
};

// UniformRequant of an 8-bit value minus its zero point (|x| <= 255) shifted
// left by `input_left` bits first, ADD / SUB's input rescaling, in 32-bit
// products. With left = input_left + the multiplier's left shift, in
// [kMinBinaryInputLeft, kMaxBinaryInputLeft], the high multiply
// floor((x * 2^left * m + 2^30) / 2^31) = floor((x * m + 2^(30-left)) / 2^low)
// with low = 31 - left splits m into m_high * 2^low + m_low, giving
// x * m_high + floor((x * m_low + 2^(low-1)) / 2^low), where neither
// product can overflow for those shifts.
struct SmallInputRequant {
  I32 multiplier_high, multiplier_low;
  int low_bits;
  I32 round;
  RoundingDivide divide;
  SmallInputRequant(int32_t m, int input_left, int shift)
      : low_bits(31 - input_left - std::max(shift, 0)), divide(std::max(-shift, 0)) {
    multiplier_high = (I32){} + (m >> low_bits);
    multiplier_low = (I32){} + (m & ((int32_t{1} << low_bits) - 1));
    round = (I32){} + (int32_t{1} << (low_bits - 1));
  }
  I32 operator()(I32 x) const {
    return divide(x * multiplier_high + ((x * multiplier_low + round) >> low_bits));
  }
};

// The output requantization, offset and clamp shared by ADD / SUB and MUL.
struct Q8OutputStage {
  UniformRequant requant;
  I32 offset, act_min, act_max;
  explicit Q8OutputStage(const BinaryQ8Params& p)
      : requant(p.output_multiplier, p.output_shift),
        offset((I32){} + p.output_offset),
        act_min((I32){} + p.act_min),
        act_max((I32){} + p.act_max) {}
  I32 operator()(I32 raw) const {
    I32 v = requant(raw) + offset;
    v = v < act_min ? act_min : v;
    return v > act_max ? act_max : v;
  }
};

// ADD / SUB: each input rescaled to the common scale, then added or subtracted.
template <typename T, BinaryOp kOp>
struct Q8AddSubOp {
  typedef T Element;
  typedef ByteParts Terms;
  static constexpr int kBlock = 4 * kLanes;
  I32 offset1, offset2;
  SmallInputRequant rescale1, rescale2;
  Q8OutputStage output;
  explicit Q8AddSubOp(const BinaryQ8Params& p)
      : offset1((I32){} + p.input_offset[0]),
        offset2((I32){} + p.input_offset[1]),
        rescale1(p.input_multiplier[0], p.input_left_shift, p.input_shift[0]),
        rescale2(p.input_multiplier[1], p.input_left_shift, p.input_shift[1]),
        output(p) {}
  static Terms Rescale(const T* p, I32 offset, const SmallInputRequant& rescale) {
    Terms t = UnpackBytes(p);
    for (I32& part : t.part) part = rescale(part + offset);
    return t;
  }
  Terms Terms1(const T* p) const { return Rescale(p, offset1, rescale1); }
  Terms Terms2(const T* p) const { return Rescale(p, offset2, rescale2); }
  void Combine(const Terms& a, const Terms& b, T* out) const {
    ByteParts r;
    for (int k = 0; k < 4; ++k) {
      r.part[k] = output(kOp == BinaryOp::kSub ? a.part[k] - b.part[k] : a.part[k] + b.part[k]);
    }
    PackBytes(out, r);
  }
};

// MUL: the product of the offset inputs, rescaled once.
template <typename T>
struct Q8MulOp {
  typedef T Element;
  typedef ByteParts Terms;
  static constexpr int kBlock = 4 * kLanes;
  I32 offset1, offset2;
  Q8OutputStage output;
  explicit Q8MulOp(const BinaryQ8Params& p)
      : offset1((I32){} + p.input_offset[0]), offset2((I32){} + p.input_offset[1]), output(p) {}
  static Terms Offset(const T* p, I32 offset) {
    Terms t = UnpackBytes(p);
    for (I32& part : t.part) part += offset;
    return t;
  }
  Terms Terms1(const T* p) const { return Offset(p, offset1); }
  Terms Terms2(const T* p) const { return Offset(p, offset2); }
  void Combine(const Terms& a, const Terms& b, T* out) const {
    ByteParts r;
    for (int k = 0; k < 4; ++k) r.part[k] = output(a.part[k] * b.part[k]);
    PackBytes(out, r);
  }
};

template <typename T>
void BinaryQ8Typed(const BinaryQ8Params& p, const BinaryRows& r) {
  switch (p.op) {
    case BinaryOp::kAdd:
      return RunRows(Q8AddSubOp<T, BinaryOp::kAdd>(p), p.repeat1, p.repeat2, r);
    case BinaryOp::kSub:
      return RunRows(Q8AddSubOp<T, BinaryOp::kSub>(p), p.repeat1, p.repeat2, r);
    case BinaryOp::kMul:
      return RunRows(Q8MulOp<T>(p), p.repeat1, p.repeat2, r);
  }
}

}  // namespace

void BinaryF32(const BinaryF32Params& p, const BinaryRows& r) {
  switch (p.op) {
    case BinaryOp::kAdd:
      return RunRows(F32Op<BinaryOp::kAdd>(p), p.repeat1, p.repeat2, r);
    case BinaryOp::kSub:
      return RunRows(F32Op<BinaryOp::kSub>(p), p.repeat1, p.repeat2, r);
    case BinaryOp::kMul:
      return RunRows(F32Op<BinaryOp::kMul>(p), p.repeat1, p.repeat2, r);
  }
}

void BinaryQ8(const BinaryQ8Params& p, const BinaryRows& r) {
  if (p.is_signed) {
    BinaryQ8Typed<int8_t>(p, r);
  } else {
    BinaryQ8Typed<uint8_t>(p, r);
  }
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
