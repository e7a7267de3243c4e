// Minnow's own structs for the builtin operators' options. The format layer
// fills them from (and writes them to) the .tflite FlatBuffer; kernels only
// ever see these. Enum values equal TensorFlow Lite's schema values.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace minnow {

enum class Padding : int8_t { kSame = 0, kValid = 1 };

enum class Activation : int8_t {
  kNone = 0,
  kRelu = 1,
  kReluN1To1 = 2,
  kRelu6 = 3,
  kTanh = 4,
  kSignBit = 5,
};

// Explicit zero padding around a convolution's input (rows above and below,
// columns left and right), on top of its SAME/VALID padding. Minnow-only:
// never read from or written to a .tflite file; the interpreter sets it when
// it fuses a PAD into the CONV_2D / DEPTHWISE_CONV_2D that reads it
// (runtime/pad_fusion.h).
struct FusedPadding {
  int32_t top = 0;
  int32_t bottom = 0;
  int32_t left = 0;
  int32_t right = 0;
};

struct Conv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  Activation activation = Activation::kNone;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  FusedPadding fused_padding;
};

struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t depth_multiplier = 1;
  Activation activation = Activation::kNone;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  FusedPadding fused_padding;
};

enum class FullyConnectedWeightsFormat : int8_t { kDefault = 0, kShuffled4x16Int8 = 1 };

struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  FullyConnectedWeightsFormat weights_format = FullyConnectedWeightsFormat::kDefault;
  bool keep_num_dims = false;
  bool asymmetric_quantize_inputs = false;
};

struct Pool2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t filter_width = 1;
  int32_t filter_height = 1;
  Activation activation = Activation::kNone;
};

// ADD and SUB.
struct AddSubOptions {
  Activation activation = Activation::kNone;
  // int16 only: true selects the power-of-two-scale path TensorFlow Lite uses
  // for models converted that way; false the general rescaling path.
  bool pot_scale_int16 = true;
};

struct MulOptions {
  Activation activation = Activation::kNone;
};

struct ReshapeOptions {
  std::vector<int32_t> new_shape;
};

struct SqueezeOptions {
  std::vector<int32_t> squeeze_dims;
};

struct SoftmaxOptions {
  float beta = 1.0f;
};

struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::kNone;
};

// MEAN, SUM, REDUCE_MAX, ... (TensorFlow Lite's ReducerOptions).
struct ReducerOptions {
  bool keep_dims = false;
};

struct StridedSliceOptions {
  int32_t begin_mask = 0;
  int32_t end_mask = 0;
  int32_t ellipsis_mask = 0;
  int32_t new_axis_mask = 0;
  int32_t shrink_axis_mask = 0;
  bool offset = false;
};

// SPLIT and SPLIT_V.
struct SplitOptions {
  int32_t num_splits = 0;
};

struct PackOptions {
  int32_t values_count = 0;
  int32_t axis = 0;
};

struct UnpackOptions {
  int32_t num = 0;
  int32_t axis = 0;
};

struct GatherOptions {
  int32_t axis = 0;
  int32_t batch_dims = 0;
};

// out_type is a TensorType code (DataType value); the schema's default is 0.
struct ShapeOptions {
  int8_t out_type = 0;
};

enum class MirrorPadMode : int8_t { kReflect = 0, kSymmetric = 1 };

struct MirrorPadOptions {
  MirrorPadMode mode = MirrorPadMode::kReflect;
};

// DEPTH_TO_SPACE and SPACE_TO_DEPTH.
struct DepthSpaceOptions {
  int32_t block_size = 0;
};

struct CumsumOptions {
  bool exclusive = false;
  bool reverse = false;
};

// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (TensorFlow Lite's
// ResizeBilinearOptions without its deprecated fields, and
// ResizeNearestNeighborOptions: the same two flags).
struct ResizeOptions {
  bool align_corners = false;
  bool half_pixel_centers = false;
};

struct TransposeConvOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  Activation activation = Activation::kNone;  // v4+
  // v5+: the bias type a 16x8 model was converted with; kFloat32 (schema
  // default, value 0) means "not given".
  int8_t quantized_bias_type = 0;
};

struct BatchMatMulOptions {
  bool adj_x = false;
  bool adj_y = false;
  bool asymmetric_quantize_inputs = false;
};

struct DivOptions {
  Activation activation = Activation::kNone;
};

struct LeakyReluOptions {
  float alpha = 0.0f;
};

struct GeluOptions {
  bool approximate = false;
};

struct L2NormOptions {
  Activation activation = Activation::kNone;
};

struct LocalResponseNormalizationOptions {
  int32_t radius = 0;
  float bias = 0.0f;
  float alpha = 0.0f;
  float beta = 0.0f;
};

// ARG_MAX and ARG_MIN (ArgMaxOptions / ArgMinOptions): output_type is a
// TensorType code (DataType value); the schema's default is 0 (FLOAT32).
struct ArgMinMaxOptions {
  int8_t output_type = 0;
};

// Control flow: subgraph indices of the branches / loop parts.
struct IfOptions {
  int32_t then_subgraph_index = 0;
  int32_t else_subgraph_index = 0;
};
struct WhileOptions {
  int32_t cond_subgraph_index = 0;
  int32_t body_subgraph_index = 0;
};
struct CallOnceOptions {
  int32_t init_subgraph_index = 0;
};
// VAR_HANDLE: a resource variable is named by container and shared_name.
struct VarHandleOptions {
  std::string container;
  std::string shared_name;
};

// LSTM: kernel_type FULL (0, peephole/projection capable) or BASIC (1).
// cell_clip / proj_clip: 0 means no clipping.
enum class LSTMKernelType : int8_t { kFull = 0, kBasic = 1 };
struct LSTMOptions {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  LSTMKernelType kernel_type = LSTMKernelType::kFull;
  bool asymmetric_quantize_inputs = false;
};

struct UnidirectionalSequenceLSTMOptions {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;
};

struct SVDFOptions {
  int32_t rank = 0;
  Activation activation = Activation::kNone;
  bool asymmetric_quantize_inputs = false;
};

// STABLEHLO_COMPOSITE (schema BuiltinOptions2 StableHLOCompositeOptions): a
// named op whose meaning is its decomposition subgraph.
struct CompositeOptions {
  std::string name;
  int32_t decomposition_subgraph_index = 0;
  int32_t version = 0;
};

// The options of one operator instance; std::monostate for ops without options
// (PAD, QUANTIZE, ...). Kernels read theirs with std::get_if.
using BuiltinOptions =
    std::variant<std::monostate, IfOptions, WhileOptions, CallOnceOptions, VarHandleOptions,
                 CompositeOptions, Conv2DOptions, DepthwiseConv2DOptions, FullyConnectedOptions,
                 Pool2DOptions, AddSubOptions, MulOptions, ReshapeOptions, SqueezeOptions,
                 SoftmaxOptions, ConcatenationOptions, ReducerOptions, StridedSliceOptions,
                 SplitOptions, PackOptions, UnpackOptions, GatherOptions, ShapeOptions,
                 MirrorPadOptions, DepthSpaceOptions, CumsumOptions, ResizeOptions,
                 TransposeConvOptions, BatchMatMulOptions, DivOptions, LeakyReluOptions,
                 GeluOptions, L2NormOptions, LocalResponseNormalizationOptions, ArgMinMaxOptions,
                 LSTMOptions, UnidirectionalSequenceLSTMOptions, SVDFOptions>;

}  // namespace minnow
