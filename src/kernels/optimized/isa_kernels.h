// The inner loops of the optimized kernels, compiled once per instruction set
// (isa/kernels.cc) and chosen at run time (KernelsFor). Everything around them
// (weight packing, im2col, tiling, threads) is ISA-independent and lives in
// gemm.cc / depthwise.cc.
//
// 8-bit arithmetic is exact: activations and weights enter the dot products
// as unsigned / signed bytes (an int8 activation is flipped to unsigned by
// xor 0x80, a uint8 weight to signed the same way), the zero points are
// folded into per-channel and per-row corrections in wrapping int32, and the
// requantization is TensorFlow Lite's, lane by lane. The bytes out are the
// reference kernel's on every path.
#pragma once

#include <cstddef>
#include <cstdint>

#include "minnow/kernel_path.h"

namespace minnow::kernels::optimized {

constexpr int kMaxTileRows = 8;

// Requantization and clamp of one 8-bit GEMM or depthwise output, per channel.
// Channel arrays are padded to a whole number of tiles.
struct Q8Output {
  const int32_t* bias = nullptr;         // bias plus zero-point corrections
  const int32_t* multiplier = nullptr;   // Q31
  const int32_t* left_shift = nullptr;   // max(shift, 0)
  const int32_t* right_shift = nullptr;  // max(-shift, 0)
  int32_t weight_zero = 0;  // times each row's byte sum, subtracted (uint8 weights)
  int32_t output_zero = 0;
  int32_t act_min = 0;
  int32_t act_max = 0;
  bool ruy_rounding = false;  // RuyMultiplyByQuantizedMultiplier instead of the double rounding
  bool any_left_shift = false;  // some channel's left_shift is not 0
  uint8_t input_xor = 0;      // 0x80 for int8 activations
};

// One tile of an 8-bit GEMM: up to max_rows activation rows times up to
// panels_per_tile packed weight panels.
struct Q8Tile {
  const uint8_t* rows[kMaxTileRows] = {};  // `depth` bytes each (raw activations)
  int num_rows = 0;
  const int32_t* row_sums = nullptr;  // of the flipped row bytes; read when weight_zero != 0
  const int8_t* panels = nullptr;     // the tile's first panel
  size_t panel_stride = 0;            // bytes between panels
  int depth = 0;                      // padded to k_block
  int first_channel = 0;
  int num_channels = 0;  // valid channels in this tile
  uint8_t* out = nullptr;
  ptrdiff_t out_row_stride = 0;
};

struct F32Tile {
  const float* rows[kMaxTileRows] = {};
  int num_rows = 0;
  const float* panels = nullptr;  // [depth][panel_width] per panel
  size_t panel_stride = 0;        // floats between panels
  int depth = 0;
  int first_channel = 0;
  int num_channels = 0;
  const float* bias = nullptr;  // padded; never null
  float act_min = 0.0f;
  float act_max = 0.0f;
  float* out = nullptr;
  ptrdiff_t out_row_stride = 0;
};

// Depthwise convolution over NHWC with input channels lined up with the
// output's (depth multiplier 1, or the input expanded), output rows
// [row_begin, row_end) of the flattened (batch, y) range.
struct DepthwiseArgs {
  int input_height = 0, input_width = 0, channels = 0;
  int filter_height = 0, filter_width = 0;
  int output_height = 0, output_width = 0;
  int stride_height = 1, stride_width = 1;
  int dilation_height = 1, dilation_width = 1;
  int pad_height = 0, pad_width = 0;
  int row_begin = 0, row_end = 0;
  // `channels` elements that window taps outside the input read: the input
  // zero point (8-bit) or 0.0f.
  const void* pad_row = nullptr;
};
// Windows with more taps run the reference kernel.
constexpr int kMaxDepthwiseTaps = 64;

// One instruction set's kernels (filled in isa/kernels.cc).
struct IsaKernels {
  KernelPath path = KernelPath::kReference;
  int panel_width = 0;      // channels per packed panel (= int32/float lanes)
  int panels_per_tile = 0;  // panels one tile computes
  int max_rows = 0;         // rows per tile
  int q8_k_block = 1;       // consecutive depth bytes per channel in a Q8 panel
  void (*gemm_q8)(const Q8Tile& tile, const Q8Output& out) = nullptr;
  void (*gemm_f32)(const F32Tile& tile) = nullptr;
  // Weights [taps][channels] as int32 with the filter offset applied;
  // input/output bytes; input_offset = -input zero point.
  void (*depthwise_q8)(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights,
                       int32_t input_offset, const Q8Output& out, uint8_t* output) = nullptr;
  void (*depthwise_f32)(const DepthwiseArgs& a, const float* input, const float* weights,
                        const float* bias, float act_min, float act_max, float* output) = nullptr;
};

// The kernels of `path` (not kReference / kAuto); nullptr if not built.
const IsaKernels* KernelsFor(KernelPath path);
// The kernels of the active path; nullptr when the reference kernels are chosen.
const IsaKernels* ActiveKernels();

}  // namespace minnow::kernels::optimized
