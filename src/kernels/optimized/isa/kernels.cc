// The optimized inner loops, written once with GCC vector extensions and
// compiled once per instruction set: CMake builds this file several times
// with different -m flags and MINNOW_ISA naming the entry point. The vector
// width follows the flags (16 bytes baseline/NEON, 32 AVX2, 64 AVX-512); the
// one instruction the compiler cannot pick by itself, the VNNI dot product, is
// an intrinsic.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/dot_conv.h"
#include "kernels/optimized/isa/elementwise.h"
#include "kernels/optimized/isa/spatial.h"
#include "kernels/optimized/isa/vector.h"
#include "kernels/optimized/isa_kernels.h"

#if defined(__AVX512VNNI__)
#include <immintrin.h>
#endif

#define MINNOW_CONCAT2(a, b) a##b
#define MINNOW_CONCAT(a, b) MINNOW_CONCAT2(a, b)

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

#if defined(__AVX512VNNI__)
constexpr int kKBlock = 4;
#else
constexpr int kKBlock = 1;
#endif

// Register tiles: P panels of kLanes channels times TileRows(P) rows of
// accumulators, within the vector registers (32 with AVX-512, else 16 or
// NEON's 32 narrow ones) next to the weights and one broadcast input. Narrow
// tiles take more rows: each weight vector loaded and each call's fixed work
// serve more outputs.
#if defined(__AVX512F__)
constexpr int kMaxPanels = 3;
constexpr int TileRows(int panels) { return panels == 1 ? 12 : panels == 2 ? 6 : 4; }
#else
constexpr int kMaxPanels = 2;
constexpr int TileRows(int panels) { return panels == 1 ? 8 : 4; }
#endif
// The 16x8 tile keeps int64 totals as well (three registers an output
// vector): fewer rows, at most two panels.
constexpr int Q16TileRows(int) { return kLanes == 16 ? 6 : 4; }
constexpr int kMaxQ16Panels = 2;
static_assert(TileRows(1) <= kMaxTileRows && TileRows(1) >= TileRows(2) && TileRows(1) >= TileRows(kMaxPanels) &&
                  TileRows(1) >= Q16TileRows(1),
              "tile rows");

// Calls fn(std::integral_constant<int, rows>) for rows in [1, Max]: tile
// loops are unrolled for each row count.
template <int Max, int R = 1, typename Fn>
inline void WithRows(int rows, Fn fn) {
  if constexpr (R <= Max) {
    if (rows == R) return fn(std::integral_constant<int, R>());
    WithRows<Max, R + 1>(rows, fn);
  }
}

// Calls fn(std::integral_constant<int, P>()) with P the panels that
// `channels` channels fill, up to MaxPanels.
template <int MaxPanels, typename Fn>
inline void WithPanels(int channels, Fn fn) {
  if (channels <= kLanes) return fn(std::integral_constant<int, 1>());
  if constexpr (MaxPanels > 2) {
    if (channels > 2 * kLanes) return fn(std::integral_constant<int, 3>());
  }
  fn(std::integral_constant<int, 2>());
}

// Calls fn(first_row, std::integral_constant<int, R>(), std::integral_constant<int, P>())
// over a tile's rows in groups of at most Rows(P) rows, P its panel count.
template <int MaxPanels, int (*Rows)(int), typename Fn>
inline void ForRowGroups(int num_rows, int channels, Fn fn) {
  WithPanels<MaxPanels>(channels, [&](auto panels) {
    constexpr int kGroup = Rows(decltype(panels)::value);
    for (int r0 = 0; r0 < num_rows; r0 += kGroup) {
      WithRows<kGroup>(std::min(kGroup, num_rows - r0), [&](auto rows) { fn(r0, rows, panels); });
    }
  });
}

// Calls fn(panel) for each depth segment of rows [r0, r0 + R) of a tile,
// with a[r] at the segment's first element of row r and panel at the
// segment's first weights (depth x kLanes elements a panel).
template <int R, typename Tile, typename Element, typename Weight, typename Fn>
MINNOW_VECTOR_INLINE void ForSegments(const Tile& t, int r0, const Element* (&a)[R], const Weight* panel, Fn fn) {
  for (int r = 0; r < R; ++r) a[r] = t.rows[r0 + r];
  for (int s = 0;;) {
    fn(panel);
    if (++s == t.segments) break;
    panel += static_cast<size_t>(t.depth) * kLanes;
    for (int r = 0; r < R; ++r) a[r] += t.row_steps[r0 + r];
  }
}

