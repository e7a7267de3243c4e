// The optimized inner loops, written once with GCC vector extensions and
// compiled once per instruction set: CMake builds this file several times
// with different -m flags and MINNOW_ISA naming the entry point. The vector
// width follows the flags (16 bytes baseline/NEON, 32 AVX2, 64 AVX-512); the
// one instruction the compiler cannot pick by itself, the VNNI dot product, is
// an intrinsic.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa_kernels.h"

#if defined(__AVX512VNNI__)
#include <immintrin.h>
#endif

#ifndef MINNOW_ISA
#error "MINNOW_ISA must name the instruction set this file is compiled for"
#endif
#define MINNOW_CONCAT2(a, b) a##b
#define MINNOW_CONCAT(a, b) MINNOW_CONCAT2(a, b)

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

#if defined(__AVX512F__)
constexpr int kVectorBytes = 64;
#elif defined(__AVX2__)
constexpr int kVectorBytes = 32;
#else
constexpr int kVectorBytes = 16;
#endif
constexpr int kLanes = kVectorBytes / 4;
constexpr int kPanels = 2;
#if defined(__AVX512VNNI__)
constexpr int kKBlock = 4;
constexpr int kRows = 6;
#else
constexpr int kKBlock = 1;
constexpr int kRows = 4;
#endif
static_assert(kRows <= kMaxTileRows, "tile rows");

typedef float F32 __attribute__((vector_size(kVectorBytes)));
typedef int32_t I32 __attribute__((vector_size(kVectorBytes)));
typedef uint32_t U32 __attribute__((vector_size(kVectorBytes)));
typedef int64_t I64 __attribute__((vector_size(2 * kVectorBytes)));
typedef int8_t I8 __attribute__((vector_size(kLanes)));
typedef uint8_t U8 __attribute__((vector_size(kLanes)));

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
// The first n lanes of p (the rest zero) / into p: channel tails.
template <typename V, typename T>
inline V LoadPartial(const T* p, int n) {
  V v = {};
  std::memcpy(&v, p, sizeof(T) * n);
  return v;
}
template <typename V, typename T>
inline void StorePartial(T* p, const V& v, int n) {
  std::memcpy(p, &v, sizeof(T) * n);
}

// TensorFlow Lite's MultiplyByQuantizedMultiplier (a doubling high multiply
// rounding half away from zero, then a rounding divide by 2^right rounding
// half away from zero), lane by lane. Multipliers are never INT32_MIN, so the
// high multiply cannot saturate.
inline I32 RequantizeDouble(I32 x, I32 multiplier, I32 left, I32 right) {
  x = (I32)((U32)x << (U32)left);
  const I64 ab = __builtin_convertvector(x, I64) * __builtin_convertvector(multiplier, I64);
  const I64 nudged = ab + (ab >= 0 ? (I64){} + (int64_t{1} << 30) : (I64){} + (1 - (int64_t{1} << 30)));
  const I64 truncated = (nudged + (nudged < 0 ? (I64){} + ((int64_t{1} << 31) - 1) : (I64){})) >> 31;
  const I32 high = __builtin_convertvector(truncated, I32);
  const I32 mask = (I32)(((U32){} + 1) << (U32)right) - 1;
  const I32 remainder = high & mask;
  const I32 threshold = (mask >> 1) - (high < 0);  // comparisons give -1 where true
  return (high >> right) - (remainder > threshold);
}

// RuyMultiplyByQuantizedMultiplier (conv_common.h), lane by lane.
inline I32 RequantizeRuy(I32 x, I32 multiplier, I32 left, I32 right) {
  x = (I32)((U32)x << (U32)left);
  const I64 product = __builtin_convertvector(x, I64) * __builtin_convertvector(multiplier, I64) +
                      (int64_t{1} << 30);
  const I32 scaled = __builtin_convertvector(product >> 31, I32);
  const I32 nudge = (I32)((((U32){} + 1) << (U32)right) >> 1);
  const I32 rounded = (I32)((U32)scaled + (U32)nudge) >> right;
  const I32 saturated = (I32)(((U32){} + 1) << (U32)(31 - right));
  return scaled > (INT32_MAX - nudge) ? saturated : rounded;
}

