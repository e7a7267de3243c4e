// The optimized inner loops, written once with GCC vector extensions and
// compiled once per instruction set: CMake builds this file several times
// with different -m flags and MINNOW_ISA naming the entry point. The vector
// width follows the flags (16 bytes baseline/NEON, 32 AVX2, 64 AVX-512); the
// one instruction the compiler cannot pick by itself, the VNNI dot product, is
// an intrinsic.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/depthwise.h"
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
