#include "kernels/optimized/depthwise.h"

#include <algorithm>

#include "kernels/optimized/gemm.h"
#include "kernels/optimized/parallel_rows.h"
#include "kernels/optimized/window_args.h"

namespace minnow::kernels::optimized {

namespace {

struct DepthwisePlan {
  const IsaKernels* isa = nullptr;
  DepthwiseArgs args;
  int rows = 0;  // batches * output height
  int workers = 1;
  // Depth multiplier > 1 over several input channels: the input is first
  // expanded into scratch, each channel repeated `multiplier` times, so that
  // input and output channels line up. A single input channel is broadcast
  // by the kernel instead.
  int multiplier = 1;
  int64_t input_pixels = 0;
  int input_depth = 0;
  int scratch_index = -1;
};

bool PlanDepthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                   size_t element_bytes, DepthwisePlan* p) {
  if (isa == nullptr || g.batches <= 0 || g.output_height <= 0 || g.output_width <= 0 ||
      g.input_depth <= 0 || g.output_depth % g.input_depth != 0 ||
      g.filter_height * g.filter_width > kMaxDepthwiseTaps) {
    return false;
  }
  p->isa = isa;
  p->multiplier = g.input_depth == 1 ? 1 : g.output_depth / g.input_depth;
  p->input_depth = g.input_depth;
  p->input_pixels = static_cast<int64_t>(g.batches) * g.input_height * g.input_width;
  if (p->multiplier > 1) {
    const size_t bytes = static_cast<size_t>(p->input_pixels) * g.output_depth * element_bytes;
    if (!ctx.RequestScratch(bytes, &p->scratch_index).ok()) return false;
  }
  DepthwiseArgs& a = p->args;
  CopyWindow(g, &a);
  a.channels = g.output_depth;
  a.input_channels = g.input_depth == 1 ? 1 : g.output_depth;
  p->rows = g.batches * g.output_height;
  p->workers = WorkersForMacs(ctx, int64_t{p->rows} * g.output_width * g.output_depth * g.filter_height *
                                      g.filter_width);
  return true;
}

// The input with channels lined up with the output's.
template <typename T>
const T* LineUpChannels(KernelContext& ctx, const DepthwisePlan& p, const T* input) {
  if (p.multiplier == 1) return input;
  T* expanded = static_cast<T*>(ctx.scratch(p.scratch_index));
  T* out = expanded;
  for (int64_t i = 0; i < p.input_pixels * p.input_depth; ++i) {
    out = std::fill_n(out, p.multiplier, input[i]);
  }
  return expanded;
}

// Entries [channels, channels + kDepthwiseChannelPad) of a per-channel
// array: the channels again, round and round (see kDepthwiseChannelPad).
template <typename T>
void RepeatChannels(T* array, int channels) {
  for (int j = channels; j < channels + kDepthwiseChannelPad; ++j) array[j] = array[j - channels];
}

// A per-channel array of the kernels: channels + kDepthwiseChannelPad entries.
template <typename T>
T* AllocateChannels(KernelContext& ctx, int channels, int arrays = 1) {
  return ctx.AllocatePersistentArray<T>(static_cast<size_t>(arrays) * (channels + kDepthwiseChannelPad));
}

// The pad row the kernels read (see DepthwiseArgs::pad_row), filled with `value`.
template <typename T>
bool AllocatePadRow(KernelContext& ctx, DepthwisePlan* p, T value) {
  const size_t size =
      std::max(static_cast<size_t>(p->args.input_width) * p->args.input_channels, static_cast<size_t>(p->args.channels));
  T* pad_row = ctx.AllocatePersistentArray<T>(size);
  if (pad_row == nullptr) return false;
  std::fill_n(pad_row, size, value);
  p->args.pad_row = pad_row;
  return true;
}

// Weights [taps][channels] to the kernels' [taps][channels + kDepthwiseChannelPad].
template <typename T, typename Convert>
T* PrepareWeights(KernelContext& ctx, const conv::ConvGeometry& g, Convert convert) {
  const int channels = g.output_depth;
  const int taps = g.filter_height * g.filter_width;
  T* weights = AllocateChannels<T>(ctx, channels, taps);
  if (weights == nullptr) return nullptr;
  const int stride = channels + kDepthwiseChannelPad;
  for (int t = 0; t < taps; ++t) {
    for (int c = 0; c < channels; ++c) weights[t * stride + c] = convert(t * channels + c);
    RepeatChannels(weights + t * stride, channels);
  }
  return weights;
}

// Output rows in chunks, a few per worker.
template <typename Rows>
void RunRows(KernelContext& ctx, const DepthwisePlan& p, Rows rows) {
  ForRowChunks(ctx, p.rows, p.workers, [&](int begin, int end) {
    DepthwiseArgs a = p.args;
    a.row_begin = begin;
    a.row_end = end;
    rows(a);
  });
}

}  // namespace

