#include "kernels/optimized/gemm.h"

#include <algorithm>
#include <cstring>

#include "kernels/optimized/parallel_rows.h"

namespace minnow::kernels::optimized {

namespace {

constexpr int kMaxBlockRows = 4 * kMaxTileRows;

// What both element types share: the row source, the tiling, the threads.
struct GemmPlan {
  const IsaKernels* isa = nullptr;
  bool has_conv = false;
  conv::ConvGeometry geo;
  int rows = 0;
  int64_t row_stride = 0;
  int64_t depth_stride = 1;
  bool in_place = false;  // rows are read from the input where they lie
  int batches = 1;
  const int64_t* batch_offsets = nullptr;  // null: one product
  const int32_t* weight_sets = nullptr;
  GemmWeights weights;  // channel_stride set
  int channels = 0;
  int depth = 0;
  // The depth as `segments` runs of `run` elements, each padded to the ISA's
  // k block (segment_depth): one run, or a convolution window's rows.
  int segments = 1;
  int run = 0;
  int segment_depth = 0;
  int padded_depth = 0;  // segments * segment_depth
  // Windows inside the input are read where their rows lie (segments
  // row_step apart), not gathered.
  bool windows_in_place = false;
  int64_t window_row_step = 0;
  int tile_panels = 0;   // panels per tile
  int tile_width = 0;    // channels per tile
  int num_tiles = 0;
  int padded_channels = 0;  // num_tiles * tile_width
  size_t panel_stride = 0;  // elements between panels
  size_t set_elements = 0;  // packed elements of one weight set
  int block_rows = 0;       // rows per task (a multiple of the tile rows)
  int workers = 1;
  int scratch_index = -1;   // im2col rows, block_rows * padded_depth per worker
  int packed_index = -1;    // weights packed at run, sets * set_elements
};

// Fills the plan's geometry; false if the shape is empty, too large or
// batched over convolution windows.
// `windows_in_place`: the kernels may read convolution windows in place
// (the 8-bit row sums of a weight zero point need gathered rows).
bool PlanGemm(KernelContext& ctx, const IsaKernels* isa, const GemmInput& input, const GemmWeights& weights,
              int channels, int k_block, int max_panels, bool windows_in_place, size_t element_bytes,
              GemmPlan* plan) {
  if (input.rows <= 0 || input.depth <= 0 || channels <= 0 || input.batches <= 0 || weights.sets <= 0) return false;
  if (input.batches > 1 && (input.conv != nullptr || input.batch_offsets == nullptr || input.weight_sets == nullptr)) {
    return false;
  }
  for (int b = 0; b < input.batches && input.weight_sets != nullptr; ++b) {
    if (input.weight_sets[b] < 0 || input.weight_sets[b] >= weights.sets) return false;
  }
  plan->isa = isa;
  plan->rows = input.rows;
  plan->row_stride = input.row_stride;
  plan->depth_stride = input.depth_stride;
  plan->batches = input.batches;
  plan->batch_offsets = input.batch_offsets;
  plan->weight_sets = input.weight_sets;
  plan->weights = weights;
  if (plan->weights.channel_stride == 0) plan->weights.channel_stride = input.depth;
  plan->channels = channels;
  plan->depth = input.depth;
  plan->run = input.depth;
  if (input.conv != nullptr) {
    plan->has_conv = true;
    plan->geo = *input.conv;
    const conv::ConvGeometry& g = plan->geo;
    plan->in_place = g.filter_height == 1 && g.filter_width == 1 && g.pad_height == 0 &&
                     g.pad_width == 0 && input.depth % k_block == 0;
    if (plan->in_place && g.stride_height == 1 && g.stride_width == 1) {
      // A 1x1 window at stride 1 reads pixel m for row m: a dense matrix.
      plan->has_conv = false;
      plan->row_stride = g.input_depth;
    } else if (!plan->in_place && windows_in_place && g.dilation_width == 1) {
      // Without dilation across, a window row is one run of the input.
      plan->windows_in_place = true;
      plan->segments = g.filter_height;
      plan->run = g.filter_width * g.input_depth;
      plan->window_row_step = static_cast<int64_t>(g.dilation_height) * g.input_width * g.input_depth;
    }
  } else {
    plan->in_place = input.depth % k_block == 0 && input.depth_stride == 1;
  }
  plan->segment_depth = (plan->run + k_block - 1) / k_block * k_block;
  plan->padded_depth = plan->segments * plan->segment_depth;
  // Two panels a tile, or all of them when they are one or three: a third
  // panel costs less than a second pass over the rows for a narrow tile.
  const int nr = isa->panel_width;
  plan->tile_panels = channels <= nr ? 1 : channels > 2 * nr && channels <= max_panels * nr ? 3 : 2;
  plan->tile_width = nr * plan->tile_panels;
  plan->num_tiles = (channels + plan->tile_width - 1) / plan->tile_width;
  plan->padded_channels = plan->num_tiles * plan->tile_width;
  plan->panel_stride = static_cast<size_t>(plan->padded_depth) * isa->panel_width;
  plan->set_elements = static_cast<size_t>(plan->padded_channels) * plan->padded_depth;
  plan->block_rows = isa->max_rows * 4;
  plan->workers = WorkersForMacs(ctx, int64_t{input.rows} * channels * input.depth * input.batches);
  if (!plan->in_place) {
    const size_t bytes = static_cast<size_t>(plan->workers) * plan->block_rows * plan->padded_depth * element_bytes;
    if (!ctx.RequestScratch(bytes, &plan->scratch_index).ok()) return false;
  }
  if (weights.packed_at_run) {
    const size_t bytes = static_cast<size_t>(weights.sets) * plan->set_elements * element_bytes;
    if (!ctx.RequestScratch(bytes, &plan->packed_index).ok()) return false;
  }
  return true;
}

// Storage for the packed weights, pack(set, packed) filling one set's:
// persistent and packed now, or (packed at run) scratch requested by
// PlanGemm. False when memory runs out.
template <typename W, typename Pack>
bool PreparePacked(KernelContext& ctx, const GemmPlan& p, W** packed, Pack pack) {
  if (p.weights.packed_at_run) return true;
  *packed = ctx.AllocatePersistentArray<W>(p.weights.sets * p.set_elements);
  if (*packed == nullptr) return false;
  for (int s = 0; s < p.weights.sets; ++s) pack(s, *packed + s * p.set_elements);
  return true;
}

// The packed weights of a run: those of prepare, or packed now into scratch,
// the sets spread over the threads.
template <typename W, typename Pack>
const W* PackedForRun(KernelContext& ctx, const GemmPlan& p, const W* prepared, Pack pack) {
  if (!p.weights.packed_at_run) return prepared;
  W* packed = static_cast<W*>(ctx.scratch(p.packed_index));
  auto task = [&](int s, int) { pack(s, packed + s * p.set_elements); };
  ctx.ParallelFor(p.weights.sets, p.workers, task);
  return packed;
}

// Calls put(k, at) for each depth index k of a weight row, `at` its place in
// the packed panel row (runs padded to the segment depth); no divisions, as
// weights packed at run are packed on every run.
template <typename Put>
inline void ForEachDepth(const GemmPlan& p, Put put) {
  for (int s = 0, k = 0; s < p.segments; ++s) {
    const size_t segment = static_cast<size_t>(s) * p.segment_depth;
    for (int j = 0; j < p.run; ++j, ++k) put(k, segment + j);
  }
}

// Copies bytes [0, C) and the rest of `bytes` (at least C) in C-byte moves,
// the last one overlapping the one before instead of finishing in smaller
// steps.
template <size_t C>
inline void CopyOverlapping(uint8_t* d, const uint8_t* s, size_t bytes) {
  for (size_t i = 0; i + C < bytes; i += C) std::memcpy(d + i, s + i, C);
  std::memcpy(d + bytes - C, s + bytes - C, C);
}

// Copies `bytes` bytes: im2col runs are short (a few taps of a few
// channels), too short for a memcpy call or a byte loop to pay.
inline void CopyRun(void* dst, const void* src, size_t bytes) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  if (bytes >= 32) return CopyOverlapping<32>(d, s, bytes);
  if (bytes >= 16) return CopyOverlapping<16>(d, s, bytes);
  if (bytes >= 8) return CopyOverlapping<8>(d, s, bytes);
  if (bytes >= 4) return CopyOverlapping<4>(d, s, bytes);
  for (size_t i = 0; i < bytes; ++i) d[i] = s[i];
}

// The output pixel of GEMM row m, advanced row by row (no divisions per row).
struct PixelCursor {
  int batch = 0, out_y = 0, out_x = 0;
  PixelCursor(const conv::ConvGeometry& g, int m) {
    const int pixels = g.output_height * g.output_width;
    batch = m / pixels;
    out_y = (m % pixels) / g.output_width;
    out_x = m % g.output_width;
  }
  void Next(const conv::ConvGeometry& g) {
    if (++out_x < g.output_width) return;
    out_x = 0;
    if (++out_y < g.output_height) return;
    out_y = 0;
    ++batch;
  }
};

// The window at input (in_y0, in_x0) of `image`, gathered into `out` one
// window row every `segment` elements (the slack after each row's taps
// zeroed): taps outside the input get `pad`. Returns the end of the last row.
template <typename T>
T* GatherWindow(const conv::ConvGeometry& g, const T* image, int in_y0, int in_x0, T pad, int segment, T* out) {
  // Without dilation, the taps of a window row inside the input are one
  // contiguous run: pad before, copy, pad after.
  const int fx_begin = std::clamp(-in_x0, 0, g.filter_width);
  const int fx_end = std::clamp(g.input_width - in_x0, fx_begin, g.filter_width);
  const int row_taps = g.filter_width * g.input_depth;
  for (int fy = 0; fy < g.filter_height; ++fy) {
    const int in_y = in_y0 + fy * g.dilation_height;
    const T* in_row = image + static_cast<int64_t>(in_y) * g.input_width * g.input_depth;
    if (in_y < 0 || in_y >= g.input_height) {
      std::fill(out, out + row_taps, pad);
    } else if (g.dilation_width == 1) {
      std::fill(out, out + fx_begin * g.input_depth, pad);
      if (fx_end > fx_begin) {
        CopyRun(out + fx_begin * g.input_depth, in_row + static_cast<int64_t>(in_x0 + fx_begin) * g.input_depth,
                sizeof(T) * (fx_end - fx_begin) * g.input_depth);
      }
      std::fill(out + fx_end * g.input_depth, out + row_taps, pad);
    } else {
      for (int fx = 0; fx < g.filter_width; ++fx) {
        const int in_x = in_x0 + fx * g.dilation_width;
        T* tap = out + fx * g.input_depth;
        if (in_x < 0 || in_x >= g.input_width) {
          std::fill(tap, tap + g.input_depth, pad);
        } else {
          CopyRun(tap, in_row + static_cast<int64_t>(in_x) * g.input_depth, sizeof(T) * g.input_depth);
        }
      }
    }
    std::fill(out + row_taps, out + segment, T{});
    out += segment;
  }
  return out;
}

// Rows [first_row, first_row + num_rows) of the GEMM input into rows[] (and
// the segment steps into steps[]): in place, or gathered into dst
// (padded_depth elements each; window taps outside the input get `pad`, the
// depth padding 0). One call per block, so the geometry stays in registers
// across its rows.
template <typename T>
void GatherRows(const GemmPlan& p, const T* input, int first_row, int num_rows, T pad, T* dst, const T** rows,
                ptrdiff_t* steps) {
  if (!p.has_conv && p.depth_stride != 1) {
    // A transposed matrix: read along its stored rows (the GEMM's depth
    // steps), sequentially.
    const T* src = input + static_cast<int64_t>(first_row) * p.row_stride;
    for (int k = 0; k < p.depth; ++k, src += p.depth_stride) {
      for (int r = 0; r < num_rows; ++r) dst[static_cast<size_t>(r) * p.padded_depth + k] = src[r * p.row_stride];
    }
    for (int r = 0; r < num_rows; ++r) {
      T* out = dst + static_cast<size_t>(r) * p.padded_depth;
      std::memset(out + p.depth, 0, sizeof(T) * (p.padded_depth - p.depth));
      rows[r] = out;
    }
    return;
  }
  if (!p.has_conv) {
    for (int r = 0; r < num_rows; ++r) {
      const T* row = input + static_cast<int64_t>(first_row + r) * p.row_stride;
      if (p.in_place) {
        rows[r] = row;
        continue;
      }
      T* out = dst + static_cast<size_t>(r) * p.padded_depth;
      std::memcpy(out, row, sizeof(T) * p.depth);
      std::memset(out + p.depth, 0, sizeof(T) * (p.padded_depth - p.depth));
      rows[r] = out;
    }
    return;
  }
  const conv::ConvGeometry& g = p.geo;
  const int64_t row_elements = static_cast<int64_t>(g.input_width) * g.input_depth;
  const int64_t image_elements = row_elements * g.input_height;
  const int window_height = (g.filter_height - 1) * g.dilation_height + 1;
  const int window_width = (g.filter_width - 1) * g.dilation_width + 1;
  // A window read in place is read up to its last row's run padded to the k
  // block: that must stay inside the image.
  const int64_t last_run_end = (window_height - 1) * row_elements + p.segment_depth;
  PixelCursor at(g, first_row);
  for (int r = 0; r < num_rows; ++r, at.Next(g)) {
    const int in_y0 = at.out_y * g.stride_height - g.pad_height;
    const int in_x0 = at.out_x * g.stride_width - g.pad_width;
    const T* image = input + at.batch * image_elements;
    const int64_t origin = in_y0 * row_elements + static_cast<int64_t>(in_x0) * g.input_depth;
    if (p.in_place) {
      rows[r] = image + origin;
      continue;
    }
    const bool inside = in_y0 >= 0 && in_y0 + window_height <= g.input_height && in_x0 >= 0 &&
                        in_x0 + window_width <= g.input_width;
    if (p.windows_in_place && inside && origin + last_run_end <= image_elements) {
      rows[r] = image + origin;
      steps[r] = p.window_row_step;
      continue;
    }
    T* const row = dst + static_cast<size_t>(r) * p.padded_depth;
    rows[r] = row;
    steps[r] = p.segment_depth;
    if (p.windows_in_place) {
      GatherWindow(g, image, in_y0, in_x0, pad, p.segment_depth, row);
      continue;
    }
    const int run = g.filter_width * g.input_depth;
    T* out = row;
    // Windows inside the input (all but the border ones): each window row's
    // taps are one run of the input, copied whole.
    if (g.dilation_width == 1 && inside) {
      const T* src = image + origin;
      const int64_t row_step = row_elements * g.dilation_height;
      for (int fy = 0; fy < g.filter_height; ++fy, src += row_step, out += run) CopyRun(out, src, sizeof(T) * run);
    } else {
      out = GatherWindow(g, image, in_y0, in_x0, pad, run, out);
    }
    std::fill(out, row + p.padded_depth, T{});
  }
}

// Splits the GEMM into tasks (batches x row blocks x channel ranges) over
// the threads. For each task, gathers its rows and calls
// block(rows, steps, num_rows, out_row, set, first_tile, end_tile): out_row
// is the first output row, `set` the weight set.
template <typename T, typename Block>
void RunTiled(KernelContext& ctx, const GemmPlan& p, const T* input, T pad, Block block) {
  const int row_blocks = (p.rows + p.block_rows - 1) / p.block_rows;
  const int row_tasks = p.batches * row_blocks;
  // Few row blocks (small images, FULLY_CONNECTED): split the channels too,
  // so every worker gets some.
  int tiles_per_task = p.num_tiles;
  if (p.workers > 1 && row_tasks < 2 * p.workers) {
    const int wanted = (2 * p.workers + row_tasks - 1) / row_tasks;
    tiles_per_task = std::max(1, (p.num_tiles + wanted - 1) / wanted);
  }
  const int channel_tasks = (p.num_tiles + tiles_per_task - 1) / tiles_per_task;
  T* scratch = p.in_place ? nullptr : static_cast<T*>(ctx.scratch(p.scratch_index));
  auto task = [&](int i, int worker) {
    const int batch = i / channel_tasks / row_blocks;
    const int first_row = (i / channel_tasks % row_blocks) * p.block_rows;
    const int num_rows = std::min(p.block_rows, p.rows - first_row);
    const int first_tile = (i % channel_tasks) * tiles_per_task;
    const int end_tile = std::min(p.num_tiles, first_tile + tiles_per_task);
    T* dst = scratch == nullptr ? nullptr
                                : scratch + static_cast<size_t>(worker) * p.block_rows * p.padded_depth;
    const T* rows[kMaxBlockRows];
    ptrdiff_t steps[kMaxBlockRows];
    const T* batch_input = p.batch_offsets == nullptr ? input : input + p.batch_offsets[batch];
    GatherRows(p, batch_input, first_row, num_rows, pad, dst, rows, steps);
    block(rows, steps, num_rows, batch * p.rows + first_row, p.weight_sets == nullptr ? 0 : p.weight_sets[batch],
          first_tile, end_tile);
  };
  ctx.ParallelFor(row_tasks * channel_tasks, p.workers, task);
}

// Walks one task's tiles: channel tiles [first_tile, end_tile), each over
// the task's rows in groups of the ISA's tile rows, filling the tile
// descriptor (declared once per task: zeroing one per tile would cost as much
// as a short tile) and calling compute(first row of the group in the block).
template <typename Tile, typename Weight, typename Element, typename Out, typename Compute>
void ForEachTile(const GemmPlan& p, const Weight* packed, int depth, const Element* const* rows, int num_rows,
                 int first_row, int first_tile, int end_tile, Out* output, Tile& t, Compute compute) {
  const IsaKernels& isa = *p.isa;
  t.panel_stride = p.panel_stride;
  t.depth = depth;
  t.out_row_stride = p.channels;
  for (int tile = first_tile; tile < end_tile; ++tile) {
    t.panels = packed + static_cast<size_t>(tile) * p.tile_panels * p.panel_stride;
    t.first_channel = tile * p.tile_width;
    t.num_channels = std::min(p.tile_width, p.channels - t.first_channel);
    for (int r0 = 0; r0 < num_rows; r0 += isa.max_rows) {
      t.num_rows = std::min(isa.max_rows, num_rows - r0);
      t.rows = rows + r0;
      t.out = output + static_cast<int64_t>(first_row + r0) * p.channels + t.first_channel;
      compute(r0);
    }
  }
}

inline uint32_t Wrap(int64_t v) { return static_cast<uint32_t>(v); }

}  // namespace

