// The loops of the optimized one-input ops (optimized/unary.h), a vector of
// kLanes floats at a time; a tail shorter than a vector goes through a
// padded copy, so every element is computed by the same vector code.
// DEQUANTIZE and MEAN's column sums are plain loops the compiler vectorizes
// for each instruction set.
#include <cstring>

#include "kernels/optimized/isa/activations.h"
#include "kernels/optimized/isa/vector.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

MINNOW_VECTOR_INLINE F32 Splat(float v) { return (F32){} + v; }

// Comparisons that keep a NaN x (a NaN compares false).
MINNOW_VECTOR_INLINE F32 AtMost(F32 x, float hi) { return x > hi ? Splat(hi) : x; }
MINNOW_VECTOR_INLINE F32 AtLeast(F32 x, float lo) { return x < lo ? Splat(lo) : x; }

// 2^n for n in [-126, 127].
MINNOW_VECTOR_INLINE F32 Pow2(I32 n) { return (F32)((n + 127) << 23); }

// e^x = 2^n (1 + p) for |x| < 2^21: n = round(x / ln 2) and
// p = e^r - 1 with r = x - n ln 2 in [-ln 2 / 2, ln 2 / 2] (ln 2 in two
// parts, the first with few enough bits that n times it is exact). p is the
// Taylor series to r^8, whose remainder is below 2^-29 relative there.
MINNOW_VECTOR_INLINE F32 ExpM1Reduced(F32 x, I32* n) {
  const float kRound = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const F32 nf = (x * 1.44269504f + kRound) - kRound;
  *n = __builtin_convertvector(nf, I32);
  const F32 r = (x - nf * 0.693359375f) - nf * -2.12194440e-4f;
  F32 p = Splat(1.0f / 40320);
  for (float c : {1.0f / 5040, 1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 1.0f / 2}) p = p * r + c;
  return (p * r) * r + r;
}

// e^x, overflowing to infinity above 88.72 and going through the subnormals
// to 0 below -87.3 as std::exp does: 2^n is applied in two halves.
MINNOW_VECTOR_INLINE F32 Exp(F32 x) {
  I32 n;
  const F32 p = ExpM1Reduced(AtMost(AtLeast(x, -104.0f), 88.75f), &n);
  const I32 n1 = n >> 1;
  const F32 s1 = Pow2(n1);
  return (p * s1 + s1) * Pow2(n - n1);
}

// tanh |x| = (e^2|x| - 1) / (e^2|x| + 1), with e^2|x| - 1 from the reduced
// form (2^n p + (2^n - 1): no cancellation near 0); |x| above 44 gives 1.
MINNOW_VECTOR_INLINE F32 Tanh(F32 x) {
  const U32 sign = (U32)x & 0x80000000u;
  I32 n;
  const F32 p = ExpM1Reduced(AtMost((F32)((U32)x ^ sign) * 2.0f, 88.0f), &n);
  const F32 s = Pow2(n);
  const F32 em1 = p * s + (s - 1.0f);
  return (F32)((U32)(em1 / (em1 + 2.0f)) | sign);
}

// x * min(6, max(0, x + 3)) / 6 with the reference's std::min / std::max
// (a NaN x + 3 gives 0).
MINNOW_VECTOR_INLINE F32 HardSwish(F32 x) {
  const F32 shifted = x + 3.0f;
  F32 relu6 = Splat(0.0f) < shifted ? shifted : Splat(0.0f);
  relu6 = relu6 < 6.0f ? relu6 : Splat(6.0f);
  return x * relu6 / 6.0f;
}

// Calls fn(i) for the vectors [i, i + kLanes) of [0, n) and tail(i, count)
// for the last count < kLanes elements.
template <typename Body, typename Tail>
MINNOW_VECTOR_INLINE void ForVectors(int64_t n, Body body, Tail tail) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) body(i);
  if (i < n) tail(i, static_cast<int>(n - i));
}

