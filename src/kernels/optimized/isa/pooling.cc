// MAX_POOL_2D / AVERAGE_POOL_2D inner loops: each output pixel's clipped
// window, channels a vector at a time. Max compares the elements in their own
// lanes (64 bytes at a time for 8-bit on AVX-512); averages sum in float or
// int32 lanes tap by tap in the reference's order, then divide once.
#include "kernels/optimized/isa/spatial.h"

#include <algorithm>
#include <limits>

#include "kernels/optimized/isa/vector.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

template <typename T, int L>
using Vec = typename VecOf<T, L>::type;
template <int L>
using F64V = typename VecOf<double, L>::type;

template <typename V, typename T>
inline V Splat(T value) {
  return V{} + value;  // a scalar of the element type broadcasts
}

// One output pixel's window, clipped to the input.
template <typename T>
struct Window {
  const T* origin;  // its first cell inside the input
  int rows, cols;
  int64_t row_stride;  // elements between input rows
  int channels;
  const T* Cell(int y, int x) const { return origin + y * row_stride + x * channels; }
};

// Calls pixel(window, out) for every output pixel of a's rows.
template <typename T, typename Pixel>
void ForEachWindow(const PoolArgs& a, const T* input, T* output, Pixel pixel) {
  const int64_t row_elements = int64_t{a.input_width} * a.channels;
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int batch = row / a.output_height;
    const int y0 = row % a.output_height * a.stride_height - a.pad_height;
    const int y_begin = std::max(0, -y0);
    const int y_end = std::min(a.filter_height, a.input_height - y0);
    const T* image = input + int64_t{batch} * a.input_height * row_elements;
    T* out = output + int64_t{row} * a.output_width * a.channels;
    for (int out_x = 0; out_x < a.output_width; ++out_x, out += a.channels) {
      const int x0 = out_x * a.stride_width - a.pad_width;
      const int x_begin = std::max(0, -x0);
      const int x_end = std::min(a.filter_width, a.input_width - x0);
      const Window<T> w{image + (y0 + y_begin) * row_elements + int64_t{x0 + x_begin} * a.channels,
                        y_end - y_begin, x_end - x_begin, row_elements, a.channels};
      pixel(w, out);
    }
  }
}

template <typename T>
T ActivationMin(const PoolArgs& a) {
  if constexpr (std::is_same_v<T, float>) return a.float_min;
  return static_cast<T>(a.quant_min);
}
template <typename T>
T ActivationMax(const PoolArgs& a) {
  if constexpr (std::is_same_v<T, float>) return a.float_max;
  return static_cast<T>(a.quant_max);
}

template <typename V, typename T>
inline V Clamp(V v, T lo, T hi) {
  const V low = Splat<V>(lo), high = Splat<V>(hi);
  v = v < low ? low : v;
  return v > high ? high : v;
}

template <typename T>
void MaxPoolOf(const PoolArgs& a, const T* input, T* output) {
  const T lo = ActivationMin<T>(a), hi = ActivationMax<T>(a);
  ForEachWindow(a, input, output, [&](const Window<T>& w, T* out) {
    ForChannelBlocks<kVectorBytes / sizeof(T)>(a.channels, [&](auto lanes, int c) {
      typedef Vec<T, decltype(lanes)::value> V;
      V acc = Splat<V>(std::numeric_limits<T>::lowest());
      for (int y = 0; y < w.rows; ++y) {
        for (int x = 0; x < w.cols; ++x) {
          // As std::max(acc, v): a NaN tap leaves acc unchanged.
          const V v = Load<V>(w.Cell(y, x) + c);
          acc = v > acc ? v : acc;
        }
      }
      Store(out + c, Clamp(acc, lo, hi));
    });
  });
}

template <typename T>
void AveragePoolOf(const PoolArgs& a, const T* input, T* output) {
  ForEachWindow(a, input, output, [&](const Window<T>& w, T* out) {
    const int count = w.rows * w.cols;
    ForChannelBlocks(a.channels, [&](auto lanes, int c) {
      constexpr int L = decltype(lanes)::value;
      typedef Vec<T, L> V;
      if constexpr (std::is_same_v<T, float>) {
        V acc = {};
        for (int y = 0; y < w.rows; ++y) {
          for (int x = 0; x < w.cols; ++x) acc += Load<V>(w.Cell(y, x) + c);
        }
        Store(out + c, Clamp(acc / static_cast<float>(count), a.float_min, a.float_max));
      } else {
        typedef I32V<L> Acc;
        Acc acc = {};
        for (int y = 0; y < w.rows; ++y) {
          for (int x = 0; x < w.cols; ++x) acc += WidenToInt32(Load<V>(w.Cell(y, x) + c));
        }
        // (acc +- count / 2) / count truncated: half away from zero. The
        // double quotient of two int32 never crosses an integer by rounding.
        const int32_t half = count / 2;
        const Acc rounded = acc > 0 ? acc + half : acc - half;
        const Acc average = __builtin_convertvector(
            __builtin_convertvector(rounded, F64V<L>) / static_cast<double>(count), Acc);
        Store(out + c, NarrowFromInt32<V>(Clamp(average, a.quant_min, a.quant_max)));
      }
    });
  });
}

// Calls fn(T{}) with T the element type of a.type.
template <typename Fn>
void WithElementType(DataType type, Fn fn) {
  switch (type) {
    case DataType::kFloat32: return fn(float{});
    case DataType::kInt8: return fn(int8_t{});
    case DataType::kUInt8: return fn(uint8_t{});
    case DataType::kInt16: return fn(int16_t{});
    default: return;
  }
}

}  // namespace

void MaxPool(const PoolArgs& a, const void* input, void* output) {
  WithElementType(a.type, [&](auto element) {
    typedef decltype(element) T;
    MaxPoolOf(a, static_cast<const T*>(input), static_cast<T*>(output));
  });
}

void AveragePool(const PoolArgs& a, const void* input, void* output) {
  WithElementType(a.type, [&](auto element) {
    typedef decltype(element) T;
    AveragePoolOf(a, static_cast<const T*>(input), static_cast<T*>(output));
  });
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
