#include "kernels/optimized/dot_conv.h"

#include "kernels/optimized/parallel_rows.h"
#include "kernels/optimized/window_args.h"

namespace minnow::kernels::optimized {

struct DotConv {
  const IsaKernels* isa = nullptr;
  DotConvArgs args;
  int rows = 0;  // batches * output height
  int workers = 1;
};

DotConv* PrepareF32DotConv(KernelContext& ctx, const IsaKernels* isa, const conv::ConvGeometry& g,
                           const float* weights, const float* bias, float act_min, float act_max) {
  if (isa == nullptr || isa->dot_conv_f32 == nullptr || g.output_depth < 1 ||
      g.output_depth > kMaxDotConvChannels || g.batches <= 0 || g.output_height <= 0 || g.output_width <= 0) {
    return nullptr;
  }
  DotConv* d = ctx.NewPersistent<DotConv>();
  float* padded_bias = ctx.AllocatePersistentArray<float>(g.output_depth);
  const float* zeros = ctx.AllocatePersistentArray<float>(g.input_depth);  // zero-filled
  if (d == nullptr || padded_bias == nullptr || zeros == nullptr) return nullptr;
  for (int n = 0; n < g.output_depth; ++n) padded_bias[n] = bias != nullptr ? bias[n] : 0.0f;
  DotConvArgs& a = d->args;
  CopyWindow(g, &a);
  a.input_depth = g.input_depth;
  a.output_depth = g.output_depth;
  a.weights = weights;
  a.bias = padded_bias;
  a.zeros = zeros;
  a.act_min = act_min;
  a.act_max = act_max;
  d->isa = isa;
  d->rows = g.batches * g.output_height;
  d->workers = WorkersForMacs(ctx, int64_t{d->rows} * g.output_width * g.output_depth * g.filter_height *
                                       g.filter_width * g.input_depth);
  return d;
}

void RunF32DotConv(KernelContext& ctx, const DotConv& d, const float* input, float* output) {
  ForRowChunks(ctx, d.rows, d.workers, [&](int begin, int end) {
    DotConvArgs a = d.args;
    a.row_begin = begin;
    a.row_end = end;
    d.isa->dot_conv_f32(a, input, output);
  });
}

}  // namespace minnow::kernels::optimized