// ---------------------------------------------------------------------------
// 8-bit GEMM tile.

#if defined(__AVX512VNNI__)
// Panel layout: [depth / 4][16 channels][4 bytes]; one dpbusd adds four
// unsigned x signed byte products to each channel's int32.
template <int R, int P>
inline void AccumulateQ8(const Q8Tile& t, int r0, uint8_t input_xor, I32 (&acc)[R][P]) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(input_xor));
  const uint8_t* rows[R];
  ForSegments(t, r0, rows, t.panels, [&](const int8_t* panel) {
    for (int k = 0; k < t.depth; k += 4) {
      __m512i w[P];
      for (int p = 0; p < P; ++p) {
        w[p] = _mm512_loadu_si512(panel + p * t.panel_stride + k * kLanes);
      }
      for (int r = 0; r < R; ++r) {
        int32_t quad;
        std::memcpy(&quad, rows[r] + k, 4);
        const __m512i a = _mm512_xor_si512(_mm512_set1_epi32(quad), flip);
        for (int p = 0; p < P; ++p) {
          acc[r][p] = (I32)_mm512_dpbusd_epi32((__m512i)acc[r][p], a, w[p]);
        }
      }
    }
  });
}
#else
// Panel layout: [depth][panel_width channels]; widen and multiply-add.
template <int R, int P>
inline void AccumulateQ8(const Q8Tile& t, int r0, uint8_t input_xor, I32 (&acc)[R][P]) {
  const uint8_t* rows[R];
  ForSegments(t, r0, rows, t.panels, [&](const int8_t* panel) {
    for (int k = 0; k < t.depth; ++k) {
      I32 w[P];
      for (int p = 0; p < P; ++p) {
        w[p] = Widen<I32>(Load<I8>(panel + p * t.panel_stride + k * kLanes));
      }
      for (int r = 0; r < R; ++r) {
        const int32_t a = static_cast<uint8_t>(rows[r][k] ^ input_xor);
        for (int p = 0; p < P; ++p) acc[r][p] = (I32)((U32)acc[r][p] + (U32)(w[p] * a));
      }
    }
  });
}
#endif

// Rows [r0, r0 + R) of the tile.
template <int R, int P>
void GemmQ8Rows(const Q8Tile& t, const Q8Output& output, int r0) {
  // Local copies: the byte stores below may alias anything, so fields read
  // through the references would be reloaded for every row.
  const Q8Output o = output;
  uint8_t* const out = t.out + r0 * t.out_row_stride;
  const ptrdiff_t out_row_stride = t.out_row_stride;
  const int32_t* const row_sums = t.row_sums + r0;
  const int first_channel = t.first_channel, num_channels = t.num_channels;
  // Zeroed lane vector by lane vector: `= {}` on the array becomes a
  // rep stos through memory, which costs more than a short depth's products.
  I32 acc[R][P];
  for (int r = 0; r < R; ++r) {
    for (int p = 0; p < P; ++p) acc[r][p] = (I32){};
  }
  AccumulateQ8<R, P>(t, r0, o.input_xor, acc);
  for (int p = 0; p < P; ++p) {
    const int c = p * kLanes;
    const int n = std::min(kLanes, num_channels - c);
    const int channel = first_channel + c;
    const U32 bias = Load<U32>(o.bias + channel);
    const RequantConstants<kLanes> k = LoadRequantConstants<kLanes>(o, channel);
    for (int r = 0; r < R; ++r) {
      U32 sum = (U32)acc[r][p] + bias;
      if (o.weight_zero != 0) {
        sum -= static_cast<uint32_t>(o.weight_zero) * static_cast<uint32_t>(row_sums[r]);
      }
      const U8 bytes = Requantize<kLanes>((I32)sum, k, o);
      uint8_t* dst = out + r * out_row_stride + c;
      if (n == kLanes) {
        Store(dst, bytes);
      } else {
        StorePartial(dst, bytes, n);
      }
    }
  }
}

