// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR over NHWC tensors: float32,
// uint8, int8, int16. The size input (int32 [2]: new height, new width) sets
// the output shape in prepare when constant; otherwise the output is dynamic.
//
// Arithmetic follows what TensorFlow Lite's builtin kernels run on x86 (this
// file is built without floating-point contraction, see CMakeLists.txt):
// - bilinear float32: its optimized kernel, i.e. an exact 2x upsample kernel
//   (averages of neighbours) when neither flag is set and the size doubles
//   both dimensions, otherwise per-corner float weights accumulated in order
//   top-left, top-right, bottom-left, bottom-right;
// - bilinear uint8: the same float weights plus 0.5, truncated; except the
//   exact x8 half-pixel upsample with depth % 8 == 0, which TensorFlow Lite
//   computes in 8.8 fixed point (reproduced here in closed form);
// - bilinear int8 / int16: the integer-only reference (10 fractional bits,
//   ties away from zero);
// - nearest neighbor: the reference float mapping, except uint8 without
//   align_corners / half_pixel_centers, which maps with a 16.16 fixed-point
//   scale (plus one) like TensorFlow Lite's optimized kernel.
// The per-corner float weight path runs the optimized loops
// (kernels/optimized/resize.h) when the active kernel path has them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <variant>

#include "kernels/optimized/resize.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

enum class Method { kBilinear, kNearest };

struct ResizeData {
  ResizeOptions options;
  bool dynamic = false;  // size input not constant: the output shape is set in eval
  optimized::BilinearPlan* fast = nullptr;  // the optimized loop's plan, if any
};

const char* OpName(Method m) {
  return m == Method::kBilinear ? "RESIZE_BILINEAR" : "RESIZE_NEAREST_NEIGHBOR";
}

bool SupportedType(DataType t) {
  return t == DataType::kFloat32 || t == DataType::kUInt8 || t == DataType::kInt8 ||
         t == DataType::kInt16;
}

// Reads and validates the requested size; fills the output shape.
Status OutputShapeFromSize(const char* op, const Tensor* input, const Tensor* size,
                           Shape* out_shape) {
  const int32_t* s = size->data_as<int32_t>();
  if (s == nullptr) return InvalidArgument(op, ": size tensor has no data");
  if (s[0] <= 0 || s[1] <= 0) {
    return InvalidArgument(op, ": output size must be positive, got [", s[0], ", ", s[1], "]");
  }
  *out_shape = Shape{input->shape.dim(0), s[0], s[1], input->shape.dim(3)};
  return Status::Ok();
}

void PrepareOptimized(KernelContext& ctx, const Tensor& input, const Tensor& output,
                      ResizeData* data);

template <Method kMethod>
Status Prepare(KernelContext& ctx) {
  const char* op = OpName(kMethod);
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2, op, ": expected 2 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, op, ": expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* size = ctx.input(1);
  Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, op, ": input is missing");
  MINNOW_CHECK_ARG(size != nullptr, op, ": size input is missing");
  MINNOW_CHECK_ARG(output != nullptr, op, ": output is missing");
  MINNOW_CHECK_ARG(input->shape.rank() == 4, op, ": input must be 4-D, got rank ",
                   input->shape.rank());
  MINNOW_CHECK_ARG(size->shape.rank() == 1, op, ": size must be 1-D, got rank ",
                   size->shape.rank());
  MINNOW_CHECK_ARG(size->shape.dim(0) == 2, op, ": size must have 2 elements, got ",
                   size->shape.dim(0));
  MINNOW_CHECK_ARG(size->type == DataType::kInt32, op, ": size must be INT32, got ",
                   DataTypeName(size->type));
  if (!SupportedType(input->type)) {
    return Unimplemented(op, ": dtype ", DataTypeName(input->type), " is not supported");
  }
  // TensorFlow Lite gives the output the input's type.
  output->type = input->type;

  ResizeData* data = ctx.NewOpData<ResizeData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, StrCat(op, ": out of memory"));
  if (const auto* o = std::get_if<ResizeOptions>(&ctx.options())) data->options = *o;
  if (data->options.align_corners && data->options.half_pixel_centers) {
    return InvalidArgument(op, ": align_corners and half_pixel_centers cannot both be true");
  }

  if (!size->is_constant()) {
    data->dynamic = true;
    return ctx.SetOutputDynamic(0);
  }
  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(OutputShapeFromSize(op, input, size, &out_shape));
  MINNOW_RETURN_IF_ERROR(ctx.ResizeOutput(0, out_shape));
  if (kMethod == Method::kBilinear) PrepareOptimized(ctx, *input, *output, data);
  return Status::Ok();
}

