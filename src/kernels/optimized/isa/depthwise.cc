// Depthwise convolution rows. Each output row reads one input row per
// filter row (a row above or below the image reads the zero-point pad row);
// its pixels whose windows lie inside the input horizontally address the
// input at fixed tap offsets, only the few pixels at the left and right
// borders check their taps.
//
// Channel blocks of whole vectors walk the pixels inside each block, its
// weights and requantization constants kept in registers. Other channel
// counts with stride 1 (and channels lined up) would leave lanes idle:
// there output element e of a row sums the input elements e + tap offset
// times the weights of channel e % channels, so the interior of the row is
// walked as one flat array, a vector of consecutive elements at a time, the
// per-channel arrays holding the channels round and round
// (kDepthwiseChannelPad).
//
// Integer sums are exact, so the bytes out are the reference's; float sums
// start from the bias and may be contracted to FMAs, which rounds within the
// consistency tolerance.
#include "kernels/optimized/isa/depthwise.h"

#include <algorithm>
#include <type_traits>

#include "kernels/optimized/isa/vector.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {
namespace {

// acc + x * w, lane by lane, for 8- or 16-bit x and int32 w within int16
// (the depthwise weights). x86's multiply-add of 16-bit pairs computes it
// when x is zero-extended into the low half of each int32 lane: the high
// half multiplies by 0. With VNNI the add is fused too.
template <int L, typename Narrow>
MINNOW_VECTOR_INLINE I32V<L> MulAdd(I32V<L> acc, Narrow x, I32V<L> w) {
#if defined(__x86_64__)
  typedef std::remove_reference_t<decltype(x[0])> T;
  typedef typename VecOf<std::make_unsigned_t<T>, L>::type Bits;
  [[maybe_unused]] const I32V<L> low = WidenToInt32((Bits)x);
#if defined(__AVX512VNNI__)
  if constexpr (L == 16) return (I32V<L>)_mm512_dpwssd_epi32((__m512i)acc, (__m512i)low, (__m512i)w);
  if constexpr (L == 8) return (I32V<L>)_mm256_dpwssd_epi32((__m256i)acc, (__m256i)low, (__m256i)w);
  if constexpr (L == 4) return (I32V<L>)_mm_dpwssd_epi32((__m128i)acc, (__m128i)low, (__m128i)w);
#endif
#if defined(__AVX512BW__)
  if constexpr (L == 16) return (I32V<L>)((U32V<L>)acc + (U32V<L>)_mm512_madd_epi16((__m512i)low, (__m512i)w));
#endif
#if defined(__AVX2__)
  if constexpr (L == 8) return (I32V<L>)((U32V<L>)acc + (U32V<L>)_mm256_madd_epi16((__m256i)low, (__m256i)w));
#endif
  if constexpr (L == 4) return (I32V<L>)((U32V<L>)acc + (U32V<L>)_mm_madd_epi16((__m128i)low, (__m128i)w));
#endif
  return (I32V<L>)((U32V<L>)acc + (U32V<L>)(WidenToInt32(x) * w));
}

// The arithmetic of one numeric type. Block<L> holds what a block of L lanes
// starting at channel c keeps for all its outputs; Tap adds one window tap.

// Float: the bias, products added in tap order, the activation clamp.
struct F32Ops {
  typedef float In;
  typedef float Out;
  typedef float Weight;
  const float* bias;
  float act_min, act_max;

  template <int L>
  struct Block {
    F32V<L> bias;
  };
  template <int L>
  MINNOW_VECTOR_INLINE Block<L> Load(int c) const {
    return {MINNOW_ISA::Load<F32V<L>>(bias + c)};
  }
  template <int L>
  MINNOW_VECTOR_INLINE F32V<L> Start(const Block<L>& b) const {
    return b.bias;
  }
  template <int L, bool kBroadcast>
  MINNOW_VECTOR_INLINE F32V<L> Tap(F32V<L> acc, const float* x, F32V<L> w) const {
    const F32V<L> v = kBroadcast ? (F32V<L>){} + x[0] : MINNOW_ISA::Load<F32V<L>>(x);
    return acc + v * w;
  }
  template <int L>
  MINNOW_VECTOR_INLINE void Finish(const Block<L>&, F32V<L> acc, float* dst) const {
    acc = acc < act_min ? (F32V<L>){} + act_min : acc;
    acc = acc > act_max ? (F32V<L>){} + act_max : acc;
    Store(dst, acc);
  }
};

// 8-bit: the input offset is folded into the bias (prepare), so each tap is
// a load, the xor that flips int8 inputs to unsigned, and a multiply-add;
// then TensorFlow Lite's requantization.
struct Q8Ops {
  typedef uint8_t In;
  typedef uint8_t Out;
  typedef int32_t Weight;
  Q8Output o;