struct Q8Depthwise {
  DepthwisePlan plan;
  int32_t* weights = nullptr;
  Q8Output out;
};

struct Q16Depthwise {
  DepthwisePlan plan;
  int32_t* weights = nullptr;
  Q16Output out;
};

struct F32Depthwise {
  DepthwisePlan plan;
  float* weights = nullptr;
  float* bias = nullptr;
  float act_min = 0.0f;
  float act_max = 0.0f;
};

Q8Depthwise* PrepareQ8Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                const Q8DepthwiseSpec& s) {
  Q8Depthwise* d = ctx.NewPersistent<Q8Depthwise>();
  if (d == nullptr || s.weights == nullptr) return nullptr;
  if (!PlanDepthwise(ctx, isa, g, 1, &d->plan)) return nullptr;
  const int channels = g.output_depth;
  const int taps = g.filter_height * g.filter_width;
  const int stride = channels + kDepthwiseChannelPad;
  d->weights = PrepareWeights<int32_t>(ctx, g, [&](int i) {
    const int32_t w = s.unsigned_types ? static_cast<int32_t>(s.weights[i])
                                       : static_cast<int32_t>(static_cast<int8_t>(s.weights[i]));
    return w + s.filter_offset;
  });
  int32_t* arrays = AllocateChannels<int32_t>(ctx, channels, 4);
  if (d->weights == nullptr || arrays == nullptr ||
      !AllocatePadRow(ctx, &d->plan, static_cast<uint8_t>(-s.input_offset))) {
    return nullptr;
  }
  int32_t* multiplier = arrays + stride;
  int32_t* left = arrays + 2 * stride;
  int32_t* right = arrays + 3 * stride;
  // The kernel reads input bytes as unsigned after flipping int8 ones
  // (x_u = x + 128), so x + input_offset = x_u + unsigned_offset, and
  // sum_t (x_u + unsigned_offset) * w_t = sum_t x_u * w_t + unsigned_offset * sum_t w_t
  // in wrapping int32, as the reference accumulates. Taps outside the input
  // read the zero point and still add nothing.
  const int32_t unsigned_offset = s.input_offset - (s.unsigned_types ? 0 : 128);
  for (int c = 0; c < channels; ++c) {
    uint32_t bias = s.bias != nullptr ? static_cast<uint32_t>(s.bias[c]) : 0;
    for (int t = 0; t < taps; ++t) {
      bias += static_cast<uint32_t>(unsigned_offset) * static_cast<uint32_t>(d->weights[t * stride + c]);
    }
    arrays[c] = static_cast<int32_t>(bias);
    multiplier[c] = s.multipliers[c];
    left[c] = std::clamp(s.shifts[c], 0, 31);
    if (left[c] != 0) d->out.any_left_shift = true;
    right[c] = std::clamp(-s.shifts[c], 0, 31);
  }
  for (int32_t* array : {arrays, multiplier, left, right}) RepeatChannels(array, channels);
  d->out.input_xor = s.unsigned_types ? 0 : 0x80;
  d->out.bias = arrays;
  d->out.multiplier = multiplier;
  d->out.left_shift = left;
  d->out.right_shift = right;
  d->out.output_zero = s.output_zero;
  d->out.act_min = s.act_min;
  d->out.act_max = s.act_max;
  return d;
}

