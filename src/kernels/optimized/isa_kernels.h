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
#include "minnow/types.h"

namespace minnow::kernels::optimized {

constexpr int kMaxTileRows = 16;

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
// max_panels packed weight panels.
struct Q8Tile {
  const uint8_t* const* rows = nullptr;  // num_rows rows (raw activations)
  // Each row is `segments` runs of `depth` bytes (padded to k_block), run s
  // of row r at rows[r] + s * row_steps[r] (convolution windows read where
  // their rows lie in the input); the panels hold the runs one after another.
  int segments = 1;
  const ptrdiff_t* row_steps = nullptr;  // read when segments > 1
  int num_rows = 0;
  const int32_t* row_sums = nullptr;  // of the flipped row bytes; read when weight_zero != 0 (one segment)
  const int8_t* panels = nullptr;     // the tile's first panel
  size_t panel_stride = 0;            // bytes between panels
  int depth = 0;                      // a segment's
  int first_channel = 0;
  int num_channels = 0;  // valid channels in this tile
  uint8_t* out = nullptr;
  ptrdiff_t out_row_stride = 0;
};

// 16x8 (int16 activations, int8 weights, int64 bias, zero points 0), as
// TensorFlow Lite's reference integer kernels: int64 sums, requantized with
// the 16-bit reduced multiplier and one rounding shift
// (MultiplyByQuantizedMultiplier for int64). Products are summed in int32
// over at most kQ16Chunk depth steps (|x * w| < 2^22, so exact), then in int64.
constexpr int kQ16Chunk = 511;
struct Q16Output {
  const int64_t* bias = nullptr;          // per channel, padded to whole tiles
  const int32_t* multiplier = nullptr;    // reduced to 16 bits
  const int32_t* total_shift = nullptr;   // 15 - shift, in [1, 63]
  int32_t act_min = 0;
  int32_t act_max = 0;
};

struct Q16Tile {
  const int16_t* const* rows = nullptr;
  int num_rows = 0;
  const int8_t* panels = nullptr;  // [depth][panel_width] per panel
  size_t panel_stride = 0;
  int depth = 0;
  int first_channel = 0;
  int num_channels = 0;
  int16_t* out = nullptr;
  ptrdiff_t out_row_stride = 0;
};

struct F32Tile {
  const float* const* rows = nullptr;
  int segments = 1;  // as in Q8Tile
  const ptrdiff_t* row_steps = nullptr;
  int num_rows = 0;
  const float* panels = nullptr;  // [segments * depth][panel_width] per panel
  size_t panel_stride = 0;        // floats between panels
  int depth = 0;                  // a segment's
  int first_channel = 0;
  int num_channels = 0;
  const float* bias = nullptr;  // padded; never null
  float act_min = 0.0f;
  float act_max = 0.0f;
  float* out = nullptr;
  ptrdiff_t out_row_stride = 0;
};

// Depthwise convolution over NHWC with input channels lined up with the
// output's (depth multiplier 1, or the input expanded) or one input channel
// feeding them all (input_channels 1), output rows
// [row_begin, row_end) of the flattened (batch, y) range.
struct DepthwiseArgs {
  int input_height = 0, input_width = 0, channels = 0;
  int input_channels = 0;  // channels, or 1
  int filter_height = 0, filter_width = 0;
  int output_height = 0, output_width = 0;
  int stride_height = 1, stride_width = 1;
  int dilation_height = 1, dilation_width = 1;
  int pad_height = 0, pad_width = 0;
  int row_begin = 0, row_end = 0;
  // max(input_width * input_channels, channels) elements that window taps
  // outside the input read (a whole input row above or below the image, or
  // one pixel beside it): the input zero point (8-bit) or 0.0f.
  const void* pad_row = nullptr;
};
// Windows with more taps run the reference kernel.
constexpr int kMaxDepthwiseTaps = 64;
// The depthwise kernels' per-channel arrays (weights per tap, bias,
// requantization) hold channels + kDepthwiseChannelPad entries, entry j being
// channel j % channels': a vector of up to that many lanes starting at any
// channel reads the channels that follow it round and round, as the lanes
// over consecutive output elements of a row do.
constexpr int kDepthwiseChannelPad = 16;

// Element-wise binary ops (ADD, SUB, MUL) over `rows` rows of n elements:
// row r is out[r * n + i] = in1[r * in1_row_step + i] op
// in2[r * in2_row_step + i], where a repeated input (see the params) holds
// one element used for the whole row (a broadcast). Steps are in elements.
enum class BinaryOp : uint8_t { kAdd, kSub, kMul };

struct BinaryRows {
  const void* in1 = nullptr;
  const void* in2 = nullptr;
  void* out = nullptr;
  int64_t n = 0;
  int64_t rows = 0;
  int64_t in1_row_step = 0;
  int64_t in2_row_step = 0;
};

struct BinaryF32Params {
  BinaryOp op = BinaryOp::kAdd;
  bool repeat1 = false;
  bool repeat2 = false;
  float act_min = 0.0f;
  float act_max = 0.0f;
};

// TensorFlow Lite's 8-bit arithmetic, multipliers and shifts as
// QuantizeMultiplier gives them. ADD / SUB: each input plus its offset,
// shifted left by input_left_shift and rescaled by its multiplier; the two
// added or subtracted. MUL: the two offset inputs multiplied. Then the output
// requantization, offset and clamp. ADD / SUB's input_left_shift plus a
// multiplier's left shift must lie in [kMinBinaryInputLeft,
// kMaxBinaryInputLeft] (it is 20): the kernels' 32-bit form of the input
// rescaling is exact there.
constexpr int kMinBinaryInputLeft = 8;
constexpr int kMaxBinaryInputLeft = 23;
struct BinaryQ8Params {
  BinaryOp op = BinaryOp::kAdd;
  bool repeat1 = false;
  bool repeat2 = false;
  bool is_signed = false;        // int8 elements, else uint8
  int32_t input_offset[2] = {};  // -zero point
  int input_left_shift = 0;
  int32_t input_multiplier[2] = {};
  int input_shift[2] = {};
  int32_t output_multiplier = 0;
  int output_shift = 0;
  int32_t output_offset = 0;
  int32_t act_min = 0;
  int32_t act_max = 0;
};

// MAX_POOL_2D / AVERAGE_POOL_2D over NHWC, output rows [row_begin, row_end)
// of the flattened (batch, y) range. Windows are clipped to the input and
// each holds at least one input cell. Results are the reference kernel's
// (same summation order, float division, integer rounding).
struct PoolArgs {
  DataType type = DataType::kFloat32;  // float32, int8, uint8 or int16
  int input_height = 0, input_width = 0, channels = 0;
  int filter_height = 0, filter_width = 0;
  int output_height = 0, output_width = 0;
  int stride_height = 1, stride_width = 1;
  int pad_height = 0, pad_width = 0;
  int row_begin = 0, row_end = 0;
  float float_min = 0.0f, float_max = 0.0f;  // float32 activation range
  int32_t quant_min = 0, quant_max = 0;      // integer activation range, within the type
};

// Where one output row or column of a bilinear resize reads: the lower and
// upper source index and the weight of the upper one, per output index.
struct BilinearAxis {
  const int32_t* lower = nullptr;
  const int32_t* upper = nullptr;
  const float* fraction = nullptr;
};

// RESIZE_BILINEAR over NHWC with per-corner float weights as the reference
// kernel computes them (float32 accumulates the corners in order; uint8 adds
// 0.5 and truncates), output rows [row_begin, row_end) of the flattened
// (batch, y) range.
struct BilinearArgs {
  int input_height = 0, input_width = 0, channels = 0;
  int output_height = 0, output_width = 0;
  BilinearAxis y, x;
  int row_begin = 0, row_end = 0;
};

// Float CONV_2D with at most kMaxDotConvChannels output channels over NHWC
// (zero padding, any stride and dilation), output rows [row_begin, row_end)
// of the flattened (batch, y) range; weights [output_depth][filter h][filter
// w][input_depth] as TensorFlow Lite stores them, bias never null.
constexpr int kMaxDotConvChannels = 4;
struct DotConvArgs {
  int input_height = 0, input_width = 0, input_depth = 0;
  int filter_height = 0, filter_width = 0;
  int output_height = 0, output_width = 0, output_depth = 0;
  int stride_height = 1, stride_width = 1;
  int dilation_height = 1, dilation_width = 1;
  int pad_height = 0, pad_width = 0;
  int row_begin = 0, row_end = 0;
  const float* weights = nullptr;
  const float* bias = nullptr;
  const float* zeros = nullptr;  // input_depth zeros: a tap outside the input
  float act_min = 0.0f, act_max = 0.0f;
};

// The one-input float maps of LOGISTIC, TANH and HARD_SWISH.
enum class FloatMap : uint8_t { kLogistic, kTanh, kHardSwish };

// Affine quantization of one tensor: real = scale * (q - zero_point), q of
// `type` (int8, uint8 or int16).
struct AffineQuant {
  DataType type = DataType::kInt8;
  double scale = 1.0;
  int32_t zero_point = 0;
};

// One instruction set's kernels (filled in isa/kernels.cc).
struct IsaKernels {
  KernelPath path = KernelPath::kReference;
  int panel_width = 0;      // channels per packed panel (= int32/float lanes)
  int max_panels = 0;       // panels one tile may hold
  int max_q16_panels = 0;   // the same for the 16x8 GEMM
  int max_rows = 0;         // rows per tile (the kernels split them as their panel count needs)
  int q8_k_block = 1;       // consecutive depth bytes per channel in a Q8 panel
  // gemm_q8 multiplies signed activations (the unsigned ones minus 128) by
  // the weights (NEON sdot has no unsigned x signed form): the prepared bias
  // then adds 128 x each channel's sum of packed weights.
  bool q8_signed_activations = false;
  void (*gemm_q8)(const Q8Tile& tile, const Q8Output& out) = nullptr;
  // sums[r] = sum of (rows[r][k] ^ input_xor) over k < depth: the row term of
  // a uint8 GEMM's weight zero point.
  void (*row_sums_q8)(const uint8_t* const* rows, int num_rows, int depth, uint8_t input_xor,
                      int32_t* sums) = nullptr;
  void (*gemm_f32)(const F32Tile& tile) = nullptr;
  void (*gemm_q16)(const Q16Tile& tile, const Q16Output& out) = nullptr;
  // 16x8 depthwise: weights [taps][channels + kDepthwiseChannelPad] as int32.
  void (*depthwise_q16)(const DepthwiseArgs& a, const int16_t* input, const int32_t* weights,
                        const Q16Output& out, int16_t* output) = nullptr;
  // Weights [taps][channels + kDepthwiseChannelPad] as int32 with the
  // filter offset applied (within int16); the
  // bias includes the input offset times the weights (for the input bytes
  // after out.input_xor); input and output bytes.
  void (*depthwise_q8)(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights,
                       const Q8Output& out, uint8_t* output) = nullptr;
  void (*depthwise_f32)(const DepthwiseArgs& a, const float* input, const float* weights,
                        const float* bias, float act_min, float act_max, float* output) = nullptr;
  void (*binary_f32)(const BinaryF32Params& p, const BinaryRows& rows) = nullptr;
  void (*binary_q8)(const BinaryQ8Params& p, const BinaryRows& rows) = nullptr;
  // Elements of a.type.
  void (*max_pool)(const PoolArgs& a, const void* input, void* output) = nullptr;
  void (*average_pool)(const PoolArgs& a, const void* input, void* output) = nullptr;
  void (*resize_bilinear_f32)(const BilinearArgs& a, const float* input, float* output) = nullptr;
  void (*resize_bilinear_u8)(const BilinearArgs& a, const uint8_t* input, uint8_t* output) = nullptr;
  void (*dot_conv_f32)(const DotConvArgs& a, const float* input, float* output) = nullptr;
  // The one-input ops (optimized/unary.h, isa/activations.cc).
  void (*map_f32)(FloatMap op, const float* in, float* out, int64_t n) = nullptr;
  // Softmax over rows of `depth` elements: exp((x - max) * beta) / sum.
  void (*softmax_f32)(const float* in, float* out, int64_t rows, int64_t depth, float beta) = nullptr;
  // out = clamp(round-half-away(in / scale) + zero_point), as quantize.cc.
  void (*quantize_f32)(const AffineQuant& q, const float* in, void* out, int64_t n) = nullptr;
  // out = float(scale * (in - zero_point)), as dequantize.cc.
  void (*dequantize)(const AffineQuant& q, const void* in, float* out, int64_t n) = nullptr;
  // sums[c] = in[c] + in[stride + c] + ... + in[(rows - 1) * stride + c] for
  // c < columns, rows >= 1, in wrapping int32: in int8 or uint8 (`type`).
  // (Float MEAN keeps the reference's column loop, which the compiler
  // already vectorizes as well as this one.)
  void (*column_sums)(DataType type, const void* in, int64_t rows, int64_t stride, int64_t columns,
                      int32_t* sums) = nullptr;
};

// The kernels of `path` (not kReference / kAuto); nullptr if not built.
const IsaKernels* KernelsFor(KernelPath path);
// The kernels of the active path; nullptr when the reference kernels are chosen.
const IsaKernels* ActiveKernels();

}  // namespace minnow::kernels::optimized
