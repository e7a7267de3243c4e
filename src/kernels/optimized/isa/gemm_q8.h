// The register tiles of the GEMM kernels and the 8-bit GEMM tile, included
// by isa/kernels.cc (every variant) and by isa/dot/gemm_q8_dot.cc, which
// builds only the 8-bit GEMM again for the dot-product variants (AVX-VNNI,
// NEON dotprod) and takes their other kernels from the base variant's table.
// Everything here sits in the per-ISA anonymous namespace of the including
// file.
#pragma once

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/vector.h"
#include "kernels/optimized/isa_kernels.h"

#if defined(__AVX512VNNI__) || defined(__AVXVNNI__)
#include <immintrin.h>
#elif defined(__ARM_FEATURE_DOTPROD)
#include <arm_neon.h>
#endif

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// Depth bytes per channel that one dot-product instruction adds up (the Q8
// panels' k block), and whether the activations enter it as signed bytes
// (NEON's sdot has no unsigned x signed form: the prepared bias then holds
// 128 times each channel's weight sum, see IsaKernels::q8_signed_activations).
#if defined(__AVX512VNNI__) || defined(__AVXVNNI__) || defined(__ARM_FEATURE_DOTPROD)
constexpr int kKBlock = 4;
#else
constexpr int kKBlock = 1;
#endif
#if defined(__ARM_FEATURE_DOTPROD)
constexpr bool kSignedQ8Activations = true;
#else
constexpr bool kSignedQ8Activations = false;
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
#elif defined(__AVXVNNI__)
// The same with 256-bit AVX-VNNI (VEX-encoded vpdpbusd): panel layout
// [depth / 4][8 channels][4 bytes].
template <int R, int P>
inline void AccumulateQ8(const Q8Tile& t, int r0, uint8_t input_xor, I32 (&acc)[R][P]) {
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(input_xor));
  const uint8_t* rows[R];
  ForSegments(t, r0, rows, t.panels, [&](const int8_t* panel) {
    for (int k = 0; k < t.depth; k += 4) {
      __m256i w[P];
      for (int p = 0; p < P; ++p) {
        w[p] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(panel + p * t.panel_stride + k * kLanes));
      }
      for (int r = 0; r < R; ++r) {
        int32_t quad;
        std::memcpy(&quad, rows[r] + k, 4);
        const __m256i a = _mm256_xor_si256(_mm256_set1_epi32(quad), flip);
        for (int p = 0; p < P; ++p) {
          acc[r][p] = (I32)_mm256_dpbusd_avx_epi32((__m256i)acc[r][p], a, w[p]);
        }
      }
    }
  });
}
#elif defined(__ARM_FEATURE_DOTPROD)
// Panel layout [depth / 4][4 channels][4 bytes]; one sdot adds four signed x
// signed byte products to each channel's int32. The activations are made
// signed (raw ^ input_xor ^ 0x80 = unsigned value - 128); the bias prepared
// for this path adds back 128 x the channel's weight sum.
template <int R, int P>
inline void AccumulateQ8(const Q8Tile& t, int r0, uint8_t input_xor, I32 (&acc)[R][P]) {
  const int8x16_t flip = vdupq_n_s8(static_cast<int8_t>(input_xor ^ 0x80));
  const uint8_t* rows[R];
  ForSegments(t, r0, rows, t.panels, [&](const int8_t* panel) {
    for (int k = 0; k < t.depth; k += 4) {
      int8x16_t w[P];
      for (int p = 0; p < P; ++p) w[p] = vld1q_s8(panel + p * t.panel_stride + k * kLanes);
      for (int r = 0; r < R; ++r) {
        int32_t quad;
        std::memcpy(&quad, rows[r] + k, 4);
        const int8x16_t a = veorq_s8(vreinterpretq_s8_s32(vdupq_n_s32(quad)), flip);
        for (int p = 0; p < P; ++p) acc[r][p] = (I32)vdotq_s32((int32x4_t)acc[r][p], a, w[p]);
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


void GemmQ8(const Q8Tile& t, const Q8Output& o) {
  ForRowGroups<kMaxPanels, TileRows>(t.num_rows, t.num_channels, [&](int r0, auto rows, auto panels) {
    GemmQ8Rows<decltype(rows)::value, decltype(panels)::value>(t, o, r0);
  });
}

}  // namespace
}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