void RowSumsQ8(const uint8_t* const* rows, int num_rows, int depth, uint8_t input_xor, int32_t* sums) {
  for (int r = 0; r < num_rows; ++r) {
    U32 acc = {};
    int k = 0;
    for (; k + kLanes <= depth; k += kLanes) acc += Widen<U32>(Load<U8>(rows[r] + k) ^ input_xor);
    uint32_t sum = 0;
    for (int lane = 0; lane < kLanes; ++lane) sum += acc[lane];
    for (; k < depth; ++k) sum += static_cast<uint8_t>(rows[r][k] ^ input_xor);
    sums[r] = static_cast<int32_t>(sum);
  }
}

void GemmQ8(const Q8Tile& t, const Q8Output& o) {
  ForRowGroups<kMaxPanels, TileRows>(t.num_rows, t.num_channels, [&](int r0, auto rows, auto panels) {
    GemmQ8Rows<decltype(rows)::value, decltype(panels)::value>(t, o, r0);
  });
}

// ---------------------------------------------------------------------------
// 16x8 GEMM tile. Panel layout: [depth][panel_width channels] int8.

typedef I64V<kLanes> I64;
typedef typename VecOf<uint64_t, kLanes>::type U64;
typedef typename VecOf<int16_t, kLanes>::type I16;

// int64 sums (bias included) to int16 outputs for channels [c, c + L):
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

template <int R, int P>
void GemmQ16Rows(const Q16Tile& t, const Q16Output& o, int r0) {
  const int16_t* const* rows = t.rows + r0;
  I64 total[R][P];
  for (int p = 0; p < P; ++p) {
    const I64 bias = Load<I64>(o.bias + t.first_channel + p * kLanes);
    for (int r = 0; r < R; ++r) total[r][p] = bias;
  }
  for (int k0 = 0; k0 < t.depth; k0 += kQ16Chunk) {
    const int k1 = std::min(t.depth, k0 + kQ16Chunk);
    I32 acc[R][P];
    for (int r = 0; r < R; ++r) {
      for (int p = 0; p < P; ++p) acc[r][p] = (I32){};
    }
    for (int k = k0; k < k1; ++k) {
      I32 w[P];
      for (int p = 0; p < P; ++p) w[p] = Widen<I32>(Load<I8>(t.panels + p * t.panel_stride + k * kLanes));
      for (int r = 0; r < R; ++r) {
        const int32_t a = rows[r][k];
        for (int p = 0; p < P; ++p) acc[r][p] += w[p] * a;
      }
    }
    for (int r = 0; r < R; ++r) {
      for (int p = 0; p < P; ++p) total[r][p] = (I64)((U64)total[r][p] + (U64)__builtin_convertvector(acc[r][p], I64));
    }
  }
  for (int p = 0; p < P; ++p) {
    const int c = p * kLanes;
    const int n = std::min(kLanes, t.num_channels - c);
    for (int r = 0; r < R; ++r) {
      const I16 v = RequantizeQ16<kLanes>(total[r][p], o, t.first_channel + c);
      int16_t* dst = t.out + (r0 + r) * t.out_row_stride + c;
      if (n == kLanes) {
        Store(dst, v);
      } else {
        StorePartial(dst, v, n);
      }
    }
  }
}

void GemmQ16(const Q16Tile& t, const Q16Output& o) {
  ForRowGroups<kMaxQ16Panels, Q16TileRows>(t.num_rows, t.num_channels, [&](int r0, auto rows, auto panels) {
    GemmQ16Rows<decltype(rows)::value, decltype(panels)::value>(t, o, r0);
  });
}

// ---------------------------------------------------------------------------
// Float GEMM tile. Panel layout: [depth][panel_width channels].

