// RESIZE_BILINEAR inner loops with per-corner float weights, channels a
// vector at a time. The reference kernel multiplies and adds separately and
// uint8 truncates the sum, so this file, like the reference, is built with
// -ffp-contract=off (CMakeLists.txt): a fused multiply-add would change the
// bytes. The results are the reference's, bit for bit.
#include "kernels/optimized/isa/spatial.h"

#include "kernels/optimized/isa/vector.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// The four source pixels of one output pixel and their weights.
template <typename T>
struct Corners {
  const T *top_left, *top_right, *bottom_left, *bottom_right;
  float w_top_left, w_top_right, w_bottom_left, w_bottom_right;
};

// Calls pixel(corners, out) for every output pixel of a's rows.
template <typename T, typename Pixel>
void ForEachOutputPixel(const BilinearArgs& a, const T* input, T* output, Pixel pixel) {
  const int64_t row_elements = int64_t{a.input_width} * a.channels;
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int batch = row / a.output_height;
    const int y = row % a.output_height;
    const T* image = input + int64_t{batch} * a.input_height * row_elements;
    const T* top = image + a.y.lower[y] * row_elements;
    const T* bottom = image + a.y.upper[y] * row_elements;
    const float dy = a.y.fraction[y];
    T* out = output + int64_t{row} * a.output_width * a.channels;
    for (int x = 0; x < a.output_width; ++x, out += a.channels) {
      const int64_t left = int64_t{a.x.lower[x]} * a.channels;
      const int64_t right = int64_t{a.x.upper[x]} * a.channels;
      const float dx = a.x.fraction[x];
      const Corners<T> k{top + left,          top + right,     bottom + left,  bottom + right,
                         (1 - dy) * (1 - dx), (1 - dy) * dx, dy * (1 - dx), dy * dx};
      pixel(k, out);
    }
  }
}

template <typename T>
void ResizeBilinearOf(const BilinearArgs& a, const T* input, T* output) {
  ForEachOutputPixel(a, input, output, [&](const Corners<T>& k, T* out) {
    ForChannelBlocks(a.channels, [&](auto lanes, int c) {
      constexpr int L = decltype(lanes)::value;
      typedef F32V<L> V;
      typedef typename VecOf<T, L>::type Elements;
      auto corner = [&](const T* p) {
        if constexpr (std::is_same_v<T, float>) {
          return Load<V>(p + c);
        } else {
          return __builtin_convertvector(WidenToInt32(Load<Elements>(p + c)), V);
        }
      };
      if constexpr (std::is_same_v<T, float>) {
        // From zero, one corner at a time, as the reference.
        V acc = {};
        acc += corner(k.top_left) * k.w_top_left;
        acc += corner(k.top_right) * k.w_top_right;
        acc += corner(k.bottom_left) * k.w_bottom_left;
        acc += corner(k.bottom_right) * k.w_bottom_right;
        Store(out + c, acc);
      } else {
        const V v = corner(k.top_left) * k.w_top_left + corner(k.top_right) * k.w_top_right +
                    corner(k.bottom_left) * k.w_bottom_left +
                    corner(k.bottom_right) * k.w_bottom_right + 0.5f;
        Store(out + c, NarrowFromInt32<Elements>(__builtin_convertvector(v, I32V<L>)));
      }
    });
  });
}

}  // namespace

void ResizeBilinearF32(const BilinearArgs& a, const float* input, float* output) {
  ResizeBilinearOf(a, input, output);
}

void ResizeBilinearU8(const BilinearArgs& a, const uint8_t* input, uint8_t* output) {
  ResizeBilinearOf(a, input, output);
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
