// Vector building blocks for the per-ISA kernel files (isa/*.cc): GCC vector
// extensions whose width follows the compiler flags, and TensorFlow Lite's
// requantization lane by lane. Everything here lives in the per-ISA
// namespace: the same inline function compiled with different flags must not
// be merged by the linker.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa_kernels.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#ifndef MINNOW_ISA
#error "MINNOW_ISA must name the instruction set this file is compiled for"
#endif

// Kernels are built from these small functions; GCC's size heuristics would
// otherwise leave some as calls inside the hottest loops.
#ifndef MINNOW_VECTOR_INLINE
#define MINNOW_VECTOR_INLINE inline __attribute__((always_inline))
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
MINNOW_VECTOR_INLINE V Load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V, typename T>
MINNOW_VECTOR_INLINE void Store(T* p, const V& v) {
  std::memcpy(p, &v, sizeof(V));
}
// The first n lanes (fewer than all) into p: GEMM channel tails. AVX-512
// stores them with one masked store rather than a memcpy call.
template <typename V, typename T>
MINNOW_VECTOR_INLINE void StorePartial(T* p, const V& v, int n) {
#if defined(__AVX512BW__) && defined(__AVX512VL__)
  const int bytes = static_cast<int>(sizeof(T)) * n;
  if constexpr (sizeof(V) == 64) {
    return _mm512_mask_storeu_epi8(p, (uint64_t{1} << bytes) - 1, (__m512i)v);
  } else if constexpr (sizeof(V) == 32) {
    return _mm256_mask_storeu_epi8(p, (uint32_t{1} << bytes) - 1, (__m256i)v);
  } else if constexpr (sizeof(V) == 16) {
    return _mm_mask_storeu_epi8(p, static_cast<__mmask16>((1u << bytes) - 1), (__m128i)v);
  }
#endif
  std::memcpy(p, &v, sizeof(T) * n);
}

// A widening conversion (bytes to int32 lanes) of a vector just loaded from
// memory. GCC 12 compiles __builtin_convertvector of a loaded vector into
// byte-by-byte loads; an empty asm that pins the value in a register keeps
// the single widening instruction (vpmovsxbd, vpmovzxbd, sxtl).
template <typename To, typename From>
MINNOW_VECTOR_INLINE To Widen(From v) {
  if constexpr (sizeof(From) >= 4) {
#if defined(__aarch64__)
    asm("" : "+w"(v));
#elif defined(__x86_64__)
    asm("" : "+x"(v));
#endif
  }
  return __builtin_convertvector(v, To);
}

// The doubling high multiply both requantizations start with:
// (int64(x) * multiplier + 2^30) >> 31, lane by lane. This equals TensorFlow
// Lite's SaturatingRoundingDoublingHighMul (its nudge-and-truncate rounds
// ties towards +infinity for either sign) whenever the multiplier is not
// INT32_MIN, which a multiplier from QuantizeMultiplier never is. Lanes are
// taken in even/odd pairs as 64-bit lanes, the form of x86's vpmuldq, rather
// than widened to twice the registers.
template <int L>
MINNOW_VECTOR_INLINE I32V<L> HighMul(I32V<L> x, I32V<L> multiplier) {
#if defined(__AVX512F__)
  // GCC 12 makes the generic form below shifts and a 64-bit multiply
  // (vpmullq); vpmuldq is the exact instruction. (Its zero-masked form: the
  // plain one trips -Wmaybe-uninitialized in GCC 12.)
  if constexpr (L == 16) {
    typedef typename VecOf<uint64_t, L / 2>::type UW;
    const UW xv = (UW)x, mv = (UW)multiplier;
    const UW even = (UW)_mm512_maskz_mul_epi32(0xFF, (__m512i)xv, (__m512i)mv) + (uint64_t{1} << 30);
    const UW odd = (UW)_mm512_maskz_mul_epi32(0xFF, (__m512i)(xv >> 32), (__m512i)(mv >> 32)) + (uint64_t{1} << 30);
    return (I32V<L>)_mm512_mask_blend_epi32(0xAAAA, (__m512i)(even >> 31), (__m512i)(odd << 1));
  }
#endif
#if defined(__AVX2__)
  // Without AVX-512's 64-bit multiply the compiler would emulate one;
  // vpmuldq is the exact instruction.
  if constexpr (L == 8) {
    const __m256i round = _mm256_set1_epi64x(int64_t{1} << 30);
    const __m256i xv = (__m256i)x, mv = (__m256i)multiplier;
    const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(xv, mv), round), 31);
    const __m256i odd = _mm256_slli_epi64(
        _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(xv, 32), _mm256_srli_epi64(mv, 32)), round), 1);
    return (I32V<L>)_mm256_blend_epi32(even, odd, 0xAA);
  }