// Geometry of one resize, read from the input and output shapes.
struct Geometry {
  int32_t batches, in_h, in_w, depth, out_h, out_w;
};

Geometry GetGeometry(const Tensor* input, const Tensor* output) {
  return {input->shape.dim(0), input->shape.dim(1),  input->shape.dim(2),
          input->shape.dim(3), output->shape.dim(1), output->shape.dim(2)};
}

inline int64_t Offset(const Geometry& g, int32_t b, int32_t y, int32_t x) {
  return ((static_cast<int64_t>(b) * g.in_h + y) * g.in_w + x) * g.depth;
}

// --- Bilinear, float coordinate mapping --------------------------------------

// Input/output size ratio as TensorFlow Lite computes it (float).
float BilinearScale(int32_t in_size, int32_t out_size, bool align_corners) {
  if (align_corners && out_size > 1) {
    return static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1);
  }
  return static_cast<float>(in_size) / static_cast<float>(out_size);
}

// Source coordinate of output index `value` and its two neighbours.
void InterpolationValues(int32_t value, float scale, bool half_pixel_centers, int32_t in_size,
                         float* scaled, int32_t* lower, int32_t* upper) {
  const float v = static_cast<float>(value);
  *scaled = half_pixel_centers ? (v + 0.5f) * scale - 0.5f : v * scale;
  const float floor_value = std::floor(*scaled);
  *lower = std::max(static_cast<int32_t>(floor_value), int32_t{0});
  *upper = std::min(static_cast<int32_t>(std::ceil(*scaled)), in_size - 1);
}

// Float weights per corner; T = float accumulates without rounding, integer T
// adds 0.5 and truncates.
template <typename T>
void BilinearGeneric(const Geometry& g, const ResizeOptions& o, const T* in, T* out) {
  const float height_scale = BilinearScale(g.in_h, g.out_h, o.align_corners);
  const float width_scale = BilinearScale(g.in_w, g.out_w, o.align_corners);
  constexpr bool kInteger = !std::is_same<T, float>::value;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t y = 0; y < g.out_h; ++y) {
      float in_y;
      int32_t y0, y1;
      InterpolationValues(y, height_scale, o.half_pixel_centers, g.in_h, &in_y, &y0, &y1);
      for (int32_t x = 0; x < g.out_w; ++x) {
        float in_x;
        int32_t x0, x1;
        InterpolationValues(x, width_scale, o.half_pixel_centers, g.in_w, &in_x, &x0, &x1);
        const T* p00 = in + Offset(g, b, y0, x0);
        const T* p01 = in + Offset(g, b, y0, x1);
        const T* p10 = in + Offset(g, b, y1, x0);
        const T* p11 = in + Offset(g, b, y1, x1);
        const float dy = in_y - static_cast<float>(y0);
        const float dx = in_x - static_cast<float>(x0);
        const float s00 = (1 - dy) * (1 - dx);
        const float s01 = (1 - dy) * dx;
        const float s10 = dy * (1 - dx);
        const float s11 = dy * dx;
        for (int32_t c = 0; c < g.depth; ++c) {
          if (kInteger) {
            const float v = static_cast<float>(p00[c]) * s00 + static_cast<float>(p01[c]) * s01 +
                            static_cast<float>(p10[c]) * s10 + static_cast<float>(p11[c]) * s11 +
                            0.5f;
            *out++ = static_cast<T>(v);
          } else {
            // TensorFlow Lite zeroes the output, then adds one corner at a time.
            float acc = 0.0f;
            acc += static_cast<float>(p00[c]) * s00;
            acc += static_cast<float>(p01[c]) * s01;
            acc += static_cast<float>(p10[c]) * s10;
            acc += static_cast<float>(p11[c]) * s11;
            *out++ = static_cast<T>(acc);
          }
        }
      }
    }
  }
}

