// The optimized inner loops, written once with GCC vector extensions and
// compiled once per instruction set: CMake builds this file several times
// with different -m flags and MINNOW_ISA naming the entry point. The vector
// width follows the flags (16 bytes baseline/NEON, 32 AVX2, 64 AVX-512); the
// one instruction the compiler cannot pick by itself, the VNNI dot product, is
// an intrinsic. The register tiles and the 8-bit GEMM tile are in gemm_q8.h,
// which isa/dot/gemm_q8_dot.cc also builds for the dot-product variants.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/activations.h"
#include "kernels/optimized/isa/depthwise.h"
#include "kernels/optimized/isa/dot_conv.h"
#include "kernels/optimized/isa/elementwise.h"
#include "kernels/optimized/isa/gemm_q8.h"
#include "kernels/optimized/isa/spatial.h"
#include "kernels/optimized/isa/vector.h"
#include "kernels/optimized/isa_kernels.h"

#define MINNOW_CONCAT2(a, b) a##b
#define MINNOW_CONCAT(a, b) MINNOW_CONCAT2(a, b)

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// ---------------------------------------------------------------------------
// 8-bit GEMM row sums (the tile itself is in gemm_q8.h).

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
    k.q8_signed_activations = kSignedQ8Activations;
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
    k.map_f32 = MapF32Op;
    k.softmax_f32 = SoftmaxF32;
    k.quantize_f32 = QuantizeF32;
    k.dequantize = Dequantize;
    k.column_sums = ColumnSums;
    return k;
  }();
  return &table;
}

}  // namespace minnow::kernels::optimized
