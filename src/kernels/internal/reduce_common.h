// Axis resolution and the row-major input walk shared by the reduction
// kernels (MEAN, SUM, REDUCE_MAX/MIN/PROD/ANY/ALL).
#pragma once

#include <cstdint>

#include "minnow/status.h"
#include "minnow/types.h"

namespace minnow::kernels::reduce {

// Where every input element lands in the output of a reduction.
struct ReduceGeometry {
  int rank = 0;
  int32_t in_dims[Shape::kMaxRank] = {};
  bool reduced[Shape::kMaxRank] = {};
  // Output element stride for each input dimension; 0 for reduced dimensions.
  int64_t out_stride[Shape::kMaxRank] = {};
  int num_reduced = 0;      // distinct reduced dimensions
  int64_t num_outputs = 0;  // 1 for a full reduction
  int64_t count = 0;        // input elements folded into each output
  bool empty_input = false;
};

// Resolves `axes` against `input` (negative values count from the end,
// duplicates collapse; a scalar input ignores them, as TensorFlow Lite does)
// and fills the geometry and output shape. `op` names the op in errors.
inline Status ResolveReduction(const char* op, const Shape& input, const int32_t* axes,
                               int64_t num_axes, bool keep_dims, ReduceGeometry* g,
                               Shape* out_shape) {
  *g = ReduceGeometry();
  const int rank = input.rank();
  g->rank = rank;
  if (rank > 0) {
    for (int64_t i = 0; i < num_axes; ++i) {
      const int32_t a = axes[i];
      const int32_t r = a < 0 ? a + rank : a;
      MINNOW_CHECK_ARG(r >= 0 && r < rank, op, ": axis ", a, " is out of range for rank ", rank);
      if (!g->reduced[r]) {
        g->reduced[r] = true;
        ++g->num_reduced;
      }
    }
  }
  int32_t out_dims[Shape::kMaxRank] = {};
  int out_rank = 0;
  for (int d = 0; d < rank; ++d) {
    if (!g->reduced[d]) {
      out_dims[out_rank++] = input.dim(d);
    } else if (keep_dims) {
      out_dims[out_rank++] = 1;
    }
  }
  int64_t stride = 1;
  g->count = 1;
  for (int d = rank - 1; d >= 0; --d) {
    g->in_dims[d] = input.dim(d);
    if (g->reduced[d]) {
      g->out_stride[d] = 0;
      g->count *= input.dim(d);
    } else {
      g->out_stride[d] = stride;
      stride *= input.dim(d);
    }
  }
  g->num_outputs = stride;
  g->empty_input = input.NumElements() == 0;
  out_shape->Assign(out_dims, out_rank);
  return Status::Ok();
}

// Calls visit_row(out_index, out_step, in_index, n, first) for every run of
// the last dimension in row-major order (the order TensorFlow Lite's
// reductions fold in): input elements [in_index, in_index + n) land on
// outputs out_index + j * out_step (out_step is 0 when the last dimension is
// reduced, 1 otherwise). `first` is true for the runs whose elements are the
// first to reach their outputs (only the run's first element when out_step
// is 0). Visits nothing when the input is empty.
template <typename VisitRow>
void ForEachInputRow(const ReduceGeometry& g, VisitRow&& visit_row) {
  if (g.empty_input) return;
  if (g.rank == 0) {
    visit_row(int64_t{0}, int64_t{0}, int64_t{0}, int32_t{1}, true);
    return;
  }
  int32_t index[Shape::kMaxRank] = {};
  int64_t out_offset = 0;
  int64_t in_offset = 0;
  // Reduced outer dimensions whose index is not 0.
  int nonzero_reduced = 0;
  const int last = g.rank - 1;
  for (;;) {
    visit_row(out_offset, g.out_stride[last], in_offset, g.in_dims[last], nonzero_reduced == 0);
    in_offset += g.in_dims[last];
    int d = last - 1;
    for (; d >= 0; --d) {
      out_offset += g.out_stride[d];
      if (g.reduced[d] && index[d] == 0) ++nonzero_reduced;
      if (++index[d] < g.in_dims[d]) break;
      out_offset -= g.out_stride[d] * index[d];
      index[d] = 0;
      if (g.reduced[d]) --nonzero_reduced;
    }
    if (d < 0) return;
  }
}

// Calls visit(out_index, in_index, first) for every input element in
// row-major order. `first` is true for the first input element that reaches
// its output.
template <typename Visit>
void ForEachInput(const ReduceGeometry& g, Visit&& visit) {
  ForEachInputRow(g, [&](int64_t out, int64_t out_step, int64_t in, int32_t n, bool first) {
    for (int32_t j = 0; j < n; ++j) visit(out + j * out_step, in + j, first && (out_step != 0 || j == 0));
  });
}

}  // namespace minnow::kernels::reduce