// Exact 2x float upsample (no flags): corners copied, edges and centres
// averaged pairwise in TensorFlow Lite's order.
void Bilinear2x2Float(const Geometry& g, const float* in, float* out) {
  const int64_t out_row = static_cast<int64_t>(g.out_w) * g.depth;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t y0 = 0; y0 < g.in_h; ++y0) {
      const int32_t y1 = std::min(y0 + 1, g.in_h - 1);
      for (int32_t x0 = 0; x0 < g.in_w; ++x0) {
        const int32_t x1 = std::min(x0 + 1, g.in_w - 1);
        const float* a = in + Offset(g, b, y0, x0);  // x0y0
        const float* r = in + Offset(g, b, y0, x1);  // x1y0
        const float* d = in + Offset(g, b, y1, x0);  // x0y1
        const float* e = in + Offset(g, b, y1, x1);  // x1y1
        float* o = out + ((static_cast<int64_t>(b) * g.out_h + 2 * y0) * g.out_w + 2 * x0) *
                             g.depth;
        for (int32_t c = 0; c < g.depth; ++c) {
          o[c] = a[c];
          o[g.depth + c] = (a[c] + r[c]) / 2;
          const float bottom_left = (a[c] + d[c]) / 2;
          o[out_row + c] = bottom_left;
          o[out_row + g.depth + c] = (bottom_left + ((r[c] + e[c]) / 2)) / 2;
        }
      }
    }
  }
}

// The x8 half-pixel uint8 upsample TensorFlow Lite runs in 8.8 fixed point
// (incremental sums that equal this closed form exactly): weights in
// sixteenths, 0.5 added, truncated.
struct Tap8 {
  int32_t i0, i1, w;  // source indices and weight of i1 in 1/16
};

Tap8 EightTap(int32_t out_index, int32_t in_size) {
  // Output index 8k + 4 + r lies between inputs k and k + 1 at (2r + 1) / 16.
  if (out_index < 4) return {0, 0, 0};
  const int32_t k = (out_index - 4) / 8;
  if (k >= in_size - 1) return {in_size - 1, in_size - 1, 0};
  return {k, k + 1, 2 * ((out_index - 4) % 8) + 1};
}

void Bilinear8xUint8(const Geometry& g, const uint8_t* in, uint8_t* out) {
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t y = 0; y < g.out_h; ++y) {
      const Tap8 ty = EightTap(y, g.in_h);
      for (int32_t x = 0; x < g.out_w; ++x) {
        const Tap8 tx = EightTap(x, g.in_w);
        const uint8_t* tl = in + Offset(g, b, ty.i0, tx.i0);
        const uint8_t* tr = in + Offset(g, b, ty.i0, tx.i1);
        const uint8_t* bl = in + Offset(g, b, ty.i1, tx.i0);
        const uint8_t* br = in + Offset(g, b, ty.i1, tx.i1);
        for (int32_t c = 0; c < g.depth; ++c) {
          const int32_t v = 256 * tl[c] + 128 + 16 * ty.w * (bl[c] - tl[c]) +
                            16 * tx.w * (tr[c] - tl[c]) +
                            ty.w * tx.w * (br[c] - bl[c] - tr[c] + tl[c]);
          *out++ = static_cast<uint8_t>(v >> 8);
        }
      }
    }
  }
}