#endif
  if constexpr (L >= 2) {
    typedef I64V<L / 2> W;
    typedef typename VecOf<uint64_t, L / 2>::type UW;
    const W xw = (W)x, mw = (W)multiplier;
    const W even = ((xw << 32) >> 32) * ((mw << 32) >> 32) + (int64_t{1} << 30);
    const W odd = (xw >> 32) * (mw >> 32) + (int64_t{1} << 30);
    // Bits 31..62 of each product: the even ones into the low halves, the
    // odd ones into the high halves.
    return (I32V<L>)((((UW)even >> 31) & 0xFFFFFFFFu) | (((UW)odd << 1) & ~UW{} << 32));
  } else {
    typedef I64V<L> W;
    const W product = __builtin_convertvector(x, W) * __builtin_convertvector(multiplier, W);
    return __builtin_convertvector((product + (int64_t{1} << 30)) >> 31, I32V<L>);
  }
}

// The per-channel constants of a requantization for channels [c, c + L),
// loaded once and reused for every row of a tile.
template <int L>
struct RequantConstants {
  I32V<L> multiplier, left, right;
  I32V<L> mask;       // double rounding: (1 << right) - 1
  I32V<L> nudge;      // ruy rounding: (1 << right) >> 1
  I32V<L> saturated;  // ruy rounding: 1 << (31 - right)
  bool left_shifts = false;
};

template <int L>
MINNOW_VECTOR_INLINE RequantConstants<L> LoadRequantConstants(const Q8Output& o, int c) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  RequantConstants<L> k;
  k.multiplier = Load<V>(o.multiplier + c);
  k.left = Load<V>(o.left_shift + c);
  k.right = Load<V>(o.right_shift + c);
  const V one = (V){} + 1;
  k.mask = (V)(((UV)one << (UV)k.right) - 1u);  // unsigned: right = 31 must not overflow
  k.nudge = (V)(((UV)one << (UV)k.right) >> 1);
  k.saturated = (V)((UV)one << (UV)(31 - k.right));
  k.left_shifts = o.any_left_shift;
  return k;
}

// acc (bias already added) requantized, offset and clamped to output bytes.
// Double rounding is TensorFlow Lite's MultiplyByQuantizedMultiplier (the
// high multiply, then a divide by 2^right rounding half away from zero); ruy
// rounding is RuyMultiplyByQuantizedMultiplier (conv_common.h: the high
// multiply, then a shift right rounding half up, saturating).
template <int L>
MINNOW_VECTOR_INLINE U8V<L> Requantize(I32V<L> acc, const RequantConstants<L>& k, const Q8Output& o) {
  typedef I32V<L> V;
  typedef U32V<L> UV;
  if (k.left_shifts) acc = (V)((UV)acc << (UV)k.left);
  const V high = HighMul<L>(acc, k.multiplier);
  V v;
  if (o.ruy_rounding) {
    const V rounded = (V)((UV)high + (UV)k.nudge) >> k.right;
    v = high > (INT32_MAX - k.nudge) ? k.saturated : rounded;
  } else {
    const V remainder = high & k.mask;
    const V threshold = (k.mask >> 1) - (high < 0);  // comparisons give -1 where true
    v = (high >> k.right) - (remainder > threshold);
  }
  v += o.output_zero;
  v = v < o.act_min ? (V){} + o.act_min : v;
  v = v > o.act_max ? (V){} + o.act_max : v;
  return __builtin_convertvector(v, U8V<L>);
}