  template <int L>
  struct Block {
    U32V<L> bias;
    RequantConstants<L> k;
  };
  template <int L>
  MINNOW_VECTOR_INLINE Block<L> Load(int c) const {
    return {MINNOW_ISA::Load<U32V<L>>(o.bias + c), LoadRequantConstants<L>(o, c)};
  }
  template <int L>
  MINNOW_VECTOR_INLINE I32V<L> Start(const Block<L>& b) const {
    return (I32V<L>)b.bias;
  }
  template <int L, bool kBroadcast>
  MINNOW_VECTOR_INLINE I32V<L> Tap(I32V<L> acc, const uint8_t* x, I32V<L> w) const {
    const U8V<L> v = kBroadcast ? (U8V<L>){} + static_cast<uint8_t>(x[0] ^ o.input_xor)
                                : MINNOW_ISA::Load<U8V<L>>(x) ^ o.input_xor;
    return MulAdd<L>(acc, v, w);
  }
  template <int L>
  MINNOW_VECTOR_INLINE void Finish(const Block<L>& b, I32V<L> acc, uint8_t* dst) const {
    U8V<L> bytes = Requantize<L>(acc, b.k, o);
#if defined(__x86_64__)
    // Narrowed in a register, then stored: AMD runs the narrowing store
    // (vpmovdb to memory) many times slower.
    if constexpr (L >= 4) asm("" : "+x"(bytes));
#endif
    Store(dst, bytes);
  }
};

// 16x8: at most kMaxDepthwiseTaps int32 products per output, exact in int32,
// then the int64 bias and requantization.
struct Q16Ops {
  typedef int16_t In;
  typedef int16_t Out;
  typedef int32_t Weight;
  Q16Output o;
  static_assert(kMaxDepthwiseTaps <= kQ16Chunk, "depthwise sums must stay exact in int32");