// TensorFlow Lite's exact special cases of float32 and uint8 bilinear resize;
// every other float32 / uint8 resize takes the per-corner float weights.
bool IsExact2xFloat(const Geometry& g, const ResizeOptions& o) {
  return !o.align_corners && !o.half_pixel_centers && g.out_h == 2 * g.in_h &&
         g.out_w == 2 * g.in_w;
}

bool IsExact8xUint8(const Geometry& g, const ResizeOptions& o) {
  return !o.align_corners && o.half_pixel_centers && g.depth % 8 == 0 && g.out_h >= 8 &&
         g.out_w >= 8 && g.in_h * 8 == g.out_h && g.in_w * 8 == g.out_w;
}

bool UsesCornerWeights(DataType type, const Geometry& g, const ResizeOptions& o) {
  return (type == DataType::kFloat32 && !IsExact2xFloat(g, o)) ||
         (type == DataType::kUInt8 && !IsExact8xUint8(g, o));
}

// One axis of BilinearGeneric's mapping for the optimized loops.
bool FillBilinearAxis(KernelContext& ctx, int32_t in_size, int32_t out_size, const ResizeOptions& o,
                      optimized::BilinearAxis* axis) {
  int32_t* lower = ctx.AllocatePersistentArray<int32_t>(out_size);
  int32_t* upper = ctx.AllocatePersistentArray<int32_t>(out_size);
  float* fraction = ctx.AllocatePersistentArray<float>(out_size);
  if (lower == nullptr || upper == nullptr || fraction == nullptr) return false;
  const float scale = BilinearScale(in_size, out_size, o.align_corners);
  for (int32_t i = 0; i < out_size; ++i) {
    float scaled;
    InterpolationValues(i, scale, o.half_pixel_centers, in_size, &scaled, &lower[i], &upper[i]);
    fraction[i] = scaled - static_cast<float>(lower[i]);
  }
  *axis = {lower, upper, fraction};
  return true;
}

// Plans the optimized loop for the active kernel path (static shapes only);
// leaves it null, and the reference loops in charge, where it does not apply.
void PrepareOptimized(KernelContext& ctx, const Tensor& input, const Tensor& output,
                      ResizeData* data) {
  const optimized::IsaKernels* isa = optimized::ActiveKernels();
  const Geometry g = GetGeometry(&input, &output);
  const ResizeOptions& o = data->options;
  if (isa == nullptr || input.num_elements() == 0 || output.num_elements() == 0 ||
      !UsesCornerWeights(input.type, g, o)) {
    return;
  }
  optimized::BilinearArgs a;
  if (!FillBilinearAxis(ctx, g.in_h, g.out_h, o, &a.y) ||
      !FillBilinearAxis(ctx, g.in_w, g.out_w, o, &a.x)) {
    return;
  }
  a.input_height = g.in_h;
  a.input_width = g.in_w;
  a.channels = g.depth;
  a.output_height = g.out_h;
  a.output_width = g.out_w;
  data->fast = optimized::PrepareResizeBilinear(ctx, isa, input.type, g.batches, a);
}

// --- Bilinear, integer coordinate mapping (int8, int16) ---------------------

int32_t Scale10(int32_t in_size, int32_t out_size, bool align_corners) {
  if (align_corners && out_size > 1) {
    return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
  }
  return ((1 << 10) * in_size + out_size / 2) / out_size;
}

void InterpolationValuesInteger(int32_t value, int32_t scale_10, bool half_pixel_centers,
                                int32_t in_size, int32_t* scaled, int32_t* lower,
                                int32_t* upper) {
  *scaled = half_pixel_centers ? value * scale_10 + scale_10 / 2 - (1 << 9) : value * scale_10;
  *lower = std::max(*scaled / (1 << 10), int32_t{0});
  *upper = std::min((*scaled + (1 << 10) - 1) / (1 << 10), in_size - 1);
}