struct Q8Gemm {
  GemmPlan plan;
  int8_t* packed = nullptr;
  Q8Output out;  // bias: the first weight set's (sets packed at prepare)
  const int32_t* spec_bias = nullptr;
  int bias_index = -1;     // scratch for the biases of sets packed at run
  uint8_t weight_xor = 0;  // flips uint8 weights to signed
  int32_t input_zero_u = 0;  // the input zero point of the flipped (unsigned) activations
  uint8_t pad_byte = 0;  // the input zero point as stored
};

struct Q16Gemm {
  GemmPlan plan;
  int8_t* packed = nullptr;
  Q16Output out;
};

struct F32Gemm {
  GemmPlan plan;
  float* packed = nullptr;
  float* bias = nullptr;
  float act_min = 0.0f;
  float act_max = 0.0f;
};

namespace {

// Packs one weight set into `packed` (its padding zeroed: the kernels read
// it) and writes the set's bias with the zero-point corrections (see
// PrepareQ8Gemm), which depend on the weights.
void PackQ8(const Q8Gemm& g, const uint8_t* weights, int8_t* packed, int32_t* bias) {
  const GemmPlan& p = g.plan;
  const int kb = p.isa->q8_k_block;
  const size_t in_block = kb - 1;  // kb is a power of two
  const int nr = p.isa->panel_width;
  std::memset(packed, 0, p.set_elements);
  std::fill(bias + p.channels, bias + p.padded_channels, 0);
  for (int n = 0; n < p.channels; ++n) {
    const uint8_t* w = weights + n * p.weights.channel_stride;
    int8_t* panel = packed + static_cast<size_t>(n / nr) * p.panel_stride;
    const int lane = n % nr;
    int64_t column_sum = 0;
    ForEachDepth(p, [&](int k, size_t at) {
      const int8_t ws = static_cast<int8_t>(w[k * p.weights.depth_stride] ^ g.weight_xor);
      column_sum += ws;
      // [depth / kb][nr lanes][kb bytes]
      panel[(at & ~in_block) * nr + lane * kb + (at & in_block)] = ws;
    });
    const int64_t b = g.spec_bias != nullptr ? g.spec_bias[n] : 0;
    // With signed activations a_u - 128 the kernel's sum lacks 128 * colsum(w_s).
    const int64_t signed_correction = p.isa->q8_signed_activations ? 128 * column_sum : 0;
    bias[n] = static_cast<int32_t>(Wrap(b) - Wrap(g.input_zero_u * column_sum) +
                                   Wrap(static_cast<int64_t>(p.depth) * g.input_zero_u * g.out.weight_zero) +
                                   Wrap(signed_correction));
  }
}

void PackF32(const GemmPlan& p, const float* weights, float* packed) {
  const int nr = p.isa->panel_width;
  std::fill(packed, packed + p.set_elements, 0.0f);
  for (int n = 0; n < p.channels; ++n) {
    const float* w = weights + n * p.weights.channel_stride;
    float* panel = packed + static_cast<size_t>(n / nr) * p.panel_stride + n % nr;
    ForEachDepth(p, [&](int k, size_t at) { panel[at * nr] = w[k * p.weights.depth_stride]; });
  }
}

void PackQ16(const GemmPlan& p, const int8_t* weights, int8_t* packed) {
  const int nr = p.isa->panel_width;
  std::memset(packed, 0, p.set_elements);
  for (int n = 0; n < p.channels; ++n) {
    const int8_t* w = weights + n * p.weights.channel_stride;
    int8_t* panel = packed + static_cast<size_t>(n / nr) * p.panel_stride + n % nr;
    for (int k = 0; k < p.depth; ++k) panel[static_cast<size_t>(k) * nr] = w[k * p.weights.depth_stride];
  }
}

}  // namespace