// acc (bias already added) to output bytes for channels [c, c + kLanes).
inline I32 Requantize(I32 acc, const Q8Output& o, int c) {
  const I32 m = Load<I32>(o.multiplier + c);
  const I32 l = Load<I32>(o.left_shift + c);
  const I32 r = Load<I32>(o.right_shift + c);
  I32 v = o.ruy_rounding ? RequantizeRuy(acc, m, l, r) : RequantizeDouble(acc, m, l, r);
  v += o.output_zero;
  v = v < o.act_min ? (I32){} + o.act_min : v;
  v = v > o.act_max ? (I32){} + o.act_max : v;
  return v;
}

inline U8 ToBytes(I32 v) { return __builtin_convertvector(v, U8); }

// Calls fn(std::integral_constant<int, rows>) for rows in [1, kRows]: tile
// loops are unrolled for each row count.
template <int R = 1, typename Fn>
inline void WithRows(int rows, Fn fn) {
  if constexpr (R <= kRows) {
    if (rows == R) return fn(std::integral_constant<int, R>());
    WithRows<R + 1>(rows, fn);
  }
}

// ---------------------------------------------------------------------------
// 8-bit GEMM tile.

#if defined(__AVX512VNNI__)
// Panel layout: [depth / 4][16 channels][4 bytes]; one dpbusd adds four
// unsigned x signed byte products to each channel's int32.
template <int R>
inline void AccumulateQ8(const Q8Tile& t, uint8_t input_xor, I32 (&acc)[R][kPanels]) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(input_xor));
  for (int k = 0; k < t.depth; k += 4) {
    __m512i w[kPanels];
    for (int p = 0; p < kPanels; ++p) {
      w[p] = _mm512_loadu_si512(t.panels + p * t.panel_stride + k * kLanes);
    }
    for (int r = 0; r < R; ++r) {
      int32_t quad;
      std::memcpy(&quad, t.rows[r] + k, 4);
      const __m512i a = _mm512_xor_si512(_mm512_set1_epi32(quad), flip);
      for (int p = 0; p < kPanels; ++p) {
        acc[r][p] = (I32)_mm512_dpbusd_epi32((__m512i)acc[r][p], a, w[p]);
      }
    }
  }
}
#else
// Panel layout: [depth][panel_width channels]; widen and multiply-add.
template <int R>
inline void AccumulateQ8(const Q8Tile& t, uint8_t input_xor, I32 (&acc)[R][kPanels]) {
  for (int k = 0; k < t.depth; ++k) {
    I32 w[kPanels];
    for (int p = 0; p < kPanels; ++p) {
      w[p] = __builtin_convertvector(Load<I8>(t.panels + p * t.panel_stride + k * kLanes), I32);
    }
    for (int r = 0; r < R; ++r) {
      const int32_t a = static_cast<uint8_t>(t.rows[r][k] ^ input_xor);
      for (int p = 0; p < kPanels; ++p) acc[r][p] = (I32)((U32)acc[r][p] + (U32)(w[p] * a));
    }
  }
}
#endif

template <int R>
void GemmQ8Rows(const Q8Tile& t, const Q8Output& o) {
  I32 acc[R][kPanels] = {};
  AccumulateQ8<R>(t, o.input_xor, acc);
  for (int p = 0; p < kPanels; ++p) {
    const int c = p * kLanes;
    if (c >= t.num_channels) break;
    const int n = std::min(kLanes, t.num_channels - c);
    const int channel = t.first_channel + c;
    const U32 bias = Load<U32>(o.bias + channel);
    for (int r = 0; r < R; ++r) {
      U32 sum = (U32)acc[r][p] + bias;
      if (o.weight_zero != 0) {
        sum -= static_cast<uint32_t>(o.weight_zero) * static_cast<uint32_t>(t.row_sums[r]);
      }
      const U8 bytes = ToBytes(Requantize((I32)sum, o, channel));
      uint8_t* dst = t.out + r * t.out_row_stride + c;
      if (n == kLanes) {
        Store(dst, bytes);
      } else {
        StorePartial(dst, bytes, n);
      }
    }
  }
}

