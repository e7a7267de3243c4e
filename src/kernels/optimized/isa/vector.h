// Vector building blocks for the per-ISA kernel files (isa/*.cc): GCC vector
// extensions whose width follows the compiler flags, and TensorFlow Lite's
// requantization lane by lane. Everything here lives in the per-ISA
// namespace: the same inline function compiled with different flags must not
// be merged by the linker.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/optimized/isa_kernels.h"

#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

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

// The doubling high multiply both requantizations start with:
// (int64(x) * multiplier + 2^30) >> 31, lane by lane. This equals TensorFlow
// Lite's SaturatingRoundingDoublingHighMul (its nudge-and-truncate rounds
// ties towards +infinity for either sign) whenever the multiplier is not
// INT32_MIN, which a multiplier from QuantizeMultiplier never is. AVX2 and
// AVX-512 multiply even and odd lanes with vpmuldq instead of widening.
template <int L>
inline I32V<L> HighMul(I32V<L> x, I32V<L> multiplier) {
#if defined(__AVX512F__)
  if constexpr (L == 16) {
    const __m512i round = _mm512_set1_epi64(int64_t{1} << 30);
    const __m512i xv = (__m512i)x, mv = (__m512i)multiplier;
    const __m512i even = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epi32(xv, mv), round), 31);
    const __m512i odd = _mm512_slli_epi64(
        _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(xv, 32), _mm512_srli_epi64(mv, 32)), round), 1);
    return (I32V<L>)_mm512_mask_blend_epi32(0xAAAA, even, odd);
  }
#endif
#if defined(__AVX2__)
  if constexpr (L == 8) {
    const __m256i round = _mm256_set1_epi64x(int64_t{1} << 30);
    const __m256i xv = (__m256i)x, mv = (__m256i)multiplier;
    const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(xv, mv), round), 31);
    const __m256i odd = _mm256_slli_epi64(
        _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(xv, 32), _mm256_srli_epi64(mv, 32)), round), 1);
    return (I32V<L>)_mm256_blend_epi32(even, odd, 0xAA);
  }
#endif
  typedef I64V<L> W;
  const W product = __builtin_convertvector(x, W) * __builtin_convertvector(multiplier, W);
  return __builtin_convertvector((product + (int64_t{1} << 30)) >> 31, I32V<L>);
}

// TensorFlow Lite's MultiplyByQuantizedMultiplier: the high multiply, then a
// rounding divide by 2^right rounding half away from zero.
template <int L>
inline I32V<L> RequantizeDouble(I32V<L> x, I32V<L> multiplier, I32V<L> left, I32V<L> right) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  const V high = HighMul<L>((V)((UV)x << (UV)left), multiplier);
  const V mask = (V)(((UV){} + 1) << (UV)right) - 1;
  const V remainder = high & mask;
  const V threshold = (mask >> 1) - (high < 0);  // comparisons give -1 where true
  return (high >> right) - (remainder > threshold);
}

// RuyMultiplyByQuantizedMultiplier (conv_common.h): the high multiply, then a
// rounding shift right rounding half up.
template <int L>
inline I32V<L> RequantizeRuy(I32V<L> x, I32V<L> multiplier, I32V<L> left, I32V<L> right) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  const V scaled = HighMul<L>((V)((UV)x << (UV)left), multiplier);
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