Q8Gemm* PrepareQ8Gemm(KernelContext& ctx, const IsaKernels* isa, const Q8GemmSpec& s,
                      const GemmInput& input) {
  if (isa == nullptr || (s.weights == nullptr && !s.layout.packed_at_run)) return nullptr;
  Q8Gemm* g = ctx.NewPersistent<Q8Gemm>();
  if (g == nullptr) return nullptr;
  GemmPlan& p = g->plan;
  // Unsigned activations a_u (int8 flipped by xor 0x80) and signed weights
  // w_s (uint8 flipped): (a - za)(w - wz) = (a_u - za_u)(w_s - wz_s), so
  // sum_k = sum a_u w_s - wz_s * rowsum(a_u) - za_u * colsum(w_s) + K za_u wz_s.
  g->weight_xor = s.weights_unsigned ? 0x80 : 0;
  g->input_zero_u = s.input_zero + (s.input_unsigned ? 0 : 128);
  const int32_t wz_s = s.weight_zero - (s.weights_unsigned ? 128 : 0);
  if (!PlanGemm(ctx, isa, input, s.layout, s.channels, isa->q8_k_block, isa->max_panels, wz_s == 0, 1, &p)) {
    return nullptr;
  }
  const size_t padded_channels = p.padded_channels;
  const size_t bias_elements = s.layout.sets * padded_channels;
  int32_t* arrays = ctx.AllocatePersistentArray<int32_t>(3 * padded_channels);
  if (arrays == nullptr) return nullptr;
  // The biases hold corrections for the weights: one array per set.
  int32_t* bias = nullptr;
  if (s.layout.packed_at_run) {
    if (!ctx.RequestScratch(bias_elements * sizeof(int32_t), &g->bias_index).ok()) return nullptr;
  } else {
    bias = ctx.AllocatePersistentArray<int32_t>(bias_elements);
    if (bias == nullptr) return nullptr;
  }
  int32_t* multiplier = arrays;
  int32_t* left = arrays + padded_channels;
  int32_t* right = arrays + 2 * padded_channels;
  for (int n = 0; n < s.channels; ++n) {
    multiplier[n] = s.multipliers[n];
    left[n] = std::clamp(s.shifts[n], 0, 31);
    if (left[n] != 0) g->out.any_left_shift = true;
    right[n] = std::clamp(-s.shifts[n], 0, 31);
  }
  g->out.bias = bias;
  g->out.multiplier = multiplier;
  g->out.left_shift = left;
  g->out.right_shift = right;
  g->out.weight_zero = wz_s;
  g->out.output_zero = s.output_zero;
  g->out.act_min = s.act_min;
  g->out.act_max = s.act_max;
  g->out.ruy_rounding = s.ruy_rounding;
  g->out.input_xor = s.input_unsigned ? 0 : 0x80;
  g->spec_bias = s.bias;
  g->pad_byte = static_cast<uint8_t>(s.input_zero);
  const auto pack = [&](int set, int8_t* packed) {
    PackQ8(*g, s.weights + set * s.layout.set_stride, packed, bias + set * padded_channels);
  };
  if (!PreparePacked(ctx, p, &g->packed, pack)) return nullptr;
  return g;
}