// fn on the vectors of in[0, n) into out; the tail padded with `fill`.
template <typename T, typename Out, typename Fn>
MINNOW_VECTOR_INLINE void MapVectors(const T* in, Out* out, int64_t n, T fill, Fn fn) {
  ForVectors(
      n, [&](int64_t i) { fn(in + i, out + i); },
      [&](int64_t i, int count) {
        T in_tail[kLanes];
        Out out_tail[kLanes];
        for (int j = 0; j < kLanes; ++j) in_tail[j] = j < count ? in[i + j] : fill;
        fn(in_tail, out_tail);
        std::memcpy(out + i, out_tail, sizeof(Out) * count);
      });
}

template <typename Fn>
void MapF32(const float* in, float* out, int64_t n, Fn fn) {
  MapVectors(in, out, n, 0.0f, [&](const float* x, float* y) { Store(y, fn(Load<F32>(x))); });
}

// Doubles go a native vector (half a float vector) at a time: the compiler
// splits wider ones and compares them lane by lane.
constexpr int kHalf = kLanes / 2;
typedef VecOf<double, kHalf>::type F64;
typedef I32V<kHalf> I32H;

template <typename Half, typename Full>
MINNOW_VECTOR_INLINE Half HalfOf(const Full& v, int which) {
  Half h;
  std::memcpy(&h, reinterpret_cast<const char*>(&v) + which * sizeof(Half), sizeof(Half));
  return h;
}
template <typename Full, typename Half>
MINNOW_VECTOR_INLINE Full Join(const Half& low, const Half& high) {
  Full v;
  std::memcpy(&v, &low, sizeof(Half));
  std::memcpy(reinterpret_cast<char*>(&v) + sizeof(Half), &high, sizeof(Half));
  return v;
}

// RoundToInt32LikeX86 of quantize.cc: half away from zero; out of the int32
// range or NaN gives INT32_MIN.
MINNOW_VECTOR_INLINE I32H RoundLikeX86(F64 q) {
  typedef typename VecOf<int64_t, kHalf>::type Mask64;
  const Mask64 in_range = (q > -2147483648.5) & (q < 2147483647.5);
  const F64 safe = in_range ? q : (F64){};
  I32H t = __builtin_convertvector(safe, I32H);
  const F64 fraction = safe - __builtin_convertvector(t, F64);
  t -= __builtin_convertvector(fraction >= 0.5, I32H);  // true is -1
  t += __builtin_convertvector(fraction <= -0.5, I32H);
  return __builtin_convertvector(in_range, I32H) ? t : (I32H){} + INT32_MIN;
}

// RoundLikeX86(in / scale) plus the zero point (wrapping), clamped to T, as
// quantize.cc.
template <typename T>
void QuantizeF32As(const AffineQuant& q, const float* in, T* out, int64_t n) {
  typedef typename VecOf<T, kLanes>::type TV;
  typedef F32V<kHalf> F32H;
  const F64 scale = (F64){} + q.scale;
  const int32_t lo = std::is_signed_v<T> ? -(1 << (8 * sizeof(T) - 1)) : 0;
  const int32_t hi = std::is_signed_v<T> ? (1 << (8 * sizeof(T) - 1)) - 1 : 255;
  MapVectors(in, out, n, 0.0f, [&](const float* x, T* y) {
    const I32H low = RoundLikeX86(__builtin_convertvector(Load<F32H>(x), F64) / scale);
    const I32H high = RoundLikeX86(__builtin_convertvector(Load<F32H>(x + kHalf), F64) / scale);
    I32 v = (I32)((U32)Join<I32>(low, high) + (uint32_t)q.zero_point);
    v = v < lo ? (I32){} + lo : v;
    v = v > hi ? (I32){} + hi : v;
    Store(y, NarrowFromInt32<TV>(v));
  });
}

// A plain loop: the compiler vectorizes it for the instruction set better
// than explicit widening of short byte vectors.
template <typename T>
void DequantizeAs(const AffineQuant& q, const T* in, float* out, int64_t n) {
  const double scale = q.scale;
  const int32_t zero_point = q.zero_point;
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(scale * (static_cast<int32_t>(in[i]) - zero_point));
}

