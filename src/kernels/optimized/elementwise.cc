#include "kernels/optimized/elementwise.h"

#include <algorithm>

#include "kernels/optimized/parallel_rows.h"

namespace minnow::kernels::optimized {

struct BinaryElementwise {
  const IsaKernels* isa = nullptr;
  BroadcastPlan plan;
  bool q8 = false;
  BinaryF32Params f32_params;
  BinaryQ8Params q8_params;
};

namespace {

// Rows shorter than this run the reference loop, unless one input repeats
// one row (see RepeatsOneRow): the partial vector each row ends in would cost
// more than it saves.
constexpr int64_t kMinRowElements = 16;
// Threads split the output at multiples of this, keeping vectors whole.
constexpr int64_t kBlockElements = 64;

// A position in the plan's outer dimensions (all but the innermost) and the
// input offsets (in elements) it stands for.
struct OuterPosition {
  const BroadcastPlan& plan;
  int64_t index[Shape::kMaxRank] = {};
  int64_t offset1 = 0;
  int64_t offset2 = 0;

  // At outer row `row` (row-major over the outer dimensions).
  OuterPosition(const BroadcastPlan& p, int64_t row) : plan(p) {
    for (int d = plan.rank - 2; d >= 0; --d) {
      index[d] = row % plan.dims[d];
      row /= plan.dims[d];
      offset1 += index[d] * plan.stride1[d];
      offset2 += index[d] * plan.stride2[d];
    }
  }

  // Moves `steps` rows along dimension d (staying inside it), carrying into
  // the dimensions outside it like an odometer.
  void Advance(int d, int64_t steps) {
    index[d] += steps;
    offset1 += steps * plan.stride1[d];
    offset2 += steps * plan.stride2[d];
    for (; d >= 0 && index[d] == plan.dims[d]; --d) {
      offset1 -= plan.dims[d] * plan.stride1[d];
      offset2 -= plan.dims[d] * plan.stride2[d];
      index[d] = 0;
      if (d > 0) {
        ++index[d - 1];
        offset1 += plan.stride1[d - 1];
        offset2 += plan.stride2[d - 1];
      }
    }
  }
};

// Calls run(offset1, offset2, output_offset, rows) for the output elements
// [begin, end) of `plan`, where rows (its pointers left to run) covers whole
// innermost rows that follow each other along the next dimension, or part
// of one row; offsets are in elements.
template <typename Run>
void ForEachRowRun(const BroadcastPlan& plan, int64_t begin, int64_t end, Run run) {
  const int inner = plan.rank - 1;
  const int row_dim = inner - 1;  // -1 for a flat plan
  const int64_t width = plan.dims[inner];
  OuterPosition at(plan, begin / width);
  BinaryRows r;
  r.in1_row_step = row_dim >= 0 ? plan.stride1[row_dim] : 0;
  r.in2_row_step = row_dim >= 0 ? plan.stride2[row_dim] : 0;
  int64_t k = begin % width;
  for (int64_t pos = begin; pos < end; k = 0) {
    r.rows = 1;
    r.n = std::min(width - k, end - pos);
    if (k == 0 && row_dim >= 0 && end - pos >= width) {
      r.rows = std::min(plan.dims[row_dim] - at.index[row_dim], (end - pos) / width);
    }
    run(at.offset1 + k * plan.stride1[inner], at.offset2 + k * plan.stride2[inner], pos, r);
    pos += r.n * r.rows;
    if (row_dim >= 0) at.Advance(row_dim, r.rows);
  }
}

// Whether one input runs through the output while the other repeats one row
// (a per-channel broadcast): the kernels run such rows as one long row.
bool RepeatsOneRow(const BroadcastPlan& plan) {
  const int inner = plan.rank - 1;
  const int row = inner - 1;
  const int64_t width = plan.dims[inner];
  return row >= 0 && plan.stride1[inner] == 1 && plan.stride2[inner] == 1 &&
         ((plan.stride1[row] == width && plan.stride2[row] == 0) ||
          (plan.stride1[row] == 0 && plan.stride2[row] == width));
}

BinaryElementwise* NewBinary(KernelContext& ctx, const IsaKernels* isa, const BroadcastPlan& plan) {
  if (isa == nullptr || isa->binary_f32 == nullptr || isa->binary_q8 == nullptr ||
      plan.num_elements == 0) {
    return nullptr;
  }
  const bool short_rows = plan.rank > 1 && plan.dims[plan.rank - 1] < kMinRowElements;
  if (short_rows && !RepeatsOneRow(plan)) return nullptr;
  BinaryElementwise* e = ctx.NewPersistent<BinaryElementwise>();
  if (e == nullptr) return nullptr;
  e->isa = isa;
  e->plan = plan;
  return e;
}

// Whether input 1 / 2 stays on one element along the innermost dimension.
bool Repeats(const int64_t* strides, const BroadcastPlan& plan) { return strides[plan.rank - 1] == 0; }

}  // namespace

BinaryElementwise* PrepareF32Binary(KernelContext& ctx, const IsaKernels* isa, BinaryOp op,
                                    const BroadcastPlan& plan, float act_min, float act_max) {
  BinaryElementwise* e = NewBinary(ctx, isa, plan);
  if (e == nullptr) return nullptr;
  BinaryF32Params& p = e->f32_params;
  p.op = op;
  p.repeat1 = Repeats(plan.stride1, plan);
  p.repeat2 = Repeats(plan.stride2, plan);
  p.act_min = act_min;
  p.act_max = act_max;
  return e;
}

BinaryElementwise* PrepareQ8Binary(KernelContext& ctx, const IsaKernels* isa,
                                   const BroadcastPlan& plan, BinaryQ8Params params) {
  for (int i = 0; params.op != BinaryOp::kMul && i < 2; ++i) {
    const int left = params.input_left_shift + std::max(params.input_shift[i], 0);
    if (left < kMinBinaryInputLeft || left > kMaxBinaryInputLeft) return nullptr;
  }
  BinaryElementwise* e = NewBinary(ctx, isa, plan);
  if (e == nullptr) return nullptr;
  e->q8 = true;
  e->q8_params = params;
  e->q8_params.repeat1 = Repeats(plan.stride1, plan);
  e->q8_params.repeat2 = Repeats(plan.stride2, plan);
  return e;
}

void RunBinary(KernelContext& ctx, const BinaryElementwise& e, const void* in1, const void* in2,
               void* out) {
  const int64_t n = e.plan.num_elements;
  const auto* a = static_cast<const uint8_t*>(in1);
  const auto* b = static_cast<const uint8_t*>(in2);
  auto* o = static_cast<uint8_t*>(out);
  // Threads take whole blocks of elements; each element is computed on its
  // own, so the split cannot change results.
  const int blocks = static_cast<int>((n + kBlockElements - 1) / kBlockElements);
  const size_t element_bytes = e.q8 ? 1 : sizeof(float);
  ForRowChunks(ctx, blocks, WorkersFor(ctx, n), [&](int first, int last) {
    const int64_t end = std::min(n, last * kBlockElements);
    ForEachRowRun(e.plan, first * kBlockElements, end,
                  [&](int64_t offset1, int64_t offset2, int64_t pos, BinaryRows& r) {
                    r.in1 = a + offset1 * element_bytes;
                    r.in2 = b + offset2 * element_bytes;
                    r.out = o + pos * element_bytes;
                    if (e.q8) {
                      e.isa->binary_q8(e.q8_params, r);
                    } else {
                      e.isa->binary_f32(e.f32_params, r);
                    }
                  });
  });
}

}  // namespace minnow::kernels::optimized