  template <int L>
  struct Block {
    I64V<L> bias;
    int c;
  };
  template <int L>
  MINNOW_VECTOR_INLINE Block<L> Load(int c) const {
    return {MINNOW_ISA::Load<I64V<L>>(o.bias + c), c};
  }
  template <int L>
  MINNOW_VECTOR_INLINE I32V<L> Start(const Block<L>&) const {
    return (I32V<L>){};
  }
  template <int L, bool kBroadcast>
  MINNOW_VECTOR_INLINE I32V<L> Tap(I32V<L> acc, const int16_t* x, I32V<L> w) const {
    typedef typename VecOf<int16_t, L>::type V;
    return MulAdd<L>(acc, kBroadcast ? (V){} + x[0] : MINNOW_ISA::Load<V>(x), w);
  }
  template <int L>
  MINNOW_VECTOR_INLINE void Finish(const Block<L>& b, I32V<L> acc, int16_t* dst) const {
    Store(dst, RequantizeQ16<L>(b.bias + __builtin_convertvector(acc, I64V<L>), o, b.c));
  }
};

// Lambdas of the row loops: inlined, so that the locals they reach stay in
// registers (an output store, to bytes, could otherwise alias them).
#define MINNOW_INLINE_LAMBDA __attribute__((always_inline))

template <typename Ops, int L>
using WeightVector = typename VecOf<typename Ops::Weight, L>::type;

// Output blocks computed together: a tap's chain of multiply-adds per
// output is latency-bound, so kGroup blocks interleave theirs.
constexpr int kGroup = 4;

// kN output blocks of L lanes: block(j) their constants, input(t, j)
// pointing at block j's first input element under window tap t, weight(t, j)
// giving its weights, dst(j) where it goes.
template <int L, int kN, int kTaps, bool kBroadcast, typename Ops, typename Blocks, typename Input, typename Weights,
          typename Dst>
MINNOW_VECTOR_INLINE void OutputBlocks(const Ops& ops, int taps, Blocks block, Input input, Weights weight, Dst dst) {
  decltype(ops.template Start<L>(block(0))) acc[kN];
  for (int j = 0; j < kN; ++j) acc[j] = ops.template Start<L>(block(j));
  const auto tap = [&](int t) MINNOW_INLINE_LAMBDA {
    for (int j = 0; j < kN; ++j) acc[j] = ops.template Tap<L, kBroadcast>(acc[j], input(t, j), weight(t, j));
  };
  if constexpr (kTaps != 0) {
#pragma GCC unroll 25
    for (int t = 0; t < kTaps; ++t) tap(t);
  } else {
    // Not unrolled: the generic windows are rare, and an unrolled loop of
    // unknown count is mostly remainder code to compile.
    for (int t = 0; t < taps; ++t) tap(t);
  }
  for (int j = 0; j < kN; ++j) ops.template Finish<L>(block(j), acc[j], dst(j));
}

// Calls blocks(std::integral_constant<int, L>(), std::integral_constant<int,
// N>(), i, first) for N blocks [i + j * L, i + (j + 1) * L) covering [0, n)
// (kGroup at a time, then one; as ForChannelBlocks, the last one may overlap
// its neighbour), first[j] = (i + j * L) % channels, kept without a division.
template <int L = kLanes, typename Blocks>
MINNOW_VECTOR_INLINE void ForFlatBlocks(int n, int channels, Blocks blocks) {
  if constexpr (L > 1) {
    if (n < L) return ForFlatBlocks<L / 2>(n, channels, blocks);
  }
  const int step = L % channels;
  int i = 0, m = 0;
  int first[kGroup];
  for (; i + kGroup * L <= n; i += kGroup * L) {
    for (int j = 0; j < kGroup; ++j) {
      first[j] = m;
      m += step;
      if (m >= channels) m -= channels;
    }
    blocks(std::integral_constant<int, L>(), std::integral_constant<int, kGroup>(), i, first);
  }
  for (; i + L <= n; i += L) {
    first[0] = m;
    blocks(std::integral_constant<int, L>(), std::integral_constant<int, 1>(), i, first);
    m += step;
    if (m >= channels) m -= channels;
  }
  if (i < n) {
    first[0] = (n - L) % channels;
    blocks(std::integral_constant<int, L>(), std::integral_constant<int, 1>(), n - L, first);
  }
}

// The widest output rows (in pixels) a tap table is built for.
constexpr int kTabledWidth = 16;

// Output elements [0, n) from dst on, a flat run of whole pixels or of the
// interior of a row: element i reads element i from each tap_in[t] (or
// element 0 of a broadcast channel), element 0 being channel 0. kGroup
// blocks at a time. Not inlined: the border pixels of every window share the
// generic instance (kTaps 0).
template <int kTaps, bool kBroadcast, typename Ops>
__attribute__((noinline)) void FlatRun(const Ops& ops_in, int taps, int channels,
                                       const typename Ops::In* const* tap_in,
                                       const typename Ops::Weight* weights, int n, typename Ops::Out* dst) {
  // Local copies: see MINNOW_INLINE_LAMBDA.
  const Ops ops = ops_in;
  const typename Ops::In* tap[kMaxDepthwiseTaps];
  std::copy(tap_in, tap_in + taps, tap);
  const int tap_stride = channels + kDepthwiseChannelPad;
  ForFlatBlocks(n, channels, [&](auto lanes, auto count, int i, const int* first) MINNOW_INLINE_LAMBDA {
    constexpr int L = decltype(lanes)::value;
    constexpr int N = decltype(count)::value;
    typename Ops::template Block<L> b[N];
    for (int j = 0; j < N; ++j) b[j] = ops.template Load<L>(first[j]);
    OutputBlocks<L, N, kTaps, kBroadcast>(
        ops, taps, [&](int j) MINNOW_INLINE_LAMBDA { return b[j]; },
        [&](int t, int j) MINNOW_INLINE_LAMBDA { return tap[t] + (kBroadcast ? 0 : i + j * L); },
        [&](int t, int j) MINNOW_INLINE_LAMBDA { return Load<WeightVector<Ops, L>>(weights + t * tap_stride + first[j]); },
        [&](int j) MINNOW_INLINE_LAMBDA { return dst + i + j * L; });
  });
}

template <int kTaps, bool kBroadcast, typename Ops>
void DepthwiseRows(const DepthwiseArgs& args, const typename Ops::In* input, const typename Ops::Weight* weights,
                   const Ops& ops_in, typename Ops::Out* output) {
  typedef typename Ops::In In;
  // Local copies: see MINNOW_INLINE_LAMBDA.
  const DepthwiseArgs a = args;
  const Ops ops = ops_in;
  const int channels = a.channels;
  const int in_channels = a.input_channels;
  const int taps = kTaps != 0 ? kTaps : a.filter_height * a.filter_width;
  const int tap_stride = channels + kDepthwiseChannelPad;  // weights per tap
  const In* pad_row = static_cast<const In*>(a.pad_row);
  const int64_t row_elements = static_cast<int64_t>(a.input_width) * in_channels;
  // Output columns [x_begin, x_end) have their windows inside the input
  // horizontally.
  const int window_width = (a.filter_width - 1) * a.dilation_width + 1;
  const int x_begin = std::min(a.output_width, (a.pad_width + a.stride_width - 1) / a.stride_width);
  const int last_start = a.input_width - window_width + a.pad_width;  // of x * stride, inside
  int x_end = std::clamp(last_start < 0 ? 0 : last_start / a.stride_width + 1, x_begin, a.output_width);
  const bool flat = !kBroadcast && a.stride_width == 1 && channels % kLanes != 0;
  // An interior too narrow to interleave kGroup pixels: a short row walks
  // all its pixels inside each channel block through a table of their taps,
  // a longer one walks the interior pixel by pixel as the border.
  const bool narrow = !flat && x_end - x_begin < 2 * kGroup;
  const bool tabled = narrow && a.output_width <= kTabledWidth;
  if (narrow) x_end = x_begin;
  const In* table[kTabledWidth * kMaxDepthwiseTaps];  // [pixel][tap] of a tabled row
  // Each tap's input row and column, from the window's top-left.
  int tap_dy[kMaxDepthwiseTaps], tap_dx[kMaxDepthwiseTaps];
  for (int t = 0; t < taps; ++t) {
    tap_dy[t] = (t / a.filter_width) * a.dilation_height;
    tap_dx[t] = (t % a.filter_width) * a.dilation_width;
  }
  const int input_step = a.stride_width * in_channels;  // between output pixels
  const In* tap_row[kMaxDepthwiseTaps];  // the input row under each tap, or pad_row
  const In* tap[kMaxDepthwiseTaps];      // each tap's input at some pixel
  for (int row = a.row_begin; row < a.row_end; ++row) {
    const int out_y = row % a.output_height;
    const In* image = input + static_cast<int64_t>(row / a.output_height) * a.input_height * row_elements;
    const int in_y0 = out_y * a.stride_height - a.pad_height;
    for (int t = 0; t < taps; ++t) {
      const int in_y = in_y0 + tap_dy[t];
      tap_row[t] = in_y >= 0 && in_y < a.input_height ? image + in_y * row_elements : pad_row;
    }
    typename Ops::Out* out_row = output + static_cast<int64_t>(row) * a.output_width * channels;

    // `count` pixels from dst on, each channel block's weights and
    // constants kept over them: input(t, x) points at the first channel of
    // pixel x under tap t. kGroup pixels at a time.
    const auto pixel_blocks = [&](int count, typename Ops::Out* dst, auto input) MINNOW_INLINE_LAMBDA {
      ForChannelBlocks(channels, [&](auto lanes, int c) MINNOW_INLINE_LAMBDA {
        constexpr int L = decltype(lanes)::value;
        const typename Ops::template Block<L> b = ops.template Load<L>(c);
        // The block's weights, loaded once for the row when the tap count is
        // fixed (registers permitting).
        WeightVector<Ops, L> w[kTaps != 0 ? kTaps : 1];
        if constexpr (kTaps != 0) {
          for (int t = 0; t < kTaps; ++t) w[t] = Load<WeightVector<Ops, L>>(weights + t * tap_stride + c);
        }
        const int input_c = kBroadcast ? 0 : c;
        const auto pixels = [&](auto n, int x) MINNOW_INLINE_LAMBDA {
          OutputBlocks<L, decltype(n)::value, kTaps, kBroadcast>(
              ops, taps, [&](int) MINNOW_INLINE_LAMBDA { return b; },
              [&](int t, int j) MINNOW_INLINE_LAMBDA { return input(t, x + j) + input_c; },
              [&](int t, int) MINNOW_INLINE_LAMBDA {
                if constexpr (kTaps != 0) {
                  return w[t];
                } else {
                  return Load<WeightVector<Ops, L>>(weights + t * tap_stride + c);
                }
              },
              [&](int j) MINNOW_INLINE_LAMBDA { return dst + (x + j) * channels + c; });
        };
        int x = 0;
        for (; x + kGroup <= count; x += kGroup) pixels(std::integral_constant<int, kGroup>(), x);
        for (; x < count; ++x) pixels(std::integral_constant<int, 1>(), x);
      });
    };

    if (tabled) {
      for (int x = 0; x < a.output_width; ++x) {
        const int in_x0 = x * a.stride_width - a.pad_width;
        for (int t = 0; t < taps; ++t) {
          const int in_x = in_x0 + tap_dx[t];
          table[x * taps + t] = in_x >= 0 && in_x < a.input_width ? tap_row[t] + in_x * in_channels : pad_row;
        }
      }
      pixel_blocks(a.output_width, out_row, [&](int t, int x) MINNOW_INLINE_LAMBDA { return table[x * taps + t]; });
      continue;
    }

    // Border pixels: taps beside the input read pad_row.
    for (int x = 0; x < a.output_width; ++x) {
      if (x == x_begin) x = x_end;
      if (x >= a.output_width) break;
      const int in_x0 = x * a.stride_width - a.pad_width;
      for (int t = 0; t < taps; ++t) {
        const int in_x = in_x0 + tap_dx[t];
        tap[t] = in_x >= 0 && in_x < a.input_width ? tap_row[t] + in_x * in_channels : pad_row;
      }
      FlatRun<0, kBroadcast>(ops, taps, channels, tap, weights, channels, out_row + x * channels);
    }
    if (x_begin == x_end) continue;

    // Interior pixels: tap[t] at the first one's input.
    const int first_input = (x_begin * a.stride_width - a.pad_width) * in_channels;
    for (int t = 0; t < taps; ++t) {
      tap[t] = tap_row[t] + (tap_dx[t] * in_channels + first_input);
    }
    typename Ops::Out* out_first = out_row + x_begin * channels;
    if (flat) {
      // The interior as one flat array.
      FlatRun<kTaps, kBroadcast>(ops, taps, channels, tap, weights, (x_end - x_begin) * channels, out_first);
    } else {
      pixel_blocks(x_end - x_begin, out_first,
                   [&](int t, int x) MINNOW_INLINE_LAMBDA { return tap[t] + x * input_step; });
    }
  }
}

// Runs DepthwiseRows with the tap count fixed for the common 3x3 and 5x5
// windows of 8-bit and float models (their tap loops unroll). The rarer
// cases take the generic instance, each fixed variant being about a tenth of
// this file's compile time: the broadcast of one input channel to every
// output channel (a depth multiplier over a single input channel) and 16x8.
template <typename Ops>
void Depthwise(const DepthwiseArgs& a, const typename Ops::In* input, const typename Ops::Weight* weights,
               const Ops& ops, typename Ops::Out* output) {
  if (a.input_channels == 1 && a.channels > 1) return DepthwiseRows<0, true>(a, input, weights, ops, output);
  if constexpr (!std::is_same_v<Ops, Q16Ops>) {
    switch (a.filter_height * a.filter_width) {
      case 9: return DepthwiseRows<9, false>(a, input, weights, ops, output);
      case 25: return DepthwiseRows<25, false>(a, input, weights, ops, output);
      default: break;
    }
  }
  DepthwiseRows<0, false>(a, input, weights, ops, output);
}

}  // namespace

void DepthwiseQ8(const DepthwiseArgs& a, const uint8_t* input, const int32_t* weights, const Q8Output& o,
                 uint8_t* output) {
  Depthwise(a, input, weights, Q8Ops{o}, output);
}

void DepthwiseQ16(const DepthwiseArgs& a, const int16_t* input, const int32_t* weights, const Q16Output& o,
                  int16_t* output) {
  Depthwise(a, input, weights, Q16Ops{o}, output);
}

void DepthwiseF32(const DepthwiseArgs& a, const float* input, const float* weights, const float* bias,
                  float act_min, float act_max, float* output) {
  Depthwise(a, input, weights, F32Ops{bias, act_min, act_max}, output);
}

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