void RunQ8Gemm(KernelContext& ctx, const Q8Gemm& g, const void* input, void* output, const void* weights) {
  const GemmPlan& p = g.plan;
  const IsaKernels& isa = *p.isa;
  const size_t padded_channels = p.padded_channels;
  int32_t* run_bias = p.weights.packed_at_run ? static_cast<int32_t*>(ctx.scratch(g.bias_index)) : nullptr;
  const int8_t* packed = PackedForRun(ctx, p, g.packed, [&](int set, int8_t* set_packed) {
    PackQ8(g, static_cast<const uint8_t*>(weights) + set * p.weights.set_stride, set_packed,
           run_bias + set * padded_channels);
  });
  const int32_t* bias = run_bias != nullptr ? run_bias : g.out.bias;
  uint8_t* out = static_cast<uint8_t*>(output);
  RunTiled<uint8_t>(ctx, p, static_cast<const uint8_t*>(input), g.pad_byte,
                    [&](const uint8_t* const* rows, const ptrdiff_t* steps, int num_rows, int out_row, int set,
                        int first_tile, int end_tile) {
    int32_t row_sums[kMaxBlockRows];
    if (g.out.weight_zero != 0) isa.row_sums_q8(rows, num_rows, p.depth, g.out.input_xor, row_sums);
    Q8Output o = g.out;
    o.bias = bias + set * padded_channels;
    Q8Tile t;
    t.segments = p.segments;
    ForEachTile(p, packed + set * p.set_elements, p.segment_depth, rows, num_rows, out_row, first_tile, end_tile,
                out, t, [&](int r0) {
                  t.row_sums = row_sums + r0;
                  t.row_steps = steps + r0;
                  isa.gemm_q8(t, o);
                });
  });
}