void GemmQ8(const Q8Tile& t, const Q8Output& o) {
  WithRows(t.num_rows, [&](auto rows) { GemmQ8Rows<decltype(rows)::value>(t, o); });
}

// ---------------------------------------------------------------------------
// Float GEMM tile. Panel layout: [depth][panel_width channels].

template <int R>
void GemmF32Rows(const F32Tile& t) {
  F32 acc[R][kPanels];
  for (int p = 0; p < kPanels; ++p) {
    const F32 b = Load<F32>(t.bias + t.first_channel + p * kLanes);
    for (int r = 0; r < R; ++r) acc[r][p] = b;
  }
  for (int k = 0; k < t.depth; ++k) {
    F32 w[kPanels];
    for (int p = 0; p < kPanels; ++p) w[p] = Load<F32>(t.panels + p * t.panel_stride + k * kLanes);
    for (int r = 0; r < R; ++r) {
      const float a = t.rows[r][k];
      for (int p = 0; p < kPanels; ++p) acc[r][p] += w[p] * a;
    }
  }
  for (int p = 0; p < kPanels; ++p) {
    const int c = p * kLanes;
    if (c >= t.num_channels) break;
    const int n = std::min(kLanes, t.num_channels - c);
    for (int r = 0; r < R; ++r) {
      F32 v = acc[r][p];
      v = v < t.act_min ? (F32){} + t.act_min : v;
      v = v > t.act_max ? (F32){} + t.act_max : v;
      float* dst = t.out + r * t.out_row_stride + c;
      if (n == kLanes) {
        Store(dst, v);
      } else {
        StorePartial(dst, v, n);
      }
    }
  }
}

void GemmF32(const F32Tile& t) {
  WithRows(t.num_rows, [&](auto rows) { GemmF32Rows<decltype(rows)::value>(t); });
}

// ---------------------------------------------------------------------------
// Depthwise: each output pixel, channels kLanes at a time, over the taps of
// the window that fall inside the input (the reference skips the others).

// Calls pixel(out_index, in_y0, in_x0, fy_begin, fy_end, fx_begin, fx_end)
// for every output pixel of rows [row_begin, row_end).
template <typename Pixel>
inline void ForEachOutputPixel(const DepthwiseArgs& a, Pixel pixel) {
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int batch = row / a.output_height;
    const int out_y = row % a.output_height;
    const int in_y0 = out_y * a.stride_height - a.pad_height;
    // Taps fy with 0 <= in_y0 + fy * dilation < input_height.
    int fy_begin = 0, fy_end = a.filter_height;
    while (fy_begin < fy_end && in_y0 + fy_begin * a.dilation_height < 0) ++fy_begin;
    while (fy_end > fy_begin && in_y0 + (fy_end - 1) * a.dilation_height >= a.input_height) --fy_end;
    for (int out_x = 0; out_x < a.output_width; ++out_x) {
      const int in_x0 = out_x * a.stride_width - a.pad_width;
      int fx_begin = 0, fx_end = a.filter_width;
      while (fx_begin < fx_end && in_x0 + fx_begin * a.dilation_width < 0) ++fx_begin;
      while (fx_end > fx_begin && in_x0 + (fx_end - 1) * a.dilation_width >= a.input_width) --fx_end;
      const int64_t out_pixel = static_cast<int64_t>(row) * a.output_width + out_x;
      const int64_t in_base = static_cast<int64_t>(batch) * a.input_height * a.input_width;
      pixel(out_pixel, in_base, in_y0, in_x0, fy_begin, fy_end, fx_begin, fx_end);
    }
  }
}