template <int R, int P>
void GemmF32Rows(const F32Tile& t, int r0) {
  F32 acc[R][P];
  for (int p = 0; p < P; ++p) {
    const F32 b = Load<F32>(t.bias + t.first_channel + p * kLanes);
    for (int r = 0; r < R; ++r) acc[r][p] = b;
  }
  const float* rows[R];
  ForSegments(t, r0, rows, t.panels, [&](const float* panel) {
    for (int k = 0; k < t.depth; ++k) {
      F32 w[P];
      for (int p = 0; p < P; ++p) w[p] = Load<F32>(panel + p * t.panel_stride + k * kLanes);
      for (int r = 0; r < R; ++r) {
        const float a = rows[r][k];
        for (int p = 0; p < P; ++p) acc[r][p] += w[p] * a;
      }
    }
  });
  // Local copies: the float stores below could alias the tile's floats.
  const float act_min = t.act_min, act_max = t.act_max;
  float* const out = t.out + r0 * t.out_row_stride;
  const ptrdiff_t out_row_stride = t.out_row_stride;
  for (int p = 0; p < P; ++p) {
    const int c = p * kLanes;
    const int n = std::min(kLanes, t.num_channels - c);
    for (int r = 0; r < R; ++r) {
      F32 v = acc[r][p];
      v = v < act_min ? (F32){} + act_min : v;
      v = v > act_max ? (F32){} + act_max : v;
      float* dst = out + r * out_row_stride + c;
      if (n == kLanes) {
        Store(dst, v);
      } else {
        StorePartial(dst, v, n);
      }
    }
  }
}

void GemmF32(const F32Tile& t) {
  ForRowGroups<kMaxPanels, TileRows>(t.num_rows, t.num_channels, [&](int r0, auto rows, auto panels) {
    GemmF32Rows<decltype(rows)::value, decltype(panels)::value>(t, r0);
  });
}

// ---------------------------------------------------------------------------
// Depthwise: each output pixel, channels a vector at a time, over the window
// taps. A tap outside the input reads `pad_row` (the input zero point, or
// 0.0f), which adds nothing, as the reference's skipped taps.

// Output pixels go in chunks of up to kPixelChunk along an output row: the
// taps of every pixel of a chunk are found first, then each channel block
// runs over the whole chunk with its weights and requantization constants
// kept in registers.
constexpr int kPixelChunk = 16;
template <typename T>
using ChunkTaps = const T* [kPixelChunk][kMaxDepthwiseTaps];

// Calls chunk(first_out_pixel, count, taps) for the output pixels of rows
// [row_begin, row_end), taps[p][t] pointing at the input pixel under window
// tap t (row-major over the filter) of the chunk's pixel p, or at pad_row.
template <typename T, typename Chunk>
inline void ForEachPixelChunk(const DepthwiseArgs& a, const T* input, const T* pad_row, Chunk chunk) {
  ChunkTaps<T> taps;
  const int64_t row_elements = static_cast<int64_t>(a.input_width) * a.input_channels;
  // Offsets of the taps from the window's top-left input pixel: a window
  // entirely inside the input needs no checks.
  int64_t tap_offsets[kMaxDepthwiseTaps];
  const int num_taps = a.filter_height * a.filter_width;
  for (int t = 0; t < num_taps; ++t) {
    tap_offsets[t] = (t / a.filter_width) * a.dilation_height * row_elements +
                     static_cast<int64_t>(t % a.filter_width) * a.dilation_width * a.input_channels;
  }
  const int window_height = (a.filter_height - 1) * a.dilation_height + 1;
  const int window_width = (a.filter_width - 1) * a.dilation_width + 1;
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int out_y = row % a.output_height;
    const T* image = input + (row / a.output_height) * a.input_height * row_elements;
    const int in_y0 = out_y * a.stride_height - a.pad_height;
    const bool rows_inside = in_y0 >= 0 && in_y0 + window_height <= a.input_height;
    for (int x0 = 0; x0 < a.output_width; x0 += kPixelChunk) {
      const int count = std::min(kPixelChunk, a.output_width - x0);
      for (int p = 0; p < count; ++p) {
        const int in_x0 = (x0 + p) * a.stride_width - a.pad_width;
        if (rows_inside && in_x0 >= 0 && in_x0 + window_width <= a.input_width) {
          const T* origin = image + in_y0 * row_elements + static_cast<int64_t>(in_x0) * a.input_channels;
          for (int t = 0; t < num_taps; ++t) taps[p][t] = origin + tap_offsets[t];
          continue;
        }
        int t = 0;
        for (int fy = 0; fy < a.filter_height; ++fy) {
          const int in_y = in_y0 + fy * a.dilation_height;
          const bool row_inside = in_y >= 0 && in_y < a.input_height;
          for (int fx = 0; fx < a.filter_width; ++fx, ++t) {
            const int in_x = in_x0 + fx * a.dilation_width;
            taps[p][t] = row_inside && in_x >= 0 && in_x < a.input_width
                             ? image + in_y * row_elements + static_cast<int64_t>(in_x) * a.input_channels
                             : pad_row;
          }
        }
      }
      chunk(static_cast<int64_t>(row) * a.output_width + x0, count, taps);
    }
  }
}