F32Gemm* PrepareF32Gemm(KernelContext& ctx, const IsaKernels* isa, const F32GemmSpec& s,
                        const GemmInput& input) {
  if (isa == nullptr || (s.weights == nullptr && !s.layout.packed_at_run)) return nullptr;
  F32Gemm* g = ctx.NewPersistent<F32Gemm>();
  if (g == nullptr) return nullptr;
  GemmPlan& p = g->plan;
  if (!PlanGemm(ctx, isa, input, s.layout, s.channels, 1, isa->max_panels, true, sizeof(float), &p)) return nullptr;
  g->bias = ctx.AllocatePersistentArray<float>(p.padded_channels);
  if (g->bias == nullptr) return nullptr;
  for (int n = 0; n < s.channels; ++n) g->bias[n] = s.bias != nullptr ? s.bias[n] : 0.0f;
  const auto pack = [&](int set, float* packed) { PackF32(p, s.weights + set * s.layout.set_stride, packed); };
  if (!PreparePacked(ctx, p, &g->packed, pack)) return nullptr;
  g->act_min = s.act_min;
  g->act_max = s.act_max;
  return g;
}

void RunF32Gemm(KernelContext& ctx, const F32Gemm& g, const float* input, float* output, const float* weights) {
  const GemmPlan& p = g.plan;
  const IsaKernels& isa = *p.isa;
  const float* packed = PackedForRun(ctx, p, g.packed, [&](int set, float* set_packed) {
    PackF32(p, weights + set * p.weights.set_stride, set_packed);
  });
  RunTiled<float>(ctx, p, input, 0.0f,
                  [&](const float* const* rows, const ptrdiff_t* steps, int num_rows, int out_row, int set,
                      int first_tile, int end_tile) {
    F32Tile t;
    t.bias = g.bias;
    t.act_min = g.act_min;
    t.act_max = g.act_max;
    t.segments = p.segments;
    ForEachTile(p, packed + set * p.set_elements, p.segment_depth, rows, num_rows, out_row, first_tile, end_tile,
                output, t, [&](int r0) {
                  t.row_steps = steps + r0;
                  isa.gemm_f32(t);
                });
  });
}