// 16x8 GEMM and depthwise: int64 sums (bias included) to int16 outputs for channels [c, c + L):
// (sum * reduced_multiplier + 2^(total_shift - 1)) >> total_shift, wrapping
// like the reference's unsigned product, then the clamp.
template <int L>
MINNOW_VECTOR_INLINE typename VecOf<int16_t, L>::type RequantizeQ16(I64V<L> sum, const Q16Output& o, int c) {
  typedef I64V<L> W;
  typedef typename VecOf<uint64_t, L>::type UW;
  const W multiplier = __builtin_convertvector(Load<I32V<L>>(o.multiplier + c), W);
  const W shift = __builtin_convertvector(Load<I32V<L>>(o.total_shift + c), W);
  const W rounded = (W)((UW)sum * (UW)multiplier + (((UW){} + 1) << (UW)(shift - 1))) >> shift;
  W v = rounded < o.act_min ? (W){} + o.act_min : rounded;
  v = v > o.act_max ? (W){} + o.act_max : v;
  return __builtin_convertvector(v, typename VecOf<int16_t, L>::type);
}

// 8- or 16-bit lanes widened to int32 (sign- or zero-extended). Bytes go
// through 16 bits (or one AVX-512 instruction): GCC 12 widens a byte vector
// loaded from memory straight to int32 one lane at a time.
template <typename V>
MINNOW_VECTOR_INLINE auto WidenToInt32(V v) {
  typedef std::remove_reference_t<decltype(v[0])> T;
  constexpr int L = sizeof(V) / sizeof(T);
#if defined(__AVX512F__)
  if constexpr (sizeof(T) == 1 && L == 16) {
    // The zero-masked forms: the plain ones trip -Wmaybe-uninitialized in GCC 12.
    const __m128i bytes = (__m128i)v;
    return (I32V<L>)(std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(0xFFFF, bytes)
                                         : _mm512_maskz_cvtepu8_epi32(0xFFFF, bytes));
  }
#endif
  if constexpr (sizeof(T) == 1) {
    typedef std::conditional_t<std::is_signed_v<T>, int16_t, uint16_t> Half;
    return __builtin_convertvector(__builtin_convertvector(v, typename VecOf<Half, L>::type), I32V<L>);
  } else {
    return __builtin_convertvector(v, I32V<L>);
  }
}

// int32 lanes truncated to the 8- or 16-bit lanes of V. Without AVX-512's
// vpmovdb bytes go through 16 bits: GCC 12 narrows int32 straight to bytes
// one lane at a time.
template <typename V, typename Int32s>
MINNOW_VECTOR_INLINE V NarrowFromInt32(Int32s v) {
#if !defined(__AVX512F__)
  typedef std::remove_reference_t<decltype(V{}[0])> T;
  if constexpr (sizeof(T) == 1) {
    constexpr int L = sizeof(V);
    typedef std::conditional_t<std::is_signed_v<T>, int16_t, uint16_t> Half;
    return __builtin_convertvector(__builtin_convertvector(v, typename VecOf<Half, L>::type), V);
  }
#endif
  return __builtin_convertvector(v, V);
}

// Calls block(std::integral_constant<int, L>(), c) over channel blocks
// [c, c + L) covering [0, channels): full vectors, the last one overlapping
// its neighbour (recomputing a few channels) rather than running short; fewer
// channels than a vector use narrower ones. L starts at the widest vector:
// kLanes for 32-bit lanes, kVectorBytes / sizeof(T) for narrower elements.
template <int L = kLanes, typename Block>
MINNOW_VECTOR_INLINE void ForChannelBlocks(int channels, Block block) {
  if constexpr (L > 1) {
    if (channels < L) return ForChannelBlocks<L / 2>(channels, block);
  }
  int c = 0;
  for (; c + L <= channels; c += L) block(std::integral_constant<int, L>(), c);
  if (c < channels) block(std::integral_constant<int, L>(), channels - L);
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