// Calls fn(std::integral_constant<int, T>()) with T = taps for the common
// 3x3 and 5x5 windows (their tap loops unroll), T = 0 for any other count.
template <typename Fn>
inline void WithTapCount(int taps, Fn fn) {
  if (taps == 9) return fn(std::integral_constant<int, 9>());
  if (taps == 25) return fn(std::integral_constant<int, 25>());
  fn(std::integral_constant<int, 0>());
}

// Calls fn(std::bool_constant<B>()) with B = one input channel broadcast to
// every output channel (depth multiplier with a single input channel).
template <typename Fn>
inline void WithBroadcast(const DepthwiseArgs& a, Fn fn) {
  if (a.input_channels == 1 && a.channels > 1) return fn(std::true_type());
  fn(std::false_type());
}

// The input offset is folded into the bias (prepare), so each tap is a
// load, a widening, a multiply and an add. Bytes are widened unsigned after
// the xor that flips int8 inputs.
void DepthwiseQ8(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights, const Q8Output& o,
                 uint8_t* output) {
  const int channels = a.channels;
  const uint8_t* pad_row = static_cast<const uint8_t*>(a.pad_row);
  WithBroadcast(a, [&](auto broadcast) {
    WithTapCount(a.filter_height * a.filter_width, [&](auto fixed_taps) {
      constexpr int kFixedTaps = decltype(fixed_taps)::value;
      const int num_taps = kFixedTaps != 0 ? kFixedTaps : a.filter_height * a.filter_width;
      ForEachPixelChunk(a, input, pad_row, [&](int64_t first_pixel, int count, const ChunkTaps<uint8_t>& taps) {
        ForChannelBlocks(channels, [&](auto lanes, int c) {
          constexpr int L = decltype(lanes)::value;
          typedef U32V<L> UV;
          const UV bias = Load<UV>(o.bias + c);
          const RequantConstants<L> k = LoadRequantConstants<L>(o, c);
          for (int p = 0; p < count; ++p) {
            UV acc = bias;
#pragma GCC unroll 25
            for (int t = 0; t < num_taps; ++t) {
              UV x;
              if constexpr (decltype(broadcast)::value) {
                x = (UV){} + static_cast<uint8_t>(taps[p][t][0] ^ o.input_xor);
              } else {
                x = Widen<UV>(Load<U8V<L>>(taps[p][t] + c) ^ o.input_xor);
              }
              acc += x * Load<UV>(weights + t * channels + c);
            }
            Store(output + (first_pixel + p) * channels + c, Requantize<L>((I32V<L>)acc, k, o));
          }
        });
      });
    });
  });
}