void DepthwiseQ8(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights,
                 int32_t input_offset, const Q8Output& o, uint8_t* output) {
  const int channels = a.channels;
  ForEachOutputPixel(a, [&](int64_t out_pixel, int64_t in_base, int in_y0, int in_x0, int fy_begin,
                            int fy_end, int fx_begin, int fx_end) {
    uint8_t* out = output + out_pixel * channels;
    for (int c = 0; c < channels; c += kLanes) {
      const int n = std::min(kLanes, channels - c);
      U32 acc = Load<U32>(o.bias + c);
      for (int fy = fy_begin; fy < fy_end; ++fy) {
        const int in_y = in_y0 + fy * a.dilation_height;
        for (int fx = fx_begin; fx < fx_end; ++fx) {
          const int in_x = in_x0 + fx * a.dilation_width;
          const uint8_t* in = input + ((in_base + static_cast<int64_t>(in_y) * a.input_width + in_x) * channels + c);
          const U8 bytes = (n == kLanes ? Load<U8>(in) : LoadPartial<U8>(in, n)) ^ o.input_xor;
          const U32 x = __builtin_convertvector(bytes, U32) + static_cast<uint32_t>(input_offset);
          const U32 w = Load<U32>(weights + (fy * a.filter_width + fx) * channels + c);
          acc += x * w;
        }
      }
      const U8 result = ToBytes(Requantize((I32)acc, o, c));
      if (n == kLanes) {
        Store(out + c, result);
      } else {
        StorePartial(out + c, result, n);
      }
    }
  });
}

void DepthwiseF32(const DepthwiseArgs& a, const float* input, const float* weights, const float* bias,
                  float act_min, float act_max, float* output) {
  const int channels = a.channels;
  ForEachOutputPixel(a, [&](int64_t out_pixel, int64_t in_base, int in_y0, int in_x0, int fy_begin,
                            int fy_end, int fx_begin, int fx_end) {
    float* out = output + out_pixel * channels;
    for (int c = 0; c < channels; c += kLanes) {
      const int n = std::min(kLanes, channels - c);
      F32 acc = Load<F32>(bias + c);
      for (int fy = fy_begin; fy < fy_end; ++fy) {
        const int in_y = in_y0 + fy * a.dilation_height;
        for (int fx = fx_begin; fx < fx_end; ++fx) {
          const int in_x = in_x0 + fx * a.dilation_width;
          const float* in = input + ((in_base + static_cast<int64_t>(in_y) * a.input_width + in_x) * channels + c);
          const F32 x = n == kLanes ? Load<F32>(in) : LoadPartial<F32>(in, n);
          acc += x * Load<F32>(weights + (fy * a.filter_width + fx) * channels + c);
        }
      }
      acc = acc < act_min ? (F32){} + act_min : acc;
      acc = acc > act_max ? (F32){} + act_max : acc;
      if (n == kLanes) {
        Store(out + c, acc);
      } else {
        StorePartial(out + c, acc, n);
      }
    }
  });
}

}  // namespace
}  // namespace MINNOW_ISA

const IsaKernels* MINNOW_CONCAT(GetIsaKernels_, MINNOW_ISA)() {
  static const IsaKernels kernels{
      KernelPath::MINNOW_ISA_PATH, MINNOW_ISA::kLanes, MINNOW_ISA::kPanels, MINNOW_ISA::kRows,
      MINNOW_ISA::kKBlock,         MINNOW_ISA::GemmQ8, MINNOW_ISA::GemmF32, MINNOW_ISA::DepthwiseQ8,
      MINNOW_ISA::DepthwiseF32};
  return &kernels;
}

}  // namespace minnow::kernels::optimized
