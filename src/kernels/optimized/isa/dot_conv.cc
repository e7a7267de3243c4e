// Float CONV_2D with few output channels: a GEMM tile puts output channels
// in vector lanes, so one or three channels fill a sixteenth or less of a
// vector. Here the lanes run over input channels instead: each filter tap's
// input pixel is multiplied with the tap's weights channel vector by channel
// vector, summed over the taps per output channel, then across the lanes.
#include "kernels/optimized/isa/dot_conv.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/optimized/isa/vector.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// Pairwise, halving the vector: a short dependency chain.
template <int L>
MINNOW_VECTOR_INLINE float SumLanes(F32V<L> v) {
  if constexpr (L == 1) {
    return v[0];
  } else {
    F32V<L / 2> halves[2];
    std::memcpy(halves, &v, sizeof(v));
    return SumLanes<L / 2>(halves[0] + halves[1]);
  }
}

// Output pixels are computed kGroup at a time along a row: their sums are
// independent, so the multiply-adds of one tap overlap instead of waiting on
// a single accumulator.
constexpr int kGroup = 4;

// acc[p] += sum over k < n of x[p][k] * w[k], L lanes at a time, the last
// partial vector zero-filled.
template <int L>
MINNOW_VECTOR_INLINE void DotRun(const float* const (&x)[kGroup], const float* w, int n, F32V<L> (&acc)[kGroup]) {
  typedef F32V<L> V;
  int k = 0;
  for (; k + L <= n; k += L) {
    const V weights = Load<V>(w + k);
#pragma GCC unroll 4
    for (int p = 0; p < kGroup; ++p) acc[p] += Load<V>(x[p] + k) * weights;
  }
  if (k == n) return;
  V weights = {};
  std::memcpy(&weights, w + k, sizeof(float) * (n - k));
#pragma GCC unroll 4
  for (int p = 0; p < kGroup; ++p) {
    V v = {};
    std::memcpy(&v, x[p] + k, sizeof(float) * (n - k));
    acc[p] += v * weights;
  }
}

// N output channels. Without dilation, the taps of a filter row over the
// input are one run of filter width * depth floats: where a group's windows
// lie inside the input across, each pixel's filter row is one dot product;
// elsewhere each tap inside the input is one.
template <int N, int L>
void DotConvRows(const DotConvArgs& a, const float* input, float* output) {
  typedef F32V<L> V;
  const int depth = a.input_depth;
  const int64_t row_elements = int64_t{a.input_width} * depth;
  const int filter_row = a.filter_width * depth;
  const int64_t channel_weights = int64_t{a.filter_height} * filter_row;
  const int window_width = (a.filter_width - 1) * a.dilation_width + 1;
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int out_y = row % a.output_height;
    const float* image = input + int64_t{row / a.output_height} * a.input_height * row_elements;
    const int in_y0 = out_y * a.stride_height - a.pad_height;
    float* out_row = output + int64_t{row} * a.output_width * N;
    for (int x0 = 0; x0 < a.output_width; x0 += kGroup) {
      const int count = std::min(kGroup, a.output_width - x0);
      const int in_x0 = x0 * a.stride_width - a.pad_width;
      const bool inside_across = count == kGroup && in_x0 >= 0 && a.dilation_width == 1 &&
                                 in_x0 + (kGroup - 1) * a.stride_width + window_width <= a.input_width;
      V acc[N][kGroup];
      for (int n = 0; n < N; ++n) {
        for (int p = 0; p < kGroup; ++p) acc[n][p] = (V){};
      }
      // Taps outside the input read zero padding: they add nothing.
      for (int fy = 0; fy < a.filter_height; ++fy) {
        const int in_y = in_y0 + fy * a.dilation_height;
        if (in_y < 0 || in_y >= a.input_height) continue;
        const float* image_row = image + in_y * row_elements;
        const float* weights = a.weights + int64_t{fy} * filter_row;
        if (inside_across) {
          const float* x[kGroup];
          for (int p = 0; p < kGroup; ++p) x[p] = image_row + int64_t{in_x0 + p * a.stride_width} * depth;
          for (int n = 0; n < N; ++n) DotRun<L>(x, weights + n * channel_weights, filter_row, acc[n]);
          continue;
        }
        for (int fx = 0; fx < a.filter_width; ++fx) {
          // Pixels outside the input or past the row read the pad row.
          const float* x[kGroup];
          bool any = false;
          for (int p = 0; p < kGroup; ++p) {
            const int in_x = in_x0 + p * a.stride_width + fx * a.dilation_width;
            const bool inside = p < count && in_x >= 0 && in_x < a.input_width;
            x[p] = inside ? image_row + int64_t{in_x} * depth : a.zeros;
            any |= inside;
          }
          if (!any) continue;
          for (int n = 0; n < N; ++n) DotRun<L>(x, weights + fx * depth + n * channel_weights, depth, acc[n]);
        }
      }
      for (int p = 0; p < count; ++p) {
        for (int n = 0; n < N; ++n) {
          const float v = SumLanes<L>(acc[n][p]) + a.bias[n];
          out_row[(x0 + p) * N + n] = std::min(std::max(v, a.act_min), a.act_max);
        }
      }
    }
  }
}

// The widest vector that a tap's input channels fill at least once (4 lanes
// at the narrowest).
template <int N, int L = kLanes>
void WithLanes(const DotConvArgs& a, const float* input, float* output) {
  if constexpr (L > 4) {
    if (a.input_depth < L) return WithLanes<N, L / 2>(a, input, output);
  }
  DotConvRows<N, L>(a, input, output);
}

template <int N = 1>
void WithChannels(const DotConvArgs& a, const float* input, float* output) {
  if constexpr (N < kMaxDotConvChannels) {
    if (a.output_depth > N) return WithChannels<N + 1>(a, input, output);
  }
  WithLanes<N>(a, input, output);
}

}  // namespace

void DotConvF32(const DotConvArgs& a, const float* input, float* output) { WithChannels(a, input, output); }

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
