// The window placement every spatial kernel's arguments repeat, copied from
// the op's geometry (depthwise.cc, dot_conv.cc).
#pragma once

#include "kernels/internal/conv_common.h"

namespace minnow::kernels::optimized {

template <typename Args>
void CopyWindow(const conv::ConvGeometry& g, Args* a) {
  a->input_height = g.input_height;
  a->input_width = g.input_width;
  a->filter_height = g.filter_height;
  a->filter_width = g.filter_width;
  a->output_height = g.output_height;
  a->output_width = g.output_width;
  a->stride_height = g.stride_height;
  a->stride_width = g.stride_width;
  a->dilation_height = g.dilation_height;
  a->dilation_width = g.dilation_width;
  a->pad_height = g.pad_height;
  a->pad_width = g.pad_width;
}

}  // namespace minnow::kernels::optimized