// Row by row into the sums, as uint32 (wrapping): a plain loop the compiler
// vectorizes, as dequantizing.
template <typename T>
void ColumnSumsOf(const T* in, int64_t rows, int64_t stride, int64_t columns, uint32_t* sums) {
  for (int64_t c = 0; c < columns; ++c) sums[c] = static_cast<uint32_t>(in[c]);
  for (int64_t r = 1; r < rows; ++r) {
    const T* row = in + r * stride;
    for (int64_t c = 0; c < columns; ++c) sums[c] += static_cast<uint32_t>(row[c]);
  }
}

}  // namespace

void MapF32Op(FloatMap op, const float* in, float* out, int64_t n) {
  switch (op) {
    case FloatMap::kLogistic:
      return MapF32(in, out, n, [](F32 x) { return 1.0f / (1.0f + Exp(-x)); });
    case FloatMap::kTanh:
      return MapF32(in, out, n, [](F32 x) { return Tanh(x); });
    case FloatMap::kHardSwish:
      return MapF32(in, out, n, [](F32 x) { return HardSwish(x); });
  }
}

// Per row as softmax.cc: the maximum, the exps (kept in out) and their sum,
// then out times 1 / sum. A NaN or +infinity anywhere makes the whole row
// NaN, as in the reference.
void SoftmaxF32(const float* in, float* out, int64_t rows, int64_t depth, float beta) {
  const float kNegInf = -__builtin_inff();
  for (int64_t row = 0; row < rows; ++row, in += depth, out += depth) {
    F32 max = Splat(kNegInf);
    ForVectors(
        depth, [&](int64_t i) { max = Load<F32>(in + i) > max ? Load<F32>(in + i) : max; },
        [&](int64_t i, int count) {
          for (int j = 0; j < count; ++j) max[j] = in[i + j] > max[j] ? in[i + j] : max[j];
        });
    float row_max = max[0];
    for (int j = 1; j < kLanes; ++j) row_max = max[j] > row_max ? max[j] : row_max;
    F32 sum = {};
    auto exp_of = [&](F32 x) { return Exp((x - row_max) * beta); };
    ForVectors(
        depth,
        [&](int64_t i) {
          const F32 e = exp_of(Load<F32>(in + i));
          sum += e;
          Store(out + i, e);
        },
        [&](int64_t i, int count) {
          F32 x = {};
          std::memcpy(&x, in + i, sizeof(float) * count);
          const F32 e = exp_of(x);
          for (int j = 0; j < count; ++j) sum[j] += e[j];
          std::memcpy(out + i, &e, sizeof(float) * count);
        });
    float total = 0.0f;
    for (int j = 0; j < kLanes; ++j) total += sum[j];
    const float inv_sum = 1.0f / total;
    MapVectors(out, out, depth, 0.0f, [&](const float* x, float* y) { Store(y, Load<F32>(x) * inv_sum); });
  }
}

void QuantizeF32(const AffineQuant& q, const float* in, void* out, int64_t n) {
  switch (q.type) {
    case DataType::kInt8: return QuantizeF32As(q, in, static_cast<int8_t*>(out), n);
    case DataType::kUInt8: return QuantizeF32As(q, in, static_cast<uint8_t*>(out), n);
    default: return QuantizeF32As(q, in, static_cast<int16_t*>(out), n);
  }
}

void Dequantize(const AffineQuant& q, const void* in, float* out, int64_t n) {
  switch (q.type) {
    case DataType::kInt8: return DequantizeAs(q, static_cast<const int8_t*>(in), out, n);
    case DataType::kUInt8: return DequantizeAs(q, static_cast<const uint8_t*>(in), out, n);
    default: return DequantizeAs(q, static_cast<const int16_t*>(in), out, n);
  }
}

void ColumnSums(DataType type, const void* in, int64_t rows, int64_t stride, int64_t columns, int32_t* sums) {
  uint32_t* wrapping = reinterpret_cast<uint32_t*>(sums);
  if (type == DataType::kInt8) return ColumnSumsOf(static_cast<const int8_t*>(in), rows, stride, columns, wrapping);
  ColumnSumsOf(static_cast<const uint8_t*>(in), rows, stride, columns, wrapping);
}

}  // namespace MINNOW_ISA

}  // namespace minnow::kernels::optimized