F32Depthwise* PrepareF32Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                  const float* weights, const float* bias, float act_min, float act_max) {
  F32Depthwise* d = ctx.NewPersistent<F32Depthwise>();
  if (d == nullptr || weights == nullptr) return nullptr;
  if (!PlanDepthwise(ctx, isa, g, sizeof(float), &d->plan)) return nullptr;
  const int channels = g.output_depth;
  d->weights = PrepareWeights<float>(ctx, g, [&](int i) { return weights[i]; });
  d->bias = AllocateChannels<float>(ctx, channels);  // zeroed
  if (d->weights == nullptr || d->bias == nullptr || !AllocatePadRow(ctx, &d->plan, 0.0f)) return nullptr;
  if (bias != nullptr) std::copy(bias, bias + channels, d->bias);
  RepeatChannels(d->bias, channels);
  d->act_min = act_min;
  d->act_max = act_max;
  return d;
}

Q16Depthwise* PrepareQ16Depthwise(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                                  const Q16DepthwiseSpec& s) {
  Q16Depthwise* d = ctx.NewPersistent<Q16Depthwise>();
  // (One input channel feeding several is left to the reference kernel.)
  if (d == nullptr || s.weights == nullptr || isa == nullptr || isa->depthwise_q16 == nullptr ||
      (g.input_depth == 1 && g.output_depth > 1) ||
      !PlanDepthwise(ctx, isa, g, sizeof(int16_t), &d->plan)) {
    return nullptr;
  }
  const int channels = g.output_depth;
  const int stride = channels + kDepthwiseChannelPad;
  d->weights = PrepareWeights<int32_t>(ctx, g, [&](int i) { return static_cast<int32_t>(s.weights[i]); });
  int64_t* bias = AllocateChannels<int64_t>(ctx, channels);  // zeroed
  int32_t* arrays = AllocateChannels<int32_t>(ctx, channels, 2);
  // The pad row is the zero point: 0.
  if (d->weights == nullptr || bias == nullptr || arrays == nullptr ||
      !AllocatePadRow(ctx, &d->plan, int16_t{0})) {
    return nullptr;
  }
  if (s.bias != nullptr) std::copy(s.bias, s.bias + channels, bias);
  ReduceQ16Multipliers(s.multipliers, s.shifts, channels, arrays, arrays + stride);
  for (auto* array : {arrays, arrays + stride}) RepeatChannels(array, channels);
  RepeatChannels(bias, channels);
  d->out.bias = bias;
  d->out.multiplier = arrays;
  d->out.total_shift = arrays + stride;
  d->out.act_min = s.act_min;
  d->out.act_max = s.act_max;
  return d;
}

void RunQ16Depthwise(KernelContext& ctx, const Q16Depthwise& d, const int16_t* input, int16_t* output) {
  const int16_t* lined_up = LineUpChannels(ctx, d.plan, input);
  RunRows(ctx, d.plan, [&](const DepthwiseArgs& a) {
    d.plan.isa->depthwise_q16(a, lined_up, d.weights, d.out, output);
  });
}

void RunQ8Depthwise(KernelContext& ctx, const Q8Depthwise& d, const void* input, void* output) {
  const uint8_t* lined_up = LineUpChannels(ctx, d.plan, static_cast<const uint8_t*>(input));
  RunRows(ctx, d.plan, [&](const DepthwiseArgs& a) {
    d.plan.isa->depthwise_q8(a, lined_up, d.weights, d.out, static_cast<uint8_t*>(output));
  });
}

void RunF32Depthwise(KernelContext& ctx, const F32Depthwise& d, const float* input, float* output) {
  input = LineUpChannels(ctx, d.plan, input);
  RunRows(ctx, d.plan, [&](const DepthwiseArgs& a) {
    d.plan.isa->depthwise_f32(a, input, d.weights, d.bias, d.act_min, d.act_max, output);
  });
}

}  // namespace minnow::kernels::optimized