template <typename T>
void BilinearInteger(const Geometry& g, const ResizeOptions& o, const T* in, T* out) {
  const int32_t height_scale_10 = Scale10(g.in_h, g.out_h, o.align_corners);
  const int32_t width_scale_10 = Scale10(g.in_w, g.out_w, o.align_corners);
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t y = 0; y < g.out_h; ++y) {
      int32_t in_y, y0, y1;
      InterpolationValuesInteger(y, height_scale_10, o.half_pixel_centers, g.in_h, &in_y, &y0,
                                 &y1);
      const int64_t fy = in_y - (1 << 10) * y0;  // weight of row y1, 10 bits
      for (int32_t x = 0; x < g.out_w; ++x) {
        int32_t in_x, x0, x1;
        InterpolationValuesInteger(x, width_scale_10, o.half_pixel_centers, g.in_w, &in_x, &x0,
                                   &x1);
        const int64_t fx = in_x - (1 << 10) * x0;
        const T* p00 = in + Offset(g, b, y0, x0);
        const T* p01 = in + Offset(g, b, y0, x1);
        const T* p10 = in + Offset(g, b, y1, x0);
        const T* p11 = in + Offset(g, b, y1, x1);
        for (int32_t c = 0; c < g.depth; ++c) {
          const int64_t v = static_cast<int64_t>(p00[c]) * ((1 << 10) - fy) * ((1 << 10) - fx) +
                            static_cast<int64_t>(p10[c]) * fy * ((1 << 10) - fx) +
                            static_cast<int64_t>(p01[c]) * ((1 << 10) - fy) * fx +
                            static_cast<int64_t>(p11[c]) * fy * fx;
          // 20 fractional bits, rounded half away from zero.
          const int64_t round = v > 0 ? (1 << 19) : -(1 << 19);
          *out++ = static_cast<T>((v + round) / (1 << 20));
        }
      }
    }
  }
}

// --- Nearest neighbor --------------------------------------------------------

int32_t NearestIndex(int32_t value, int32_t in_size, int32_t out_size, bool align_corners,
                     bool half_pixel_centers) {
  const float scale = (align_corners && out_size > 1)
                          ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                          : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float offset = half_pixel_centers ? 0.5f : 0.0f;
  const float pos = (static_cast<float>(value) + offset) * scale;
  int32_t index = align_corners ? static_cast<int32_t>(std::round(pos))
                                : static_cast<int32_t>(std::floor(pos));
  index = std::min(index, in_size - 1);
  if (half_pixel_centers) index = std::max(index, int32_t{0});
  return index;
}

template <typename T>
void Nearest(const Geometry& g, const ResizeOptions& o, const T* in, T* out) {
  // uint8 without flags: TensorFlow Lite's optimized 16.16 fixed-point map.
  const bool fixed_point =
      std::is_same<T, uint8_t>::value && !o.align_corners && !o.half_pixel_centers;
  const int64_t height_scale = (static_cast<int64_t>(g.in_h) << 16) / g.out_h + 1;
  const int64_t width_scale = (static_cast<int64_t>(g.in_w) << 16) / g.out_w + 1;
  const size_t pixel_bytes = static_cast<size_t>(g.depth) * sizeof(T);
  const int64_t row_elements = static_cast<int64_t>(g.out_w) * g.depth;
  for (int32_t b = 0; b < g.batches; ++b) {
    int32_t previous_in_y = -1;
    for (int32_t y = 0; y < g.out_h; ++y) {
      const int32_t in_y =
          fixed_point ? static_cast<int32_t>(std::min<int64_t>((y * height_scale) >> 16, g.in_h - 1))
                      : NearestIndex(y, g.in_h, g.out_h, o.align_corners, o.half_pixel_centers);
      if (in_y == previous_in_y) {
        // An upsampled row repeats the one before it.
        std::memcpy(out, out - row_elements, static_cast<size_t>(row_elements) * sizeof(T));
        out += row_elements;
        continue;
      }
      previous_in_y = in_y;
      for (int32_t x = 0; x < g.out_w; ++x) {
        const int32_t in_x =
            fixed_point
                ? static_cast<int32_t>(std::min<int64_t>((x * width_scale) >> 16, g.in_w - 1))
                : NearestIndex(x, g.in_w, g.out_w, o.align_corners, o.half_pixel_centers);
        if (pixel_bytes != 0) std::memcpy(out, in + Offset(g, b, in_y, in_x), pixel_bytes);
        out += g.depth;
      }
    }
  }
}