// 16x8 depthwise: at most kMaxDepthwiseTaps int32 products per output, exact
// in int32, then the int64 bias and requantization.
void DepthwiseQ16(const DepthwiseArgs& a, const int16_t* input, const int32_t* weights, const Q16Output& o,
                  int16_t* output) {
  static_assert(kMaxDepthwiseTaps <= kQ16Chunk, "depthwise sums must stay exact in int32");
  const int channels = a.channels;
  const int16_t* pad_row = static_cast<const int16_t*>(a.pad_row);
  WithTapCount(a.filter_height * a.filter_width, [&](auto fixed_taps) {
    constexpr int kFixedTaps = decltype(fixed_taps)::value;
    const int num_taps = kFixedTaps != 0 ? kFixedTaps : a.filter_height * a.filter_width;
    ForEachPixelChunk(a, input, pad_row, [&](int64_t first_pixel, int count, const ChunkTaps<int16_t>& taps) {
      ForChannelBlocks(channels, [&](auto lanes, int c) {
        constexpr int L = decltype(lanes)::value;
        typedef I32V<L> V;
        const I64V<L> bias = Load<I64V<L>>(o.bias + c);
        for (int p = 0; p < count; ++p) {
          V acc = {};
#pragma GCC unroll 25
          for (int t = 0; t < num_taps; ++t) {
            acc += Widen<V>(Load<typename VecOf<int16_t, L>::type>(taps[p][t] + c)) *
                   Load<V>(weights + t * channels + c);
          }
          const I64V<L> sum = bias + __builtin_convertvector(acc, I64V<L>);
          Store(output + (first_pixel + p) * channels + c, RequantizeQ16<L>(sum, o, c));
        }
      });
    });
  });
}

void DepthwiseF32(const DepthwiseArgs& a, const float* input, const float* weights, const float* bias,
                  float act_min, float act_max, float* output) {
  const int channels = a.channels;
  const float* pad_row = static_cast<const float*>(a.pad_row);
  WithBroadcast(a, [&](auto broadcast) {
    WithTapCount(a.filter_height * a.filter_width, [&](auto fixed_taps) {
      constexpr int kFixedTaps = decltype(fixed_taps)::value;
      const int num_taps = kFixedTaps != 0 ? kFixedTaps : a.filter_height * a.filter_width;
      ForEachPixelChunk(a, input, pad_row, [&](int64_t first_pixel, int count, const ChunkTaps<float>& taps) {
        ForChannelBlocks(channels, [&](auto lanes, int c) {
          constexpr int L = decltype(lanes)::value;
          typedef F32V<L> FV;
          const FV b = Load<FV>(bias + c);
          for (int p = 0; p < count; ++p) {
            FV acc = b;
#pragma GCC unroll 25
            for (int t = 0; t < num_taps; ++t) {
              FV x;
              if constexpr (decltype(broadcast)::value) {
                x = (FV){} + taps[p][t][0];
              } else {
                x = Load<FV>(taps[p][t] + c);
              }
              acc += x * Load<FV>(weights + t * channels + c);
            }
            acc = acc < act_min ? (FV){} + act_min : acc;
            acc = acc > act_max ? (FV){} + act_max : acc;
            Store(output + (first_pixel + p) * channels + c, acc);
          }
        });
      });
    });
  });
}

}  // namespace
}  // namespace MINNOW_ISA

// The table of this build. Kernels defined in the other isa/*.cc files are
// declared in their headers (in the same per-ISA namespace) and added here.
const IsaKernels* MINNOW_CONCAT(GetIsaKernels_, MINNOW_ISA)() {
  static const IsaKernels table = [] {
    using namespace MINNOW_ISA;
    IsaKernels k;
    k.path = KernelPath::MINNOW_ISA_PATH;
    k.panel_width = kLanes;
    k.max_panels = kMaxPanels;
    k.max_q16_panels = kMaxQ16Panels;
    k.max_rows = TileRows(1);
    k.q8_k_block = kKBlock;
    k.gemm_q8 = GemmQ8;
    k.row_sums_q8 = RowSumsQ8;
    k.gemm_f32 = GemmF32;
    k.gemm_q16 = GemmQ16;
    k.depthwise_q16 = DepthwiseQ16;
    k.depthwise_q8 = DepthwiseQ8;
    k.depthwise_f32 = DepthwiseF32;
    k.binary_f32 = BinaryF32;
    k.binary_q8 = BinaryQ8;
    k.max_pool = MaxPool;
    k.average_pool = AveragePool;
    k.resize_bilinear_f32 = ResizeBilinearF32;
    k.resize_bilinear_u8 = ResizeBilinearU8;
    k.dot_conv_f32 = DotConvF32;
    return k;
  }();
  return &table;
}

}  // namespace minnow::kernels::optimized
