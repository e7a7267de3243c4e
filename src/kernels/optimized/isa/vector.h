// Vector building blocks for the per-ISA kernel files (isa/*.cc): GCC vector
// extensions whose width follows the compiler flags, and TensorFlow Lite's
// requantization lane by lane. Everything here lives in the per-ISA
// namespace: the same inline function compiled with different flags must not
// be merged by the linker.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/optimized/isa_kernels.h"

#ifndef MINNOW_ISA
#error "MINNOW_ISA must name the instruction set this file is compiled for"
#endif

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

#if defined(__AVX512F__)
constexpr int kVectorBytes = 64;
#elif defined(__AVX2__)
constexpr int kVectorBytes = 32;
#else
constexpr int kVectorBytes = 16;
#endif
constexpr int kLanes = kVectorBytes / 4;

// Vectors of L lanes of T (L a power of two).
template <typename T, int L>
struct VecOf {
  typedef T type __attribute__((vector_size(sizeof(T) * L)));
};
template <int L> using F32V = typename VecOf<float, L>::type;
template <int L> using I32V = typename VecOf<int32_t, L>::type;
template <int L> using U32V = typename VecOf<uint32_t, L>::type;
template <int L> using I64V = typename VecOf<int64_t, L>::type;
template <int L> using U8V = typename VecOf<uint8_t, L>::type;
template <int L> using I8V = typename VecOf<int8_t, L>::type;
typedef F32V<kLanes> F32;
typedef I32V<kLanes> I32;
typedef U32V<kLanes> U32;
typedef I8V<kLanes> I8;
typedef U8V<kLanes> U8;

template <typename V, typename T>
inline V Load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V, typename T>
inline void Store(T* p, const V& v) {
  std::memcpy(p, &v, sizeof(V));
}
// The first n lanes into p: GEMM channel tails.
template <typename V, typename T>
inline void StorePartial(T* p, const V& v, int n) {
  std::memcpy(p, &v, sizeof(T) * n);
}

// TensorFlow Lite's MultiplyByQuantizedMultiplier (a doubling high multiply
// rounding half away from zero, then a rounding divide by 2^right rounding
// half away from zero), lane by lane. Multipliers are never INT32_MIN, so the
// high multiply cannot saturate.
template <int L>
inline I32V<L> RequantizeDouble(I32V<L> x, I32V<L> multiplier, I32V<L> left, I32V<L> right) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  typedef I64V<L> W;
  x = (V)((UV)x << (UV)left);
  const W ab = __builtin_convertvector(x, W) * __builtin_convertvector(multiplier, W);
  const W nudged = ab + (ab >= 0 ? (W){} + (int64_t{1} << 30) : (W){} + (1 - (int64_t{1} << 30)));
  const W truncated = (nudged + (nudged < 0 ? (W){} + ((int64_t{1} << 31) - 1) : (W){})) >> 31;
  const V high = __builtin_convertvector(truncated, V);
  const V mask = (V)(((UV){} + 1) << (UV)right) - 1;
  const V remainder = high & mask;
  const V threshold = (mask >> 1) - (high < 0);  // comparisons give -1 where true
  return (high >> right) - (remainder > threshold);
}

// RuyMultiplyByQuantizedMultiplier (conv_common.h), lane by lane.
template <int L>
inline I32V<L> RequantizeRuy(I32V<L> x, I32V<L> multiplier, I32V<L> left, I32V<L> right) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  typedef I64V<L> W;
  x = (V)((UV)x << (UV)left);
  const W product = __builtin_convertvector(x, W) * __builtin_convertvector(multiplier, W) +
                    (int64_t{1} << 30);
  const V scaled = __builtin_convertvector(product >> 31, V);
  const V nudge = (V)((((UV){} + 1) << (UV)right) >> 1);
  const V rounded = (V)((UV)scaled + (UV)nudge) >> right;
  const V saturated = (V)(((UV){} + 1) << (UV)(31 - right));
  return scaled > (INT32_MAX - nudge) ? saturated : rounded;
}

// acc (bias already added) to output bytes for channels [c, c + L).
template <int L>
inline U8V<L> Requantize(I32V<L> acc, const Q8Output& o, int c) {
  typedef I32V<L> V;
  const V m = Load<V>(o.multiplier + c);
  const V l = Load<V>(o.left_shift + c);
  const V r = Load<V>(o.right_shift + c);
  V v = o.ruy_rounding ? RequantizeRuy<L>(acc, m, l, r) : RequantizeDouble<L>(acc, m, l, r);
  v += o.output_zero;
  v = v < o.act_min ? (V){} + o.act_min : v;
  v = v > o.act_max ? (V){} + o.act_max : v;
  return __builtin_convertvector(v, U8V<L>);
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