void ReduceQ16Multipliers(const int32_t* multipliers, const int32_t* shifts, int count, int32_t* reduced,
                          int32_t* total_shift) {
  for (int c = 0; c < count; ++c) {
    const int32_t m = multipliers[c];
    reduced[c] = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
    // Shifts above 14 are clamped as the reference does; the lower bound
    // keeps corrupt scales from making the shift undefined.
    total_shift[c] = std::clamp(15 - std::min(shifts[c], 14), 1, 63);
  }
}

Q16Gemm* PrepareQ16Gemm(KernelContext& ctx, const IsaKernels* isa, const Q16GemmSpec& s,
                        const GemmInput& input) {
  if (isa == nullptr || isa->gemm_q16 == nullptr || (s.weights == nullptr && !s.layout.packed_at_run)) {
    return nullptr;
  }
  Q16Gemm* g = ctx.NewPersistent<Q16Gemm>();
  if (g == nullptr) return nullptr;
  GemmPlan& p = g->plan;
  if (!PlanGemm(ctx, isa, input, s.layout, s.channels, 1, isa->max_q16_panels, false, sizeof(int16_t), &p)) {
    return nullptr;
  }
  const int padded_channels = p.padded_channels;
  int64_t* bias = ctx.AllocatePersistentArray<int64_t>(padded_channels);
  int32_t* arrays = ctx.AllocatePersistentArray<int32_t>(2 * static_cast<size_t>(padded_channels));
  if (bias == nullptr || arrays == nullptr) return nullptr;
  for (int n = 0; n < s.channels; ++n) bias[n] = s.bias != nullptr ? s.bias[n] : 0;
  ReduceQ16Multipliers(s.multipliers, s.shifts, s.channels, arrays, arrays + padded_channels);
  for (int n = s.channels; n < padded_channels; ++n) arrays[padded_channels + n] = 1;  // a valid shift
  const auto pack = [&](int set, int8_t* packed) { PackQ16(p, s.weights + set * s.layout.set_stride, packed); };
  if (!PreparePacked(ctx, p, &g->packed, pack)) return nullptr;
  g->out.bias = bias;
  g->out.multiplier = arrays;
  g->out.total_shift = arrays + padded_channels;
  g->out.act_min = s.act_min;
  g->out.act_max = s.act_max;
  return g;
}

void RunQ16Gemm(KernelContext& ctx, const Q16Gemm& g, const int16_t* input, int16_t* output,
                const int8_t* weights) {
  const GemmPlan& p = g.plan;
  const IsaKernels& isa = *p.isa;
  const int8_t* packed = PackedForRun(ctx, p, g.packed, [&](int set, int8_t* set_packed) {
    PackQ16(p, weights + set * p.weights.set_stride, set_packed);
  });
  RunTiled<int16_t>(ctx, p, input, int16_t{0},
                    [&](const int16_t* const* rows, const ptrdiff_t*, int num_rows, int out_row, int set,
                        int first_tile, int end_tile) {
    Q16Tile t;
    ForEachTile(p, packed + set * p.set_elements, p.depth, rows, num_rows, out_row, first_tile, end_tile, output, t,
                [&](int) { isa.gemm_q16(t, g.out); });
  });
}

}  // namespace minnow::kernels::optimized