// --- Eval ----------------------------------------------------------------------

template <Method kMethod>
Status Eval(KernelContext& ctx) {
  const char* op = OpName(kMethod);
  const ResizeData& data = *ctx.user_data_as<ResizeData>();
  const Tensor* input = ctx.input(0);
  if (data.dynamic) {
    Shape out_shape;
    MINNOW_RETURN_IF_ERROR(OutputShapeFromSize(op, input, ctx.input(1), &out_shape));
    MINNOW_RETURN_IF_ERROR(ctx.ResizeOutput(0, out_shape));
  }
  Tensor* output = ctx.output(0);
  const Geometry g = GetGeometry(input, output);
  if (output->num_elements() == 0) return Status::Ok();
  const ResizeOptions& o = data.options;

  if (kMethod == Method::kNearest) {
    switch (input->type) {
      case DataType::kFloat32:
        Nearest(g, o, input->data_as<float>(), output->data_as<float>());
        break;
      case DataType::kUInt8:
        Nearest(g, o, input->data_as<uint8_t>(), output->data_as<uint8_t>());
        break;
      case DataType::kInt8:
        Nearest(g, o, input->data_as<int8_t>(), output->data_as<int8_t>());
        break;
      case DataType::kInt16:
        Nearest(g, o, input->data_as<int16_t>(), output->data_as<int16_t>());
        break;
      default:
        return Unimplemented(op, ": dtype ", DataTypeName(input->type), " is not supported");
    }
    return Status::Ok();
  }

  if (data.fast != nullptr) {
    optimized::RunResizeBilinear(ctx, *data.fast, input->data, output->data);
    return Status::Ok();
  }
  switch (input->type) {
    case DataType::kFloat32:
      if (IsExact2xFloat(g, o)) {
        Bilinear2x2Float(g, input->data_as<float>(), output->data_as<float>());
      } else {
        BilinearGeneric(g, o, input->data_as<float>(), output->data_as<float>());
      }
      break;
    case DataType::kUInt8:
      if (IsExact8xUint8(g, o)) {
        Bilinear8xUint8(g, input->data_as<uint8_t>(), output->data_as<uint8_t>());
      } else {
        BilinearGeneric(g, o, input->data_as<uint8_t>(), output->data_as<uint8_t>());
      }
      break;
    case DataType::kInt8:
      BilinearInteger(g, o, input->data_as<int8_t>(), output->data_as<int8_t>());
      break;
    case DataType::kInt16:
      BilinearInteger(g, o, input->data_as<int16_t>(), output->data_as<int16_t>());
      break;
    default:
      return Unimplemented(op, ": dtype ", DataTypeName(input->type), " is not supported");
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterResizeBilinear() {
  static const KernelRegistration r{"RESIZE_BILINEAR", Prepare<Method::kBilinear>,
                                    Eval<Method::kBilinear>, 1, 4};
  return &r;
}

const KernelRegistration* RegisterResizeNearestNeighbor() {
  static const KernelRegistration r{"RESIZE_NEAREST_NEIGHBOR", Prepare<Method::kNearest>,
                                    Eval<Method::kNearest>, 1, 4};
  return &r;
}

}  // namespace minnow::kernels
